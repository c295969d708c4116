//===- GraphBuilder.h - IR-building helpers for orion passes ----*- C++ -*-===//
//
// Constants and reshapes that several decompositions build. Values are
// computed in double precision and rounded once to the element type.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_LIB_TRANSFORMS_GRAPHBUILDER_H
#define ORION_LIB_TRANSFORMS_GRAPHBUILDER_H

#include "mlir/IR/Builders.h"

namespace mlir::orion {

/// A rank-0 `orion.constant` of `elementType`.
Value buildScalar(OpBuilder &b, Location loc, Type elementType, double value);

/// An `orion.constant` of `shape` holding `values` in row-major order.
Value buildTable(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                 Type elementType, ArrayRef<double> values);

/// `orion.reshape` of `value` to `shape`, keeping the element type.
Value buildReshape(OpBuilder &b, Location loc, Value value,
                   ArrayRef<int64_t> shape);

/// The static shape of a ranked tensor value.
ArrayRef<int64_t> shapeOf(Value value);

/// The element type of a tensor value.
Type elementTypeOf(Value value);

} // namespace mlir::orion

#endif // ORION_LIB_TRANSFORMS_GRAPHBUILDER_H
