//===- CpuGemmTest.cpp - cpu device: matmul, linear, conv, attention ------===//

#include "DeviceTestUtil.h"

#include <algorithm>

using namespace orion::rt;
using namespace orion::rt::test;

namespace {

std::string boolConst(const std::string &name, bool v) {
  return "        bool " + name + " = const()[name=string(\"" + name +
         "\"), val=bool(" + (v ? "true" : "false") + ")];\n";
}

std::string matmul(const std::string &xs, const std::string &ys,
                   const std::string &outs, bool tx, bool ty) {
  return mil("tensor<fp32, " + xs + "> x, tensor<fp32, " + ys + "> y",
             boolConst("tx", tx) + boolConst("ty", ty) +
                 "        tensor<fp32, " + outs +
                 "> out = matmul(transpose_x=tx, transpose_y=ty, x=x, y=y)"
                 "[name=string(\"out\")];\n",
             "out");
}

// x [2,3] = 1..6, y [3,2] = 7..12: x@y = [[58,64],[139,154]].
const Floats kX = {1, 2, 3, 4, 5, 6}, kY = {7, 8, 9, 10, 11, 12};

TEST(CpuGemm, Matmul) {
  auto r = runCpu(matmul("[2,3]", "[3,2]", "[2,2]", false, false), {kX, kY}, 4);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {58, 64, 139, 154});
}

TEST(CpuGemm, MatmulTransposes) {
  // x^T stored as [3,2] (= transpose of kX), y^T stored as [2,3].
  const Floats xt = {1, 4, 2, 5, 3, 6}, yt = {7, 9, 11, 8, 10, 12};
  auto r = runCpu(matmul("[3,2]", "[3,2]", "[2,2]", true, false), {xt, kY}, 4);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {58, 64, 139, 154});
  r = runCpu(matmul("[2,3]", "[2,3]", "[2,2]", false, true), {kX, yt}, 4);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {58, 64, 139, 154});
  r = runCpu(matmul("[3,2]", "[2,3]", "[2,2]", true, true), {xt, yt}, 4);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {58, 64, 139, 154});
}

TEST(CpuGemm, MatmulBatchBroadcast) {
  // x [2,1,2,3] (batch 0 = kX, batch 1 = 2*kX) times y [3,3,2]: the 3
  // batches of y are kY, kY, -kY -> out [2,3,2,2].
  Floats x = kX, y;
  for (float v : kX)
    x.push_back(2 * v);
  for (float s : {1.f, 1.f, -1.f})
    for (float v : kY)
      y.push_back(s * v);
  auto r = runCpu(matmul("[2,1,2,3]", "[3,3,2]", "[2,3,2,2]", false, false),
                  {x, y}, 24);
  ASSERT_TRUE(r) << r.error().message();
  const Floats base = {58, 64, 139, 154};
  Floats expected;
  for (float bx : {1.f, 2.f})
    for (float by : {1.f, 1.f, -1.f})
      for (float v : base)
        expected.push_back(bx * by * v);
  expectNear(*r, expected);
}

TEST(CpuGemm, MatmulRankOneOperands) {
  // [3] @ [3,2] -> [2]; [2,3] @ [3] -> [2].
  auto r =
      runCpu(matmul("[3]", "[3,2]", "[2]", false, false), {{1, 2, 3}, kY}, 2);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {58, 64});
  r = runCpu(matmul("[2,3]", "[3]", "[2]", false, false), {kX, {1, 0, -1}}, 2);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {-2, -2});
}

// Decode-shaped batched products (3 rows per batch, k = 19: not a multiple
// of the 8 partial sums) take the pool's plain loops; both forms of y agree
// with a plain triple loop.
TEST(CpuGemm, MatmulFewRowsMatchesPlainLoops) {
  const int64_t B = 5, M = 3, K = 19, N = 7;
  Floats x(B * M * K), y(B * K * N), yt(B * N * K);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = float(int(i * 37 % 23) - 11) / 8;
  for (int64_t b = 0; b < B; ++b)
    for (int64_t k = 0; k < K; ++k)
      for (int64_t n = 0; n < N; ++n) {
        float v = float(int((b * 131 + k * 17 + n * 7) % 29) - 14) / 16;
        y[(b * K + k) * N + n] = v;
        yt[(b * N + n) * K + k] = v;
      }
  Floats want(B * M * N, 0.0f);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t m = 0; m < M; ++m)
      for (int64_t n = 0; n < N; ++n)
        for (int64_t k = 0; k < K; ++k)
          want[(b * M + m) * N + n] +=
              x[(b * M + m) * K + k] * y[(b * K + k) * N + n];
  auto r = runCpu(matmul("[5,3,19]", "[5,19,7]", "[5,3,7]", false, false),
                  {x, y}, want.size());
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, want);
  r = runCpu(matmul("[5,3,19]", "[5,7,19]", "[5,3,7]", false, true), {x, yt},
             want.size());
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, want);
}

