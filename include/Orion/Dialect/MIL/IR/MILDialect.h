//===- MILDialect.h - The mil dialect ---------------------------*- C++ -*-===//

#ifndef ORION_DIALECT_MIL_IR_MILDIALECT_H
#define ORION_DIALECT_MIL_IR_MILDIALECT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Dialect.h"

#include "Orion/Dialect/MIL/IR/MILDialect.h.inc"

#endif // ORION_DIALECT_MIL_IR_MILDIALECT_H
