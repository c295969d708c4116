//===- CpuReductionTest.cpp - cpu device: reduce_*, softmax, layer_norm ---===//

#include "DeviceTestUtil.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace orion::rt;
using namespace orion::rt::test;

namespace {

// `out = OP(x=x, axes=ax, keep_dims=kd)` on x [2,3] = 1..6 (or `shape`).
std::string reduce(const std::string &op, const std::string &axes, bool keep,
                   const std::string &outShape,
                   const std::string &shape = "[2,3]") {
  std::string body;
  std::string args = "x=x";
  if (!axes.empty()) {
    size_t n = 1 + size_t(std::count(axes.begin(), axes.end(), ','));
    body += "        tensor<int32, [" + std::to_string(n) +
            "]> ax = const()[name=string(\"ax\"), val=tensor<int32, [" +
            std::to_string(n) + "]>([" + axes + "])];\n";
    args += ", axes=ax";
  }
  body += std::string("        bool kd = const()[name=string(\"kd\"), "
                      "val=bool(") +
          (keep ? "true" : "false") + ")];\n";
  args += ", keep_dims=kd";
  body += "        tensor<fp32, " + outShape + "> out = " + op + "(" + args +
          ")[name=string(\"out\")];\n";
  return mil("tensor<fp32, " + shape + "> x", body, "out");
}

const Floats k123456 = {1, 2, 3, 4, 5, 6};

TEST(CpuReduction, SumKeepDims) {
  auto r = runCpu(reduce("reduce_sum", "1", true, "[2,1]"), {k123456}, 2);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {6, 15});
}

TEST(CpuReduction, MeanNegativeAxisDropsDim) {
  auto r = runCpu(reduce("reduce_mean", "-1", false, "[2]"), {k123456}, 2);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {2, 5});
}

TEST(CpuReduction, MaxAndMinOverFirstAxis) {
  auto r =
      runCpu(reduce("reduce_max", "0", false, "[3]"), {{1, 9, 3, 4, 5, -6}}, 3);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {4, 9, 3});
  r = runCpu(reduce("reduce_min", "-2", true, "[1,3]"), {{1, 9, 3, 4, 5, -6}},
             3);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {1, 5, -6});
}

TEST(CpuReduction, DefaultAxesReduceEverything) {
  auto r = runCpu(reduce("reduce_sum", "", true, "[1,1]"), {k123456}, 1);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {21});
}

TEST(CpuReduction, NonContiguousAxes) {
  // x [2,3,2] = 0..11; sum over axes 0 and 2 -> [3]:
  // j=0: 0+1+6+7 = 14, j=1: 2+3+8+9 = 22, j=2: 4+5+10+11 = 30.
  Floats x(12);
  for (int i = 0; i < 12; ++i)
    x[size_t(i)] = float(i);
  auto r =
      runCpu(reduce("reduce_sum", "0,-1", false, "[3]", "[2,3,2]"), {x}, 3);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {14, 22, 30});
}

TEST(CpuReduction, ChannelAxisOfANELayout) {
  // [1,3,1,2]: sum over channels per sequence position, as RMSNorm does.
  auto r = runCpu(reduce("reduce_sum", "1", true, "[1,1,1,2]", "[1,3,1,2]"),
                  {k123456}, 2);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {9, 12});
}

TEST(CpuReduction, RepeatedOrOutOfRangeAxisIsAnError) {
  EXPECT_FALSE(
      runCpu(reduce("reduce_sum", "1,-1", false, "[2]"), {k123456}, 2));
  EXPECT_FALSE(runCpu(reduce("reduce_sum", "2", false, "[2]"), {k123456}, 2));
}

TEST(CpuReduction, MaxPropagatesNaN) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  auto r = runCpu(reduce("reduce_max", "1", false, "[2]"),
                  {{1, nan, 3, 4, 5, 6}}, 2);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_TRUE(std::isnan((*r)[0]));
  EXPECT_EQ((*r)[1], 6);
}

