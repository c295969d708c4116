//===- CpuDeviceTest.cpp - cpu device: lifecycle, surfaces, weights -------===//

#include "DeviceTestUtil.h"

#include <algorithm>
#include <cmath>

using namespace orion::rt;
using namespace orion::rt::test;

namespace {

TEST(Device, CreateKnownAndUnknown) {
  EXPECT_EQ(device("cpu")->name(), "cpu");
  EXPECT_EQ(device("ane-sim")->name(), "ane-sim");
  auto bad = createDevice("gpu");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("gpu"), std::string::npos);
}

TEST(Device, BindingOrderIsByteWiseAlphabetical) {
  // LoRA's func main(x, lora_A, lora_B) is fed {lora_A, lora_B, x}
  // (docs/ane-constraints.md ANE-INPUT-ORDER).
  EXPECT_EQ(bindingOrder({"x", "lora_A", "lora_B"}),
            (std::vector<size_t>{1, 2, 0}));
  // Decode's (q32, k32, v32) arrive as k32, q32, v32 (ANE-OUTPUT-ORDER).
  EXPECT_EQ(bindingOrder({"q32", "k32", "v32"}),
            (std::vector<size_t>{1, 0, 2}));
  // Byte-wise: uppercase before lowercase.
  EXPECT_EQ(bindingOrder({"b", "a", "B"}), (std::vector<size_t>{2, 1, 0}));
}

TEST(CpuDevice, UnsupportedOpFailsAtCompileNamingOpAndLine) {
  auto d = device("cpu");
  const std::string text =
      mil("tensor<fp32, [4]> x",
          "        tensor<fp32, [4]> y = relu(x=x)[name=string(\"y\")];\n"
          "        tensor<fp32, [4]> out = pad(x=y)[name=string(\"out\")];\n",
          "out");
  auto p = d->compile(text, ".");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message().find("model.mil:5:"), std::string::npos)
      << p.error().message();
  EXPECT_NE(p.error().message().find("'pad'"), std::string::npos);
  EXPECT_EQ(d->counters().compiles, 0u);
}

TEST(CpuDevice, MalformedMILFailsAtCompile) {
  auto d = device("cpu");
  EXPECT_FALSE(d->compile("program(1.3)\n{\n func", "."));
}

TEST(CpuDevice, CountersFollowTheLifecycle) {
  auto d = device("cpu");
  const std::string text =
      mil("tensor<fp32, [4]> x",
          "        tensor<fp16, [4]> out = relu(x=x)[name=string(\"out\")];\n",
          "out");
  auto p = d->compile(text, ".");
  ASSERT_TRUE(p) << p.error().message();
  Surface in = f32Surface({-1, 2, 3, 4}), out(8);
  EXPECT_FALSE(d->eval(**p, {&in}, {&out})); // not loaded yet
  ASSERT_TRUE(d->load(**p));
  ASSERT_TRUE(d->eval(**p, {&in}, {&out}));
  ASSERT_TRUE(d->eval(**p, {&in}, {&out}));
  expectNear(readF16(out, 4), {0, 2, 3, 4});
  ASSERT_TRUE(d->reload(**p));
  ASSERT_TRUE(d->unload(**p));
  const DeviceCounters &c = d->counters();
  EXPECT_EQ(c.compiles, 1u);
  EXPECT_EQ(c.loads, 2u);
  EXPECT_EQ(c.reloads, 1u);
  EXPECT_EQ(c.unloads, 2u);
  EXPECT_EQ(c.evals, 2u);
  EXPECT_EQ(c.bytesIn, 2u * 16); // fp32 [4]
  EXPECT_EQ(c.bytesOut, 2u * 8); // fp16 [4]
}

