//===- Decompose.cpp - The orion-decompose pass ---------------------------===//
//
// Applies the decomposition patterns until no composite op is left. Shapes
// are checked up front so that an op the patterns cannot expand is a
// diagnostic rather than a silent leftover for the ANE compiler to reject.
//
//===----------------------------------------------------------------------===//

#include "DecomposePatterns.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"
#include "Orion/Transforms/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::orion {
#define GEN_PASS_DEF_ORIONDECOMPOSE
#include "Orion/Transforms/Passes.h.inc"
} // namespace mlir::orion

using namespace mlir;
using namespace mlir::orion;

namespace {

bool hasStaticShapes(Operation *op) {
  for (Type t : op->getOperandTypes())
    if (!cast<ShapedType>(t).hasStaticShape())
      return false;
  return true;
}

struct OrionDecomposePass
    : public mlir::orion::impl::OrionDecomposeBase<OrionDecomposePass> {
  using Base::Base;

  /// Composite ops that must not survive the pass.
  bool isComposite(Operation *op) const {
    if (decomposeSoftmax && isa<SoftmaxOp>(op))
      return true;
    return isa<GeluOp, SiluOp, LogSoftmaxOp, LayerNormOp, RMSNormOp,
               AttentionOp, RopeOp>(op);
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (maxPositions <= 0) {
      func.emitError("max-positions must be positive, got ")
          << static_cast<int64_t>(maxPositions);
      return signalPassFailure();
    }
    // Attention and rope reshape their operands into heads.
    WalkResult shapes = func.walk([](Operation *op) {
      if (isa<AttentionOp, RopeOp>(op) && !hasStaticShapes(op)) {
        op->emitError("cannot decompose: operands need static shapes");
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (shapes.wasInterrupted())
      return signalPassFailure();

    DecomposeOptions options{exactGelu, inverseSqrt, decomposeSoftmax,
                             maxPositions};
    RewritePatternSet patterns(&getContext());
    populateDecomposeActivationPatterns(patterns, options);
    populateDecomposeNormPatterns(patterns, options);
    populateDecomposeAttentionPatterns(patterns, options);
    populateDecomposeRopePatterns(patterns, options);

    // No folding: this pass only expands. Constant CSE stays on so that the
    // per-layer masks, tables and scalars exist once per function.
    GreedyRewriteConfig config;
    config.enableFolding(false).setRegionSimplificationLevel(
        GreedySimplifyRegionLevel::Disabled);
    if (failed(applyPatternsGreedily(func, std::move(patterns), config))) {
      func.emitError("orion-decompose did not converge");
      return signalPassFailure();
    }
    WalkResult left = func.walk([&](Operation *op) {
      if (!isComposite(op))
        return WalkResult::advance();
      op->emitError("orion-decompose could not expand this op");
      return WalkResult::interrupt();
    });
    if (left.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
