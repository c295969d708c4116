//===- ModelConfig.h - A transformer's config, presets and JSON -*- C++ -*-===//
//
// The one model config both halves use: the frontend builds IR from it, the
// importers produce it from other tools' checkpoints, and the trainer and
// package cache compare it. Its JSON form (docs/models.md) is what
// `--config FILE` reads and what checkpoints store as "orion.config".
//
//===----------------------------------------------------------------------===//

#ifndef ORION_MODEL_MODELCONFIG_H
#define ORION_MODEL_MODELCONFIG_H

#include "orion/format/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace orion::rt {

enum class ModelFamily { GPT2, Llama };

/// One config for both families; fields a family does not use are ignored.
struct ModelConfig {
  ModelFamily family = ModelFamily::Llama;
  int64_t vocab = 32000;
  int64_t dim = 768;
  int64_t layers = 12;
  int64_t heads = 12;
  int64_t kvHeads = 12;        // Llama only (GQA when < heads)
  int64_t hidden = 2048;       // MLP hidden size
  int64_t maxSeq = 1024;       // GPT-2: rows of wpe; Llama: context length
  double normEps = 1e-5;       // LayerNorm (GPT-2) or RMSNorm (Llama) epsilon
  double ropeTheta = 10000.0;  // Llama only
  bool tiedClassifier = true;  // Llama only (GPT-2 logits are always tied)

  bool gpt2() const { return family == ModelFamily::GPT2; }
  int64_t headDim() const { return dim / heads; }
  int64_t kvDim() const { return kvHeads * headDim(); }
};

/// The same model: equal sizes, and epsilon and theta equal at the f32
/// precision the kernels compute with (so a config written as 1e-5 matches
/// one read back from an older checkpoint's 9.99999975e-06).
bool sameModel(const ModelConfig &a, const ModelConfig &b);

/// Names accepted by presetConfig, in a stable order.
std::vector<std::string> presetNames();

/// gpt2-124m, stories15m, stories42m, stories110m, and the tiny test
/// configs gpt2-tiny and llama-tiny (GQA, untied classifier).
Expected<ModelConfig> presetConfig(const std::string &name);

/// Parses a JSON object: {"family": "gpt2"|"llama", "vocab", "dim",
/// "layers", "heads", "kv_heads", "hidden", "max_seq", "norm_eps",
/// "rope_theta", "tied_classifier"}. Missing keys keep `base`'s values;
/// unknown keys are errors. The result is checked (checkModelConfig).
/// `what` (a file name) prefixes error messages when not empty.
Expected<ModelConfig> parseModelConfig(const std::string &json,
                                       const std::string &what = "",
                                       const ModelConfig &base = {});

/// Every key in a fixed order: what checkpoints store, what the package
/// cache hashes, and what parseModelConfig reads back exactly.
std::string modelConfigToJson(const ModelConfig &config);

/// "" when the config describes a buildable model (positive sizes small
/// enough that every tensor's size is computable, heads dividing dim,
/// kv_heads dividing heads, an even head size for RoPE, a non-negative
/// epsilon, a positive theta), else the reason.
std::string checkModelConfig(const ModelConfig &config);

/// "" when a function of `seq` tokens (or cache slots) fits max_seq.
std::string checkSequenceLength(const ModelConfig &config, int64_t seq);

} // namespace orion::rt

#endif // ORION_MODEL_MODELCONFIG_H
