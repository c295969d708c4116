//===- Trainer.h - The training step loop on a train package ----*- C++ -*-===//
//
// A train package (`orion compile --pipeline training`) returns `loss` and one
// `grad.<name>` per parameter, each in the parameter's own layout ([out, in]
// for linear weights, so gradients apply element-wise; mechramc/Orion's bug F3
// applied [in, out] gradients to [out, in] weights). One step:
//
//   for each of `accum` micro-steps: run the package on the next window
//   (with `loss_scale`, when the package takes one: Optimizer.h)
//   average loss and gradients (divided by the loss scale) -> global norm
//   -> optional clipping
//   non-finite loss or gradient: skip the update (counted), weights unchanged
//   otherwise AdamW on the fp32 master weights (Optimizer.h)
//   patch the new weights into the package's BLOBFILEs in place
//   (WeightPatcher: the MIL text and so the program cache key never change)
//   Executor::reloadWeights(): no compile after the first
//
// After every patch one blob (an identity copy of a parameter, from the
// smallest BLOBFILE) is read back and compared bit for bit with the master
// weights rounded to the blob's dtype: a cheap check that the package holds
// what the optimizer computed, on top of WeightPatcher's own guarantees.
//
// A trainer holds its package's exclusive lock (DirectoryLock.h) for its
// whole life: it is the package's only writer, and nobody reads it between
// the trainer's patches.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TRAIN_TRAINER_H
#define ORION_TRAIN_TRAINER_H

#include "orion/exec/Executor.h"
#include "orion/format/DirectoryLock.h"
#include "orion/train/Checkpoint.h"
#include "orion/train/Optimizer.h"
#include "orion/train/TrainData.h"

#include <memory>
#include <string>
#include <vector>

namespace orion::rt {

struct TrainerOptions {
  std::string device = "cpu"; // where the package's "ane" programs run
  AdamWOptions adamw;
  LRSchedule schedule;
  double clip = 0;   // max global gradient norm; 0 = no clipping
  int64_t accum = 1; // micro-steps per optimizer step
  /// How TrainState::lossScale moves, when the package takes a
  /// `loss_scale` input (`orion compile --loss-scale`).
  LossScaleOptions lossScale;
  /// Start from master weights or moments holding NaN or Inf (refused by
  /// default: every step would be skipped).
  bool allowNonFinite = false;
};

/// Steps skipped in a row (non-finite loss or gradient) with no loss scale
/// left to lower, after which step() fails: the weights or the data make
/// every step non-finite, and training could never move again.
constexpr int64_t kMaxHopelessSkips = 8;

struct StepReport {
  int64_t step = 0;     // 0-based
  double loss = 0;      // mean over the micro-steps
  double lr = 0;
  double gradNorm = 0;  // of the averaged gradient, before clipping
  bool skipped = false; // non-finite loss or gradient
  double lossScale = 0;  // the scale this step ran with (0: none)
  double seconds = 0;   // the whole step
  double runSeconds = 0, patchSeconds = 0; // package runs; patch + reload
  std::vector<int64_t> windows; // data windows of the micro-steps
};

class Trainer {
public:
  /// Patches `state`'s weights into the package at `pkgDir` (which the
  /// trainer then owns: it rewrites its weights every step), opens and
  /// prepares it. Every parameter of the package must be in `state` and
  /// every gradient output must match its parameter's shape.
  static Expected<std::unique_ptr<Trainer>>
  open(const std::string &pkgDir, TrainState state,
       const TrainerOptions &options);

  /// One optimizer step over `accum` windows of `data`. Fails after
  /// kMaxHopelessSkips skipped steps in a row at the smallest loss scale
  /// (or unscaled).
  Expected<StepReport> step(TrainData &data);

  /// The state to checkpoint (dataPosition as of the last step).
  const TrainState &state() const { return state_; }
  /// Programs compiled in this process so far (constant after open()).
  size_t compiledPrograms() const;
  /// Compiles by the executor's devices other than those that verify or
  /// replace a weight reload (DeviceCounters): constant after start-up when
  /// delta reloads work.
  uint64_t deviceCompiles() const;

private:
  Trainer() = default;
  static Expected<std::unique_ptr<Trainer>>
  openImpl(const std::string &pkgDir, TrainState state,
           const TrainerOptions &options);
  Expected<StepReport> stepImpl(TrainData &data);
  /// Patches the master weights in, checks them, opens the executor.
  Status start();
  Status patchAndReload();
  Status verifyPatched() const;

  std::optional<DirectoryLock> lock_; // first in, last out
  std::string pkgDir_;
  TrainState state_;
  TrainerOptions options_;
  std::unique_ptr<Executor> executor_;
  std::vector<std::string> trained_; // parameters with a gradient output
  // The blob read back after each patch.
  std::string checkFile_, checkParam_, checkDType_;
  uint64_t checkOffset_ = 0;
  int64_t hopelessSkips_ = 0; // see kMaxHopelessSkips
};

} // namespace orion::rt

#endif // ORION_TRAIN_TRAINER_H
