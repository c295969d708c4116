//===- GradientRules.cpp - Gradient helpers and the rule dispatch ---------===//

#include "GradientRules.h"

#include "GraphBuilder.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mlir::orion;

Value GradientBuilder::scalar(Value like, double value) {
  return buildScalar(b, loc, elementTypeOf(like), value);
}

Value GradientBuilder::zeros(Type type) {
  auto tensor = cast<RankedTensorType>(type);
  auto element = cast<FloatType>(tensor.getElementType());
  return ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(tensor, APFloat::getZero(element.getFloatSemantics())));
}

Value GradientBuilder::exact(Value grad, Type type) {
  if (grad.getType() == type)
    return grad;
  return AddOp::create(b, loc, grad, zeros(type));
}

Value GradientBuilder::unbroadcast(Value grad, Type type) {
  ArrayRef<int64_t> from = shapeOf(grad);
  ArrayRef<int64_t> to = cast<RankedTensorType>(type).getShape();
  if (from.size() < to.size()) {
    // A lower-rank gradient broadcasts like one with leading 1s.
    SmallVector<int64_t> padded(to.size() - from.size(), 1);
    llvm::append_range(padded, from);
    return unbroadcast(buildReshape(b, loc, grad, padded), type);
  }
  size_t extra = from.size() - to.size();
  SmallVector<int64_t> axes;
  for (size_t i = 0; i < from.size(); ++i)
    if (i < extra || (to[i - extra] == 1 && from[i] != 1))
      axes.push_back(i);
  Value v = grad;
  if (!axes.empty())
    v = ReduceSumOp::create(b, loc, v, axes, /*keep_dims=*/true);
  if (extra == 0)
    return v;
  // Drop the leading axes, now of size 1.
  return buildReshape(b, loc, v, shapeOf(v).drop_front(extra));
}

Value GradientBuilder::accumulate(Value a, Value c) {
  return AddOp::create(b, loc, a, c);
}

FailureOr<SmallVector<Value>>
mlir::orion::buildOperandGradients(GradientBuilder &g, Operation *op,
                                   ArrayRef<Value> resultGrads,
                                   ArrayRef<bool> wanted) {
  Value d = resultGrads.empty() ? Value() : resultGrads.front();
  if (op->getNumResults() == 1) {
    if (auto grads = buildElementwiseGradients(g, op, d, wanted))
      return *grads;
    if (auto grads = buildAlgebraGradients(g, op, d, wanted))
      return *grads;
  }
  if (auto grads = buildShapeGradients(g, op, resultGrads, wanted))
    return *grads;

  InFlightDiagnostic diag = op->emitError("orion-autodiff: no derivative rule for '")
                            << op->getName() << "'";
  // Why not is the op's to say (OrionTraits.td).
  auto info = dyn_cast<OpInfo>(op);
  if (op->hasTrait<OpTrait::orion::Decomposed>())
    diag.attachNote() << "it is a composite op; run -orion-decompose first "
                         "and differentiate its primitives";
  else if (info && !info.getNoDerivativeReason().empty())
    diag.attachNote() << info.getNoDerivativeReason();
  else if (isa<SliceOp>(op))
    diag.attachNote() << "only slices with unit steps have a rule";
  return failure();
}
