//===- Checkpoint.h - Training state on disk, atomically --------*- C++ -*-===//
//
// A checkpoint directory ROOT holds generations and a pointer to the newest:
//
//   ROOT/latest                            "step-00000010\n"
//   ROOT/step-00000010/model.safetensors   F32 weights under Orion's names,
//                                          metadata "orion.config": loadable
//                                          by --model (ModelImport.h)
//   ROOT/step-00000010/optimizer.safetensors
//                                          "m.<name>", "v.<name>" (F32) and
//                                          metadata "orion.trainer": JSON of
//                                          the counters and data position
//
// A save writes ROOT/.tmp-step-N/ (each file fsynced), renames it to
// ROOT/step-N, then replaces ROOT/latest atomically: the commit point. A
// crash anywhere before leaves `latest` naming the previous, complete
// generation; the leftovers are removed by the next save. Saving a step
// that already has a generation (a rerun from an earlier checkpoint) first
// renames the old one to ROOT/.old-step-N, which loading falls back to if
// the crash comes before the new one is in place. After a commit every
// generation but the newest two is deleted. The directory swap is a
// StagedDirectory (orion/format/StagedDirectory.h).
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TRAIN_CHECKPOINT_H
#define ORION_TRAIN_CHECKPOINT_H

#include "orion/format/Error.h"
#include "orion/train/Optimizer.h"

#include <cstdint>
#include <string>

namespace orion::rt {

/// Everything a run needs to continue exactly where it stopped.
struct TrainState {
  std::string configJson; // the model config ("orion.config")
  MasterWeights params;   // values and AdamW moments
  int64_t step = 0;       // steps done (applied or skipped)
  int64_t adamSteps = 0;  // updates applied: AdamW's t
  int64_t skipped = 0;    // steps skipped for non-finite gradients
  int64_t dataPosition = 0; // windows consumed (TrainData::position)
  uint64_t dataSeed = 0;
  int64_t seq = 0;
  int64_t dataTokens = 0; // length of the data, checked on resume
  LossScale lossScale;    // fp16 training's dynamic loss scale
};

/// The name of step `step`'s generation ("step-00000010").
std::string checkpointName(int64_t step);

/// Saves `state` as a new generation of `root` (created if missing).
Status saveCheckpoint(const std::string &root, const TrainState &state);

/// Loads `path`: a checkpoint root (its `latest` generation) or one
/// generation's directory. Everything is validated before use (the
/// counters by parseTrainerMetadata, tensors' dtypes and shapes; values
/// are checked where they enter a trainer, Trainer::open); errors name the
/// file and the field or tensor at fault.
Expected<TrainState> loadCheckpoint(const std::string &path);

/// Parses the "orion.trainer" metadata `text` of `file` into `state`'s
/// counters, data position and loss scale: every field present with its
/// type, counters >= 0, adam_steps + skipped <= step, seq >= 1,
/// loss_scale 0 or in [1, kMaxLossScale]. (data_tokens and data_seed are
/// compared with the data by the caller.)
Status parseTrainerMetadata(const std::string &text, const std::string &file,
                            TrainState &state);

} // namespace orion::rt

#endif // ORION_TRAIN_CHECKPOINT_H
