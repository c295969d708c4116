//===- TypeConversion.cpp - orion tensor types to mil tensor types --------===//

#include "OrionToMIL.h"

#include "Orion/Dialect/MIL/Transforms/MILBuilder.h"

using namespace mlir;
using namespace mlir::orion;

OrionToMILTypeConverter::OrionToMILTypeConverter(const KernelInfo &info)
    : info(info) {
  // Tried last to first: anything that is not a tensor stays as is.
  addConversion([](Type type) { return type; });
  addConversion([this](RankedTensorType type) -> std::optional<Type> {
    if (!type.hasStaticShape())
      return std::nullopt;
    if (isa<FloatType>(type.getElementType()))
      return type.clone(this->info.computeType);
    return type;
  });
  // A kernel argument kept in its I/O type (keep-io-type) meets the compute
  // type at its first use: the only element-type change the conversion
  // itself introduces.
  addTargetMaterialization([](OpBuilder &b, RankedTensorType to,
                              ValueRange inputs, Location loc) -> Value {
    if (inputs.size() != 1)
      return Value();
    auto from = dyn_cast<RankedTensorType>(inputs.front().getType());
    if (!from || from.getShape() != to.getShape() ||
        mil::milDtypeName(to.getElementType()).empty())
      return Value();
    return mil::buildCast(b, loc, inputs.front(), to.getElementType());
  });
}

Type OrionToMILTypeConverter::convertIOType(Type type) const {
  auto tensor = dyn_cast<RankedTensorType>(type);
  // fp16 and fp32 both: the surface type orion-assign-layout chose is the
  // contract with the host, whatever the kernel computes in.
  if (info.keepIOType && tensor && isa<FloatType>(tensor.getElementType()) &&
      tensor.hasStaticShape() &&
      !mil::milDtypeName(tensor.getElementType()).empty())
    return type;
  return convertType(type);
}
