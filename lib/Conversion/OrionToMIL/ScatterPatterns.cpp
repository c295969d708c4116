//===- ScatterPatterns.cpp - embedding_grad as fill + scatter -------------===//
//
// orion.embedding_grad (an embedding's gradient) is
//
//   zeros = fill(shape=[V, D], value=0)
//   grad  = scatter(axis=0, data=zeros, indices=ids, mode="add", updates=d)
//
// MIL's scatter takes 1-D indices and updates [N, D], so other id shapes are
// reshaped first. It converts on "cpu" kernels only: the ANE has neither op
// (Legality.cpp).
//
//===----------------------------------------------------------------------===//

#include "OrionToMIL.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"
#include "Orion/Dialect/MIL/Transforms/MILBuilder.h"
#include "Orion/Dialect/Orion/IR/OrionOps.h"

using namespace mlir;
using namespace mlir::orion;

namespace {

struct EmbeddingGradPattern : OpConversionPattern<EmbeddingGradOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(EmbeddingGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!type)
      return rewriter.notifyMatchFailure(op, "result type");
    Location loc = op.getLoc();
    auto at = [&](StringRef suffix) { return mil::suffixLoc(loc, suffix); };
    Value ids = adaptor.getIndices(), updates = adaptor.getUpdates();
    int64_t n = op.getIndices().getType().getNumElements();
    int64_t dim = type.getDimSize(1);
    if (op.getIndices().getType().getRank() != 1) {
      ids = mil::buildReshape(rewriter, at("_ids"), ids, {n});
      updates = mil::buildReshape(rewriter, at("_upd"), updates, {n, dim});
    }
    Value shape = mil::buildI32Vector(rewriter, at("_sh"), type.getShape());
    Value zero = mil::buildFloat(rewriter, at("_zv"), type.getElementType(),
                                 0.0);
    Value zeros = mil::FillOp::create(rewriter, at("_zeros"), type, shape,
                                      zero);
    Value axis = mil::buildI32Scalar(rewriter, at("_ax"), 0);
    Value mode = mil::buildString(rewriter, at("_mode"), "add");
    rewriter.replaceOpWithNewOp<mil::ScatterOp>(op, type, axis, zeros, ids,
                                                mode, updates);
    return success();
  }
};

} // namespace

void mlir::orion::populateScatterPatterns(
    const OrionToMILTypeConverter &converter, const KernelInfo &info,
    RewritePatternSet &patterns) {
  if (!info.ane)
    patterns.add<EmbeddingGradPattern>(converter, patterns.getContext());
}
