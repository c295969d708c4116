//===- Params.h - The parameters of a model config --------------*- C++ -*-===//
//
// Every parameter a model has, by name and shape, in one fixed order (the
// order imported safetensors files are laid out in). The builders take their shapes from
// this list (and fail on a name it lacks or one they leave unused); the
// importers map checkpoints onto it; the trainer checks weight stores
// against it. Names follow the checkpoints (docs/models.md); every linear
// weight is [out, in].
//
//===----------------------------------------------------------------------===//

#ifndef ORION_MODEL_PARAMS_H
#define ORION_MODEL_PARAMS_H

#include "orion/model/ModelConfig.h"

#include <string>
#include <vector>

namespace orion::rt {

struct ParamSpec {
  std::string name;
  std::vector<int64_t> shape;
};

/// Every parameter of `config`, in order. The config must be valid
/// (checkModelConfig).
std::vector<ParamSpec> parameterSpecs(const ModelConfig &config);

} // namespace orion::rt

#endif // ORION_MODEL_PARAMS_H