TEST(CpuGemm, MatmulInnerDimMismatchFails) {
  auto r = runCpu(matmul("[2,3]", "[2,2]", "[2,2]", false, false), {kX, kX}, 4);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("inner dims"), std::string::npos);
}

TEST(CpuGemm, LinearWithBias) {
  // x [2,3] @ W^T with W [2,3] = [[1,0,1],[0,1,0]] plus bias [10,20].
  const std::string text =
      mil("tensor<fp32, [2,3]> x",
          "        tensor<fp32, [2,3]> w = const()[name=string(\"w\"), "
          "val=tensor<fp32, [2,3]>([1,0,1,0,1,0])];\n"
          "        tensor<fp32, [2]> b = const()[name=string(\"b\"), "
          "val=tensor<fp32, [2]>([10,20])];\n"
          "        tensor<fp32, [2,2]> out = linear(bias=b, weight=w, x=x)"
          "[name=string(\"out\")];\n",
          "out");
  auto r = runCpu(text, {kX}, 4);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {14, 22, 20, 25});
}

// conv with the five named consts mechramc/Orion emits; `w` is a literal.
std::string conv(const std::string &xs, const std::string &ws,
                 const std::string &wv, const std::string &outs,
                 const std::string &padType, const std::string &pad,
                 const std::string &strides, const std::string &dil, int groups,
                 const std::string &extra = "",
                 const std::string &extraArg = "") {
  const size_t sp = 1 + size_t(std::count(strides.begin(), strides.end(), ','));
  const std::string t2 = "tensor<int32, [" + std::to_string(sp) + "]>",
                    t4 = "tensor<int32, [" + std::to_string(2 * sp) + "]>";
  return mil(
      "tensor<fp32, " + xs + "> x",
      "        tensor<fp32, " + ws +
          "> w = const()[name=string(\"w\"), "
          "val=tensor<fp32, " +
          ws + ">([" + wv +
          "])];\n"
          "        string pt = const()[name=string(\"pt\"), val=string(\"" +
          padType +
          "\")];\n"
          "        " +
          t2 + " st = const()[name=string(\"st\"), val=" + t2 + "([" + strides +
          "])];\n"
          "        " +
          t4 + " pd = const()[name=string(\"pd\"), val=" + t4 + "([" + pad +
          "])];\n"
          "        " +
          t2 + " dl = const()[name=string(\"dl\"), val=" + t2 + "([" + dil +
          "])];\n"
          "        int32 gr = const()[name=string(\"gr\"), val=int32(" +
          std::to_string(groups) + ")];\n" + extra + "        tensor<fp32, " +
          outs + "> out = conv(" + extraArg +
          "dilations=dl, groups=gr, pad=pd, pad_type=pt, strides=st, "
          "weight=w, x=x)[name=string(\"out\")];\n",
      "out");
}

TEST(CpuGemm, Conv1x1IsAMatmulOverChannels) {
  // x [1,3,1,2] (channels rows), W [2,3,1,1] = [[1,2,3],[-1,0,1]].
  auto r = runCpu(conv("[1,3,1,2]", "[2,3,1,1]", "1,2,3,-1,0,1", "[1,2,1,2]",
                       "valid", "0,0,0,0", "1,1", "1,1", 1),
                  {{1, 2, 3, 4, 5, 6}}, 4);
  ASSERT_TRUE(r) << r.error().message();
  // out[0][s] = x0 + 2 x1 + 3 x2: s=0: 1+6+15 = 22, s=1: 2+8+18 = 28;
  // out[1][s] = x2 - x0: 4, 4.
  expectNear(*r, {22, 28, 4, 4});
}

const Floats k1to9 = {1, 2, 3, 4, 5, 6, 7, 8, 9};
const std::string kOnes9 = "1,1,1,1,1,1,1,1,1";

