//===- DecomposeActivations.cpp - gelu, silu and softmax expansions -------===//
//
// The ANE has tanh, sigmoid, exp, log and reductions but no gelu, erf or
// silu (docs/ane-constraints.md ANE-NO-GELU-SILU, ANE-OP-SET), and MIL has
// no log_softmax.
//
//===----------------------------------------------------------------------===//

#include "DecomposePatterns.h"
#include "GraphBuilder.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"

using namespace mlir;
using namespace mlir::orion;

namespace {

/// sqrt(2/pi) to double precision; mechramc/Orion's builder used 0.7979.
constexpr double kSqrt2OverPi = 0.7978845608028654;
constexpr double kGeluCubic = 0.044715;
/// x * sigmoid(1.702 x) approximates x * Phi(x) (Hendrycks & Gimpel).
constexpr double kSigmoidGeluScale = 1.702;

/// 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), in PyTorch's op order.
Value buildTanhGelu(PatternRewriter &rw, Location loc, Value x) {
  Type et = elementTypeOf(x);
  Value x2 = MulOp::create(rw, loc, x, x);
  Value x3 = MulOp::create(rw, loc, x2, x);
  Value cx3 = MulOp::create(rw, loc, x3, buildScalar(rw, loc, et, kGeluCubic));
  Value inner = AddOp::create(rw, loc, x, cx3);
  Value scaled =
      MulOp::create(rw, loc, inner, buildScalar(rw, loc, et, kSqrt2OverPi));
  Value th = TanhOp::create(rw, loc, scaled);
  Value onePlus = AddOp::create(rw, loc, th, buildScalar(rw, loc, et, 1.0));
  Value halfX = MulOp::create(rw, loc, x, buildScalar(rw, loc, et, 0.5));
  return MulOp::create(rw, loc, halfX, onePlus);
}

Value buildSigmoidGelu(PatternRewriter &rw, Location loc, Value x) {
  Value scaled = MulOp::create(
      rw, loc, x, buildScalar(rw, loc, elementTypeOf(x), kSigmoidGeluScale));
  return MulOp::create(rw, loc, x, SigmoidOp::create(rw, loc, scaled));
}

struct DecomposeGelu : OpRewritePattern<GeluOp> {
  DecomposeGelu(MLIRContext *ctx, ExactGeluForm exactForm)
      : OpRewritePattern(ctx), exactForm(exactForm) {}

  LogicalResult matchAndRewrite(GeluOp op,
                                PatternRewriter &rw) const override {
    bool tanhForm = op.getApproximate() == GeluApproximation::Tanh ||
                    exactForm == ExactGeluForm::Tanh;
    Value x = op.getInput();
    rw.replaceOp(op, tanhForm ? buildTanhGelu(rw, op.getLoc(), x)
                              : buildSigmoidGelu(rw, op.getLoc(), x));
    return success();
  }

  ExactGeluForm exactForm;
};

struct DecomposeSilu : OpRewritePattern<SiluOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SiluOp op,
                                PatternRewriter &rw) const override {
    Value x = op.getInput();
    Value sig = SigmoidOp::create(rw, op.getLoc(), x);
    rw.replaceOpWithNewOp<MulOp>(op, x, sig);
    return success();
  }
};

/// The pieces both softmax forms share: x - max(x) and sum(exp(x - max(x)))
/// along `axis`, with the reduced dimension kept for broadcasting.
struct StableExp {
  Value shifted, exp, sum;
};

StableExp buildStableExp(PatternRewriter &rw, Location loc, Value x,
                         int64_t axis) {
  int64_t rank = shapeOf(x).size();
  int64_t a = axis < 0 ? axis + rank : axis;
  Value max = ReduceMaxOp::create(rw, loc, x, ArrayRef<int64_t>{a}, true);
  Value shifted = SubOp::create(rw, loc, x, max);
  Value e = ExpOp::create(rw, loc, shifted);
  Value sum = ReduceSumOp::create(rw, loc, e, ArrayRef<int64_t>{a}, true);
  return {shifted, e, sum};
}

struct DecomposeSoftmax : OpRewritePattern<SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SoftmaxOp op,
                                PatternRewriter &rw) const override {
    StableExp s =
        buildStableExp(rw, op.getLoc(), op.getInput(), (int64_t)op.getAxis());
    rw.replaceOpWithNewOp<DivOp>(op, s.exp, s.sum);
    return success();
  }
};

struct DecomposeLogSoftmax : OpRewritePattern<LogSoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LogSoftmaxOp op,
                                PatternRewriter &rw) const override {
    StableExp s =
        buildStableExp(rw, op.getLoc(), op.getInput(), (int64_t)op.getAxis());
    Value logSum = LogOp::create(rw, op.getLoc(), s.sum);
    rw.replaceOpWithNewOp<SubOp>(op, s.shifted, logSum);
    return success();
  }
};

} // namespace

void mlir::orion::populateDecomposeActivationPatterns(
    RewritePatternSet &patterns, const DecomposeOptions &options) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<DecomposeGelu>(ctx, options.exactGelu);
  patterns.add<DecomposeSilu, DecomposeLogSoftmax>(ctx);
  if (options.decomposeSoftmax)
    patterns.add<DecomposeSoftmax>(ctx);
}
