//===- InitWeights.h - Fresh weights for a model ----------------*- C++ -*-===//
//
// GPT-2's initialisation, which Llama implementations share: N(0, 0.02)
// matrices and embeddings, norm scales 1, biases 0, drawn from SplitMix64 in
// parameter-name order, so a seed means the same weights anywhere (`orion
// build-model --init-weights` and `orion train` without --weights agree).
//
//===----------------------------------------------------------------------===//

#ifndef ORION_MODEL_INITWEIGHTS_H
#define ORION_MODEL_INITWEIGHTS_H

#include "orion/format/SafeTensors.h"
#include "orion/model/ModelConfig.h"

#include <cstdint>

namespace orion::rt {

/// Every parameter of `config` (orion/model/Params.h), initialised. The
/// weights are held twice (the writer's copy and the file's bytes): a
/// config whose weights would not fit the memory limit (Memory.h) is an
/// error before anything is drawn (a 70B config ran 100 s, then aborted).
Expected<SafeTensorsWriter> initialWeights(const ModelConfig &config,
                                           uint64_t seed);

} // namespace orion::rt

#endif // ORION_MODEL_INITWEIGHTS_H
