//===- Sampler.h - Next-token choice from logits ----------------*- C++ -*-===//
//
// Greedy (temperature 0: the first index of the largest logit, so ties and
// reruns are deterministic) or sampling from softmax(logits / T) restricted
// to the top-k ids and then to the smallest set whose probability reaches
// top-p. The random stream is SplitMix64, so a seed gives the same tokens on
// every platform and standard library.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_MODEL_SAMPLER_H
#define ORION_MODEL_SAMPLER_H

#include "orion/format/Error.h"

#include <cstdint>
#include <vector>

namespace orion::rt {

struct SamplingOptions {
  float temperature = 1.0f; // 0 = greedy
  int32_t topK = 0;         // 0 = all ids
  float topP = 1.0f;        // 1 = no nucleus cut
  uint64_t seed = 0;
};

/// Checks ranges: temperature >= 0, top-k >= 0, top-p in (0, 1].
Status validate(const SamplingOptions &options);

/// splitmix64: tiny, well mixed, and defined by its arithmetic alone, so a
/// seed gives the same numbers with any compiler and standard library.
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next();
  /// Uniform in [0, 1), 53 random bits.
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
  /// Standard normal (Box-Muller).
  double normal();

private:
  uint64_t state_;
};

class Sampler {
public:
  explicit Sampler(const SamplingOptions &options)
      : options_(options), random_(options.seed) {}

  /// The next token id; `logits` has one entry per vocabulary id.
  int32_t next(const std::vector<float> &logits);

private:
  SamplingOptions options_;
  SplitMix64 random_;
};

/// Index of the largest value (the first on ties); NaNs are never chosen.
int32_t argmax(const std::vector<float> &values);

} // namespace orion::rt

#endif // ORION_MODEL_SAMPLER_H
