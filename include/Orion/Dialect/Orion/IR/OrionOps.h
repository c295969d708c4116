//===- OrionOps.h - Ops of the orion dialect --------------------*- C++ -*-===//

#ifndef ORION_DIALECT_ORION_IR_ORIONOPS_H
#define ORION_DIALECT_ORION_IR_ORIONOPS_H

#include "Orion/Dialect/Orion/IR/OrionAttrs.h"
#include "Orion/Dialect/Orion/IR/OrionDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "Orion/Dialect/Orion/IR/OrionOps.h.inc"

#endif // ORION_DIALECT_ORION_IR_ORIONOPS_H
