//===- GradientRules.h - Derivative rules of orion ops ----------*- C++ -*-===//
//
// orion-autodiff walks a function backwards and asks each op for the
// gradients of its operands given the gradients of its results. The rules
// build ordinary orion ops, so the backward graph is partitioned, laid out
// and lowered like the forward one.
//
// A gradient may be smaller than its value: each of its dimensions equals
// the value's or is 1, which broadcasting stretches (the gradient of a
// reduction's input is the same for every reduced element). Elementwise
// rules consume such gradients as they are; rules that need the exact
// shape call `exact`, and the driver materializes what it returns.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_LIB_TRANSFORMS_GRADIENTRULES_H
#define ORION_LIB_TRANSFORMS_GRADIENTRULES_H

#include "mlir/IR/Builders.h"
#include "mlir/Support/LLVM.h"

namespace mlir::orion {

/// IR-building helpers shared by the rules. Every op gets `loc`.
struct GradientBuilder {
  OpBuilder &b;
  Location loc;

  /// A rank-0 constant of `like`'s element type.
  Value scalar(Value like, double value);
  /// A zero-filled splat constant of `type`.
  Value zeros(Type type);
  /// `grad` (whose dimensions equal `type`'s or are 1) with `type`'s shape.
  Value exact(Value grad, Type type);
  /// Sums `grad` (the gradient of a broadcast result) over the dimensions
  /// that broadcasting stretched `type` along, giving `type`'s rank.
  Value unbroadcast(Value grad, Type type);
  /// `a + b`, the sum of two gradients of one value.
  Value accumulate(Value a, Value b);
};

/// Gradients of `op`'s operands given `resultGrads` (null for a result
/// that does not reach the loss). Only operands with `wanted[i]` get one;
/// the others stay null. Fails, with a diagnostic on `op`, when the op has
/// no rule.
FailureOr<SmallVector<Value>> buildOperandGradients(GradientBuilder &g,
                                                    Operation *op,
                                                    ArrayRef<Value> resultGrads,
                                                    ArrayRef<bool> wanted);

/// Elementwise, activation, softmax and cast rules; null if `op` is not one.
std::optional<SmallVector<Value>>
buildElementwiseGradients(GradientBuilder &g, Operation *op, Value grad,
                          ArrayRef<bool> wanted);

/// Linear algebra, lookup and loss rules; null if `op` is not one.
std::optional<SmallVector<Value>>
buildAlgebraGradients(GradientBuilder &g, Operation *op, Value grad,
                      ArrayRef<bool> wanted);

/// Reshape, transpose, slice, split, concat and reduction rules; null if
/// `op` is not one. Split passes its result gradients in `grads`.
std::optional<SmallVector<Value>>
buildShapeGradients(GradientBuilder &g, Operation *op, ArrayRef<Value> grads,
                    ArrayRef<bool> wanted);

} // namespace mlir::orion

#endif // ORION_LIB_TRANSFORMS_GRADIENTRULES_H
