//===- OptimizerTest.cpp - AdamW, clipping, NaN skip, LR schedule ---------===//

#include "orion/train/Optimizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace orion::rt;

namespace {

MasterParam param(std::vector<int64_t> shape, std::vector<float> value) {
  MasterParam p;
  p.shape = std::move(shape);
  p.value = std::move(value);
  return p;
}

AdamWOptions options(double wd) {
  AdamWOptions o;
  o.weightDecay = wd;
  return o;
}

// Step 1 by hand, lr 0.1, wd 0.1, g = [0.1, -0.2]: decay w * (1 - 0.01) =
// [0.495, -0.99]; m = 0.1 g, v = 0.001 g^2, so the bias-corrected m/sqrt(v)
// is sign(g) and the update is lr * 1/(1 + eps/|g|): [0.395, -0.89].
// Steps 2 and 3 are torch.optim.AdamW's values (lr=0.1, betas (0.9, 0.999),
// eps 1e-8) printed with %.9g; fp32 arithmetic differs in the last bits,
// so the tolerance is 2e-7 (about 2 ulp at 0.8).
TEST(AdamW, MatchesTorchWithDecoupledDecayAndBiasCorrection) {
  MasterParam p = param({1, 2}, {0.5f, -1.0f});
  const std::vector<std::vector<float>> grads = {
      {0.1f, -0.2f}, {0.3f, 0.0f}, {-0.05f, 0.4f}};
  const float want[3][2] = {{0.395000011f, -0.889999986f},
                            {0.299271911f, -0.814094186f},
                            {0.236187875f, -0.839956701f}};
  for (int t = 1; t <= 3; ++t) {
    adamwUpdate(p, grads[t - 1], 0.1, t, options(0.1));
    EXPECT_NEAR(p.value[0], want[t - 1][0], 2e-7) << "step " << t;
    EXPECT_NEAR(p.value[1], want[t - 1][1], 2e-7) << "step " << t;
  }
  // The moments after 3 steps, within a few ulp (torch's lerp and fused
  // multiply-adds round differently): 2e-8 at 0.03, 1e-10 at 2e-4.
  EXPECT_NEAR(p.m[0], 0.0300999973f, 2e-8);
  EXPECT_NEAR(p.m[1], 0.0238000005f, 2e-8);
  EXPECT_NEAR(p.v[0], 0.000102390019f, 1e-10);
  EXPECT_NEAR(p.v[1], 0.000199920047f, 1e-10);
}

// Rank-1 parameters (norm scales, biases) are not decayed: the same
// gradients give torch's values for weight_decay=0.
TEST(AdamW, NoDecayOnRank1Parameters) {
  MasterParam p = param({2}, {0.5f, -1.0f});
  EXPECT_FALSE(p.decayed());
  const std::vector<std::vector<float>> grads = {
      {0.1f, -0.2f}, {0.3f, 0.0f}, {-0.05f, 0.4f}};
  const float want[3][2] = {{0.400000006f, -0.899999976f},
                            {0.308221906f, -0.832994163f},
                            {0.24813059f, -0.8669976f}};
  for (int t = 1; t <= 3; ++t) {
    adamwUpdate(p, grads[t - 1], 0.1, t, options(0.1));
    EXPECT_NEAR(p.value[0], want[t - 1][0], 2e-7) << "step " << t;
    EXPECT_NEAR(p.value[1], want[t - 1][1], 2e-7) << "step " << t;
  }
}

// Decay is decoupled: with a zero gradient the moments stay zero and the
// only change is w * (1 - lr * wd), exactly.
TEST(AdamW, DecayIsDecoupledFromTheGradient) {
  MasterParam p = param({2, 1}, {2.0f, -4.0f});
  adamwUpdate(p, {0.0f, 0.0f}, 0.5, 1, options(0.5));
  EXPECT_EQ(p.value[0], 1.5f);
  EXPECT_EQ(p.value[1], -3.0f);
  EXPECT_EQ(p.m[0], 0.0f);
  EXPECT_EQ(p.v[1], 0.0f);
}

TEST(Clip, ScalesToTheGlobalNormLikeTorch) {
  Gradients g = {{"a", {3.0f, 0.0f}}, {"b", {0.0f, 4.0f}}};
  double norm = globalNorm(g);
  EXPECT_DOUBLE_EQ(norm, 5.0);
  // Above the norm: unchanged.
  EXPECT_EQ(clipToNorm(g, norm, 10.0), 1.0);
  EXPECT_EQ(g["a"][0], 3.0f);
  // Below: factor max / (norm + 1e-6), as clip_grad_norm_.
  double f = clipToNorm(g, norm, 1.0);
  EXPECT_NEAR(f, 1.0 / (5.0 + 1e-6), 1e-15);
  EXPECT_NEAR(g["a"][0], 0.6f, 1e-6);
  EXPECT_NEAR(g["b"][1], 0.8f, 1e-6);
  EXPECT_NEAR(globalNorm(g), 1.0, 1e-6);
}

TEST(OptimizerStep, NonFiniteGradientOrLossSkipsTheStep) {
  for (float bad : {std::numeric_limits<float>::quiet_NaN(),
                    std::numeric_limits<float>::infinity()}) {
    MasterWeights params;
    params["w"] = param({1, 2}, {1.0f, 2.0f});
    params["b"] = param({2}, {3.0f, 4.0f});
    MasterWeights before = params;
    Gradients g = {{"w", {0.1f, bad}}, {"b", {0.1f, 0.1f}}};
    int64_t t = 7;
    StepOutcome o = optimizerStep(params, g, 1.0, 0.1, t, 0, options(0.1));
    EXPECT_TRUE(o.skipped);
    EXPECT_FALSE(std::isfinite(o.gradNorm));
    EXPECT_EQ(t, 7);
    for (const auto &[name, p] : params) {
      EXPECT_EQ(p.value, before[name].value) << name;
      EXPECT_TRUE(p.m.empty() && p.v.empty()) << name;
    }
  }
  // A NaN loss skips too; a finite one steps and counts.
  MasterWeights params;
  params["w"] = param({1, 1}, {1.0f});
  Gradients g = {{"w", {0.5f}}};
  int64_t t = 0;
  EXPECT_TRUE(optimizerStep(params, g, std::nan(""), 0.1, t, 0, options(0))
                  .skipped);
  EXPECT_EQ(t, 0);
  StepOutcome o = optimizerStep(params, g, 2.0, 0.1, t, 0.25, options(0));
  EXPECT_FALSE(o.skipped);
  EXPECT_EQ(o.gradNorm, 0.5);
  EXPECT_EQ(t, 1);
  EXPECT_NEAR(params["w"].value[0], 0.9f, 1e-6); // Adam's first step: lr
}

TEST(LossScale, HalvesOnOverflowAndDoublesAfterTheInterval) {
  LossScaleOptions o;
  o.interval = 3;
  LossScale s;
  s.update(true, o); // disabled: nothing moves
  EXPECT_EQ(s.scale, 0);
  s.scale = 1024;
  s.update(false, o);
  s.update(false, o);
  EXPECT_EQ(s.scale, 1024);
  EXPECT_EQ(s.goodSteps, 2);
  s.update(true, o); // an overflow halves and restarts the count
  EXPECT_EQ(s.scale, 512);
  EXPECT_EQ(s.goodSteps, 0);
  for (int i = 0; i < 3; ++i)
    s.update(false, o);
  EXPECT_EQ(s.scale, 1024);
  EXPECT_EQ(s.goodSteps, 0);
}

TEST(LossScale, StaysWithinOneAndFp16sLargestPowerOfTwo) {
  LossScaleOptions o;
  o.interval = 1;
  LossScale s{2, 0};
  for (int i = 0; i < 5; ++i)
    s.update(true, o);
  EXPECT_EQ(s.scale, 1);
  s.scale = kMaxLossScale / 2;
  for (int i = 0; i < 5; ++i)
    s.update(false, o);
  EXPECT_EQ(s.scale, kMaxLossScale);
}

TEST(LRSchedule, WarmupThenConstantOrCosine) {
  LRSchedule s;
  s.lr = 1.0;
  s.warmup = 4;
  EXPECT_DOUBLE_EQ(s.at(0), 0.25);
  EXPECT_DOUBLE_EQ(s.at(3), 1.0);
  EXPECT_DOUBLE_EQ(s.at(100), 1.0);
  s.kind = LRSchedule::Kind::Cosine;
  s.minLr = 0.1;
  s.totalSteps = 14;
  EXPECT_DOUBLE_EQ(s.at(4), 1.0);
  EXPECT_NEAR(s.at(9), 0.55, 1e-12); // halfway: (max + min) / 2
  EXPECT_NEAR(s.at(14), 0.1, 1e-12);
  EXPECT_NEAR(s.at(20), 0.1, 1e-12); // stays at the floor
}

} // namespace
