//===- LossPatterns.cpp - one_hot and cross_entropy, on CPU kernels -------===//
//
// orion.one_hot is `one_hot(axis=-1, indices=, off_value=0, on_value=1,
// one_hot_vector_size=V)` in the compute type. orion.cross_entropy has no
// MIL op; it expands into primitives the cpu device runs, stable for any
// logits since every exp is of a value <= 0:
//
//   m      = reduce_max(x, axes=[-1], keep_dims=true)
//   z      = x - m
//   lse    = log(reduce_sum(exp(z), axes=[-1], keep_dims=true))
//   picked = reduce_sum(z * one_hot(targets), axes=[-1], keep_dims=true)
//   loss   = reduce_mean(lse - picked, axes=all)        (rank 0)
//
// lse - picked = -log softmax(x)[target]. A target outside [0, V) picks
// nothing, so its term is lse alone (PyTorch would raise instead). Both
// ops convert on "cpu" kernels only: the ANE has no one_hot (Legality.cpp).
//
//===----------------------------------------------------------------------===//

#include "OrionToMIL.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"
#include "Orion/Dialect/MIL/Transforms/MILBuilder.h"
#include "Orion/Dialect/Orion/IR/OrionOps.h"

#include <numeric>

using namespace mlir;
using namespace mlir::orion;

namespace {

/// mil.one_hot of `indices` along a new last dim of `depth`, in `type`'s
/// element type; its consts are named `<loc>_ax`, `_off`, `_on` and `_n`.
Value buildOneHot(OpBuilder &b, Location loc, RankedTensorType type,
                  Value indices, int64_t depth) {
  Type element = type.getElementType();
  Value axis = mil::buildI32Scalar(b, mil::suffixLoc(loc, "_ax"), -1);
  Value off = mil::buildFloat(b, mil::suffixLoc(loc, "_off"), element, 0.0);
  Value on = mil::buildFloat(b, mil::suffixLoc(loc, "_on"), element, 1.0);
  Value size = mil::buildI32Scalar(b, mil::suffixLoc(loc, "_n"), depth);
  return mil::OneHotOp::create(b, loc, type, axis, indices, off, on, size);
}

/// `To` over `axes` of `x`, result `type`; consts `<loc>_ax` and `<loc>_kd`.
template <typename To>
Value buildReduce(OpBuilder &b, Location loc, Type type, Value x,
                  ArrayRef<int64_t> axes, bool keepDims) {
  Value axesConst = mil::buildI32Vector(b, mil::suffixLoc(loc, "_ax"), axes);
  Value keep = mil::buildBool(b, mil::suffixLoc(loc, "_kd"), keepDims);
  return To::create(b, loc, type, x, axesConst, keep);
}

struct OneHotPattern : OpConversionPattern<OneHotOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OneHotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!type)
      return rewriter.notifyMatchFailure(op, "result type");
    rewriter.replaceOp(op, buildOneHot(rewriter, op.getLoc(), type,
                                       adaptor.getIndices(), op.getDepth()));
    return success();
  }
};

struct CrossEntropyPattern : OpConversionPattern<CrossEntropyOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CrossEntropyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type resultType = getTypeConverter()->convertType(op.getType());
    auto logitsType = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getLogits().getType()));
    if (!resultType || !logitsType)
      return rewriter.notifyMatchFailure(op, "types");
    Location loc = op.getLoc();
    auto at = [&](StringRef suffix) { return mil::suffixLoc(loc, suffix); };
    Value x = adaptor.getLogits();
    // [..., 1]: one value per position.
    SmallVector<int64_t> rowShape(logitsType.getShape());
    rowShape.back() = 1;
    auto rowType = RankedTensorType::get(rowShape, logitsType.getElementType());

    Value m = buildReduce<mil::ReduceMaxOp>(rewriter, at("_max"), rowType, x,
                                            {-1}, true);
    Value z = mil::SubOp::create(rewriter, at("_z"), logitsType, x, m);
    Value e = mil::ExpOp::create(rewriter, at("_exp"), logitsType, z);
    Value sum = buildReduce<mil::ReduceSumOp>(rewriter, at("_sum"), rowType, e,
                                              {-1}, true);
    // sum >= 1 (the max contributes exp(0)), so log's epsilon never matters.
    Value lse = mil::LogOp::create(rewriter, at("_lse"), rowType, Value(), sum);
    Value hot = buildOneHot(rewriter, at("_hot"), logitsType,
                            adaptor.getTargets(), logitsType.getShape().back());
    Value masked = mil::MulOp::create(rewriter, at("_masked"), logitsType, z,
                                      hot);
    Value picked = buildReduce<mil::ReduceSumOp>(rewriter, at("_picked"),
                                                 rowType, masked, {-1}, true);
    Value nll = mil::SubOp::create(rewriter, at("_nll"), rowType, lse, picked);
    SmallVector<int64_t> all(rowShape.size());
    std::iota(all.begin(), all.end(), 0);
    rewriter.replaceOp(op, buildReduce<mil::ReduceMeanOp>(
                               rewriter, loc, resultType, nll, all, false));
    return success();
  }
};

} // namespace

void mlir::orion::populateLossPatterns(const OrionToMILTypeConverter &converter,
                                       const KernelInfo &info,
                                       RewritePatternSet &patterns) {
  if (!info.ane)
    patterns.add<OneHotPattern, CrossEntropyPattern>(converter,
                                                     patterns.getContext());
}
