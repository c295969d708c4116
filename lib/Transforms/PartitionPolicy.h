//===- PartitionPolicy.h - What orion-partition puts where ------*- C++ -*-===//
//
// Device and stage decisions, separate from the outlining mechanics so the
// ANE's limits live in one place.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_LIB_TRANSFORMS_PARTITIONPOLICY_H
#define ORION_LIB_TRANSFORMS_PARTITIONPOLICY_H

#include "Orion/Transforms/Passes.h"

#include "mlir/IR/Operation.h"

#include <optional>
#include <string>

namespace mlir::orion {

struct AneLimits {
  int64_t maxChannels;
  uint64_t maxWeightBytes; // fp16 bytes of one param or constant
};

/// Why the ANE cannot run `op`, or nullopt if it can.
std::optional<std::string> aneRejection(Operation *op, const AneLimits &limits);

/// Params and constants: values the IR names rather than computes. A
/// param's 2-D transpose counts too: the MIL conversion stores it as the
/// transposed weight blob (a linear's input gradient, dy @ W = linear(dy,
/// W^T)), so it is a weight, not work.
bool isLeafValueOp(Operation *op);

/// The stage an op's location names (its first NameLoc), or "".
StringRef stageName(Operation *op);

/// The kernel key of a stage: "layer3.mlp" -> "layer3_mlp" (block),
/// "layer3" (layer); all ANE work is "model" at model granularity.
std::string kernelKey(StringRef stage, PartitionGranularity granularity,
                      bool onAne);

/// Bytes of `type` stored as fp16 (how the ANE holds every tensor).
uint64_t fp16Bytes(Type type);

} // namespace mlir::orion

#endif // ORION_LIB_TRANSFORMS_PARTITIONPOLICY_H
