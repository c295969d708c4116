//===- InitWeights.h - Fresh weights for a model ----------------*- C++ -*-===//
//
// GPT-2's initialisation, which Llama implementations share: N(0, 0.02)
// matrices and embeddings, norm scales 1, biases 0, drawn from SplitMix64 in
// parameter-name order, so a seed means the same weights anywhere (`orion
// build-model --init-weights` and `orion train` without --weights agree).
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TOOLS_ORION_INITWEIGHTS_H
#define ORION_TOOLS_ORION_INITWEIGHTS_H

#include "orion/format/SafeTensors.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <cstdint>

namespace orion::cli {

/// Every distinct orion.param of `func`, initialised.
::orion::rt::SafeTensorsWriter initialWeights(mlir::func::FuncOp func,
                                              uint64_t seed);

} // namespace orion::cli

#endif // ORION_TOOLS_ORION_INITWEIGHTS_H
