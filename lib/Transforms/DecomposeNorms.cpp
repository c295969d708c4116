//===- DecomposeNorms.cpp - layer_norm and rms_norm expansions ------------===//
//
// The ANE has no normalization op. Both norms reduce over the last
// dimension with keep_dims so the statistics broadcast back over it.
//
//===----------------------------------------------------------------------===//

#include "DecomposePatterns.h"
#include "GraphBuilder.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"

using namespace mlir;
using namespace mlir::orion;

namespace {

/// Mean over the last dimension, kept as size 1.
Value buildLastMean(PatternRewriter &rw, Location loc, Value x) {
  int64_t last = (int64_t)shapeOf(x).size() - 1;
  return ReduceMeanOp::create(rw, loc, x, ArrayRef<int64_t>{last}, true);
}

/// (v + eps)^-0.5. mechramc/Orion's ANE kernels used pow(v, -0.5); rsqrt is one
/// op fewer but its availability in MIL text is disputed (prior-art A.3/A.4).
Value buildInverseSqrt(PatternRewriter &rw, Location loc, Value v,
                       double eps, InverseSqrtForm form) {
  Type et = elementTypeOf(v);
  Value shifted = AddOp::create(rw, loc, v, buildScalar(rw, loc, et, eps));
  if (form == InverseSqrtForm::Rsqrt)
    return RsqrtOp::create(rw, loc, shifted);
  return PowOp::create(rw, loc, shifted, buildScalar(rw, loc, et, -0.5));
}

struct DecomposeLayerNorm : OpRewritePattern<LayerNormOp> {
  DecomposeLayerNorm(MLIRContext *ctx, InverseSqrtForm form)
      : OpRewritePattern(ctx), form(form) {}

  LogicalResult matchAndRewrite(LayerNormOp op,
                                PatternRewriter &rw) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    Value mean = buildLastMean(rw, loc, x);
    Value centred = SubOp::create(rw, loc, x, mean);
    Value squares = MulOp::create(rw, loc, centred, centred);
    // Biased variance, as GPT-2's nn.LayerNorm.
    Value var = buildLastMean(rw, loc, squares);
    Value rstd = buildInverseSqrt(rw, loc, var,
                                  op.getEpsilonAttr().getValueAsDouble(), form);
    Value normed = MulOp::create(rw, loc, centred, rstd);
    Value out = MulOp::create(rw, loc, normed, op.getWeight());
    if (Value bias = op.getBias())
      out = AddOp::create(rw, loc, out, bias);
    rw.replaceOp(op, out);
    return success();
  }

  InverseSqrtForm form;
};

struct DecomposeRMSNorm : OpRewritePattern<RMSNormOp> {
  DecomposeRMSNorm(MLIRContext *ctx, InverseSqrtForm form)
      : OpRewritePattern(ctx), form(form) {}

  LogicalResult matchAndRewrite(RMSNormOp op,
                                PatternRewriter &rw) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    Value squares = MulOp::create(rw, loc, x, x);
    Value meanSquare = buildLastMean(rw, loc, squares);
    Value rrms = buildInverseSqrt(rw, loc, meanSquare,
                                  op.getEpsilonAttr().getValueAsDouble(), form);
    Value normed = MulOp::create(rw, loc, x, rrms);
    rw.replaceOpWithNewOp<MulOp>(op, normed, op.getWeight());
    return success();
  }

  InverseSqrtForm form;
};

} // namespace

void mlir::orion::populateDecomposeNormPatterns(
    RewritePatternSet &patterns, const DecomposeOptions &options) {
  patterns.add<DecomposeLayerNorm, DecomposeRMSNorm>(patterns.getContext(),
                                                     options.inverseSqrt);
}
