//===- TrainInputs.h - What `orion train` starts from -----------*- C++ -*-===//
//
// The initial master weights (a weight store, an imported checkpoint or a
// seeded initialisation, checked against the model's parameters) and the
// training tokens (a .npy of ids, or text through a tokenizer).
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TOOLS_ORION_TRAININPUTS_H
#define ORION_TOOLS_ORION_TRAININPUTS_H

#include "Orion/Frontend/ModelBuilder.h"
#include "orion/format/SafeTensors.h"
#include "orion/train/Optimizer.h"

#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace orion::cli {

/// Each parameter of `config`'s train step at length `seq`, by name.
llvm::Expected<std::map<std::string, std::vector<int64_t>>>
trainParameterShapes(const mlir::orion::ModelConfig &config, int64_t seq);

/// Master weights (F32 copies, moments empty) of every parameter in
/// `shapes`, from `store` (F32, F16 or BF16 tensors; `source` names it in
/// errors) or, without a store, initialised as `orion build-model
/// --init-weights --seed initSeed` does.
llvm::Expected<::orion::rt::MasterWeights>
initialMasterWeights(const mlir::orion::ModelConfig &config, int64_t seq,
                     const ::orion::rt::WeightStore *store,
                     const std::string &source, uint64_t initSeed);

/// Token ids from a .npy (1-D int32/int64) or, with a tokenizer, a text
/// file (Llama's BOS first, as `orion generate` does).
llvm::Expected<std::vector<int32_t>>
readTrainTokens(const std::string &path,
                const std::optional<std::string> &tokenizer, bool addBos);

} // namespace orion::cli

#endif // ORION_TOOLS_ORION_TRAININPUTS_H
