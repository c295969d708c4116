//===- MILOps.h - Ops of the mil dialect ------------------------*- C++ -*-===//

#ifndef ORION_DIALECT_MIL_IR_MILOPS_H
#define ORION_DIALECT_MIL_IR_MILOPS_H

#include "Orion/Dialect/MIL/IR/MILDialect.h"
#include "Orion/Dialect/MIL/IR/MILTypes.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "Orion/Dialect/MIL/IR/MILOps.h.inc"

#endif // ORION_DIALECT_MIL_IR_MILOPS_H