TEST(CpuDevice, SurfaceSmallerThanTensorIsAnError) {
  auto d = device("cpu");
  const std::string text =
      mil("tensor<fp32, [4]> x",
          "        tensor<fp32, [4]> out = relu(x=x)[name=string(\"out\")];\n",
          "out");
  auto p = d->compile(text, ".");
  ASSERT_TRUE(p && d->load(**p));
  Surface small(12), ok(16), out(16), smallOut(15);
  Status s = d->eval(**p, {&small}, {&out});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message().find("needs 16"), std::string::npos)
      << s.error().message();
  EXPECT_FALSE(d->eval(**p, {&ok}, {&smallOut}));
  EXPECT_FALSE(d->eval(**p, {&ok}, {}));         // wrong count
  EXPECT_FALSE(d->eval(**p, {nullptr}, {&out})); // null surface
  EXPECT_EQ(d->counters().evals, 0u);
}

TEST(CpuDevice, OversizedSurfacesArePackedAtTheStart) {
  // ANE-PACKED-READ: only the first C*S elements are read; the rest of the
  // allocation is ignored (filled with garbage here) and left untouched.
  auto d = device("cpu");
  const std::string text =
      mil("tensor<fp16, [1,2,1,2]> x",
          "        tensor<fp16, [1,2,1,2]> out = add(x=x, y=x)"
          "[name=string(\"out\")];\n",
          "out");
  auto p = d->compile(text, ".");
  ASSERT_TRUE(p && d->load(**p));
  Surface in = f16Surface({1, 2, 3, 4}, 64), out(64);
  for (size_t i = 8; i < 64; ++i)
    in.data()[i] = 0x7c; // fp16 inf/NaN patterns if they were read
  for (size_t i = 0; i < 64; ++i)
    out.data()[i] = 0xAB;
  ASSERT_TRUE(d->eval(**p, {&in}, {&out}));
  expectNear(readF16(out, 4), {2, 4, 6, 8});
  for (size_t i = 8; i < 64; ++i)
    ASSERT_EQ(out.data()[i], 0xAB) << i;
}

TEST(CpuDevice, InputsAndOutputsAreBoundAlphabetically) {
  // func main(x, lora_A): surfaces {lora_A, x}; returns (q32, k32):
  // surfaces {k32, q32}.
  auto d = device("cpu");
  const std::string text = mil("tensor<fp32, [2]> x, tensor<fp32, [2]> lora_A",
                               "        tensor<fp32, [2]> q32 = sub(x=x, "
                               "y=lora_A)[name=string(\"q32\")];\n"
                               "        tensor<fp32, [2]> k32 = mul(x=x, "
                               "y=lora_A)[name=string(\"k32\")];\n",
                               "q32, k32");
  const Floats loraA = {1, 2}, x = {10, 20};
  auto r = run(*d, text, {loraA, x}, {2, 2});
  ASSERT_TRUE(r) << r.error().message();
  expectNear((*r)[0], {10, 40}); // k32 = x * lora_A
  expectNear((*r)[1], {9, 18});  // q32 = x - lora_A
}

TEST(CpuDevice, Fp16ValuesAreStoredRounded) {
  // 2048 + 1 = 2049 is not an fp16 (spacing 2 above 2048): declared fp16 it
  // is stored as 2048; declared fp32 it stays 2049.
  auto d = device("cpu");
  const std::string text =
      mil("tensor<fp32, [1]> x",
          "        fp32 one = const()[name=string(\"one\"), val=fp32(1)];\n"
          "        tensor<fp16, [1]> h = add(x=x, y=one)[name=string(\"h\")];\n"
          "        tensor<fp32, [1]> f = add(x=x, y=one)[name=string(\"f\")];\n"
          "        string tf = const()[name=string(\"tf\"), "
          "val=string(\"fp32\")];\n"
          "        tensor<fp32, [1]> hf = cast(dtype=tf, "
          "x=h)[name=string(\"hf\")];\n",
          "hf, f");
  auto r = run(*d, text, {{2048}}, {1, 1}); // binding order: f, hf
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ((*r)[0][0], 2049.0f);
  EXPECT_EQ((*r)[1][0], 2048.0f);
}

