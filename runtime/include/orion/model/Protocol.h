//===- Protocol.h - Host names of a model step's inputs and outputs -*- C++ -*-===//
//
// A compiled model step (forward, prefill, decode, train) is a package
// whose host plan takes and returns tensors by name. The compiler's
// frontend and orion-autodiff give the names; the generator and the
// trainer bind them. Each name is written here once (ModelBuilder.h says
// what each tensor holds).
//
//===----------------------------------------------------------------------===//

#ifndef ORION_MODEL_PROTOCOL_H
#define ORION_MODEL_PROTOCOL_H

#include <cstdint>
#include <string>

namespace orion::rt::protocol {

/// Token ids, [S] (or [1] when decoding) i32: every step's first input.
inline constexpr const char *kTokens = "tokens";
/// Logits [S, V] (or [1, V]): forward, prefill and decode output.
inline constexpr const char *kLogits = "logits";

/// Decode inputs: the token's position [1] i32, its one-hot cache slot
/// [1, T] and the additive attention mask [1, T].
inline constexpr const char *kPositions = "positions";
inline constexpr const char *kCacheSlot = "cache_slot";
inline constexpr const char *kAttnMask = "attn_mask";

/// Layer `layer`'s new keys or values (`kind` 'k' or 'v'): prefill and
/// decode outputs `k_N`, `v_N`.
inline std::string kvName(char kind, int64_t layer) {
  return std::string(1, kind) + "_" + std::to_string(layer);
}
/// The decode input holding layer `layer`'s cache: `k_cache_N`, `v_cache_N`.
inline std::string kvCacheName(char kind, int64_t layer) {
  return std::string(1, kind) + "_cache_" + std::to_string(layer);
}

/// Next-token ids [S] i32: a train step's second input.
inline constexpr const char *kTargets = "targets";
/// The rank-0 mean cross-entropy: a train step's first output, and the
/// stage (location name) of the ops that compute it.
inline constexpr const char *kLoss = "loss";
/// Rank 0, the loss's type: seeds the backward pass when the step was
/// compiled with loss scaling (gradients come out multiplied by it).
inline constexpr const char *kLossScale = "loss_scale";
/// A parameter's gradient output is the parameter's name behind this.
inline constexpr const char *kGradPrefix = "grad.";

inline std::string gradientName(const std::string &param) {
  return kGradPrefix + param;
}

} // namespace orion::rt::protocol

#endif // ORION_MODEL_PROTOCOL_H
