//===- LegalizeANEActivations.cpp - gelu and silu for the ANE -------------===//
//
// The ANE compiler rejects `gelu` and `silu` (docs/ane-constraints.md
// ANE-NO-GELU-SILU). Both become the primitive ops mechramc/Orion's builder
// composes them from, with its op names
// (`<p>_x2`, `<p>_th`, ... / `<p>_sig`) when the op has a name location.
//
//===----------------------------------------------------------------------===//

#include "ANERules.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"
#include "Orion/Dialect/MIL/Transforms/MILBuilder.h"

using namespace mlir;
using namespace mlir::orion;
using namespace mlir::orion::mil;

namespace {

/// sqrt(2/pi) to double precision (mechramc/Orion's builder truncated it to
/// 0.7979).
constexpr double kSqrt2OverPi = 0.7978845608028654;
constexpr double kGeluCubic = 0.044715;
/// x * sigmoid(1.702 x) approximates x * Phi(x).
constexpr double kSigmoidGeluScale = 1.702;

/// Emits binary ops of x's type named `<name><suffix>`.
class Emitter {
public:
  Emitter(PatternRewriter &rw, Location loc, Value x)
      : rw(rw), loc(loc), type(x.getType()),
        et(cast<RankedTensorType>(type).getElementType()) {}

  Value scalar(StringRef suffix, double v) {
    return buildFloat(rw, suffixLoc(loc, suffix), et, v);
  }
  template <typename OpTy> Value binary(StringRef suffix, Value a, Value b) {
    return OpTy::create(rw, suffix.empty() ? loc : suffixLoc(loc, suffix), type,
                        a, b);
  }
  template <typename OpTy> Value unary(StringRef suffix, Value a) {
    return OpTy::create(rw, suffixLoc(loc, suffix), type, a);
  }

private:
  PatternRewriter &rw;
  Location loc;
  Type type, et;
};

/// Replaces `op` by `value`, whose op takes over `op`'s attributes (its
/// `mil.name`, if assigned): it is what consumers and outputs see.
void replaceKeepingName(PatternRewriter &rw, Operation *op, Value value) {
  value.getDefiningOp()->setDiscardableAttrs(
      op->getDiscardableAttrDictionary());
  rw.replaceOp(op, value);
}

struct ExpandGelu : OpRewritePattern<GeluOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GeluOp op, PatternRewriter &rw) const override {
    StringRef mode = "EXACT";
    if (Value m = op.getMode())
      if (auto c = m.getDefiningOp<ConstOp>())
        if (auto s = dyn_cast<StringAttr>(c.getVal()))
          mode = s.getValue();
    Value x = op.getX();
    Emitter e(rw, op.getLoc(), x);
    if (mode == "SIGMOID_APPROXIMATION") {
      Value scaled =
          e.binary<MulOp>("_sx", x, e.scalar("_k", kSigmoidGeluScale));
      replaceKeepingName(
          rw, op, e.binary<MulOp>("", x, e.unary<SigmoidOp>("_sig", scaled)));
      return success();
    }
    // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))); EXACT takes the tanh
    // form too (max |error| 4.7e-4), as orion-decompose does by default.
    Value x2 = e.binary<MulOp>("_x2", x, x);
    Value x3 = e.binary<MulOp>("_x3", x2, x);
    Value cx3 = e.binary<MulOp>("_cx3", x3, e.scalar("_c1", kGeluCubic));
    Value inner = e.binary<AddOp>("_inner", x, cx3);
    Value scaled =
        e.binary<MulOp>("_scaled", inner, e.scalar("_c2", kSqrt2OverPi));
    Value th = e.unary<TanhOp>("_th", scaled);
    Value onePlus = e.binary<AddOp>("_onep", th, e.scalar("_one", 1.0));
    Value halfX = e.binary<MulOp>("_hx", x, e.scalar("_half", 0.5));
    replaceKeepingName(rw, op, e.binary<MulOp>("", halfX, onePlus));
    return success();
  }
};

struct ExpandSilu : OpRewritePattern<SiluOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SiluOp op, PatternRewriter &rw) const override {
    Emitter e(rw, op.getLoc(), op.getX());
    Value sig = e.unary<SigmoidOp>("_sig", op.getX());
    replaceKeepingName(rw, op, e.binary<MulOp>("", op.getX(), sig));
    return success();
  }
};

} // namespace

void mlir::orion::mil::populateLegalizeActivationPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ExpandGelu, ExpandSilu>(patterns.getContext());
}
