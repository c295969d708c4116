//===- ImportSupport.h - Shared pieces of the model importers ---*- C++ -*-===//
//
// Internal to the runtime (ModelImport.h is the public entry point). The
// importers share a checked mapping from a checkpoint's tensors to ours
// (orion/model/Params.h, the list the frontend's builders use too) and the
// one in-memory safetensors file that holds the result.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_MODEL_IMPORTSUPPORT_H
#define ORION_MODEL_IMPORTSUPPORT_H

#include "orion/model/ModelImport.h"
#include "orion/model/ModelConfig.h"
#include "orion/model/Params.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace orion::rt::import {

/// "[2, 3]".
std::string shapeString(const std::vector<int64_t> &shape);

/// How a checkpoint tensor becomes one of ours.
enum class Transform {
  None,
  Transpose,      // [in, out] (HF Conv1D) -> [out, in]
  UnpermuteRope,  // HF rotate-half row order -> interleaved pairs
};

struct TensorMapping {
  ParamSpec param;
  std::string source;   // tensor name in the checkpoint
  Transform transform = Transform::None;
  int64_t ropeHeads = 0; // UnpermuteRope: heads the rows are grouped into
};

/// Checks that every mapped source tensor exists with a float dtype and the
/// shape its transform needs, and that no tensor of `source` is left over
/// unless `ignored` says so. `sourceName` names the checkpoint in errors.
Status checkMapping(const std::vector<TensorMapping> &mappings,
                    const WeightStore &source, const std::string &sourceName,
                    const std::function<bool(const std::string &)> &ignored);

/// Converts a checked mapping into an ImportedModel (one F32 safetensors
/// buffer, metadata "orion.config" set).
Expected<ImportedModel> convertMapping(const std::string &format,
                                       const ModelConfig &spec,
                                       const std::vector<TensorMapping> &mappings,
                                       const WeightStore &source,
                                       const std::string &sourceName);

/// True when `a` and `b` hold the same values (a tied classifier stored
/// twice); the shapes must already match.
bool sameValues(const TensorView &a, const TensorView &b);

/// An F32 tensor at a byte offset of a safetensors data section.
struct PlacedTensor {
  ParamSpec param;
  uint64_t offset;
};

/// The 8-byte length plus JSON header of a safetensors file declaring
/// `tensors` (padded so the data section stays 8-byte aligned).
std::vector<uint8_t> safeTensorsHeader(
    const std::vector<PlacedTensor> &tensors,
    const std::map<std::string, std::string> &metadata);

/// Wraps a complete safetensors buffer as the ImportedModel's store.
Expected<ImportedModel> finishImport(const std::string &format,
                                     const ModelConfig &spec,
                                     std::vector<uint8_t> bytes,
                                     const std::string &name);

// The importers, one file each. `name` is used in error messages.
Expected<ImportedModel> importLlama2c(const std::string &path);
/// The same from bytes in memory (tests and the fuzzer).
Expected<ImportedModel> importLlama2cBytes(const std::vector<uint8_t> &bytes,
                                           const std::string &name);
/// `configText` is HF's config.json; `source` the checkpoint's tensors.
Expected<ImportedModel> importHuggingFace(const std::string &configText,
                                          const std::string &configName,
                                          const WeightStore &source,
                                          const std::string &sourceName);
/// Tensors already under our names; `configJson` is "orion.config".
Expected<ImportedModel> importOrion(const std::string &configJson,
                                    WeightStore source,
                                    const std::string &sourceName);

} // namespace orion::rt::import

#endif // ORION_MODEL_IMPORTSUPPORT_H
