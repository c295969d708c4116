//===- Sampler.cpp - Next-token choice from logits ------------------------===//

#include "orion/model/Sampler.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace orion::rt {

Status validate(const SamplingOptions &o) {
  if (!(o.temperature >= 0.0f) || std::isinf(o.temperature))
    return Error("temperature must be a finite number >= 0, got " +
                 std::to_string(o.temperature));
  if (o.topK < 0)
    return Error("top-k must be >= 0 (0 keeps every id), got " +
                 std::to_string(o.topK));
  if (!(o.topP > 0.0f && o.topP <= 1.0f))
    return Error("top-p must be in (0, 1], got " + std::to_string(o.topP));
  return Status::ok();
}

int32_t argmax(const std::vector<float> &values) {
  int32_t best = -1;
  for (size_t i = 0; i < values.size(); ++i)
    if (!std::isnan(values[i]) && (best < 0 || values[i] > values[best]))
      best = int32_t(i);
  return best < 0 ? 0 : best;
}

uint64_t SplitMix64::next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

double SplitMix64::normal() {
  double u = uniform(), v = uniform();
  return std::sqrt(-2.0 * std::log(1.0 - u)) *
         std::cos(6.283185307179586 * v);
}

int32_t Sampler::next(const std::vector<float> &logits) {
  if (options_.temperature == 0.0f || logits.size() < 2)
    return argmax(logits);
  // Candidates by descending logit (index breaks ties, for determinism).
  std::vector<int32_t> ids(logits.size());
  std::iota(ids.begin(), ids.end(), 0);
  auto byLogit = [&](int32_t a, int32_t b) {
    return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
  };
  size_t keep = ids.size();
  if (options_.topK > 0 && size_t(options_.topK) < keep) {
    keep = size_t(options_.topK);
    std::partial_sort(ids.begin(), ids.begin() + keep, ids.end(), byLogit);
  } else {
    std::sort(ids.begin(), ids.end(), byLogit);
  }
  ids.resize(keep);
  // NaN logits never win; drop them.
  ids.erase(std::remove_if(ids.begin(), ids.end(),
                           [&](int32_t i) { return std::isnan(logits[i]); }),
            ids.end());
  if (ids.empty())
    return argmax(logits);

  std::vector<double> probs(ids.size());
  double top = logits[ids.front()], sum = 0;
  for (size_t i = 0; i < ids.size(); ++i)
    sum += probs[i] = std::exp((double(logits[ids[i]]) - top) /
                               options_.temperature);
  // Nucleus: the shortest prefix whose mass reaches top-p.
  size_t cut = ids.size();
  if (options_.topP < 1.0f) {
    double mass = 0;
    for (size_t i = 0; i < ids.size(); ++i) {
      mass += probs[i] / sum;
      if (mass >= options_.topP) {
        cut = i + 1;
        break;
      }
    }
  }
  double total = std::accumulate(probs.begin(), probs.begin() + cut, 0.0);
  double r = random_.uniform() * total;
  for (size_t i = 0; i < cut; ++i) {
    r -= probs[i];
    if (r < 0)
      return ids[i];
  }
  return ids[cut - 1];
}

} // namespace orion::rt
