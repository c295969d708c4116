//===- ModelImport.h - Foreign checkpoints as Orion weights -----*- C++ -*-===//
//
// Reads a model checkpoint written by another tool and returns its config in
// Orion's JSON schema plus its tensors under Orion's parameter names (see
// include/Orion/Frontend/ModelBuilder.h), all F32 with linear weights in
// [out, in] layout, ready to bind to the IR `orion build-model` writes.
// Formats (docs/models.md):
//
//  * llama2.c `.bin` (Stories15M/42M/110M): a 7-int32 header, fp32 arrays;
//  * Hugging Face GPT-2 and Llama: config.json plus *.safetensors (sharded or
//    not); F16/BF16 become F32, GPT-2's Conv1D weights are transposed and
//    Llama's q/k rows are un-permuted from HF's rotate-half RoPE order;
//  * "orion": a safetensors file already under Orion names whose metadata
//    key "orion.config" holds the config (what Orion writes itself).
//
//===----------------------------------------------------------------------===//

#ifndef ORION_MODEL_MODELIMPORT_H
#define ORION_MODEL_MODELIMPORT_H

#include "orion/format/Error.h"
#include "orion/format/SafeTensors.h"

#include <cstdint>
#include <string>

namespace orion::rt {

struct ImportedModel {
  /// "llama2.c", "hf-gpt2", "hf-llama" or "orion".
  std::string format;
  /// Our schema, accepted by orion::rt::parseModelConfig: {"family":
  /// "gpt2"|"llama", "vocab", "dim", "layers", "heads", "kv_heads", "hidden",
  /// "max_seq", "norm_eps", "rope_theta", "tied_classifier"}, every key set.
  std::string configJson;
  /// Tensors under OUR parameter names (ModelBuilder.h), F32, linear weights
  /// [out, in].
  WeightStore weights;
  int64_t parameterCount = 0;
};

/// `path` is a llama2.c .bin checkpoint; a .safetensors file (config.json
/// beside it, or an "orion.config" metadata entry); or a directory holding
/// config.json and *.safetensors (sharded OK). Errors name the file and the
/// tensor or config key at fault.
Expected<ImportedModel> importModel(const std::string &path);

} // namespace orion::rt

#endif // ORION_MODEL_MODELIMPORT_H
