//===- TrainData.cpp - Token windows for training, in a seeded order ------===//

#include "orion/train/TrainData.h"
#include "orion/model/Sampler.h"

#include <numeric>
#include <utility>

namespace orion::rt {

Expected<TrainData> TrainData::create(std::vector<int32_t> ids, int64_t seq,
                                      int64_t vocab, uint64_t seed,
                                      const std::string &source) {
  if (seq < 1)
    return Error("the sequence length must be >= 1, got " +
                 std::to_string(seq));
  if (int64_t(ids.size()) < seq + 1)
    return Error(source + ": " + std::to_string(ids.size()) +
                 " tokens, but one training window needs seq + 1 = " +
                 std::to_string(seq + 1));
  for (size_t i = 0; i < ids.size(); ++i)
    if (ids[i] < 0 || ids[i] >= vocab)
      return Error(source + ": token " + std::to_string(i) + " is " +
                   std::to_string(ids[i]) + ", outside the model's vocabulary [0, " +
                   std::to_string(vocab) + ")");
  TrainData d;
  d.seq_ = seq;
  d.windows_ = (int64_t(ids.size()) - 1) / seq;
  d.ids_ = std::move(ids);
  d.seed_ = seed;
  return d;
}

int64_t TrainData::windowAt(int64_t position) {
  int64_t epoch = position / windows_;
  if (epoch != orderEpoch_) {
    order_.resize(size_t(windows_));
    std::iota(order_.begin(), order_.end(), int64_t(0));
    SplitMix64 random(seed_ ^ (uint64_t(epoch) * 0x9E3779B97F4A7C15ull));
    for (int64_t i = windows_ - 1; i > 0; --i)
      std::swap(order_[size_t(i)],
                order_[size_t(random.next() % uint64_t(i + 1))]);
    orderEpoch_ = epoch;
  }
  return order_[size_t(position % windows_)];
}

Batch TrainData::next() {
  Batch b;
  b.window = windowAt(position_++);
  auto first = ids_.begin() + b.window * seq_;
  b.tokens.assign(first, first + seq_);
  b.targets.assign(first + 1, first + seq_ + 1);
  return b;
}

} // namespace orion::rt
