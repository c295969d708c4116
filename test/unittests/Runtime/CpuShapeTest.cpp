//===- CpuShapeTest.cpp - cpu device: data movement and cast --------------===//

#include "DeviceTestUtil.h"

#include <algorithm>

using namespace orion::rt;
using namespace orion::rt::test;

namespace {

Floats iota(size_t n) {
  Floats v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = float(i);
  return v;
}

std::string ints(const std::string &name, const std::string &values) {
  size_t n = 1 + size_t(std::count(values.begin(), values.end(), ','));
  std::string t = "tensor<int32, [" + std::to_string(n) + "]>";
  return "        " + t + " " + name + " = const()[name=string(\"" + name +
         "\"), val=" + t + "([" + values + "])];\n";
}

std::string bools(const std::string &name, const std::string &values) {
  size_t n = 1 + size_t(std::count(values.begin(), values.end(), ','));
  std::string t = "tensor<bool, [" + std::to_string(n) + "]>";
  return "        " + t + " " + name + " = const()[name=string(\"" + name +
         "\"), val=" + t + "([" + values + "])];\n";
}

std::string outLine(const std::string &shape, const std::string &call) {
  return "        tensor<fp32, " + shape + "> out = " + call +
         "[name=string(\"out\")];\n";
}

// A reshape whose input dies there shares its buffer (no copy); one whose
// input is read again copies. Both paths, and the buffers reused after
// them, must leave every value intact.
TEST(CpuShape, ReshapeSharesTheBufferOnlyWhenItsInputDies) {
  const std::string body =
      ints("s", "6,4") + ints("s2", "24") +
      "        tensor<fp32, [2,3,4]> a = add(x=x, y=x)[name=string(\"a\")];\n"
      // a is read again below: copied.
      "        tensor<fp32, [6,4]> r = reshape(shape=s, x=a)[name=string(\"r\")];\n"
      "        tensor<fp32, [6,4]> b = mul(x=r, y=r)[name=string(\"b\")];\n"
      "        tensor<fp32, [2,3,4]> c = sub(x=a, y=x)[name=string(\"c\")];\n"
      // b dies here: shared.
      "        tensor<fp32, [24]> f = reshape(shape=s2, x=b)[name=string(\"f\")];\n"
      "        tensor<fp32, [2,3,4]> d = add(x=c, y=c)[name=string(\"d\")];\n"
      "        tensor<fp32, [24]> g = reshape(shape=s2, x=d)[name=string(\"g\")];\n" +
      outLine("[24]", "add(x=f, y=g)");
  auto r = runCpu(mil("tensor<fp32, [2,3,4]> x", body, "out"), {iota(24)}, 24);
  ASSERT_TRUE(r) << r.error().message();
  Floats want(24);
  for (size_t i = 0; i < 24; ++i)
    want[i] = 4.0f * float(i * i) + 2.0f * float(i); // (2x)^2 + 2(2x - x)
  expectNear(*r, want);
}

TEST(CpuShape, ReshapeInfersMinusOneAndCopiesZero) {
  const std::string text = mil(
      "tensor<fp32, [2,3,4]> x",
      ints("s", "0,-1") + outLine("[2,12]", "reshape(shape=s, x=x)"), "out");
  // 0 copies x's dim only when the ranks match: in [0,-1] for a rank-3 x it
  // is a real 0, so that reshape is an error (checked below).
  auto r =
      runCpu(mil("tensor<fp32, [2,3,4]> x",
                 ints("s", "2,-1") + outLine("[2,12]", "reshape(shape=s, x=x)"),
                 "out"),
             {iota(24)}, 24);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, iota(24));
  EXPECT_FALSE(runCpu(text, {iota(24)}, 24)); // [0,-1] cannot be [2,12]
  r = runCpu(
      mil("tensor<fp32, [2,3,4]> x",
          ints("s", "0,-1,2") + outLine("[2,6,2]", "reshape(shape=s, x=x)"),
          "out"),
      {iota(24)}, 24);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, iota(24));
}

TEST(CpuShape, ReshapeWithWrongCountFails) {
  auto r = runCpu(
      mil("tensor<fp32, [2,3]> x",
          ints("s", "4,2") + outLine("[4,2]", "reshape(shape=s, x=x)"), "out"),
      {iota(6)}, 8);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("cannot reshape"), std::string::npos);
}

