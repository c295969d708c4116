//===- TrainInputs.h - What a training run starts from ----------*- C++ -*-===//
//
// The initial master weights (a weight store, an imported checkpoint or a
// seeded initialisation, checked against the model's parameters) and the
// training tokens (a .npy of ids, or text through a tokenizer).
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TRAIN_TRAININPUTS_H
#define ORION_TRAIN_TRAININPUTS_H

#include "orion/format/SafeTensors.h"
#include "orion/model/ModelConfig.h"
#include "orion/train/Optimizer.h"

#include <optional>
#include <string>
#include <vector>

namespace orion::rt {

/// Master weights (F32 copies, moments empty) of every parameter of
/// `config`, from `store` (F32, F16 or BF16 tensors; `source` names it in
/// errors) or, without a store, initialised as `orion build-model
/// --init-weights --seed initSeed` does (orion/model/InitWeights.h).
Expected<MasterWeights> initialMasterWeights(const ModelConfig &config,
                                             const WeightStore *store,
                                             const std::string &source,
                                             uint64_t initSeed);

/// Token ids from a .npy (1-D int32/int64) or, with a tokenizer, a text
/// file (Llama's BOS first, as `orion generate` does).
Expected<std::vector<int32_t>>
readTrainTokens(const std::string &path,
                const std::optional<std::string> &tokenizer, bool addBos);

} // namespace orion::rt

#endif // ORION_TRAIN_TRAININPUTS_H
