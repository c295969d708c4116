//===- OrionAttrs.h - Attributes of the orion dialect -----------*- C++ -*-===//

#ifndef ORION_DIALECT_ORION_IR_ORIONATTRS_H
#define ORION_DIALECT_ORION_IR_ORIONATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "Orion/Dialect/Orion/IR/OrionEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "Orion/Dialect/Orion/IR/OrionAttrs.h.inc"

#endif // ORION_DIALECT_ORION_IR_ORIONATTRS_H