TEST(CpuShape, Transpose2DAnd3D) {
  auto r = runCpu(
      mil("tensor<fp32, [2,3]> x",
          ints("p", "1,0") + outLine("[3,2]", "transpose(perm=p, x=x)"), "out"),
      {iota(6)}, 6);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {0, 3, 1, 4, 2, 5});
  // x [2,2,3]; out[i][j][k] = x[j][k][i] with perm [2,0,1] -> [3,2,2].
  r = runCpu(
      mil("tensor<fp32, [2,2,3]> x",
          ints("p", "2,0,1") + outLine("[3,2,2]", "transpose(perm=p, x=x)"),
          "out"),
      {iota(12)}, 12);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11});
}

TEST(CpuShape, TransposeRejectsNonPermutation) {
  EXPECT_FALSE(runCpu(
      mil("tensor<fp32, [2,3]> x",
          ints("p", "0,0") + outLine("[2,2]", "transpose(perm=p, x=x)"), "out"),
      {iota(6)}, 6));
}

TEST(CpuShape, SliceByIndexWithStrideAndEndMask) {
  // x [4,5] = 0..19; rows 1..2, every other column (end masked).
  auto r = runCpu(mil("tensor<fp32, [4,5]> x",
                      ints("b", "1,0") + ints("e", "3,0") + ints("s", "1,2") +
                          bools("em", "false,true") +
                          outLine("[2,3]", "slice_by_index(begin=b, end=e, "
                                           "end_mask=em, stride=s, x=x)"),
                      "out"),
                  {iota(20)}, 6);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {5, 7, 9, 10, 12, 14});
}

TEST(CpuShape, SliceByIndexNegativeStrideAndIndices) {
  // All rows (begin/end masked), columns from -1 backwards by 2: 4, 2, 0.
  auto r = runCpu(mil("tensor<fp32, [2,5]> x",
                      ints("b", "0,-1") + ints("e", "0,0") + ints("s", "1,-2") +
                          bools("bm", "true,false") + bools("em", "true,true") +
                          outLine("[2,3]", "slice_by_index(begin=b, "
                                           "begin_mask=bm, end=e, "
                                           "end_mask=em, stride=s, x=x)"),
                      "out"),
                  {iota(10)}, 6);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {4, 2, 0, 9, 7, 5});
  // Negative begin/end without masks: x[:, -4:-1] = columns 1..3.
  r = runCpu(mil("tensor<fp32, [2,5]> x",
                 ints("b", "0,-4") + ints("e", "2,-1") +
                     outLine("[2,3]", "slice_by_index(begin=b, end=e, x=x)"),
                 "out"),
             {iota(10)}, 6);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {1, 2, 3, 6, 7, 8});
}

TEST(CpuShape, SliceByIndexSqueezeMask) {
  // Row 2 of x [4,5] with its dim squeezed away: [5].
  auto r = runCpu(mil("tensor<fp32, [4,5]> x",
                      ints("b", "2,0") + ints("e", "3,5") +
                          bools("sq", "true,false") +
                          outLine("[5]", "slice_by_index(begin=b, end=e, "
                                         "squeeze_mask=sq, x=x)"),
                      "out"),
                  {iota(20)}, 5);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {10, 11, 12, 13, 14});
}

TEST(CpuShape, SliceBySize) {
  // x [4,5]: rows 1..2, columns 1..end.
  auto r =
      runCpu(mil("tensor<fp32, [4,5]> x",
                 ints("b", "1,1") + ints("sz", "2,-1") +
                     outLine("[2,4]", "slice_by_size(begin=b, size=sz, x=x)"),
                 "out"),
             {iota(20)}, 8);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {6, 7, 8, 9, 11, 12, 13, 14});
}

