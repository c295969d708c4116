//===- CpuHalfGemmTest.cpp - fp16-weight kernels and their planning -------===//
//
// The same fp16-representable weights through the fp16-weight kernels and
// through the fp32-weight path (sgemm) agree to fp32 rounding, for odd
// sizes, every small column count (the GEMV path) and the blocked sgemm
// path, in both layouts. Through the cpu device: conv, linear and matmul
// read an fp16 BLOBFILE weight (directly or through a cast to fp32)
// without an fp32 copy, and anything else that reads it gets exact floats.
//
//===----------------------------------------------------------------------===//

#include "DeviceTestUtil.h"

#include "orion/devices/cpu/Kernels.h"
#include "orion/devices/cpu/Planner.h"

#include "orion/format/MILProgram.h"

#include <cmath>
#include <random>

using namespace orion::rt;
using namespace orion::rt::milast;
using namespace orion::rt::test;

namespace {

Floats randomFloats(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1, 1);
  Floats v(n);
  for (float &x : v)
    x = u(rng);
  return v;
}

std::vector<uint16_t> toHalves(const Floats &v) {
  std::vector<uint16_t> h(v.size());
  floatsToHalves(v.data(), h.data(), v.size());
  return h;
}

Floats toFloats(const std::vector<uint16_t> &h) {
  Floats v(h.size());
  halvesToFloats(h.data(), v.data(), h.size());
  return v;
}

/// max |a - b| / max |b|.
double relativeError(const Floats &a, const Floats &b) {
  double diff = 0, scale = 1e-30;
  for (size_t i = 0; i < a.size(); ++i) {
    diff = std::max(diff, std::fabs(double(a[i]) - double(b[i])));
    scale = std::max(scale, std::fabs(double(b[i])));
  }
  return diff / scale;
}

/// The fp32-weight result: sgemm over the fp16 weights' exact floats.
Floats fp32Reference(const cpu::HalfGemm &g, const Floats &w, const Floats &x,
                     const Floats &bias) {
  Floats out(size_t(g.n * g.s));
  if (g.channelMajor)
    cpu::gemm(false, false, g.n, g.s, g.k, 1, w.data(), g.k, x.data(), g.s, 0,
              out.data(), g.s);
  else
    cpu::gemm(false, true, g.s, g.n, g.k, 1, x.data(), g.k, w.data(), g.k, 0,
              out.data(), g.n);
  if (!bias.empty())
    for (int64_t r = 0; r < g.n; ++r)
      for (int64_t j = 0; j < g.s; ++j)
        out[size_t(g.channelMajor ? r * g.s + j : j * g.n + r)] += bias[size_t(r)];
  return out;
}

void checkKernel(int64_t n, int64_t k, int64_t s, bool channelMajor,
                 bool withBias, bool portable) {
  cpu::HalfGemm g;
  g.n = n;
  g.k = k;
  g.s = s;
  g.channelMajor = channelMajor;
  g.portable = portable;
  const auto halves = toHalves(randomFloats(size_t(n * k), unsigned(n + k)));
  const Floats w = toFloats(halves), x = randomFloats(size_t(k * s), 3);
  const Floats bias = withBias ? randomFloats(size_t(n), 4) : Floats();
  Floats out(size_t(n * s), NAN), scratch(std::max<size_t>(
                                      g.scratchElements(), 1));
  cpu::halfGemmKernel(g, halves.data(), x.data(),
                      withBias ? bias.data() : nullptr, out.data(),
                      scratch.data());
  EXPECT_LE(relativeError(out, fp32Reference(g, w, x, bias)), 1e-5)
      << "n " << n << " k " << k << " s " << s << " channel-major "
      << channelMajor << " bias " << withBias << " portable " << portable;
}

TEST(CpuHalfGemm, MatchesFp32WeightsForOddSizes) {
  // k tails of 1..7 past multiples of 8, row counts that are not multiples
  // of the 1-4 row tiles or the 16-row work items, S = 1..9 (the GEMV path
  // up to 8, sgemm blocks from 9) and 20.
  for (int64_t n : {1, 3, 17, 37})
    for (int64_t k : {1, 5, 8, 13, 16, 37, 100})
      for (int64_t s : {1, 2, 3, 4, 5, 6, 7, 8, 9, 20})
        for (bool channelMajor : {false, true}) {
          checkKernel(n, k, s, channelMajor, s % 2 == 1, false);
          checkKernel(n, k, s, channelMajor, s % 2 == 0, true);
        }
}

