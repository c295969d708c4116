//===- ANERules.cpp - ANE limits shared by legalize and validate ----------===//

#include "ANERules.h"

#include "Orion/Dialect/Orion/IR/OrionAttrs.h"
#include "Orion/Dialect/Orion/IR/OrionDialect.h"
#include "Orion/Target/ANE/KernelPlacement.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::orion;

bool mil::isANEProgram(func::FuncOp func) {
  if (func.isDeclaration())
    return false;
  KernelPlacement where = placementOf(func);
  return where == KernelPlacement::ANE || where == KernelPlacement::Standalone;
}

std::optional<int64_t> mil::tensorBytes(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return std::nullopt;
  Type et = tensor.getElementType();
  int64_t width = et.isIntOrFloat() ? et.getIntOrFloatBitWidth() : 0;
  if (width == 0)
    return std::nullopt;
  return tensor.getNumElements() * std::max<int64_t>(1, width / 8);
}

std::optional<int64_t> mil::surfaceBytes(func::FuncOp func, unsigned index,
                                         bool result) {
  DictionaryAttr attrs =
      result ? func.getResultAttrDict(index) : func.getArgAttrDict(index);
  if (attrs)
    if (auto surface =
            attrs.getAs<SurfaceAttr>(OrionDialect::getSurfaceAttrName()))
      return surface.getBytes();
  return tensorBytes(result ? func.getResultTypes()[index]
                            : func.getArgumentTypes()[index]);
}

std::optional<int64_t> mil::channelsOf(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape() || tensor.getRank() == 0)
    return std::nullopt;
  return tensor.getDimSize(tensor.getRank() == 4 ? 1 : tensor.getRank() - 1);
}
