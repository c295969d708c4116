//===- TrainData.h - Token windows for training, in a seeded order -*- C++ -*-===//
//
// The training data is one array of token ids. Window k starts at k * S and
// holds S + 1 tokens (tokens = window[:-1], targets = window[1:]), so there
// are (n - 1) / S windows and consecutive windows share one token. Each
// epoch visits every window once, in a Fisher-Yates shuffle drawn from
// SplitMix64(seed ^ (epoch * 0x9E3779B97F4A7C15)). The position is a single
// count of windows consumed: saving it in a checkpoint and restoring it
// gives the same batches afterwards (mechramc/Orion's loader restarted at
// token 0).
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TRAIN_TRAINDATA_H
#define ORION_TRAIN_TRAINDATA_H

#include "orion/format/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace orion::rt {

struct Batch {
  std::vector<int32_t> tokens, targets;
  int64_t window = 0; // which window (its first token is window * S)
};

class TrainData {
public:
  /// Checks n >= S + 1 and every id in [0, vocab); errors name `source`.
  static Expected<TrainData> create(std::vector<int32_t> ids, int64_t seq,
                                    int64_t vocab, uint64_t seed,
                                    const std::string &source);

  int64_t windows() const { return windows_; }
  /// Windows consumed so far (the checkpointed position).
  int64_t position() const { return position_; }
  void seek(int64_t position) { position_ = position; }
  /// The batch at the current position; advances by one.
  Batch next();
  /// The window visited at `position` (no state change).
  int64_t windowAt(int64_t position);

private:
  TrainData() = default;
  std::vector<int32_t> ids_;
  int64_t seq_ = 0, windows_ = 0, position_ = 0;
  uint64_t seed_ = 0;
  int64_t orderEpoch_ = -1; // epoch whose order order_ holds
  std::vector<int64_t> order_;
};

} // namespace orion::rt

#endif // ORION_TRAIN_TRAINDATA_H