TEST(CpuShape, CastTruncatesToInt32AndRoundsToFp16) {
  const std::string text = mil(
      "tensor<fp32, [4]> x",
      "        string ti = const()[name=string(\"ti\"), "
      "val=string(\"int32\")];\n"
      "        string tb = const()[name=string(\"tb\"), "
      "val=string(\"bool\")];\n"
      "        string th = const()[name=string(\"th\"), "
      "val=string(\"fp16\")];\n"
      "        string tf = const()[name=string(\"tf\"), "
      "val=string(\"fp32\")];\n"
      "        tensor<int32, [4]> i = cast(dtype=ti, "
      "x=x)[name=string(\"i\")];\n"
      "        tensor<fp32, [4]> fi = cast(dtype=tf, "
      "x=i)[name=string(\"fi\")];\n"
      "        tensor<bool, [4]> b = cast(dtype=tb, x=x)[name=string(\"b\")];\n"
      "        tensor<fp32, [4]> fb = cast(dtype=tf, "
      "x=b)[name=string(\"fb\")];\n"
      "        tensor<fp16, [4]> h = cast(dtype=th, x=x)[name=string(\"h\")];\n"
      "        tensor<fp32, [4]> fh = cast(dtype=tf, "
      "x=h)[name=string(\"fh\")];\n",
      "fi, fb, fh");
  auto d = device("cpu");
  // Outputs in binding order: fb, fh, fi.
  auto r = run(*d, text, {{2.7f, -2.7f, 0, 0.1f}}, {4, 4, 4});
  ASSERT_TRUE(r) << r.error().message();
  expectNear((*r)[0], {1, 1, 0, 1});
  // 0.1 in fp16 is 0.0999755859375; 2.7 is 2.69921875.
  expectNear((*r)[1], {2.69921875f, -2.69921875f, 0, 0.0999755859375f}, 0);
  expectNear((*r)[2], {2, -2, 0, 0});
}

TEST(CpuShape, CastDtypeMustMatchDeclaredResult) {
  auto r = runCpu(mil("tensor<fp32, [2]> x",
                      "        string t = const()[name=string(\"t\"), "
                      "val=string(\"fp16\")];\n" +
                          outLine("[2]", "cast(dtype=t, x=x)"),
                      "out"),
                  {{1, 2}}, 2);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("declared fp32"), std::string::npos);
}

TEST(CpuShape, ExpandDimsAndSqueeze) {
  auto r = runCpu(
      mil("tensor<fp32, [3]> x",
          ints("a", "0,-1") + outLine("[1,3,1]", "expand_dims(axes=a, x=x)"),
          "out"),
      {{1, 2, 3}}, 3);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {1, 2, 3});
  r = runCpu(mil("tensor<fp32, [1,3,1]> x",
                 ints("a", "-1") + outLine("[1,3]", "squeeze(axes=a, x=x)"),
                 "out"),
             {{1, 2, 3}}, 3);
  ASSERT_TRUE(r) << r.error().message();
  r = runCpu(
      mil("tensor<fp32, [1,3,1]> x", outLine("[3]", "squeeze(x=x)"), "out"),
      {{1, 2, 3}}, 3);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {1, 2, 3});
  EXPECT_FALSE(runCpu(
      mil("tensor<fp32, [1,3,1]> x",
          ints("a", "1") + outLine("[1,1]", "squeeze(axes=a, x=x)"), "out"),
      {{1, 2, 3}}, 3));
}

TEST(CpuShape, ConcatAlongAxisAndInterleaved) {
  const std::string decl = "tensor<fp32, [2,2]> a, tensor<fp32, [2,1]> b";
  const std::string ax =
      "        int32 ax = const()[name=string(\"ax\"), val=int32(-1)];\n";
  auto r = runCpu(mil(decl,
                      ax + outLine("[2,3]", "concat(axis=ax, "
                                            "values=(a, b))"),
                      "out"),
                  {{1, 2, 3, 4}, {9, 8}}, 6);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {1, 2, 9, 3, 4, 8});
  // interleave: [a0, b0, a1, b1] along axis 0.
  r = runCpu(
      mil("tensor<fp32, [2,2]> a, tensor<fp32, [2,2]> b",
          "        int32 ax = const()[name=string(\"ax\"), val=int32(0)];\n"
          "        bool il = const()[name=string(\"il\"), val=bool(true)];\n" +
              outLine("[4,2]", "concat(axis=ax, interleave=il, "
                               "values=(a, b))"),
          "out"),
      {{1, 2, 3, 4}, {5, 6, 7, 8}}, 8);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {1, 2, 5, 6, 3, 4, 7, 8});
}

