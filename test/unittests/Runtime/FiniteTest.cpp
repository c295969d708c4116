//===- FiniteTest.cpp - NaN and Inf in weights, found where they enter ----===//

#include "orion/format/Finite.h"
#include "orion/format/Fp16.h"
#include "orion/format/SafeTensors.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

using namespace orion::rt;

namespace {

TEST(Finite, ScansEveryFloatDTypeByItsBits) {
  std::vector<float> f = {1, -0.0f, std::numeric_limits<float>::max(),
                          std::numeric_limits<float>::infinity(), NAN};
  NonFiniteValues v = scanNonFinite(DType::F32, f.data(), f.size());
  EXPECT_EQ(v.count, 2u);
  EXPECT_EQ(v.first, 3u);
  EXPECT_TRUE(std::isinf(v.firstValue));
  std::vector<uint16_t> h = {floatToHalf(1), floatToHalf(65504),
                             floatToHalf(NAN)};
  v = scanNonFinite(DType::F16, h.data(), h.size());
  EXPECT_EQ(v.count, 1u);
  EXPECT_EQ(v.first, 2u);
  std::vector<uint16_t> b = {floatToBFloat16(-INFINITY), floatToBFloat16(2)};
  EXPECT_EQ(scanNonFinite(DType::BF16, b.data(), b.size()).count, 1u);
  std::vector<int32_t> i = {-1, 0x7f800000};
  EXPECT_FALSE(scanNonFinite(DType::I32, i.data(), i.size()));
}

TEST(Finite, WeightStoreErrorsNameTheParameter) {
  std::vector<float> good = {1, 2}, bad = {0, 0, INFINITY, NAN};
  std::vector<TensorView> views(2);
  views[0] = {"a.weight", DType::F32, {2}, nullptr, 8};
  views[0].data = reinterpret_cast<const uint8_t *>(good.data());
  views[1] = {"norm.weight", DType::F32, {4}, nullptr, 16};
  views[1].data = reinterpret_cast<const uint8_t *>(bad.data());
  auto store = WeightStore::fromViews(views);
  ASSERT_TRUE(store);
  Status s = checkFiniteWeights(*store, "w.safetensors");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message(),
            "w.safetensors: parameter 'norm.weight' holds 2 NaN/Inf values "
            "(the first, inf, at element 2); non-finite weights are refused "
            "(--allow-non-finite accepts them)");
}

} // namespace