std::string softmax(int axis) {
  return mil("tensor<fp32, [2,3]> x",
             "        int32 ax = const()[name=string(\"ax\"), val=int32(" +
                 std::to_string(axis) +
                 ")];\n"
                 "        tensor<fp32, [2,3]> out = softmax(axis=ax, x=x)"
                 "[name=string(\"out\")];\n",
             "out");
}

TEST(CpuReduction, SoftmaxLastAxis) {
  // softmax([0,1,2]) = e^i / (1 + e + e^2).
  const Floats p = {0.09003057f, 0.24472847f, 0.66524096f};
  auto r = runCpu(softmax(-1), {{0, 1, 2, 5, 5, 5}}, 6);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {p[0], p[1], p[2], 1.f / 3, 1.f / 3, 1.f / 3});
}

TEST(CpuReduction, SoftmaxFirstAxis) {
  // Columns (0, ln 3): 1/4 and 3/4.
  const float l3 = std::log(3.0f);
  auto r = runCpu(softmax(0), {{0, 0, 1, l3, 0, 1}}, 6);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {0.25f, 0.5f, 0.5f, 0.75f, 0.5f, 0.5f});
}

TEST(CpuReduction, SoftmaxIsStableForLargeInputs) {
  // exp(1000) overflows fp32; the max-subtracted form gives the same as
  // softmax([0,1,2]).
  auto r = runCpu(softmax(-1), {{1000, 1001, 1002, -1e30f, 0, 80}}, 6);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {0.09003057f, 0.24472847f, 0.66524096f, 0, 1.8048514e-35f, 1});
}

TEST(CpuReduction, LayerNormWithGammaBeta) {
  // Row [1,2,3,4]: mean 2.5, var 1.25, (x-2.5)/sqrt(1.25) =
  // [-1.3416408, -0.4472136, 0.4472136, 1.3416408]; row [2,2,2,2] -> 0.
  const std::string text =
      mil("tensor<fp32, [2,4]> x",
          "        tensor<int32, [1]> ax = const()[name=string(\"ax\"), "
          "val=tensor<int32, [1]>([-1])];\n"
          "        tensor<fp32, [4]> g = const()[name=string(\"g\"), "
          "val=tensor<fp32, [4]>([1,2,1,2])];\n"
          "        tensor<fp32, [4]> b = const()[name=string(\"b\"), "
          "val=tensor<fp32, [4]>([0,0,10,10])];\n"
          "        fp32 e = const()[name=string(\"e\"), val=fp32(0)];\n"
          "        tensor<fp32, [2,4]> out = layer_norm(axes=ax, beta=b, "
          "epsilon=e, gamma=g, x=x)[name=string(\"out\")];\n",
          "out");
  auto r = runCpu(text, {{1, 2, 3, 4, 2, 2, 2, 2}}, 8);
  ASSERT_TRUE(r) << r.error().message();
  // 0/sqrt(0) is NaN for the constant row with epsilon 0; check row 0, and
  // row 1 separately with the default epsilon below.
  expectNear(Floats(r->begin(), r->begin() + 4),
             {-1.3416408f, -0.8944272f, 10.4472136f, 12.6832816f}, 1e-5f);
}

TEST(CpuReduction, LayerNormDefaultsNormalizeEverything) {
  // No axes/gamma/beta: over all 4 elements; epsilon 1e-5.
  const std::string text =
      mil("tensor<fp32, [2,2]> x",
          "        tensor<fp32, [2,2]> out = layer_norm(x=x)"
          "[name=string(\"out\")];\n",
          "out");
  auto r = runCpu(text, {{1, 2, 3, 4}}, 4);
  ASSERT_TRUE(r) << r.error().message();
  const float s = 1.0f / std::sqrt(1.25f + 1e-5f);
  expectNear(*r, {-1.5f * s, -0.5f * s, 0.5f * s, 1.5f * s}, 1e-6f);
}

} // namespace
