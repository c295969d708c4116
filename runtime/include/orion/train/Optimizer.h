//===- Optimizer.h - AdamW on fp32 master weights ---------------*- C++ -*-===//
//
// The trainer's update rule, with torch.optim.AdamW's semantics exactly (so
// a run can be checked step by step against PyTorch):
//
//   w -= lr * wd * w                    (decoupled decay, before the moments)
//   m  = m + (1 - b1) * (g - m)         (torch's lerp)
//   v  = b2 * v + (1 - b2) * g * g
//   w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
//
// with t counting applied updates from 1. Weight decay applies only to
// parameters of rank >= 2 (matrices and embeddings): norm scales and biases
// (rank 1) are not decayed, as in GPT-2/nanoGPT/Llama recipes.
// mechramc/Orion's own Adam had no decay and zeroed NaN gradients element-wise;
// here a step with any non-finite gradient is skipped whole (see Trainer.h).
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TRAIN_OPTIMIZER_H
#define ORION_TRAIN_OPTIMIZER_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace orion::rt {

/// One parameter: fp32 master values in the parameter's own layout
/// ([out, in] for linear weights) and its AdamW moments.
struct MasterParam {
  std::vector<int64_t> shape;
  std::vector<float> value, m, v;

  /// Rank >= 2: decayed. Rank <= 1 (norm scales, biases): not decayed.
  bool decayed() const { return shape.size() >= 2; }
};

using MasterWeights = std::map<std::string, MasterParam>;

struct AdamWOptions {
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  double weightDecay = 0.01; // torch.optim.AdamW's default
};

/// One AdamW update of `param` with gradient `grad` (same element count),
/// learning rate `lr`, and `t` the 1-based count of updates including this
/// one.
void adamwUpdate(MasterParam &param, const std::vector<float> &grad,
                 double lr, int64_t t, const AdamWOptions &options);

using Gradients = std::map<std::string, std::vector<float>>;

/// sqrt of the sum of squares of every element of every gradient, in double
/// (torch.nn.utils.clip_grad_norm_'s total norm). NaN/Inf if any element is.
double globalNorm(const Gradients &grads);

/// torch.nn.utils.clip_grad_norm_: scales every gradient by
/// maxNorm / (norm + 1e-6) when that is below 1. Returns the factor used.
double clipToNorm(Gradients &grads,
                  double norm, double maxNorm);

struct StepOutcome {
  double gradNorm = 0; // before clipping
  bool skipped = false;
};

/// One optimizer step: the global norm of `grads`; if it or `loss` is NaN
/// or Inf, nothing changes (weights, moments and `adamSteps` stay; the
/// caller counts the skip). Otherwise clipping to `clip` (if > 0),
/// ++adamSteps, and AdamW on the parameter of each gradient.
StepOutcome optimizerStep(MasterWeights &params, Gradients &grads,
                          double loss, double lr, int64_t &adamSteps,
                          double clip, const AdamWOptions &options);

/// Dynamic loss scaling for fp16 kernels (torch.cuda.amp.GradScaler's
/// rule): the package's backward pass starts from `scale` instead of 1, so
/// small gradients stay above fp16's subnormal range; the trainer divides
/// them back before the update. A step whose scaled gradients overflow
/// (non-finite) is skipped and the scale multiplied by `backoff`; after
/// `interval` steps in a row without overflow it is multiplied by `growth`.
/// The scale reaches the ANE as an fp16 value, so it stays within [1,
/// kMaxLossScale]; GradScaler's 65536 would round to infinity in fp16. It
/// starts at 1024, not GradScaler's 65536: the ANE also accumulates in
/// fp16, and the tiny test Llama's backward overflowed at 4096 already.
constexpr double kMaxLossScale = 32768.0; // 2^15, fp16's largest power of 2

struct LossScaleOptions {
  double initial = 1024.0, growth = 2.0, backoff = 0.5;
  int64_t interval = 2000;
};

struct LossScale {
  double scale = 0;      // 0: no scaling (the package has no loss_scale)
  int64_t goodSteps = 0; // steps since the last overflow or growth

  bool enabled() const { return scale > 0; }
  /// After a step: `overflowed` if it was skipped for non-finite values.
  void update(bool overflowed, const LossScaleOptions &options);
};

/// The learning rate of update `step` (0-based): linear warmup from
/// lr/warmup to lr over `warmup` steps, then constant, or cosine decay to
/// `minLr` at `totalSteps`.
struct LRSchedule {
  enum class Kind { Constant, Cosine };
  Kind kind = Kind::Constant;
  double lr = 3e-4;
  double minLr = 0;
  int64_t warmup = 0;
  int64_t totalSteps = 1;

  double at(int64_t step) const;
};

} // namespace orion::rt

#endif // ORION_TRAIN_OPTIMIZER_H