TEST(CpuShape, SplitBySizesAndEvenly) {
  auto d = device("cpu");
  const std::string text =
      mil("tensor<fp32, [2,5]> x",
          "        int32 ax = const()[name=string(\"ax\"), val=int32(1)];\n" +
              ints("sz", "2,3") +
              "        tensor<fp32, [2,2]> p, tensor<fp32, [2,3]> q = "
              "split(axis=ax, "
              "split_sizes=sz, x=x)[name=string(\"p\")];\n",
          "q, p");
  auto r = run(*d, text, {iota(10)}, {4, 6}); // binding order: p, q
  ASSERT_TRUE(r) << r.error().message();
  expectNear((*r)[0], {0, 1, 5, 6});
  expectNear((*r)[1], {2, 3, 4, 7, 8, 9});
  const std::string even = mil(
      "tensor<fp32, [4,1]> x",
      "        int32 ax = const()[name=string(\"ax\"), val=int32(0)];\n"
      "        int32 n = const()[name=string(\"n\"), val=int32(2)];\n"
      "        tensor<fp32, [2,1]> p, tensor<fp32, [2,1]> q = split(axis=ax, "
      "num_splits=n, x=x)[name=string(\"p\")];\n",
      "p, q");
  r = run(*d, even, {{1, 2, 3, 4}}, {2, 2});
  ASSERT_TRUE(r) << r.error().message();
  expectNear((*r)[0], {1, 2});
  expectNear((*r)[1], {3, 4});
}

TEST(CpuShape, GatherRowsAndColumns) {
  // Embedding-style lookup of rows 2, 0, -1 (= 2) of x [3,2].
  const std::string rows = mil(
      "tensor<fp32, [3,2]> x",
      ints("i", "2,0,-1") +
          "        int32 ax = const()[name=string(\"ax\"), val=int32(0)];\n" +
          outLine("[3,2]", "gather(axis=ax, indices=i, x=x)"),
      "out");
  auto r = runCpu(rows, {iota(6)}, 6);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {4, 5, 0, 1, 4, 5});
  const std::string cols = mil(
      "tensor<fp32, [3,2]> x",
      ints("i", "1") +
          "        int32 ax = const()[name=string(\"ax\"), val=int32(-1)];\n" +
          outLine("[3,1]", "gather(axis=ax, indices=i, x=x)"),
      "out");
  r = runCpu(cols, {iota(6)}, 3);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {1, 3, 5});
}

TEST(CpuShape, BandPartCausal) {
  const std::string text =
      mil("tensor<fp32, [3,3]> x",
          "        int32 lo = const()[name=string(\"lo\"), val=int32(-1)];\n"
          "        int32 up = const()[name=string(\"up\"), val=int32(0)];\n" +
              outLine("[3,3]", "band_part(lower=lo, upper=up, x=x)"),
          "out");
  auto r = runCpu(text, {{1, 2, 3, 4, 5, 6, 7, 8, 9}}, 9);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {1, 0, 0, 4, 5, 0, 7, 8, 9});
}

// one_hot of the int32 ids [2,3] (an input surface) after `consts`; the
// result has MIL type `outType` with `n` elements, read back as floats
// (from fp16 bits when `half`).
Expected<Floats> runOneHot(const std::string &consts, const std::string &call,
                           const std::string &outType, size_t n, bool half) {
  const std::string text =
      mil("tensor<int32, [2,3]> ids",
          consts + "        " + outType + " out = " + call +
              "[name=string(\"out\")];\n",
          "out");
  auto d = createDevice("cpu");
  if (!d)
    return d.error();
  auto p = (*d)->compile(text, ".");
  if (!p)
    return p.error();
  if (Status st = (*d)->load(**p); !st)
    return st.error();
  // 4 and 9 are past the depth (5), -1 before it: zero rows, no wrap.
  const int32_t ids[6] = {0, 4, 9, 2, -1, 3};
  Surface in(sizeof ids), out(n * (half ? 2 : 4));
  std::memcpy(in.data(), ids, sizeof ids);
  if (Status st = (*d)->eval(**p, {&in}, {&out}); !st)
    return st.error();
  return half ? readF16(out, n) : readF32(out, n);
}