TEST(CpuHalfGemm, ManyRowBlocksAndThreads) {
  // GPT-2-like k: several 16-row work items per thread, and several sgemm
  // row blocks (2 MB of fp32 each) with a partial last one.
  for (int64_t s : {1, 4, 8, 12})
    for (bool channelMajor : {false, true})
      checkKernel(700, 768, s, channelMajor, true, false);
  checkKernel(1100, 1000, 9, false, false, false);
}

// --- Through the cpu device -------------------------------------------------

std::string shapeOf(std::initializer_list<int64_t> dims) {
  std::string s = "[";
  for (int64_t d : dims)
    s += (s.size() > 1 ? "," : "") + std::to_string(d);
  return s + "]";
}

/// A program whose weight `w` (of `wShape`) is a BLOBFILE const at `offset`:
/// fp16 (then cast to fp32 unless `direct`) or fp32, followed by `body`.
std::string withWeight(const std::string &inputs, const std::string &wShape,
                       const std::string &dtype, bool direct, uint64_t offset,
                       const std::string &body, const std::string &outputs) {
  const std::string wt = "tensor<" + dtype + ", " + wShape + ">";
  const std::string name = dtype == "fp16" && !direct ? "w16" : "w";
  std::string text = "        " + wt + " " + name + " = const()[name=string(\"" +
                     name + "\"), val=" + wt +
                     "(BLOBFILE(path=string(\"@model_path/weight.bin\"), "
                     "offset=uint64(" +
                     std::to_string(offset) + ")))];\n";
  if (name == "w16")
    text += "        string to32 = const()[name=string(\"to32\"), "
            "val=string(\"fp32\")];\n"
            "        tensor<fp32, " +
            wShape +
            "> w = cast(dtype=to32, x=w16)[name=string(\"w\")];\n";
  return mil(inputs, text + body, outputs);
}

/// Writes `w` both ways; offsets of the fp16 and the fp32 blob.
std::pair<uint64_t, uint64_t> writeWeights(const TempDir &dir,
                                           const std::vector<uint16_t> &h) {
  BlobFileWriter bw;
  const Floats f = toFloats(h);
  const uint64_t o16 = bw.add(DType::F16, h.data(), h.size() * 2);
  const uint64_t o32 = bw.add(DType::F32, f.data(), f.size() * 4);
  EXPECT_TRUE(bw.writeTo(dir.str() + "/weight.bin"));
  return {o16, o32};
}

const std::string kConvArgs =
    "        string pt = const()[name=string(\"pt\"), val=string(\"valid\")];\n"
    "        tensor<int32, [2]> st = const()[name=string(\"st\"), "
    "val=tensor<int32, [2]>([1,1])];\n"
    "        tensor<int32, [4]> pd = const()[name=string(\"pd\"), "
    "val=tensor<int32, [4]>([0,0,0,0])];\n"
    "        tensor<int32, [2]> dl = const()[name=string(\"dl\"), "
    "val=tensor<int32, [2]>([1,1])];\n"
    "        int32 gr = const()[name=string(\"gr\"), val=int32(1)];\n";

