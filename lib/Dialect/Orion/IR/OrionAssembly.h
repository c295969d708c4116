//===- OrionAssembly.h - Custom assembly directives -------------*- C++ -*-===//
//
// Directives used by the ops' declarative assembly formats.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_DIALECT_ORION_IR_ORIONASSEMBLY_H
#define LIB_DIALECT_ORION_IR_ORIONASSEMBLY_H

#include "mlir/IR/OpImplementation.h"

namespace mlir::orion {

/// Binary ops print `: T` when both operands have type T, and `: T1, T2`
/// otherwise (broadcasting).
ParseResult parseBinaryOperandTypes(OpAsmParser &parser, Type &lhs, Type &rhs);
void printBinaryOperandTypes(OpAsmPrinter &printer, Operation *op, Type lhs,
                             Type rhs);

} // namespace mlir::orion

#endif // LIB_DIALECT_ORION_IR_ORIONASSEMBLY_H
