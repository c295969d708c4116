//===- Optimizer.cpp - AdamW on fp32 master weights -----------------------===//

#include "orion/train/Optimizer.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace orion::rt {

void adamwUpdate(MasterParam &p, const std::vector<float> &grad, double lr,
                 int64_t t, const AdamWOptions &o) {
  size_t n = p.value.size();
  assert(grad.size() == n && t >= 1);
  if (p.m.size() != n)
    p.m.assign(n, 0.0f);
  if (p.v.size() != n)
    p.v.assign(n, 0.0f);
  // Scalars in double, as torch computes them in Python; tensors in fp32.
  double bc1 = 1.0 - std::pow(o.beta1, double(t));
  double bc2Sqrt = std::sqrt(1.0 - std::pow(o.beta2, double(t)));
  float stepSize = float(lr / bc1);
  float decay = float(1.0 - lr * (p.decayed() ? o.weightDecay : 0.0));
  float oneMinusB1 = float(1.0 - o.beta1), b2 = float(o.beta2),
        oneMinusB2 = float(1.0 - o.beta2), eps = float(o.eps),
        bc2SqrtF = float(bc2Sqrt);
  for (size_t i = 0; i < n; ++i) {
    float g = grad[i];
    float w = p.value[i] * decay;
    float m = p.m[i] + oneMinusB1 * (g - p.m[i]);
    float v = b2 * p.v[i] + oneMinusB2 * g * g;
    float denom = std::sqrt(v) / bc2SqrtF + eps;
    p.value[i] = w - stepSize * (m / denom);
    p.m[i] = m;
    p.v[i] = v;
  }
}

double globalNorm(const Gradients &grads) {
  double sum = 0;
  for (const auto &[name, g] : grads)
    for (float x : g)
      sum += double(x) * double(x);
  return std::sqrt(sum);
}

double clipToNorm(Gradients &grads, double norm, double maxNorm) {
  double factor = maxNorm / (norm + 1e-6);
  if (!(factor < 1.0))
    return 1.0;
  float f = float(factor);
  for (auto &[name, g] : grads)
    for (float &x : g)
      x *= f;
  return factor;
}

StepOutcome optimizerStep(MasterWeights &params, Gradients &grads,
                          double loss, double lr, int64_t &adamSteps,
                          double clip, const AdamWOptions &options) {
  StepOutcome out;
  out.gradNorm = globalNorm(grads);
  // One NaN would spread through the moments into every later step.
  if (!std::isfinite(loss) || !std::isfinite(out.gradNorm)) {
    out.skipped = true;
    return out;
  }
  if (clip > 0)
    clipToNorm(grads, out.gradNorm, clip);
  ++adamSteps;
  for (auto &[name, g] : grads)
    adamwUpdate(params.at(name), g, lr, adamSteps, options);
  return out;
}

double LRSchedule::at(int64_t step) const {
  if (warmup > 0 && step < warmup)
    return lr * double(step + 1) / double(warmup);
  if (kind == Kind::Constant)
    return lr;
  int64_t span = std::max<int64_t>(1, totalSteps - warmup);
  double progress = std::min(1.0, double(step - warmup) / double(span));
  return minLr + 0.5 * (lr - minLr) * (1.0 + std::cos(M_PI * progress));
}

void LossScale::update(bool overflowed, const LossScaleOptions &options) {
  if (!enabled())
    return;
  if (overflowed) {
    // Never below 1: a scale under 1 would push gradients toward zero.
    scale = std::max(1.0, scale * options.backoff);
    goodSteps = 0;
    return;
  }
  if (++goodSteps >= options.interval) {
    scale = std::min(kMaxLossScale, scale * options.growth);
    goodSteps = 0;
  }
}

} // namespace orion::rt
