//===- OrionDialect.cpp - The orion graph dialect -------------------------===//

#include "Orion/Dialect/Orion/IR/OrionDialect.h"
#include "Orion/Dialect/Orion/IR/OrionOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"

using namespace mlir;
using namespace mlir::orion;

#include "Orion/Dialect/Orion/IR/OrionDialect.cpp.inc"
#include "Orion/Dialect/Orion/IR/OrionEnums.cpp.inc"

void OrionDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "Orion/Dialect/Orion/IR/OrionOps.cpp.inc"
      >();
}

Operation *OrionDialect::materializeConstant(OpBuilder &builder,
                                             Attribute value, Type type,
                                             Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}