TEST(CpuDevice, BlobFileWeightsAreReadAtLoad) {
  TempDir dir;
  BlobFileWriter w;
  const float weights[3] = {1.5f, -2, 4};
  const uint64_t off = w.add(DType::F32, weights, sizeof weights);
  std::vector<uint16_t> h(3);
  floatsToHalves(weights, h.data(), 3);
  const uint64_t offH = w.add(DType::F16, h.data(), 6);
  std::filesystem::create_directories(dir.path / "weights");
  ASSERT_TRUE(w.writeTo((dir.path / "weights/weight.bin").string()));
  const std::string text = mil(
      "tensor<fp32, [3]> x",
      "        tensor<fp32, [3]> w = const()[name=string(\"w\"), "
      "val=tensor<fp32, [3]>(BLOBFILE(path=string(\"@model_path/weights/"
      "weight.bin\"), offset=uint64(" +
          std::to_string(off) +
          ")))];\n"
          "        tensor<fp16, [3]> wh = const()[name=string(\"wh\"), "
          "val=tensor<fp16, [3]>(BLOBFILE(path=string(\"@model_path/weights/"
          "weight.bin\"), offset=uint64(" +
          std::to_string(offH) +
          ")))];\n"
          "        tensor<fp32, [3]> a = mul(x=x, y=w)[name=string(\"a\")];\n"
          "        tensor<fp32, [3]> out = add(x=a, "
          "y=wh)[name=string(\"out\")];\n",
      "out");
  auto r = runCpu(text, {{1, 2, 3}}, 3, dir.str());
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {3, -6, 16});
}

TEST(CpuDevice, BlobFileProblemsFailAtLoad) {
  TempDir dir;
  BlobFileWriter w;
  const float weights[2] = {1, 2};
  const uint64_t off = w.add(DType::F32, weights, sizeof weights);
  ASSERT_TRUE(w.writeTo((dir.path / "w.bin").string()));
  auto withPath = [&](const std::string &path, uint64_t offset,
                      const std::string &type) {
    return mil("tensor<fp32, [2]> x",
               "        " + type + " w = const()[name=string(\"w\"), val=" +
                   type + "(BLOBFILE(path=string(\"" + path +
                   "\"), offset=uint64(" + std::to_string(offset) +
                   ")))];\n"
                   "        tensor<fp32, [2]> out = add(x=x, y=w)"
                   "[name=string(\"out\")];\n",
               "out");
  };
  const std::string f32 = "tensor<fp32, [2]>";
  ASSERT_TRUE(
      runCpu(withPath("@model_path/w.bin", off, f32), {{0, 0}}, 2, dir.str()));
  auto r = runCpu(withPath("@model_path/../w.bin", off, f32), {{0, 0}}, 2,
                  dir.str());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("escapes"), std::string::npos)
      << r.error().message();
  EXPECT_FALSE(
      runCpu(withPath("/etc/passwd", off, f32), {{0, 0}}, 2, dir.str()));
  EXPECT_FALSE(runCpu(withPath("@model_path/missing.bin", off, f32), {{0, 0}},
                      2, dir.str()));
  EXPECT_FALSE(runCpu(withPath("@model_path/w.bin", 128, f32), {{0, 0}}, 2,
                      dir.str())); // no blob there (ANE-BLOB-OFFSET)
  EXPECT_FALSE(runCpu(withPath("@model_path/w.bin", off, "tensor<fp16, [2]>"),
                      {{0, 0}}, 2, dir.str())); // dtype mismatch
}

TEST(CpuDevice, OnlyFunctionNeedNotBeMain) {
  const std::string text =
      "program(1.3)\n{\n    func f<ios18>(tensor<fp32, [1]> x) {\n"
      "        tensor<fp32, [1]> y = neg(x=x)[name=string(\"y\")];\n"
      "    } -> (y);\n}\n";
  auto r = runCpu(text, {{3}}, 1);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {-3});
}

