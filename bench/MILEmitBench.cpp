//===- MILEmitBench.cpp - MIL text emission for a GPT-2 124M module -------===//
//
// The ANE target's goal: emitting MIL text for every program of a GPT-2
// 124M-sized model (weights excluded) takes well under a second. The module
// holds, per layer, an attention kernel and an MLP kernel shaped like
// mechramc/Orion's hand-written ones (d = 768, 12 heads, MLP 3072, sequence
// 256), plus the final LayerNorm: 25 programs. Measured: assigning names and
// blob offsets, then building and printing the MIL text; and importing it back.
//
//===----------------------------------------------------------------------===//

#include "Orion/Dialect/MIL/Transforms/Passes.h"
#include "Orion/InitAllDialects.h"
#include "Orion/Target/ANE/MILEmitter.h"
#include "Orion/Target/ANE/MILImporter.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <benchmark/benchmark.h>

#include <string>

namespace {

/// Builds mil IR text one statement at a time with fresh SSA names.
class KernelText {
public:
  explicit KernelText(std::string name) : name_(std::move(name)) {}

  std::string value(const std::string &op, const std::string &args,
                    const std::string &types, const std::string &result) {
    std::string v = "%v" + std::to_string(next_++);
    body_ += "  " + v + " = mil." + op + "(" + args + ") : (" + types +
             ") -> " + result + "\n";
    return v;
  }
  std::string constant(const std::string &attr, const std::string &type) {
    std::string v = "%v" + std::to_string(next_++);
    body_ += "  " + v + " = mil.const " + attr + (type.empty() ? "" : " : " + type) + "\n";
    return v;
  }
  std::string weight(const std::string &param, const std::string &shape,
                     const std::string &type) {
    return constant("#mil.weight<[#mil.source<\"" + param + "\", [" + shape +
                        "]>]>",
                    type);
  }
  std::string finish(const std::string &input, const std::string &inType,
                     const std::string &result, const std::string &resType) {
    return "func.func @" + name_ + "(" + input + ": " + inType + ") -> " +
           resType + " {\n" + body_ + "  return " + result + " : " + resType +
           "\n}\n";
  }

private:
  std::string name_, body_;
  int next_ = 0;
};

const std::string X = "tensor<1x768x1x256xf16>";
const std::string H = "tensor<1x3072x1x256xf16>";
const std::string ROW = "tensor<1x1x1x256xf16>";
const std::string F16 = "tensor<f16>";

std::string scalar(KernelText &k, const char *v) {
  return k.constant(std::string("dense<") + v + "> : tensor<f16>", "");
}

/// LayerNorm over channels, as Orion decomposes it.
std::string layerNorm(KernelText &k, const std::string &x,
                      const std::string &prefix) {
  std::string ax = k.constant("dense<[1]> : tensor<1xi32>", "");
  std::string kd = k.constant("dense<true> : tensor<i1>", "");
  std::string mean = k.value("reduce_mean", "x = " + x + ", axes = " + ax + ", keep_dims = " + kd,
                             X + ", tensor<1xi32>, tensor<i1>", ROW);
  std::string cent = k.value("sub", "x = " + x + ", y = " + mean, X + ", " + ROW, X);
  std::string sq = k.value("mul", "x = " + cent + ", y = " + cent, X + ", " + X, X);
  std::string var = k.value("reduce_mean", "x = " + sq + ", axes = " + ax + ", keep_dims = " + kd,
                            X + ", tensor<1xi32>, tensor<i1>", ROW);
  std::string veps = k.value("add", "x = " + var + ", y = " + scalar(k, "1.0e-05"), ROW + ", " + F16, ROW);
  std::string rstd = k.value("pow", "x = " + veps + ", y = " + scalar(k, "-5.0e-01"), ROW + ", " + F16, ROW);
  std::string norm = k.value("mul", "x = " + cent + ", y = " + rstd, X + ", " + ROW, X);
  std::string g = k.weight(prefix + ".weight", "768", "tensor<1x768x1x1xf16>");
  std::string b = k.weight(prefix + ".bias", "768", "tensor<1x768x1x1xf16>");
  std::string scaled = k.value("mul", "x = " + norm + ", y = " + g, X + ", tensor<1x768x1x1xf16>", X);
  return k.value("add", "x = " + scaled + ", y = " + b, X + ", tensor<1x768x1x1xf16>", X);
}

std::string conv(KernelText &k, const std::string &x, const std::string &param,
                 int in, int out, const std::string &inType,
                 const std::string &outType) {
  std::string w = k.weight(param + ".weight", std::to_string(out) + ", " + std::to_string(in),
                           "tensor<" + std::to_string(out) + "x" + std::to_string(in) + "x1x1xf16>");
  std::string c = k.value("conv", "weight = " + w + ", x = " + x,
                          "tensor<" + std::to_string(out) + "x" + std::to_string(in) +
                              "x1x1xf16>, " + inType,
                          outType);
  std::string b = k.weight(param + ".bias", std::to_string(out),
                           "tensor<1x" + std::to_string(out) + "x1x1xf16>");
  return k.value("add", "x = " + c + ", y = " + b,
                 outType + ", tensor<1x" + std::to_string(out) + "x1x1xf16>", outType);
}

std::string attentionKernel(int layer) {
  KernelText k("layer" + std::to_string(layer) + "_attn");
  std::string p = "h." + std::to_string(layer) + ".";
  std::string h = layerNorm(k, "%x", p + "ln_1");
  const std::string heads = "tensor<1x12x64x256xf16>", t = "tensor<1x12x256x64xf16>";
  std::string rsh = k.constant("dense<[1, 12, 64, 256]> : tensor<4xi32>", "");
  std::string pm = k.constant("dense<[0, 1, 3, 2]> : tensor<4xi32>", "");
  std::string split[3];
  const char *names[] = {"q", "k", "v"};
  for (int i = 0; i < 3; ++i) {
    std::string proj = conv(k, h, p + "attn." + names[i], 768, 768, X, X);
    std::string r = k.value("reshape", "shape = " + rsh + ", x = " + proj, "tensor<4xi32>, " + X, heads);
    split[i] = k.value("transpose", "perm = " + pm + ", x = " + r, "tensor<4xi32>, " + heads, t);
  }
  std::string f = k.constant("dense<false> : tensor<i1>", "");
  std::string tr = k.constant("dense<true> : tensor<i1>", "");
  const std::string scores = "tensor<1x12x256x256xf16>";
  std::string s = k.value("matmul", "transpose_x = " + f + ", transpose_y = " + tr + ", x = " + split[0] + ", y = " + split[1],
                          "tensor<i1>, tensor<i1>, " + t + ", " + t, scores);
  std::string sc = k.value("mul", "x = " + s + ", y = " + scalar(k, "1.250000e-01"), scores + ", " + F16, scores);
  std::string mask = k.constant("dense<0.0> : tensor<1x1x256x256xf16>", "");
  std::string masked = k.value("add", "x = " + sc + ", y = " + mask, scores + ", tensor<1x1x256x256xf16>", scores);
  std::string axis = k.constant("dense<-1> : tensor<i32>", "");
  std::string attn = k.value("softmax", "axis = " + axis + ", x = " + masked, "tensor<i32>, " + scores, scores);
  std::string ctx = k.value("matmul", "transpose_x = " + f + ", transpose_y = " + f + ", x = " + attn + ", y = " + split[2],
                            "tensor<i1>, tensor<i1>, " + scores + ", " + t, t);
  std::string back = k.value("transpose", "perm = " + pm + ", x = " + ctx, "tensor<4xi32>, " + t, heads);
  std::string osh = k.constant("dense<[1, 768, 1, 256]> : tensor<4xi32>", "");
  std::string merged = k.value("reshape", "shape = " + osh + ", x = " + back, "tensor<4xi32>, " + heads, X);
  std::string o = conv(k, merged, p + "attn.c_proj", 768, 768, X, X);
  std::string out = k.value("add", "x = %x, y = " + o, X + ", " + X, X);
  return k.finish("%x", X, out, X);
}

std::string mlpKernel(int layer) {
  KernelText k("layer" + std::to_string(layer) + "_mlp");
  std::string p = "h." + std::to_string(layer) + ".";
  std::string h = layerNorm(k, "%x", p + "ln_2");
  std::string f = conv(k, h, p + "mlp.c_fc", 768, 3072, X, H);
  // GELU, tanh form: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
  std::string x2 = k.value("mul", "x = " + f + ", y = " + f, H + ", " + H, H);
  std::string x3 = k.value("mul", "x = " + x2 + ", y = " + f, H + ", " + H, H);
  std::string cx3 = k.value("mul", "x = " + x3 + ", y = " + scalar(k, "4.471500e-02"), H + ", " + F16, H);
  std::string inner = k.value("add", "x = " + f + ", y = " + cx3, H + ", " + H, H);
  std::string sc = k.value("mul", "x = " + inner + ", y = " + scalar(k, "7.978846e-01"), H + ", " + F16, H);
  std::string th = k.value("tanh", "x = " + sc, H, H);
  std::string onep = k.value("add", "x = " + th + ", y = " + scalar(k, "1.0"), H + ", " + F16, H);
  std::string hx = k.value("mul", "x = " + f + ", y = " + scalar(k, "5.000000e-01"), H + ", " + F16, H);
  std::string g = k.value("mul", "x = " + hx + ", y = " + onep, H + ", " + H, H);
  std::string m = conv(k, g, p + "mlp.c_proj", 3072, 768, H, X);
  std::string out = k.value("add", "x = %x, y = " + m, X + ", " + X, X);
  return k.finish("%x", X, out, X);
}

std::string gpt2Module() {
  std::string ir;
  for (int l = 0; l < 12; ++l)
    ir += attentionKernel(l) + mlpKernel(l);
  KernelText k("final_ln");
  std::string y = layerNorm(k, "%x", "ln_f");
  ir += k.finish("%x", X, y, X);
  return ir;
}

struct Fixture {
  Fixture() : context(registry()) {
    context.loadAllAvailableDialects();
    text = gpt2Module();
  }
  static mlir::DialectRegistry registry() {
    mlir::DialectRegistry r;
    mlir::orion::registerAllDialects(r);
    return r;
  }
  mlir::OwningOpRef<mlir::ModuleOp> parse() {
    return mlir::parseSourceString<mlir::ModuleOp>(text, &context);
  }
  bool assign(mlir::ModuleOp module) {
    mlir::PassManager pm(&context);
    pm.addNestedPass<mlir::func::FuncOp>(
        mlir::orion::mil::createMILAssignNames());
    pm.addNestedPass<mlir::func::FuncOp>(
        mlir::orion::mil::createMILAssignBlobs());
    return mlir::succeeded(pm.run(module));
  }
  mlir::MLIRContext context;
  std::string text;
};

void BM_AssignAndEmitGPT2(benchmark::State &state) {
  Fixture f;
  size_t bytes = 0, statements = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto module = f.parse();
    state.ResumeTiming();
    std::string mil;
    llvm::raw_string_ostream os(mil);
    if (!module || !f.assign(*module) ||
        mlir::failed(mlir::orion::emitMIL(*module, os,
                                          orion::rt::milast::MILSpelling::Compact)))
      return state.SkipWithError("emission failed");
    bytes = mil.size();
    statements = std::count(mil.begin(), mil.end(), ';');
  }
  state.counters["programs"] = 25;
  state.counters["mil_statements"] = double(statements);
  state.counters["mil_bytes"] = double(bytes);
}
BENCHMARK(BM_AssignAndEmitGPT2)->Unit(benchmark::kMillisecond);

void BM_ImportGPT2(benchmark::State &state) {
  Fixture f;
  auto module = f.parse();
  std::string mil;
  llvm::raw_string_ostream os(mil);
  if (!module || !f.assign(*module) ||
      mlir::failed(mlir::orion::emitMIL(*module, os,
                                        orion::rt::milast::MILSpelling::Compact)))
    return state.SkipWithError("emission failed");
  for (auto _ : state) {
    auto imported = mlir::orion::importMILText(mil, "gpt2.mil", &f.context);
    if (!imported)
      return state.SkipWithError("import failed");
  }
  state.SetBytesProcessed(state.iterations() * int64_t(mil.size()));
}
BENCHMARK(BM_ImportGPT2)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
