//===- CpuElementwiseTest.cpp - cpu device: elementwise ops ---------------===//
//
// Expected values are worked out by hand (or with a calculator for the
// transcendental ones), never produced by the device itself.
//
//===----------------------------------------------------------------------===//

#include "DeviceTestUtil.h"

#include <cmath>
#include <limits>

using namespace orion::rt;
using namespace orion::rt::test;

namespace {

// `out = OP(x=x, y=y)` over fp32 tensors of the given shapes.
std::string binary(const std::string &op, const std::string &xs,
                   const std::string &ys, const std::string &outs) {
  return mil("tensor<fp32, " + xs + "> x, tensor<fp32, " + ys + "> y",
             "        tensor<fp32, " + outs + "> out = " + op +
                 "(x=x, y=y)[name=string(\"out\")];\n",
             "out");
}

TEST(CpuElementwise, AddBroadcastsTrailingDim) {
  auto r = runCpu(binary("add", "[2,3]", "[3]", "[2,3]"),
                  {{1, 2, 3, 4, 5, 6}, {10, 20, 30}}, 6);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {11, 22, 33, 14, 25, 36});
}

TEST(CpuElementwise, AddBroadcastsBothOperands) {
  // [2,1] + [1,3] -> [2,3]: out[i][j] = x[i] + y[j].
  auto r = runCpu(binary("add", "[2,1]", "[1,3]", "[2,3]"),
                  {{1, 2}, {10, 20, 30}}, 6);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {11, 21, 31, 12, 22, 32});
}

TEST(CpuElementwise, ChannelBroadcastLikeRMSNormWeight) {
  // [1,2,1,3] * [1,2,1,1]: every channel scaled by its weight.
  auto r = runCpu(binary("mul", "[1,2,1,3]", "[1,2,1,1]", "[1,2,1,3]"),
                  {{1, 2, 3, 4, 5, 6}, {10, -1}}, 6);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {10, 20, 30, -4, -5, -6});
}

TEST(CpuElementwise, SubMulRealDivPowMaxMin) {
  const Floats x = {1, 2, 3, 4}, y = {2, 2, 0.5f, 8};
  struct Case {
    const char *op;
    Floats expected;
  } cases[] = {
      {"sub", {-1, 0, 2.5f, -4}},       {"mul", {2, 4, 1.5f, 32}},
      {"real_div", {0.5f, 1, 6, 0.5f}}, {"pow", {1, 4, 1.7320508f, 65536}},
      {"maximum", {2, 2, 3, 8}},        {"minimum", {1, 2, 0.5f, 4}},
  };
  for (const Case &c : cases) {
    auto r = runCpu(binary(c.op, "[4]", "[4]", "[4]"), {x, y}, 4);
    ASSERT_TRUE(r) << c.op << ": " << r.error().message();
    expectNear(*r, c.expected, 1e-5f);
  }
}

TEST(CpuElementwise, ScalarConstOperandLikeRMSNormPow) {
  // pow(x, -0.5) with a named fp32 scalar const, as mechramc/Orion's
  // RMSNorm.
  const std::string text = mil(
      "tensor<fp32, [3]> x",
      "        fp32 nh = const()[name=string(\"nh\"), val=fp32(-0.5)];\n"
      "        tensor<fp32, [3]> out = pow(x=x, y=nh)[name=string(\"out\")];\n",
      "out");
  auto r = runCpu(text, {{4, 16, 0.25f}}, 3);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {0.5f, 0.25f, 2});
}

TEST(CpuElementwise, ShapesThatDoNotBroadcastFailAtLoad) {
  auto r = runCpu(binary("add", "[2,3]", "[2]", "[2,3]"), {{}, {}}, 6);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("do not broadcast"), std::string::npos)
      << r.error().message();
  EXPECT_NE(r.error().message().find("model.mil:4:"), std::string::npos)
      << r.error().message();
}

TEST(CpuElementwise, DeclaredShapeMustMatchComputedShape) {
  auto r = runCpu(binary("add", "[2,3]", "[3]", "[3,2]"), {{}, {}}, 6);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("declared [3,2]"), std::string::npos)
      << r.error().message();
}

// `out = OP(x=x)` (plus extra args) over fp32 [n].
std::string unary(const std::string &call, size_t n,
                  const std::string &consts = "") {
  const std::string t = "tensor<fp32, [" + std::to_string(n) + "]>";
  return mil(t + " x",
             consts + "        " + t + " out = " + call +
                 "[name=string(\"out\")];\n",
             "out");
}