TEST(CpuDevice, BuffersAreReusedWithoutClobberingLiveValues) {
  // A chain where a dead value's buffer is reused while `x1` stays live.
  const std::string text = mil(
      "tensor<fp32, [4]> x",
      "        tensor<fp32, [4]> x1 = add(x=x, y=x)[name=string(\"x1\")];\n"
      "        tensor<fp32, [4]> a = mul(x=x1, y=x1)[name=string(\"a\")];\n"
      "        tensor<fp32, [4]> b = neg(x=a)[name=string(\"b\")];\n"
      "        tensor<fp32, [4]> c = exp(x=b)[name=string(\"c\")];\n"
      "        tensor<fp32, [4]> d = neg(x=c)[name=string(\"d\")];\n"
      "        tensor<fp32, [4]> out = add(x=d, y=x1)[name=string(\"out\")];\n",
      "out");
  auto r = runCpu(text, {{0, 0.5f, 1, 2}}, 4);
  ASSERT_TRUE(r) << r.error().message();
  // out = 2x - exp(-(2x)^2)
  expectNear(
      *r, {-1, 1 - std::exp(-1.0f), 2 - std::exp(-4.0f), 4 - std::exp(-16.0f)});
}

} // namespace

namespace {

TEST(CpuDevice, LargeTensorsTakeTheThreadedPaths) {
  // Big enough that elementwise ops, the channel reduction (outer = 1, so
  // split over inner), softmax and transpose all run on several threads;
  // each result is checked against a plain loop.
  constexpr int C = 64, S = 2048;
  const std::string T = "tensor<fp32, [1,64,1,2048]>";
  const std::string text = mil(
      T + " x",
      "        tensor<int32, [1]> ax = const()[name=string(\"ax\"), "
      "val=tensor<int32, [1]>([1])];\n"
      "        bool kd = const()[name=string(\"kd\"), val=bool(true)];\n"
      "        int32 sax = const()[name=string(\"sax\"), val=int32(1)];\n"
      "        tensor<int32, [4]> pm = const()[name=string(\"pm\"), "
      "val=tensor<int32, [4]>([0,3,2,1])];\n"
      "        " + T + " sq = mul(x=x, y=x)[name=string(\"sq\")];\n"
      "        tensor<fp32, [1,1,1,2048]> ss = reduce_sum(x=sq, axes=ax, "
      "keep_dims=kd)[name=string(\"ss\")];\n"
      "        " + T + " sm = softmax(axis=sax, x=x)[name=string(\"sm\")];\n"
      "        tensor<fp32, [1,2048,1,64]> tr = transpose(perm=pm, x=sq)"
      "[name=string(\"tr\")];\n",
      "ss, sm, tr");
  Floats x(C * S);
  for (int i = 0; i < C * S; ++i)
    x[size_t(i)] = float((i * 7919) % 101) / 50.0f - 1.0f;
  auto d = device("cpu");
  // Binding order: sm, ss, tr.
  auto r = run(*d, text, {x}, {size_t(C * S), size_t(S), size_t(C * S)});
  ASSERT_TRUE(r) << r.error().message();
  for (int s = 0; s < S; ++s) {
    double ss = 0, max = -1e30, sum = 0;
    for (int c = 0; c < C; ++c) {
      const float v = x[size_t(c * S + s)];
      ss += double(v) * v;
      max = std::max(max, double(v));
    }
    for (int c = 0; c < C; ++c)
      sum += std::exp(x[size_t(c * S + s)] - max);
    ASSERT_NEAR((*r)[1][size_t(s)], ss, 1e-3) << s;
    for (int c = 0; c < C; ++c) {
      const float v = x[size_t(c * S + s)];
      ASSERT_NEAR((*r)[0][size_t(c * S + s)], std::exp(v - max) / sum, 1e-6)
          << c << "," << s;
      ASSERT_EQ((*r)[2][size_t(s * C + c)], v * v) << c << "," << s;
    }
  }
}

} // namespace
