//===- OrionDialect.h - The orion graph dialect -----------------*- C++ -*-===//

#ifndef ORION_DIALECT_ORION_IR_ORIONDIALECT_H
#define ORION_DIALECT_ORION_IR_ORIONDIALECT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Dialect.h"

#include "Orion/Dialect/Orion/IR/OrionDialect.h.inc"

#endif // ORION_DIALECT_ORION_IR_ORIONDIALECT_H
