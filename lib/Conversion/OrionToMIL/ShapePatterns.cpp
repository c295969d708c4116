//===- ShapePatterns.cpp - reshape, transpose, slice, split, concat, gather ===//
//
// Static shape arguments become int32 consts: `reshape(shape=)`,
// `transpose(perm=)`, `slice_by_index(begin=, end=[, stride=])`,
// `split(axis=, split_sizes=)`, `concat(axis=, values=)`. split and concat
// convert on every device; the ANE rejects concat (docs/ane-constraints.md
// ANE-NO-CONCAT), which mil-legalize-ane rewrites away where it can and
// mil-validate-ane reports.
// orion.embedding is `gather(axis=0, indices=, x=table)`, on CPU kernels
// only (the ANE has no gather; orion-partition keeps embeddings on the CPU).
//
//===----------------------------------------------------------------------===//

#include "OrionToMIL.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"
#include "Orion/Dialect/MIL/Transforms/MILBuilder.h"
#include "Orion/Dialect/Orion/IR/OrionOps.h"

using namespace mlir;
using namespace mlir::orion;

namespace {

struct ReshapePattern : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, mil::buildReshape(rewriter, op.getLoc(),
                                             adaptor.getInput(),
                                             op.getType().getShape()));
    return success();
  }
};

struct TransposePattern : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, mil::buildTranspose(rewriter, op.getLoc(),
                                               adaptor.getInput(),
                                               op.getPerm()));
    return success();
  }
};

struct SlicePattern : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = getTypeConverter()->convertType(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "result type");
    Location loc = op.getLoc();
    Value begin =
        mil::buildI32Vector(rewriter, mil::suffixLoc(loc, "_begin"),
                            op.getBegin());
    Value end =
        mil::buildI32Vector(rewriter, mil::suffixLoc(loc, "_end"), op.getEnd());
    // mechramc/Orion's slices have unit strides and spell none.
    Value stride;
    std::optional<ArrayRef<int64_t>> step = op.getStep();
    if (step && llvm::any_of(*step, [](int64_t s) { return s != 1; }))
      stride = mil::buildI32Vector(rewriter, mil::suffixLoc(loc, "_stride"),
                                   *step);
    rewriter.replaceOpWithNewOp<mil::SliceByIndexOp>(
        op, type, begin, /*begin_mask=*/Value(), end, /*end_mask=*/Value(),
        /*squeeze_mask=*/Value(), stride, adaptor.getInput());
    return success();
  }
};

struct SplitPattern : OpConversionPattern<SplitOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SplitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<Type> types;
    if (failed(getTypeConverter()->convertTypes(op.getResultTypes(), types)))
      return rewriter.notifyMatchFailure(op, "result types");
    Location loc = op.getLoc();
    Value axis = mil::buildI32Scalar(rewriter, mil::suffixLoc(loc, "_ax"),
                                     int64_t(op.getAxis()));
    Value sizes = mil::buildI32Vector(rewriter, mil::suffixLoc(loc, "_sz"),
                                      op.getSizes());
    rewriter.replaceOpWithNewOp<mil::SplitOp>(op, types, axis,
                                              /*num_splits=*/Value(), sizes,
                                              adaptor.getInput());
    return success();
  }
};

struct ConcatPattern : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = getTypeConverter()->convertType(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "result type");
    Value axis = mil::buildI32Scalar(
        rewriter, mil::suffixLoc(op.getLoc(), "_ax"), int64_t(op.getAxis()));
    rewriter.replaceOpWithNewOp<mil::ConcatOp>(
        op, type, axis, /*interleave=*/Value(), adaptor.getInputs());
    return success();
  }
};

struct EmbeddingPattern : OpConversionPattern<EmbeddingOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(EmbeddingOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = getTypeConverter()->convertType(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "result type");
    Value axis =
        mil::buildI32Scalar(rewriter, mil::suffixLoc(op.getLoc(), "_ax"), 0);
    rewriter.replaceOpWithNewOp<mil::GatherOp>(
        op, type, axis, adaptor.getIndices(), adaptor.getTable());
    return success();
  }
};

} // namespace

void mlir::orion::populateShapePatterns(
    const OrionToMILTypeConverter &converter, const KernelInfo &info,
    RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ReshapePattern, TransposePattern, SlicePattern, SplitPattern,
               ConcatPattern>(converter, ctx);
  if (!info.ane)
    patterns.add<EmbeddingPattern>(converter, ctx);
}