const std::string kDepth =
    "        int32 n = const()[name=string(\"n\"), val=int32(5)];\n";

TEST(CpuShape, OneHotLastAxisZeroRowsOutOfRange) {
  auto r = runOneHot(kDepth +
                         "        fp32 on = const()[name=string(\"on\"), "
                         "val=fp32(1)];\n"
                         "        fp32 off = const()[name=string(\"off\"), "
                         "val=fp32(0)];\n",
                     "one_hot(indices=ids, off_value=off, on_value=on, "
                     "one_hot_vector_size=n)",
                     "tensor<fp32, [2,3,5]>", 30, false);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {1, 0, 0, 0, 0, /**/ 0, 0, 0, 0, 1, /**/ 0, 0, 0, 0, 0,
                  0, 0, 1, 0, 0, /**/ 0, 0, 0, 0, 0, /**/ 0, 0, 0, 1, 0});
}

TEST(CpuShape, OneHotMiddleAxisWithOnAndOffValues) {
  // axis 1 of the [2,5,3] result: out[i, k, j] = ids[i, j] == k ? on : off.
  auto r = runOneHot(kDepth +
                         "        int32 ax = const()[name=string(\"ax\"), "
                         "val=int32(-2)];\n"
                         "        fp32 on = const()[name=string(\"on\"), "
                         "val=fp32(2.5)];\n"
                         "        fp32 off = const()[name=string(\"off\"), "
                         "val=fp32(-1)];\n",
                     "one_hot(axis=ax, indices=ids, off_value=off, "
                     "on_value=on, one_hot_vector_size=n)",
                     "tensor<fp32, [2,5,3]>", 30, false);
  ASSERT_TRUE(r) << r.error().message();
  const int32_t ids[6] = {0, 4, 9, 2, -1, 3};
  Floats want(30);
  for (int i = 0; i < 2; ++i)
    for (int k = 0; k < 5; ++k)
      for (int j = 0; j < 3; ++j)
        want[size_t(i * 15 + k * 3 + j)] = ids[i * 3 + j] == k ? 2.5f : -1.0f;
  expectNear(*r, want);
}

TEST(CpuShape, OneHotFp16RoundsItsValues) {
  // 0.1 is not an fp16: the fp16 result holds the fp16 nearest to it.
  auto r = runOneHot(kDepth +
                         "        fp16 on = const()[name=string(\"on\"), "
                         "val=fp16(0.1)];\n"
                         "        fp16 off = const()[name=string(\"off\"), "
                         "val=fp16(0)];\n",
                     "one_hot(indices=ids, off_value=off, on_value=on, "
                     "one_hot_vector_size=n)",
                     "tensor<fp16, [2,3,5]>", 30, true);
  ASSERT_TRUE(r) << r.error().message();
  const float on = halfToFloat(floatToHalf(0.1f));
  ASSERT_NE(on, 0.1f);
  Floats want(30, 0.0f);
  for (size_t i : {0u, 9u, 17u, 28u}) // ids 0, 4, 2, 3 of rows 0, 1, 3, 5
    want[i] = on;
  expectNear(*r, want, 0.0f);
}

TEST(CpuShape, OneHotDefaultsAreInt32OneAndZero) {
  auto r = runOneHot(kDepth, "one_hot(indices=ids, one_hot_vector_size=n)",
                     "tensor<int32, [2,3,5]>", 30, false);
  ASSERT_TRUE(r) << r.error().message();
  // int32 bits read as floats: reinterpret them.
  std::vector<int32_t> bits(30);
  std::memcpy(bits.data(), r->data(), 30 * 4);
  EXPECT_EQ(bits[0], 1);
  EXPECT_EQ(bits[9], 1);
  EXPECT_EQ(bits[17], 1);
  EXPECT_EQ(bits[28], 1);
  EXPECT_EQ(std::count(bits.begin(), bits.end(), 1), 4);
  EXPECT_EQ(std::count(bits.begin(), bits.end(), 0), 26);
}

