//===- AneSimDeviceTest.cpp - ane-sim: one test per ANE rule broken -------===//
//
// Each test breaks one ANE rule of docs/ane-constraints.md and expects
// the failure (or, for the silent ones, the wrong data) the ANE would give.
//
//===----------------------------------------------------------------------===//

#include "DeviceTestUtil.h"

#include "orion/devices/sim/AneSimDevice.h"

#include <cstdlib>

using namespace orion::rt;
using namespace orion::rt::test;

namespace {

bool contains(const std::string &s, const std::string &part) {
  return s.find(part) != std::string::npos;
}

const std::string kF = "tensor<fp16, [1,4,1,4]>";

// One op `out = CALL` on x (and y), fp16 [1,4,1,4], after `consts`.
std::string oneOp(const std::string &consts, const std::string &call,
                  const std::string &outType = kF) {
  return mil(kF + " x, " + kF + " y",
             consts + "        " + outType + " out = " + call +
                 "[name=string(\"out\")];\n",
             "out");
}

struct Rejected {
  const char *op;
  std::string text;
  const char *why;
};

std::vector<Rejected> rejectedPrograms() {
  const std::string ax = "        int32 ax = const()[name=string(\"ax\"), "
                         "val=int32(1)];\n";
  return {
      {"concat",
       oneOp(ax, "concat(axis=ax, values=(x, y))", "tensor<fp16, [1,8,1,4]>"),
       "ANE-NO-CONCAT"},
      {"gelu", oneOp("", "gelu(x=x)"), "ANE-NO-GELU-SILU"},
      {"silu", oneOp("", "silu(x=x)"), "ANE-NO-GELU-SILU"},
      {"erf", oneOp("", "erf(x=x)"), "ANE-OP-SET"},
      {"layer_norm", oneOp("", "layer_norm(x=x)"), "never"},
      {"linear",
       oneOp("        tensor<fp16, [4,4]> w = const()[name=string(\"w\"), "
             "val=tensor<fp16, [4,4]>([1,0,0,0,0,1,0,0,0,0,1,0,0,0,0,1])];\n",
             "linear(weight=w, x=x)"),
       "1x1 conv"},
      {"gather",
       oneOp("        tensor<int32, [1]> i = const()[name=string(\"i\"), "
             "val=tensor<int32, [1]>([0])];\n",
             "gather(indices=i, x=x)", "tensor<fp16, [1,4,1,4]>"),
       "CPU"},
      {"one_hot",
       oneOp("        tensor<int32, [1,4,1]> i = const()[name=string(\"i\"), "
             "val=tensor<int32, [1,4,1]>([0,1,2,3])];\n"
             "        int32 n = const()[name=string(\"n\"), val=int32(4)];\n",
             "one_hot(indices=i, one_hot_vector_size=n)",
             "tensor<int32, [1,4,1,4]>"),
       "CPU"},
      {"fill",
       oneOp("        tensor<int32, [4]> s = const()[name=string(\"s\"), "
             "val=tensor<int32, [4]>([1,4,1,4])];\n",
             "fill(shape=s)", "tensor<fp32, [1,4,1,4]>"),
       "CPU"},
      {"scatter",
       oneOp("        tensor<int32, [1]> i = const()[name=string(\"i\"), "
             "val=tensor<int32, [1]>([0])];\n",
             "scatter(data=x, indices=i, updates=y)"),
       "CPU"},
      {"select",
       oneOp("        tensor<bool, [1]> c = const()[name=string(\"c\"), "
             "val=tensor<bool, [1]>([true])];\n",
             "select(a=x, b=y, cond=c)"),
       "mask"},
      {"band_part", oneOp("", "band_part(x=x)"), "BLOBFILE"},
      {"split",
       mil(kF + " x",
           "        int32 ax = const()[name=string(\"ax\"), val=int32(1)];\n"
           "        tensor<fp16, [1,2,1,4]> a, tensor<fp16, [1,2,1,4]> b = "
           "split(axis=ax, num_splits=int32(2), x=x)[name=string(\"a\")];\n",
           "a, b"),
       "multi-output"},
      {"scaled_dot_product_attention",
       oneOp("", "scaled_dot_product_attention(key=x, query=x, value=y)"),
       "ANE-SDPA-MASK"},
  };
}

TEST(AneSim, RejectedOpsFailAtCompileNamingOpLineAndConstraint) {
  for (const Rejected &r : rejectedPrograms()) {
    // The cpu device runs every one of them...
    auto cpu = device("cpu");
    EXPECT_TRUE(cpu->compile(r.text, ".")) << r.op;
    // ...the ANE does not.
    auto d = device("ane-sim");
    auto p = d->compile(r.text, ".");
    ASSERT_FALSE(p) << r.op;
    const std::string &m = p.error().message();
    EXPECT_TRUE(contains(m, std::string("op '") + r.op + "'")) << m;
    EXPECT_TRUE(contains(m, "model.mil:")) << m;
    EXPECT_TRUE(contains(m, r.why)) << m;
    EXPECT_EQ(d->counters().compiles, 0u);
  }
}

TEST(AneSim, RejectedOpErrorCarriesItsLine) {
  auto d = device("ane-sim");
  auto p = d->compile(oneOp("", "gelu(x=x)"), ".");
  ASSERT_FALSE(p);
  EXPECT_TRUE(contains(p.error().message(), "model.mil:4:"))
      << p.error().message();
}

TEST(AneSim, ConvWithBiasIsRejected) {
  const std::string text =
      mil(kF + " x",
          "        tensor<fp16, [4,4,1,1]> w = const()[name=string(\"w\"), "
          "val=tensor<fp16, [4,4,1,1]>([1,0,0,0,0,1,0,0,0,0,1,0,0,0,0,1])];\n"
          "        tensor<fp16, [4]> b = const()[name=string(\"b\"), "
          "val=tensor<fp16, [4]>([1,2,3,4])];\n"
          "        " +
              kF +
              " out = conv(bias=b, weight=w, x=x)"
              "[name=string(\"out\")];\n",
          "out");
  EXPECT_TRUE(device("cpu")->compile(text, "."));
  auto p = device("ane-sim")->compile(text, ".");
  ASSERT_FALSE(p);
  EXPECT_TRUE(contains(p.error().message(), "bias=")) << p.error().message();
  EXPECT_TRUE(contains(p.error().message(), "model.mil:6:"))
      << p.error().message();
}

TEST(AneSim, MatmulInlineBoolsAreRejected) {
  const std::string text =
      mil(kF + " x",
          "        " + kF +
              " out = matmul(transpose_x=bool(false), "
              "transpose_y=bool(true), x=x, y=x)[name=string(\"out\")];\n",
          "out");
  EXPECT_TRUE(device("cpu")->compile(text, "."));
  auto p = device("ane-sim")->compile(text, ".");
  ASSERT_FALSE(p);
  EXPECT_TRUE(contains(p.error().message(), "must name a bool const"))
      << p.error().message();
}

const std::string kRelu =
    mil(kF + " x",
        "        " + kF + " out = relu(x=x)[name=string(\"out\")];\n", "out");

TEST(AneSim, CompileBudgetIsEnforced) {
  auto d = createAneSimDevice(AneSimOptions{3});
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(d->compile(kRelu, ".")) << i;
  auto p = d->compile(kRelu, ".");
  ASSERT_FALSE(p);
  EXPECT_TRUE(contains(p.error().message(), "ANE-COMPILE-BUDGET"))
      << p.error().message();
  EXPECT_EQ(d->counters().compiles, 3u);
}

TEST(AneSim, DefaultBudgetIs119AndFailedCompilesCount) {
  auto d = createAneSimDevice(AneSimOptions{});
  ASSERT_FALSE(d->compile(oneOp("", "gelu(x=x)"), ".")); // spends 1
  for (int i = 1; i < 119; ++i)
    ASSERT_TRUE(d->compile(kRelu, ".")) << i;
  EXPECT_FALSE(d->compile(kRelu, "."));
  EXPECT_EQ(d->counters().compiles, 118u);
}

TEST(AneSim, BudgetFromEnvironment) {
  ASSERT_EQ(::setenv("ORION_ANE_COMPILE_BUDGET", "1", 1), 0);
  auto d = createDevice("ane-sim");
  ASSERT_EQ(::setenv("ORION_ANE_COMPILE_BUDGET", "many", 1), 0);
  auto bad = createDevice("ane-sim");
  ::unsetenv("ORION_ANE_COMPILE_BUDGET");
  ASSERT_TRUE(d);
  EXPECT_TRUE((*d)->compile(kRelu, "."));
  EXPECT_FALSE((*d)->compile(kRelu, "."));
  ASSERT_FALSE(bad);
  EXPECT_TRUE(contains(bad.error().message(), "ORION_ANE_COMPILE_BUDGET"));
}

// Two inputs (a, b) and two outputs (p = a + b, q = a - b), fp16 [1,4,1,4].
const std::string kTwoByTwo =
    mil(kF + " a, " + kF + " b",
        "        " + kF +
            " p = add(x=a, y=b)[name=string(\"p\")];\n"
            "        " +
            kF + " q = sub(x=a, y=b)[name=string(\"q\")];\n",
        "p, q");

Status evalSizes(size_t a, size_t b, size_t p, size_t q) {
  auto d = device("ane-sim");
  auto prog = d->compile(kTwoByTwo, ".");
  if (!prog)
    return prog.error();
  if (Status s = d->load(**prog); !s)
    return s;
  Surface sa(a), sb(b), sp(p), sq(q);
  return d->eval(**prog, {&sa, &sb}, {&sp, &sq});
}

TEST(AneSim, UniformSizesPassAtTheMinimum) {
  const size_t m = orion::ane::kMinSurfaceBytes;
  EXPECT_TRUE(evalSizes(m, m, m, m));
}

TEST(AneSim, NonUniformInputSizesFail) {
  const size_t m = orion::ane::kMinSurfaceBytes;
  Status s = evalSizes(m, 2 * m, m, m);
  ASSERT_FALSE(s);
  const std::string &msg = s.error().message();
  EXPECT_TRUE(contains(msg, "status=0x1d")) << msg;
  EXPECT_TRUE(contains(msg, "ANE-UNIFORM-INPUTS")) << msg;
  EXPECT_TRUE(contains(msg, "input surface 1 ('b')")) << msg;
}

TEST(AneSim, NonUniformOutputSizesFail) {
  const size_t m = orion::ane::kMinSurfaceBytes;
  Status s = evalSizes(m, m, 2 * m, m);
  ASSERT_FALSE(s);
  const std::string &msg = s.error().message();
  EXPECT_TRUE(contains(msg, "status=0x1d")) << msg;
  EXPECT_TRUE(contains(msg, "ANE-UNIFORM-OUTPUTS")) << msg;
  EXPECT_TRUE(contains(msg, "output surface 1 ('q')")) << msg;
}

TEST(AneSim, SurfacesBelowTheMinimumFail) {
  // 32 bytes is plenty for the [1,4,1,4] fp16 tensors (cpu accepts it).
  EXPECT_TRUE(
      run(*device("cpu"), kTwoByTwo, {Floats(16), Floats(16)}, {16, 16}));
  const size_t small = orion::ane::kMinSurfaceBytes - 2;
  Status s = evalSizes(small, small, small, small);
  ASSERT_FALSE(s);
  EXPECT_TRUE(contains(s.error().message(), "ANE-MIN-SURFACE"))
      << s.error().message();
  EXPECT_TRUE(contains(s.error().message(), "status=0x1d"));
}

TEST(AneSim, OutputsBoundAlphabeticallySwapDeclarationOrderCallers) {
  // Decode's (q32, k32): the first output surface receives k32
  // (ANE-OUTPUT-ORDER). A caller that passes {q surface, k surface} reads
  // k's data as q.
  const std::string text =
      mil("tensor<fp32, [1,4,1,4]> x",
          "        fp32 two = const()[name=string(\"two\"), val=fp32(2)];\n"
          "        fp32 three = const()[name=string(\"three\"), val=fp32(3)];\n"
          "        tensor<fp32, [1,4,1,4]> q32 = mul(x=x, y=two)"
          "[name=string(\"q32\")];\n"
          "        tensor<fp32, [1,4,1,4]> k32 = mul(x=x, y=three)"
          "[name=string(\"k32\")];\n",
          "q32, k32");
  auto d = device("ane-sim");
  auto p = d->compile(text, ".");
  ASSERT_TRUE(p && d->load(**p));
  const size_t m = orion::ane::kMinSurfaceBytes;
  Surface x = f32Surface(Floats(16, 1.0f), m), qSurf(m), kSurf(m);
  // Declaration order: wrong, silently.
  ASSERT_TRUE(d->eval(**p, {&x}, {&qSurf, &kSurf}));
  EXPECT_EQ(readF32(qSurf, 16), Floats(16, 3.0f)); // k32's data
  EXPECT_EQ(readF32(kSurf, 16), Floats(16, 2.0f)); // q32's data
  // Binding order: right.
  ASSERT_TRUE(d->eval(**p, {&x}, {&kSurf, &qSurf}));
  EXPECT_EQ(readF32(qSurf, 16), Floats(16, 2.0f));
  EXPECT_EQ(readF32(kSurf, 16), Floats(16, 3.0f));
}

TEST(AneSim, InputsBoundAlphabeticallySwapDeclarationOrderCallers) {
  // LoRA's func main(x, lora_A): surfaces are {lora_A, x} (ANE-INPUT-ORDER).
  const std::string text =
      mil("tensor<fp32, [1,4,1,4]> x, tensor<fp32, [1,4,1,4]> lora_A",
          "        tensor<fp32, [1,4,1,4]> out = sub(x=x, y=lora_A)"
          "[name=string(\"out\")];\n",
          "out");
  const size_t m = orion::ane::kMinSurfaceBytes;
  auto d = device("ane-sim");
  auto wrong = run(*d, text, {Floats(16, 10), Floats(16, 1)}, {16}, ".", m);
  ASSERT_TRUE(wrong) << wrong.error().message();
  EXPECT_EQ((*wrong)[0], Floats(16, -9.0f)); // 1 - 10: swapped
  auto right = run(*d, text, {Floats(16, 1), Floats(16, 10)}, {16}, ".", m);
  ASSERT_TRUE(right) << right.error().message();
  EXPECT_EQ((*right)[0], Floats(16, 9.0f));
}

TEST(AneSim, OversizedSurfacesArePackedReads) {
  // ANE-PACKED-READ: stride-padded data is misread; packed data at the
  // start is right.
  auto d = device("ane-sim");
  const size_t m = orion::ane::kMinSurfaceBytes;
  auto p = d->compile(kRelu, ".");
  ASSERT_TRUE(p && d->load(**p));
  // Rows of 4 values padded to 8 (a stride-padded layout): the ANE reads
  // the first 16 values, half of them padding.
  Floats padded;
  for (int c = 0; c < 4; ++c)
    for (int s = 0; s < 8; ++s)
      padded.push_back(s < 4 ? float(c * 4 + s + 1) : 0.0f);
  Surface in = f16Surface(padded, m), out(m);
  ASSERT_TRUE(d->eval(**p, {&in}, {&out}));
  EXPECT_EQ(readF16(out, 16),
            (Floats{1, 2, 3, 4, 0, 0, 0, 0, 5, 6, 7, 8, 0, 0, 0, 0}));
}

TEST(AneSim, WeightsAreFixedUntilReload) {
  // ANE-WEIGHTS-BAKED / delta reload: a BLOBFILE patched on disk changes
  // nothing until reload() re-reads it.
  TempDir dir;
  auto write = [&](float v) {
    BlobFileWriter w;
    std::vector<uint16_t> h(4, floatToHalf(v));
    w.add(DType::F16, h.data(), 8);
    return w.writeTo(dir.str() + "/w.bin");
  };
  ASSERT_TRUE(write(2));
  const std::string text =
      mil("tensor<fp16, [1,4,1,4]> x",
          "        tensor<fp16, [1,4,1,1]> w = const()[name=string(\"w\"), "
          "val=tensor<fp16, "
          "[1,4,1,1]>(BLOBFILE(path=string(\"@model_path/w.bin\"), "
          "offset=uint64(64)))];\n"
          "        tensor<fp16, [1,4,1,4]> out = mul(x=x, "
          "y=w)[name=string(\"out\")];\n",
          "out");
  auto d = device("ane-sim");
  auto p = d->compile(text, dir.str());
  ASSERT_TRUE(p) << p.error().message();
  ASSERT_TRUE(d->load(**p));
  const size_t m = orion::ane::kMinSurfaceBytes;
  Surface in = f16Surface(Floats(16, 1.5f), m), out(m);
  ASSERT_TRUE(d->eval(**p, {&in}, {&out}));
  EXPECT_EQ(readF16(out, 16), Floats(16, 3.0f));
  ASSERT_TRUE(write(5));
  ASSERT_TRUE(d->eval(**p, {&in}, {&out}));
  EXPECT_EQ(readF16(out, 16), Floats(16, 3.0f)); // still the old weights
  ASSERT_TRUE(d->reload(**p));
  ASSERT_TRUE(d->eval(**p, {&in}, {&out}));
  EXPECT_EQ(readF16(out, 16), Floats(16, 7.5f));
  EXPECT_EQ(d->counters().compiles, 1u); // no recompile
  EXPECT_EQ(d->counters().reloads, 1u);
}

TEST(AneSim, EveryOpRoundsToFp16EvenWhenDeclaredFp32) {
  // fp32 x = 2048 plus fp32 1: the cpu keeps 2049 (declared fp32); the ANE
  // computes in fp16, where 2049 rounds to 2048. Then 0.1 * 3: fp32 gives
  // 0.3 (0.30000001), fp16 gives round16(round16(0.1) * 3) = 0.2998046875.
  const std::string text =
      mil("tensor<fp32, [1,4,1,4]> x",
          "        fp32 one = const()[name=string(\"one\"), val=fp32(1)];\n"
          "        tensor<fp32, [1,4,1,4]> out = add(x=x, y=one)"
          "[name=string(\"out\")];\n",
          "out");
  const size_t m = orion::ane::kMinSurfaceBytes;
  auto cpu = run(*device("cpu"), text, {Floats(16, 2048)}, {16});
  auto sim = run(*device("ane-sim"), text, {Floats(16, 2048)}, {16}, ".", m);
  ASSERT_TRUE(cpu && sim);
  EXPECT_EQ((*cpu)[0][0], 2049.0f);
  EXPECT_EQ((*sim)[0][0], 2048.0f);
  const std::string tenth =
      mil("tensor<fp32, [1,4,1,4]> x",
          "        fp32 c = const()[name=string(\"c\"), val=fp32(0.1)];\n"
          "        tensor<fp32, [1,4,1,4]> out = mul(x=x, y=c)"
          "[name=string(\"out\")];\n",
          "out");
  cpu = run(*device("cpu"), tenth, {Floats(16, 3)}, {16});
  sim = run(*device("ane-sim"), tenth, {Floats(16, 3)}, {16}, ".", m);
  ASSERT_TRUE(cpu && sim);
  EXPECT_EQ((*cpu)[0][0], 0.1f * 3.0f);
  EXPECT_EQ((*sim)[0][0], 0.2998046875f);
}

} // namespace