TEST(CpuElementwise, UnaryOps) {
  const Floats x = {-1, 0, 0.5f, 4};
  struct Case {
    const char *call;
    Floats expected;
  } cases[] = {
      {"exp(x=x)", {0.36787944f, 1, 1.6487213f, 54.59815f}},
      {"tanh(x=x)", {-0.7615942f, 0, 0.46211716f, 0.9993293f}},
      {"sigmoid(x=x)", {0.26894142f, 0.5f, 0.62245933f, 0.98201379f}},
      {"relu(x=x)", {0, 0, 0.5f, 4}},
      {"neg(x=x)", {1, 0, -0.5f, -4}},
      {"identity(x=x)", {-1, 0, 0.5f, 4}},
      {"erf(x=x)", {-0.84270079f, 0, 0.52049988f, 1}},
      {"silu(x=x)", {-0.26894142f, 0, 0.31122967f, 3.92805516f}},
  };
  for (const Case &c : cases) {
    auto r = runCpu(unary(c.call, 4), {x}, 1 * 4);
    ASSERT_TRUE(r) << c.call << ": " << r.error().message();
    expectNear(*r, c.expected, 1e-5f);
  }
}

TEST(CpuElementwise, EpsilonOps) {
  const Floats x = {1, 4, 0.25f};
  // Defaults: log 1e-45, rsqrt 1e-12, inverse 1e-4.
  auto r = runCpu(unary("log(x=x)", 3), {x}, 3);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {0, 1.3862944f, -1.3862944f}, 1e-6f);
  r = runCpu(unary("sqrt(x=x)", 3), {x}, 3);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {1, 2, 0.5f});
  r = runCpu(unary("rsqrt(x=x)", 3), {x}, 3);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {1, 0.5f, 2}, 1e-6f);
  r = runCpu(unary("inverse(x=x)", 3), {x}, 3);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {1 / 1.0001f, 1 / 4.0001f, 1 / 0.2501f}, 1e-6f);
  // An explicit epsilon const is added before the op.
  const std::string eps =
      "        fp32 e = const()[name=string(\"e\"), val=fp32(0.75)];\n";
  r = runCpu(unary("rsqrt(epsilon=e, x=x)", 3, eps), {x}, 3);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {1 / std::sqrt(1.75f), 1 / std::sqrt(4.75f), 1}, 1e-6f);
  r = runCpu(unary("inverse(epsilon=e, x=x)", 3, eps), {x}, 3);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {1 / 1.75f, 1 / 4.75f, 1}, 1e-6f);
  r = runCpu(unary("log(epsilon=e, x=x)", 3, eps), {x}, 3);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {std::log(1.75f), std::log(4.75f), 0}, 1e-6f);
}

TEST(CpuElementwise, GeluModes) {
  const Floats x = {1, -0.5f};
  struct Case {
    const char *mode;
    Floats expected;
  } cases[] = {
      {nullptr, {0.84134475f, -0.15426877f}}, // default EXACT
      {"EXACT", {0.84134475f, -0.15426877f}},
      {"TANH_APPROXIMATION", {0.84119199f, -0.15428599f}},
      {"SIGMOID_APPROXIMATION", {0.84579577f, -0.14961156f}},
  };
  for (const Case &c : cases) {
    std::string consts, call = "gelu(x=x)";
    if (c.mode) {
      consts = std::string("        string m = const()[name=string(\"m\"), "
                           "val=string(\"") +
               c.mode + "\")];\n";
      call = "gelu(mode=m, x=x)";
    }
    auto r = runCpu(unary(call, 2, consts), {x}, 2);
    ASSERT_TRUE(r) << r.error().message();
    expectNear(*r, c.expected, 1e-6f);
  }
}

TEST(CpuElementwise, SelectBroadcastsCondition) {
  const std::string text =
      mil("tensor<fp32, [2,3]> a, tensor<fp32, [2,3]> b",
          "        tensor<bool, [3]> c = const()[name=string(\"c\"), "
          "val=tensor<bool, [3]>([true,false,true])];\n"
          "        tensor<fp32, [2,3]> out = select(a=a, b=b, cond=c)"
          "[name=string(\"out\")];\n",
          "out");
  auto r = runCpu(text, {{1, 2, 3, 4, 5, 6}, {-1, -2, -3, -4, -5, -6}}, 6);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {1, -2, 3, 4, -5, 6});
}

TEST(CpuElementwise, NaNPropagatesWithoutCrashing) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (const char *call :
       {"relu(x=x)", "exp(x=x)", "sigmoid(x=x)", "gelu(x=x)", "rsqrt(x=x)"}) {
    auto r = runCpu(unary(call, 2), {{nan, 1}}, 2);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_TRUE(std::isnan((*r)[0])) << call;
    EXPECT_FALSE(std::isnan((*r)[1])) << call;
  }
  for (const char *op : {"maximum", "minimum", "add"}) {
    auto r = runCpu(binary(op, "[2]", "[2]", "[2]"), {{nan, 1}, {1, nan}}, 2);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_TRUE(std::isnan((*r)[0]) && std::isnan((*r)[1])) << op;
  }
}

} // namespace
