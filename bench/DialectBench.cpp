//===- DialectBench.cpp - Parse, verify and canonicalize orion IR ---------===//
//
// Measures the front half of every orion-opt run on a GPT-2-shaped graph of
// N transformer blocks, so dialect changes that slow parsing or verification
// show up here.
//
//===----------------------------------------------------------------------===//

#include "Orion/InitAllDialects.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

#include <benchmark/benchmark.h>

#include <string>

namespace {

/// A GPT-2 block (d=768, 12 heads, 3072 MLP) in orion IR, `layers` times.
std::string gpt2Module(int layers) {
  std::string ir = "func.func @forward(%x0: tensor<256x768xf32>) -> "
                   "tensor<256x768xf32> {\n";
  for (int l = 0; l < layers; ++l) {
    std::string p = "%l" + std::to_string(l) + "_";
    std::string in = "%x" + std::to_string(l);
    std::string out = "%x" + std::to_string(l + 1);
    std::string name = "\"h." + std::to_string(l) + ".";
    auto param = [&](const std::string &v, const std::string &n,
                     const std::string &type) {
      ir += "  " + p + v + " = orion.param " + name + n + "\" : " + type +
            "\n";
    };
    param("g1", "ln_1.weight", "tensor<768xf32>");
    param("b1", "ln_1.bias", "tensor<768xf32>");
    param("wqkv", "attn.c_attn.weight", "tensor<2304x768xf32>");
    param("wo", "attn.c_proj.weight", "tensor<768x768xf32>");
    param("g2", "ln_2.weight", "tensor<768xf32>");
    param("b2", "ln_2.bias", "tensor<768xf32>");
    param("wfc", "mlp.c_fc.weight", "tensor<3072x768xf32>");
    param("wpr", "mlp.c_proj.weight", "tensor<768x3072xf32>");
    ir += "  " + p + "h = orion.layer_norm " + in + ", " + p + "g1, " + p +
          "b1 : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>\n";
    ir += "  " + p + "qkv = orion.linear " + p + "h, " + p +
          "wqkv : tensor<256x768xf32>, tensor<2304x768xf32>\n";
    ir += "  " + p + "q, " + p + "k, " + p + "v = orion.split " + p +
          "qkv axis = 1 sizes = [768, 768, 768] : tensor<256x2304xf32>\n";
    ir += "  " + p + "a = orion.attention " + p + "q, " + p + "k, " + p +
          "v heads = 12 kv_heads = 12 causal : "
          "tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>\n";
    ir += "  " + p + "o = orion.linear " + p + "a, " + p +
          "wo : tensor<256x768xf32>, tensor<768x768xf32>\n";
    ir += "  " + p + "r = orion.add " + in + ", " + p +
          "o : tensor<256x768xf32>\n";
    ir += "  " + p + "h2 = orion.layer_norm " + p + "r, " + p + "g2, " + p +
          "b2 : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>\n";
    ir += "  " + p + "f = orion.linear " + p + "h2, " + p +
          "wfc : tensor<256x768xf32>, tensor<3072x768xf32>\n";
    ir += "  " + p + "g = orion.gelu " + p +
          "f approximate = tanh : tensor<256x3072xf32>\n";
    ir += "  " + p + "m = orion.linear " + p + "g, " + p +
          "wpr : tensor<256x3072xf32>, tensor<768x3072xf32>\n";
    ir += "  " + out + " = orion.add " + p + "r, " + p +
          "m : tensor<256x768xf32>\n";
  }
  ir += "  return %x" + std::to_string(layers) + " : tensor<256x768xf32>\n}\n";
  return ir;
}

void BM_ParseAndVerify(benchmark::State &state) {
  std::string ir = gpt2Module(state.range(0));
  mlir::DialectRegistry registry;
  mlir::orion::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  for (auto _ : state) {
    auto module = mlir::parseSourceString<mlir::ModuleOp>(ir, &context);
    if (!module)
      state.SkipWithError("failed to parse the generated module");
    benchmark::DoNotOptimize(module.get());
  }
  state.SetBytesProcessed(state.iterations() * ir.size());
}
BENCHMARK(BM_ParseAndVerify)->Arg(1)->Arg(12)->Unit(benchmark::kMillisecond);

void BM_Canonicalize(benchmark::State &state) {
  std::string ir = gpt2Module(state.range(0));
  mlir::DialectRegistry registry;
  mlir::orion::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  for (auto _ : state) {
    state.PauseTiming();
    auto module = mlir::parseSourceString<mlir::ModuleOp>(ir, &context);
    mlir::PassManager pm(&context);
    pm.addPass(mlir::createCanonicalizerPass());
    state.ResumeTiming();
    if (!module || mlir::failed(pm.run(*module)))
      state.SkipWithError("canonicalization failed");
  }
}
BENCHMARK(BM_Canonicalize)->Arg(12)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
