//===- OrionFolds.cpp - Folders and canonicalizations of orion ops --------===//
//
// Only rewrites that keep numerics exactly: a fold never drops a rounding
// step (a cast round trip folds only when the intermediate type is wider)
// and never changes a result type.
//
//===----------------------------------------------------------------------===//

#include "Orion/Dialect/Orion/IR/OrionOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::orion;

namespace {
#include "OrionCanonicalize.inc"
} // namespace

/// True if `attr` is a splat constant whose every element equals `value`.
static bool isSplatOf(Attribute attr, double value) {
  auto splat = dyn_cast_if_present<SplatElementsAttr>(attr);
  if (!splat)
    return false;
  Type elementType = splat.getElementType();
  if (isa<FloatType>(elementType))
    return splat.getSplatValue<APFloat>().isExactlyValue(value);
  if (elementType.isInteger())
    return splat.getSplatValue<APInt>().getSExtValue() == (int64_t)value;
  return false;
}

/// `x op c` folds to `x` when c is the identity element and broadcasting
/// leaves x's type unchanged.
static OpFoldResult foldIdentityOperand(Operation *op, Value x,
                                        Attribute c, double identity) {
  if (x.getType() == op->getResult(0).getType() && isSplatOf(c, identity))
    return x;
  return {};
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValueAttr(); }

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  if (auto r = foldIdentityOperand(*this, getLhs(), adaptor.getRhs(), 0.0))
    return r;
  return foldIdentityOperand(*this, getRhs(), adaptor.getLhs(), 0.0);
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldIdentityOperand(*this, getLhs(), adaptor.getRhs(), 0.0);
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  if (auto r = foldIdentityOperand(*this, getLhs(), adaptor.getRhs(), 1.0))
    return r;
  return foldIdentityOperand(*this, getRhs(), adaptor.getLhs(), 1.0);
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  return foldIdentityOperand(*this, getLhs(), adaptor.getRhs(), 1.0);
}

OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  return foldIdentityOperand(*this, getLhs(), adaptor.getRhs(), 1.0);
}

void NegOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<NegNegPattern>(context);
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // reshape(reshape(x)) == reshape(x): only the final shape matters.
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    if (inner.getInput().getType() == getType())
      return inner.getInput();
    return getResult();
  }
  return {};
}

static bool isIdentityPermutation(ArrayRef<int64_t> perm) {
  for (auto [i, p] : llvm::enumerate(perm))
    if ((int64_t)i != p)
      return false;
  return true;
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  if (isIdentityPermutation(getPerm()))
    return getInput();
  // transpose(transpose(x, p1), p2) == transpose(x, p1[p2[i]]).
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    SmallVector<int64_t> composed;
    for (int64_t p : getPerm())
      composed.push_back(inner.getPerm()[p]);
    if (isIdentityPermutation(composed))
      return inner.getInput();
    getInputMutable().assign(inner.getInput());
    setPerm(composed);
    return getResult();
  }
  return {};
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return {};
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1)
    return getInputs().front();
  return {};
}

/// Whether every value of `narrow` is exactly representable in `wide`.
static bool isLosslessWidening(Type narrow, Type wide) {
  if (narrow == wide)
    return true;
  auto n = dyn_cast<FloatType>(narrow), w = dyn_cast<FloatType>(wide);
  if (!n || !w)
    return false;
  // Not isRepresentableAsNormalIn: bf16's subnormals are subnormal in f32,
  // yet every bf16 value converts to f32 exactly.
  return APFloat::isRepresentableBy(n.getFloatSemantics(),
                                    w.getFloatSemantics());
}

OpFoldResult CastOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // cast(cast(x: A -> B) -> A) == x when B holds every value of A.
  if (auto inner = getInput().getDefiningOp<CastOp>()) {
    Value x = inner.getInput();
    if (x.getType() == getType() &&
        isLosslessWidening(getElementTypeOrSelf(x.getType()),
                           getElementTypeOrSelf(inner.getType())))
      return x;
  }
  return {};
}

/// Reducing only over dimensions of size 1 while keeping them is a no-op.
template <typename ReduceOp>
static OpFoldResult foldTrivialReduce(ReduceOp op) {
  if (op.getInput().getType() == op.getType())
    return op.getInput();
  return {};
}

OpFoldResult ReduceSumOp::fold(FoldAdaptor) { return foldTrivialReduce(*this); }
OpFoldResult ReduceMeanOp::fold(FoldAdaptor) {
  return foldTrivialReduce(*this);
}
OpFoldResult ReduceMaxOp::fold(FoldAdaptor) { return foldTrivialReduce(*this); }