TEST(CpuShape, OneHotBadAxisFailsAtCompile) {
  auto r = runOneHot(kDepth + "        int32 ax = const()[name=string(\"ax\"), "
                              "val=int32(3)];\n",
                     "one_hot(axis=ax, indices=ids, one_hot_vector_size=n)",
                     "tensor<int32, [2,3,5]>", 30, false);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("axis 3 is out of range for rank 3"),
            std::string::npos)
      << r.error().message();
}

} // namespace

namespace {

std::string str(const std::string &name, const std::string &value) {
  return "        string " + name + " = const()[name=string(\"" + name +
         "\"), val=string(\"" + value + "\")];\n";
}

const std::string kAxis0 =
    "        int32 ax = const()[name=string(\"ax\"), val=int32(0)];\n";

// An embedding's gradient: scatter(mode="add") of rows into a zero fill.
// Repeated ids add up; 7 (past the 5 rows) and -1 (no wrap) add nothing.
TEST(CpuShape, ScatterAddAccumulatesRepeatsAndSkipsOutOfRangeIds) {
  const std::string body =
      ints("sh", "5,3") + ints("ids", "1,3,1,7,-1,0") + kAxis0 +
      str("m", "add") +
      "        tensor<fp32, [5,3]> z = fill(shape=sh)[name=string(\"z\")];\n" +
      outLine("[5,3]",
              "scatter(axis=ax, data=z, indices=ids, mode=m, updates=x)");
  auto r = runCpu(mil("tensor<fp32, [6,3]> x", body, "out"), {iota(18)}, 15);
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, {15, 16, 17,           // row 0: x[5]
                  6, 8, 10,             // row 1: x[0] + x[2]
                  0, 0, 0,              // row 2: no id
                  3, 4, 5,              // row 3: x[1]
                  0, 0, 0});            // row 4: no id
}

// data is a function input, so the result is a copy of it; mode "update"
// along axis 1 writes columns, and data itself must stay intact.
TEST(CpuShape, ScatterUpdateAlongAxis1CopiesLiveData) {
  const std::string body =
      ints("ids", "3,0") + str("m", "update") +
      "        int32 ax = const()[name=string(\"ax\"), val=int32(1)];\n"
      "        tensor<fp32, [2,4]> s = scatter(axis=ax, data=x, indices=ids, "
      "mode=m, updates=y)[name=string(\"s\")];\n" +
      outLine("[2,4]", "add(x=s, y=x)");
  auto r = runCpu(mil("tensor<fp32, [2,4]> x, tensor<fp32, [2,2]> y", body,
                      "out"),
                  {iota(8), {-1, -2, -3, -4}}, 8);
  ASSERT_TRUE(r) << r.error().message();
  // s = [[-2, 1, 2, -1], [-4, 5, 6, -3]], plus x.
  expectNear(*r, {-2, 2, 4, 2, 0, 10, 12, 4});
}

// Enough ids x columns that the kernel's threads split the columns; the
// sums must match a serial loop whatever the split.
TEST(CpuShape, ScatterAddMatchesASerialLoopOnManyIds) {
  const int64_t n = 1000, rows = 10, dim = 64;
  std::string ids;
  for (int64_t i = 0; i < n; ++i)
    ids += (i ? "," : "") + std::to_string((i * 7) % 13); // 10..12 skipped
  const std::string body =
      ints("sh", "10,64") + ints("ids", ids) + kAxis0 + str("m", "add") +
      "        fp32 v = const()[name=string(\"v\"), val=fp32(0.5)];\n"
      "        tensor<fp32, [10,64]> z = fill(shape=sh, value=v)"
      "[name=string(\"z\")];\n" +
      outLine("[10,64]",
              "scatter(axis=ax, data=z, indices=ids, mode=m, updates=x)");
  Floats x(size_t(n * dim));
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = float(i % 17) - 8.0f;
  auto r = runCpu(mil("tensor<fp32, [1000,64]> x", body, "out"), {x},
                  size_t(rows * dim));
  ASSERT_TRUE(r) << r.error().message();
  Floats want(size_t(rows * dim), 0.5f);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t id = (i * 7) % 13;
    if (id < rows)
      for (int64_t c = 0; c < dim; ++c)
        want[size_t(id * dim + c)] += x[size_t(i * dim + c)];
  }
  expectNear(*r, want);
}

} // namespace
