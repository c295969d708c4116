//===- MILTypes.h - Types and attributes of mil -----------------*- C++ -*-===//

#ifndef ORION_DIALECT_MIL_IR_MILTYPES_H
#define ORION_DIALECT_MIL_IR_MILTYPES_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Types.h"

#define GET_TYPEDEF_CLASSES
#include "Orion/Dialect/MIL/IR/MILTypes.h.inc"

#define GET_ATTRDEF_CLASSES
#include "Orion/Dialect/MIL/IR/MILAttrs.h.inc"

#endif // ORION_DIALECT_MIL_IR_MILTYPES_H
