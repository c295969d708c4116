//===- ReductionPatterns.cpp - reduce_* and softmax -----------------------===//
//
// `reduce_sum(x=, axes=<loc>_ax, keep_dims=<loc>_kd)` with an int32 vector
// and a bool const, and `softmax(axis=<loc>_ax, x=)` with an int32 scalar,
// as mechramc/Orion's codegen spells them.
//
//===----------------------------------------------------------------------===//

#include "OrionToMIL.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"
#include "Orion/Dialect/MIL/Transforms/MILBuilder.h"
#include "Orion/Dialect/Orion/IR/OrionOps.h"

using namespace mlir;
using namespace mlir::orion;

namespace {

template <typename From, typename To>
struct ReducePattern : OpConversionPattern<From> {
  using OpConversionPattern<From>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(From op, typename From::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = this->getTypeConverter()->convertType(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "result type");
    Location loc = op.getLoc();
    Value axes =
        mil::buildI32Vector(rewriter, mil::suffixLoc(loc, "_ax"), op.getAxes());
    Value keepDims =
        mil::buildBool(rewriter, mil::suffixLoc(loc, "_kd"), op.getKeepDims());
    rewriter.replaceOpWithNewOp<To>(op, type, adaptor.getInput(), axes,
                                    keepDims);
    return success();
  }
};

struct SoftmaxPattern : OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = getTypeConverter()->convertType(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "result type");
    Value axis = mil::buildI32Scalar(
        rewriter, mil::suffixLoc(op.getLoc(), "_ax"), int64_t(op.getAxis()));
    rewriter.replaceOpWithNewOp<mil::SoftmaxOp>(op, type, axis,
                                                adaptor.getInput());
    return success();
  }
};

} // namespace

void mlir::orion::populateReductionPatterns(
    const OrionToMILTypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ReducePattern<ReduceSumOp, mil::ReduceSumOp>,
               ReducePattern<ReduceMeanOp, mil::ReduceMeanOp>,
               ReducePattern<ReduceMaxOp, mil::ReduceMaxOp>, SoftmaxPattern>(
      converter, patterns.getContext());
}
