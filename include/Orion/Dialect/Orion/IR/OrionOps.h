//===- OrionOps.h - Ops of the orion dialect --------------------*- C++ -*-===//

#ifndef ORION_DIALECT_ORION_IR_ORIONOPS_H
#define ORION_DIALECT_ORION_IR_ORIONOPS_H

#include "Orion/Dialect/Orion/IR/OrionAttrs.h"
#include "Orion/Dialect/Orion/IR/OrionDialect.h"
#include "Orion/Dialect/Orion/IR/OrionTraits.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "Orion/Dialect/Orion/IR/OrionInterfaces.h.inc"

#define GET_OP_CLASSES
#include "Orion/Dialect/Orion/IR/OrionOps.h.inc"

namespace mlir::orion {

/// The [S, C] matrix a host tensor of `shape` is on a [1, C, 1, S] surface
/// (ANE-SURFACE-LAYOUT): the runtime's rule, `orion::ane::surfaceMatrix` in
/// orion/ane/AneTarget.h, which the executor follows too.
struct SurfaceMatrix {
  int64_t rows;
  int64_t channels;
};
SurfaceMatrix surfaceMatrix(ArrayRef<int64_t> shape);

} // namespace mlir::orion

#endif // ORION_DIALECT_ORION_IR_ORIONOPS_H
