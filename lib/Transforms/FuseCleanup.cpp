//===- FuseCleanup.cpp - The orion-fuse-cleanup pass ----------------------===//
//
// The ops' own folders and canonicalization patterns, plus the exact
// rewrites they lack, applied greedily. Nothing here re-implements a fold:
// each pattern turns its op into a form an existing folder finishes off.
//
//===----------------------------------------------------------------------===//

#include "Orion/Dialect/Orion/IR/OrionOps.h"
#include "Orion/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::orion {
#define GEN_PASS_DEF_ORIONFUSECLEANUP
#include "Orion/Transforms/Passes.h.inc"
} // namespace mlir::orion

using namespace mlir;
using namespace mlir::orion;

namespace {

bool isStatic(Value value) {
  return cast<ShapedType>(value.getType()).hasStaticShape();
}

int64_t normalizedAxis(int64_t axis, Value value) {
  int64_t rank = cast<ShapedType>(value.getType()).getRank();
  return axis < 0 ? axis + rank : axis;
}

/// A transpose that keeps the order of the non-unit dimensions moves no
/// data: it is a reshape, which the reshape folder can merge.
struct TransposeAsReshape : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rw) const override {
    if (!isStatic(op.getInput()))
      return failure();
    ArrayRef<int64_t> shape = op.getInput().getType().getShape();
    int64_t previous = -1;
    for (int64_t p : op.getPerm()) {
      if (shape[p] == 1)
        continue;
      if (p < previous)
        return failure();
      previous = p;
    }
    rw.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), op.getInput());
    return success();
  }
};

/// Whether every value of `narrow` is exactly representable in `wide`.
/// (The same rule as the cast folder's; that helper is file-local there.)
bool isLosslessWidening(Type narrow, Type wide) {
  if (narrow == wide)
    return true;
  auto n = dyn_cast<FloatType>(narrow), w = dyn_cast<FloatType>(wide);
  return n && w &&
         APFloat::isRepresentableBy(n.getFloatSemantics(),
                                    w.getFloatSemantics());
}

/// cast(cast(x : A -> B) : B -> C) == cast(x : A -> C) when A -> B is exact:
/// the second cast rounds the same value. (C == A is the folder's case.)
struct CastThroughWidening : OpRewritePattern<CastOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(CastOp op,
                                PatternRewriter &rw) const override {
    auto inner = op.getInput().getDefiningOp<CastOp>();
    if (!inner)
      return failure();
    Value x = inner.getInput();
    Type a = getElementTypeOrSelf(x.getType());
    Type b = getElementTypeOrSelf(inner.getType());
    if (x.getType() == op.getType() || !isLosslessWidening(a, b))
      return failure();
    rw.replaceOpWithNewOp<CastOp>(op, op.getType(), x);
    return success();
  }
};

/// Reducing only size-1 dimensions and dropping them is a reshape.
template <typename ReduceOp>
struct UnitReduceAsReshape : OpRewritePattern<ReduceOp> {
  using OpRewritePattern<ReduceOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(ReduceOp op,
                                PatternRewriter &rw) const override {
    Value input = op.getInput();
    if (!isStatic(input))
      return failure();
    ArrayRef<int64_t> shape = cast<ShapedType>(input.getType()).getShape();
    for (int64_t axis : op.getAxes())
      if (shape[normalizedAxis(axis, input)] != 1)
        return failure();
    rw.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), input);
    return success();
  }
};

/// A split into one piece is its input.
struct SinglePieceSplit : OpRewritePattern<SplitOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SplitOp op,
                                PatternRewriter &rw) const override {
    if (op.getNumResults() != 1)
      return failure();
    rw.replaceOp(op, op.getInput());
    return success();
  }
};

/// concat(split(x)#0, ..., split(x)#n-1) on the split's axis is x.
struct ConcatOfSplit : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rw) const override {
    auto split = op.getInputs().front().getDefiningOp<SplitOp>();
    if (!split || !llvm::equal(op.getInputs(), split.getResults()) ||
        normalizedAxis((int64_t)op.getAxis(), op.getResult()) !=
            normalizedAxis((int64_t)split.getAxis(), split.getInput()))
      return failure();
    rw.replaceOp(op, split.getInput());
    return success();
  }
};

/// split(concat(a, b, ...)) into the same pieces on the same axis is a, b...
struct SplitOfConcat : OpRewritePattern<SplitOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SplitOp op,
                                PatternRewriter &rw) const override {
    auto concat = op.getInput().getDefiningOp<ConcatOp>();
    if (!concat)
      return failure();
    int64_t axis = normalizedAxis((int64_t)op.getAxis(), op.getInput());
    if (axis != normalizedAxis((int64_t)concat.getAxis(), op.getInput()) ||
        concat.getInputs().size() != op.getNumResults())
      return failure();
    for (auto [piece, size] : llvm::zip(concat.getInputs(), op.getSizes()))
      if (cast<ShapedType>(piece.getType()).getDimSize(axis) != size)
        return failure();
    rw.replaceOp(op, concat.getInputs());
    return success();
  }
};

struct OrionFuseCleanupPass
    : public mlir::orion::impl::OrionFuseCleanupBase<OrionFuseCleanupPass> {
  using Base::Base;

  LogicalResult initialize(MLIRContext *ctx) override {
    RewritePatternSet set(ctx);
    for (RegisteredOperationName name : ctx->getRegisteredOperations())
      if (name.getDialectNamespace() == OrionDialect::getDialectNamespace())
        name.getCanonicalizationPatterns(set, ctx);
    set.add<TransposeAsReshape, CastThroughWidening,
            UnitReduceAsReshape<ReduceSumOp>, UnitReduceAsReshape<ReduceMeanOp>,
            UnitReduceAsReshape<ReduceMaxOp>, SinglePieceSplit, ConcatOfSplit,
            SplitOfConcat>(ctx);
    patterns = FrozenRewritePatternSet(std::move(set));
    return success();
  }

  void runOnOperation() override {
    // Folding on: the folders do the cancellations these patterns set up.
    if (failed(applyPatternsGreedily(getOperation(), patterns)))
      signalPassFailure();
  }

  FrozenRewritePatternSet patterns;
};

} // namespace
