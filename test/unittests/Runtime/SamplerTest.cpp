//===- SamplerTest.cpp - greedy, top-k, top-p and seeded sampling ---------===//

#include "orion/model/Sampler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace orion::rt;

namespace {

std::vector<float> logitsOf(std::vector<double> probs) {
  std::vector<float> l;
  for (double p : probs)
    l.push_back(float(std::log(p)));
  return l;
}

TEST(SamplerTest, GreedyTakesTheFirstLargest) {
  Sampler s({0.0f, 0, 1.0f, 0});
  EXPECT_EQ(s.next({0.1f, 3.0f, -2.0f, 3.0f}), 1);
  float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(s.next({nan, -5.0f, -4.0f}), 2);
}

TEST(SamplerTest, TopKOneAndTinyTopPAreGreedy) {
  std::vector<float> logits = {0.5f, 0.2f, 2.0f, 1.9f, -1.0f};
  Sampler k1({1.0f, 1, 1.0f, 11}), p0({1.0f, 0, 1e-6f, 12});
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(k1.next(logits), 2);
    EXPECT_EQ(p0.next(logits), 2);
  }
}

TEST(SamplerTest, SameSeedSameTokens) {
  std::vector<float> logits = logitsOf({0.1, 0.2, 0.3, 0.4});
  Sampler a({1.0f, 0, 1.0f, 99}), b({1.0f, 0, 1.0f, 99}), c({1.0f, 0, 1.0f, 98});
  std::vector<int32_t> ta, tb, tc;
  for (int i = 0; i < 64; ++i) {
    ta.push_back(a.next(logits));
    tb.push_back(b.next(logits));
    tc.push_back(c.next(logits));
  }
  EXPECT_EQ(ta, tb);
  EXPECT_NE(ta, tc);
}

// Frequencies follow softmax(logits / T) within 4 standard errors.
TEST(SamplerTest, FrequenciesMatchTheDistribution) {
  std::vector<double> probs = {0.1, 0.2, 0.3, 0.4};
  Sampler s({1.0f, 0, 1.0f, 5});
  const int n = 40000;
  std::vector<int> count(4, 0);
  for (int i = 0; i < n; ++i)
    ++count[size_t(s.next(logitsOf(probs)))];
  for (size_t i = 0; i < probs.size(); ++i) {
    double se = std::sqrt(probs[i] * (1 - probs[i]) / n);
    EXPECT_NEAR(double(count[i]) / n, probs[i], 4 * se) << "id " << i;
  }
}

// Top-p 0.65 keeps {0.4, 0.3} (mass 0.7 >= 0.65), renormalised to 4:3.
TEST(SamplerTest, TopPKeepsTheNucleus) {
  Sampler s({1.0f, 0, 0.65f, 6});
  const int n = 20000;
  std::vector<int> count(4, 0);
  for (int i = 0; i < n; ++i)
    ++count[size_t(s.next(logitsOf({0.1, 0.2, 0.3, 0.4})))];
  EXPECT_EQ(count[0] + count[1], 0);
  double p3 = 0.4 / 0.7, se = std::sqrt(p3 * (1 - p3) / n);
  EXPECT_NEAR(double(count[3]) / n, p3, 4 * se);
}

TEST(SamplerTest, TemperatureSharpens) {
  Sampler s({0.25f, 0, 1.0f, 8});
  int top = 0;
  for (int i = 0; i < 2000; ++i)
    top += s.next(logitsOf({0.1, 0.2, 0.3, 0.4})) == 3;
  // (0.4^4) / sum(p^4) = 0.0256 / 0.0354 = 0.723
  EXPECT_NEAR(top / 2000.0, 0.723, 0.04);
}

TEST(SamplerTest, ValidateRejectsBadOptions) {
  EXPECT_FALSE(validate({-0.5f, 0, 1.0f, 0}));
  EXPECT_FALSE(validate({1.0f, -1, 1.0f, 0}));
  EXPECT_FALSE(validate({1.0f, 0, 0.0f, 0}));
  EXPECT_FALSE(validate({1.0f, 0, 1.5f, 0}));
  EXPECT_FALSE(validate({std::nanf(""), 0, 1.0f, 0}));
  EXPECT_TRUE(validate({0.0f, 5, 0.9f, 0}));
}

} // namespace

namespace {

// The stream behind sampling and `build-model --init-weights`: uniform in
// [0, 1) and standard normal, within 4 standard errors over 100k draws.
TEST(SplitMix64Test, UniformAndNormalMoments) {
  SplitMix64 a(42), b(42);
  const int n = 100000;
  double su = 0, sn = 0, sn2 = 0;
  for (int i = 0; i < n; ++i) {
    double u = a.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    su += u;
    double z = a.normal();
    sn += z;
    sn2 += z * z;
  }
  EXPECT_NEAR(su / n, 0.5, 4 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(sn / n, 0.0, 4 / std::sqrt(double(n)));
  EXPECT_NEAR(sn2 / n, 1.0, 4 * std::sqrt(2.0 / n));
  // Same seed, same stream; another seed, another stream.
  SplitMix64 c(42), d(43);
  EXPECT_EQ(b.next(), c.next());
  EXPECT_NE(b.next(), d.next());
}

} // namespace
