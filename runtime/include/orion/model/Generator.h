//===- Generator.h - Prefill and KV-cache decode over packages --*- C++ -*-===//
//
// Text generation runs two kinds of package built by the frontend (see
// ModelStep in ModelBuilder.h):
//
//  * prefill packages, one per sequence bucket: the prompt, padded at the
//    end to the bucket, gives the last prompt token's logits and every
//    layer's keys and values, which start the cache;
//  * one decode package with a cache of T slots: one token at position p
//    reads slots < p and returns its own key and value, which the generator
//    writes into slot p.
//
// The cache ([T, kv_dim] per layer and kind) stays resident in the decode
// package's input surfaces: prefill writes the prompt's rows, each decode
// step one row (Executor::makeResident / writeRows), so no step copies the
// whole cache. Nothing is recompiled: every package is opened once.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_MODEL_GENERATOR_H
#define ORION_MODEL_GENERATOR_H

#include "orion/exec/Executor.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace orion::rt {

/// Added to the scores of cache slots a token may not see; the same value
/// orion-decompose uses for causal masks (exp underflows to 0, no -inf).
constexpr float kMaskedScore = -1.0e4f;

class Generator {
public:
  struct Options {
    std::string device = "cpu";
    bool allowNonFinite = false; // Executor::Options::allowNonFinite
  };

  /// `prefill` maps bucket length -> package directory.
  static Expected<std::unique_ptr<Generator>>
  open(const std::map<int64_t, std::string> &prefill,
       const std::string &decode, const Options &options);

  int64_t capacity() const { return slots_; } // cache slots T
  int64_t length() const { return length_; }  // tokens in the cache
  int64_t vocab() const { return vocab_; }
  int64_t layers() const { return layers_; }
  /// The largest prompt a prefill bucket holds.
  int64_t maxPrompt() const;

  /// Clears the cache and runs `prompt` (1..maxPrompt() ids) through the
  /// smallest bucket holding it. Returns the last token's logits.
  Expected<std::vector<float>> prefill(const std::vector<int32_t> &prompt);
  /// Appends one token at position length(). Returns its logits.
  Expected<std::vector<float>> decode(int32_t token);
  /// The last token's logits for `tokens` recomputed by a prefill package,
  /// leaving the cache alone (to check the cache against).
  Expected<std::vector<float>> recompute(const std::vector<int32_t> &tokens);

  /// Time spent in the executors, for statistics.
  double prefillSeconds() const { return prefillSeconds_; }
  double decodeSeconds() const { return decodeSeconds_; }
  /// Loading every program (weights read, execution planned) in open().
  double loadSeconds() const { return loadSeconds_; }

private:
  Generator() = default;
  /// Runs the bucket for `tokens`; returns its outputs and the bucket.
  Expected<TensorMap> runPrefill(const std::vector<int32_t> &tokens);

  std::map<int64_t, std::unique_ptr<Executor>> prefill_;
  std::unique_ptr<Executor> decode_;
  int64_t slots_ = 0, kvDim_ = 0, vocab_ = 0, length_ = 0, layers_ = 0;
  TensorMap decodeInputs_; // reused between steps
  double prefillSeconds_ = 0, decodeSeconds_ = 0, loadSeconds_ = 0;
};

} // namespace orion::rt

#endif // ORION_MODEL_GENERATOR_H