TEST(CpuGemm, Conv3x3WithPaddingAndStride) {
  // 3x3 box sum of 1..9 with 1-pixel zero padding.
  auto r = runCpu(conv("[1,1,3,3]", "[1,1,3,3]", kOnes9, "[1,1,3,3]", "custom",
                       "1,1,1,1", "1,1", "1,1", 1),
                  {k1to9}, 9);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {12, 21, 16, 27, 45, 33, 24, 39, 28});
  r = runCpu(conv("[1,1,3,3]", "[1,1,3,3]", kOnes9, "[1,1,2,2]", "custom",
                  "1,1,1,1", "2,2", "1,1", 1),
             {k1to9}, 4);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {12, 16, 24, 28});
  r = runCpu(conv("[1,1,3,3]", "[1,1,3,3]", kOnes9, "[1,1,1,1]", "valid",
                  "0,0,0,0", "1,1", "1,1", 1),
             {k1to9}, 1);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {45});
  // "same" with stride 1 pads 1 on every side: the first result again.
  r = runCpu(conv("[1,1,3,3]", "[1,1,3,3]", kOnes9, "[1,1,3,3]", "same",
                  "0,0,0,0", "1,1", "1,1", 1),
             {k1to9}, 9);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {12, 21, 16, 27, 45, 33, 24, 39, 28});
}

TEST(CpuGemm, ConvAsymmetricPadding) {
  // Only a left pad of 2 on x [1,1,1,3] with kernel [1,1]:
  // padded row = [0,0,1,2,3], kernel (1,1) -> [0,1,3,5].
  auto r = runCpu(conv("[1,1,1,3]", "[1,1,1,2]", "1,1", "[1,1,1,4]", "custom",
                       "0,0,2,0", "1,1", "1,1", 1),
                  {{1, 2, 3}}, 4);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {0, 1, 3, 5});
}

TEST(CpuGemm, ConvGroupsAndDilation) {
  // groups=2: channel 0 scaled by 2, channel 1 by 3.
  auto r = runCpu(conv("[1,2,1,2]", "[2,1,1,1]", "2,3", "[1,2,1,2]", "valid",
                       "0,0,0,0", "1,1", "1,1", 2),
                  {{1, 2, 3, 4}}, 4);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {2, 4, 9, 12});
  // Dilation 2 along W: out[i] = x[i] + x[i+2].
  r = runCpu(conv("[1,1,1,5]", "[1,1,1,2]", "1,1", "[1,1,1,3]", "valid",
                  "0,0,0,0", "1,1", "1,2", 1),
             {{1, 2, 3, 4, 5}}, 3);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {4, 6, 8});
}

TEST(CpuGemm, Conv1DSameLowerWithStrideAndBias) {
  // x [1,1,4] = 1..4, kernel [1,1,2] = [1,10], stride 2, same_lower:
  // out = ceil(4/2) = 2, total pad = (2-1)*2 + 2 - 4 = 0 -> [1+20, 3+40].
  const std::string bias =
      "        tensor<fp32, [1]> b = const()[name=string(\"b\"), "
      "val=tensor<fp32, [1]>([0.5])];\n";
  auto r = runCpu(conv("[1,1,4]", "[1,1,2]", "1,10", "[1,1,2]", "same_lower",
                       "0,0", "2", "1", 1, bias, "bias=b, "),
                  {{1, 2, 3, 4}}, 2);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {21.5f, 43.5f});
  // Stride 1 same_lower on 3 elements with a 2-tap kernel pads 1 before.
  r = runCpu(conv("[1,1,3]", "[1,1,2]", "1,10", "[1,1,3]", "same_lower", "0,0",
                  "1", "1", 1),
             {{1, 2, 3}}, 3);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {10, 21, 32});
}

TEST(CpuGemm, ScaledDotProductAttention) {
  // q = k = I (E = 2), v = [[1,2],[3,4]]: softmax(I/sqrt 2) rows are
  // (p, 1-p) with p = e^.7071/(e^.7071 + 1) = 0.66976155.
  const std::string decl = "tensor<fp32, [1,2,2]> k, tensor<fp32, [1,2,2]> q, "
                           "tensor<fp32, [1,2,2]> v";
  const std::string plain =
      mil(decl,
          "        tensor<fp32, [1,2,2]> out = scaled_dot_product_attention("
          "key=k, query=q, value=v)[name=string(\"out\")];\n",
          "out");
  const Floats eye = {1, 0, 0, 1}, v = {1, 2, 3, 4};
  auto r = runCpu(plain, {eye, eye, v}, 4);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {1.6604769f, 2.6604769f, 2.3395231f, 3.3395231f}, 1e-5f);
  // A causal bool mask hides key 1 from query 0.
  const std::string masked =
      mil(decl,
          "        tensor<bool, [2,2]> m = const()[name=string(\"m\"), "
          "val=tensor<bool, [2,2]>([true,false,true,true])];\n"
          "        tensor<fp32, [1,2,2]> out = scaled_dot_product_attention("
          "attn_mask=m, key=k, query=q, value=v)[name=string(\"out\")];\n",
          "out");
  r = runCpu(masked, {eye, eye, v}, 4);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {1, 2, 2.3395231f, 3.3395231f}, 1e-5f);
}

} // namespace