TEST(CpuHalfGemm, ConvLinearMatmulWithFp16WeightsMatchFp32Weights) {
  constexpr int64_t N = 21, K = 45;
  TempDir dir;
  const auto h = toHalves(randomFloats(N * K, 11));
  const auto offsets = writeWeights(dir, h);
  const uint64_t o16 = offsets.first, o32 = offsets.second;
  for (int64_t s : {1, 3, 8, 12}) {
    // Each program three ways: fp16 + cast, fp16 used directly, fp32.
    auto check = [&](const std::string &inputs, const std::string &wShape,
                     const std::string &body, size_t xSize, size_t outSize) {
      const Floats x = randomFloats(xSize, unsigned(s));
      auto r32 = runCpu(withWeight(inputs, wShape, "fp32", false, o32, body,
                                   "out"),
                        {x}, outSize, dir.str());
      ASSERT_TRUE(r32) << r32.error().message();
      for (bool direct : {false, true}) {
        auto r16 = runCpu(withWeight(inputs, wShape, "fp16", direct, o16,
                                     body, "out"),
                          {x}, outSize, dir.str());
        ASSERT_TRUE(r16) << r16.error().message();
        EXPECT_LE(relativeError(*r16, *r32), 1e-5)
            << body << " S=" << s << " direct " << direct;
      }
    };
    const size_t sk = size_t(s * K), sn = size_t(s * N);
    check("tensor<fp32, " + shapeOf({1, K, 1, s}) + "> x",
          shapeOf({N, K, 1, 1}),
          kConvArgs + "        tensor<fp32, " + shapeOf({1, N, 1, s}) +
              "> out = conv(dilations=dl, groups=gr, pad=pd, pad_type=pt, "
              "strides=st, weight=w, x=x)[name=string(\"out\")];\n",
          sk, sn);
    check("tensor<fp32, " + shapeOf({s, K}) + "> x", shapeOf({N, K}),
          "        tensor<fp32, " + shapeOf({s, N}) +
              "> out = linear(weight=w, x=x)[name=string(\"out\")];\n",
          sk, sn);
    // Two batches of x against one weight: the batches are more rows.
    check("tensor<fp32, " + shapeOf({2, s, K}) + "> x", shapeOf({N, K}),
          "        bool f = const()[name=string(\"f\"), val=bool(false)];\n"
          "        bool t = const()[name=string(\"t\"), val=bool(true)];\n"
          "        tensor<fp32, " +
              shapeOf({2, s, N}) +
              "> out = matmul(transpose_x=f, transpose_y=t, x=x, "
              "y=w)[name=string(\"out\")];\n",
          2 * sk, 2 * sn);
    // x [s, N] @ w [N, K] (no transpose) reads fp32 weights.
    check("tensor<fp32, " + shapeOf({s, N}) + "> x", shapeOf({N, K}),
          "        bool f = const()[name=string(\"f\"), val=bool(false)];\n"
          "        tensor<fp32, " +
              shapeOf({s, K}) +
              "> out = matmul(transpose_x=f, transpose_y=f, x=x, "
              "y=w)[name=string(\"out\")];\n",
          sn, sk);
  }
}

TEST(CpuHalfGemm, OtherOpsReadExactFloats) {
  // The cast weight read by an add, and returned: exactly the fp16 values.
  constexpr int64_t N = 3, K = 5;
  TempDir dir;
  const auto h = toHalves(randomFloats(N * K, 5));
  const Floats w = toFloats(h);
  const auto offsets = writeWeights(dir, h);
  const std::string body = "        tensor<fp32, [3,5]> out = add(x=x, "
                           "y=w)[name=string(\"out\")];\n";
  auto r = runCpu(withWeight("tensor<fp32, [3,5]> x", "[3,5]", "fp16", false,
                             offsets.first, body, "out"),
                  {Floats(N * K, 0.0f)}, N * K, dir.str());
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(*r, w);
  r = runCpu(withWeight("tensor<fp32, [3,5]> x", "[3,5]", "fp16", false,
                        offsets.first, "", "w"),
             {Floats(N * K, 0.0f)}, N * K, dir.str());
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(*r, w);
}

TEST(CpuHalfGemm, PlanHoldsNoFp32CopyOfTheWeight) {
  // A 256x512 weight next to 512-float activations: no buffer of the plan
  // may be weight-sized.
  constexpr int64_t N = 256, K = 512;
  TempDir dir;
  const auto h = toHalves(randomFloats(N * K, 9));
  const auto offsets = writeWeights(dir, h);
  const std::string text = withWeight(
      "tensor<fp32, " + shapeOf({1, K, 1, 1}) + "> x", shapeOf({N, K, 1, 1}),
      "fp16", false, offsets.first,
      kConvArgs + "        tensor<fp32, " + shapeOf({1, N, 1, 1}) +
          "> out = conv(dilations=dl, groups=gr, pad=pd, pad_type=pt, "
          "strides=st, weight=w, x=x)[name=string(\"out\")];\n",
      "out");
  auto program = parseMIL(text, "model.mil");
  ASSERT_TRUE(program) << program.error().message();
  auto plan = cpu::buildPlan(program->functions[0], dir.str(), "model.mil",
                             cpu::PlanOptions());
  ASSERT_TRUE(plan) << plan.error().message();
  for (const std::vector<float> &slot : (*plan)->slots)
    EXPECT_LE(slot.size(), size_t(K)) << "a buffer of " << slot.size();
}

} // namespace
