//===- CheckpointMetadataFuzzer.cpp - libFuzzer target for "orion.trainer" -===//
//
// The trainer's checkpoint metadata (optimizer.safetensors' "orion.trainer"
// JSON) decides where `orion train --resume` reads the data and how AdamW
// corrects its bias. Any text must be rejected with an Error naming the
// file, or yield counters a resumed run can use: non-negative, applied plus
// skipped steps within the step count, a window of at least one token,
// and a loss scale of 0 or within [1, kMaxLossScale].
//
//===----------------------------------------------------------------------===//

#include "orion/train/Checkpoint.h"

#include <cstdlib>

using namespace orion::rt;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  TrainState s;
  Status st = parseTrainerMetadata(text, "fuzz/optimizer.safetensors", s);
  if (!st) {
    if (st.error().message().rfind("fuzz/optimizer.safetensors: ", 0) != 0)
      std::abort();
    return 0;
  }
  if (s.step < 0 || s.adamSteps < 0 || s.skipped < 0 || s.dataPosition < 0 ||
      s.adamSteps + s.skipped > s.step || s.seq < 1 || s.dataTokens < 0 ||
      s.lossScale.goodSteps < 0)
    std::abort();
  if (!(s.lossScale.scale == 0 ||
        (s.lossScale.scale >= 1 && s.lossScale.scale <= kMaxLossScale)))
    std::abort();
  // The generation name of a valid step is "step-" and digits only.
  std::string name = checkpointName(s.step);
  if (name.find('-', 5) != std::string::npos)
    std::abort();
  return 0;
}
