//===- PartitionPolicy.cpp - ANE support and stage keys -------------------===//

#include "PartitionPolicy.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::orion;

bool mlir::orion::isLeafValueOp(Operation *op) {
  if (auto transpose = dyn_cast<TransposeOp>(op))
    return transpose.getPerm() == ArrayRef<int64_t>{1, 0} &&
           transpose.getInput().getDefiningOp<ParamOp>();
  return isa<ParamOp, ConstantOp>(op);
}

uint64_t mlir::orion::fp16Bytes(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || !shaped.hasStaticShape())
    return 0;
  return 2 * static_cast<uint64_t>(shaped.getNumElements());
}

std::optional<std::string>
mlir::orion::aneRejection(Operation *op, const AneLimits &limits) {
  // The primitives convert-orion-to-mil maps to ANE-supported MIL ops
  // (Orion_ANEPrimitive; docs/ane-constraints.md ANE-OP-SET). Everything
  // else (gathers, loss, concat (ANE-NO-CONCAT), composites that were not
  // decomposed, other dialects) is CPU work.
  if (!op->hasTrait<OpTrait::orion::ANEPrimitive>())
    return "'" + op->getName().getStringRef().str() +
           "' has no ANE lowering";
  auto check = [&](Value v) -> std::optional<std::string> {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type || !type.hasStaticShape())
      return std::string("needs static tensor shapes");
    if (!isa<FloatType>(type.getElementType()))
      return std::string("the ANE computes on floats only");
    for (int64_t d : type.getShape())
      if (d > limits.maxChannels)
        return "dimension " + std::to_string(d) + " exceeds " +
               std::to_string(limits.maxChannels) + " channels";
    Operation *def = v.getDefiningOp();
    if (def && isLeafValueOp(def) && fp16Bytes(type) > limits.maxWeightBytes)
      return "weight of " + std::to_string(fp16Bytes(type)) +
             " fp16 bytes exceeds the limit of " +
             std::to_string(limits.maxWeightBytes);
    return std::nullopt;
  };
  for (Value v : op->getOperands())
    if (auto reason = check(v))
      return reason;
  for (Value v : op->getResults())
    if (auto reason = check(v))
      return reason;
  return std::nullopt;
}

StringRef mlir::orion::stageName(Operation *op) {
  StringRef name;
  op->getLoc()->walk([&](Location loc) {
    if (auto named = dyn_cast<NameLoc>(loc)) {
      name = named.getName().getValue();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return name;
}

std::string mlir::orion::kernelKey(StringRef stage,
                                   PartitionGranularity granularity,
                                   bool onAne) {
  if (granularity == PartitionGranularity::Model && onAne)
    return "model";
  if (granularity == PartitionGranularity::Block) {
    std::string key = stage.str();
    std::replace(key.begin(), key.end(), '.', '_');
    return key;
  }
  return stage.split('.').first.str();
}
