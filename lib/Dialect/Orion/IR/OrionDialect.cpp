//===- OrionDialect.cpp - The orion graph dialect -------------------------===//

#include "Orion/Dialect/Orion/IR/OrionDialect.h"
#include "Orion/Dialect/Orion/IR/OrionOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::orion;

#include "Orion/Dialect/Orion/IR/OrionDialect.cpp.inc"
#include "Orion/Dialect/Orion/IR/OrionEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "Orion/Dialect/Orion/IR/OrionAttrs.cpp.inc"

void OrionDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "Orion/Dialect/Orion/IR/OrionOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "Orion/Dialect/Orion/IR/OrionAttrs.cpp.inc"
      >();
}

LogicalResult SurfaceAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  int64_t bytes) {
  if (bytes <= 0)
    return emitError() << "surface bytes must be positive, got " << bytes;
  return success();
}

//===----------------------------------------------------------------------===//
// Discardable attributes
//===----------------------------------------------------------------------===//

namespace {

bool isArrayOf(Attribute attr, function_ref<bool(Attribute)> element) {
  auto array = dyn_cast<ArrayAttr>(attr);
  return array && llvm::all_of(array, element);
}

/// Bytes a static tensor of `type` packs into, or nullopt.
std::optional<int64_t> packedBytes(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape() ||
      !tensor.getElementType().isIntOrFloat())
    return std::nullopt;
  int64_t width = tensor.getElementType().getIntOrFloatBitWidth();
  return tensor.getNumElements() * std::max<int64_t>(1, width / 8);
}

/// Argument and result attributes: names and surfaces.
LogicalResult verifyValueAttribute(Operation *op, Type type,
                                   NamedAttribute attr, StringRef what) {
  StringRef name = attr.getName().getValue();
  if (name == OrionDialect::getNameAttrName() ||
      name == OrionDialect::getGradientOfAttrName()) {
    if (!isa<StringAttr>(attr.getValue()))
      return op->emitError() << "'" << name << "' on " << what
                             << " must be a string, got " << attr.getValue();
    return success();
  }
  if (name == OrionDialect::getSurfaceAttrName()) {
    auto surface = dyn_cast<SurfaceAttr>(attr.getValue());
    if (!surface)
      return op->emitError()
             << "'" << name << "' on " << what
             << " must be #orion.surface<bytes = N>, got " << attr.getValue();
    std::optional<int64_t> bytes = packedBytes(type);
    if (!bytes)
      return op->emitError() << "'" << name << "' on " << what
                             << " needs a static tensor, got " << type;
    if (*bytes > surface.getBytes())
      return op->emitError()
             << "'" << name << "' on " << what << ": " << type << " needs "
             << *bytes << " bytes, more than the surface's "
             << surface.getBytes();
    return success();
  }
  if (name == OrionDialect::getDeviceAttrName() ||
      name == OrionDialect::getHostAttrName() ||
      name == OrionDialect::getFusedFromAttrName() ||
      name == OrionDialect::getFusedShapesAttrName() ||
      name == OrionDialect::getRecomputedAttrName())
    return op->emitError() << "'" << name
                           << "' is an operation attribute, not one of "
                           << what;
  return success(); // other orion.* attributes are the user's
}

} // namespace

LogicalResult OrionDialect::verifyOperationAttribute(Operation *op,
                                                     NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  Attribute value = attr.getValue();
  if (name == getDeviceAttrName()) {
    auto device = dyn_cast<StringAttr>(value);
    if (!device || (device.getValue() != "ane" && device.getValue() != "cpu"))
      return op->emitError()
             << name << " must be \"ane\" or \"cpu\", got " << value;
    if (!isa<func::FuncOp>(op))
      return op->emitError() << "'" << name << "' belongs on a func.func";
    return success();
  }
  if (name == getHostAttrName()) {
    if (!isa<UnitAttr>(value) || !isa<func::FuncOp>(op))
      return op->emitError()
             << "'" << name << "' must be a unit attribute on a func.func";
    return success();
  }
  if (name == getFusedFromAttrName()) {
    if (!isa<ParamOp>(op) ||
        !isArrayOf(value, [](Attribute a) { return isa<StringAttr>(a); }))
      return op->emitError() << "'" << name
                             << "' must be an array of parameter names on an "
                                "orion.param";
    return success();
  }
  if (name == getFusedShapesAttrName()) {
    if (!isa<ParamOp>(op) || !isArrayOf(value, [](Attribute a) {
          return isa<DenseI64ArrayAttr>(a);
        }))
      return op->emitError() << "'" << name
                             << "' must be an array of array<i64> shapes on "
                                "an orion.param";
    return success();
  }
  if (name == getRecomputedAttrName()) {
    if (!isa<UnitAttr>(value))
      return op->emitError() << "'" << name << "' must be a unit attribute";
    return success();
  }
  if (name == getSurfaceAttrName() || name == getNameAttrName() ||
      name == getGradientOfAttrName())
    return op->emitError() << "'" << name
                           << "' belongs on function arguments and results";
  return success(); // other orion.* attributes are the user's
}

LogicalResult OrionDialect::verifyRegionArgAttribute(Operation *op,
                                                     unsigned region,
                                                     unsigned index,
                                                     NamedAttribute attr) {
  Type type;
  if (auto func = dyn_cast<FunctionOpInterface>(op))
    type = func.getArgumentTypes()[index];
  return verifyValueAttribute(op, type, attr,
                              "argument #" + std::to_string(index));
}

LogicalResult OrionDialect::verifyRegionResultAttribute(Operation *op,
                                                        unsigned region,
                                                        unsigned index,
                                                        NamedAttribute attr) {
  Type type;
  if (auto func = dyn_cast<FunctionOpInterface>(op))
    type = func.getResultTypes()[index];
  return verifyValueAttribute(op, type, attr,
                              "result #" + std::to_string(index));
}

Operation *OrionDialect::materializeConstant(OpBuilder &builder,
                                             Attribute value, Type type,
                                             Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}
