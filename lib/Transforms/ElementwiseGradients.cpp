//===- ElementwiseGradients.cpp - Derivatives of pointwise ops ------------===//
//
// Each rule is written with the forward result `y` where that saves work
// (exp, tanh, sigmoid, softmax reuse it), so the backward pass reads a
// value the forward pass already computed instead of recomputing it.
//
//===----------------------------------------------------------------------===//

#include "GradientRules.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"

#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::orion;

namespace {

using Grads = SmallVector<Value>;

/// Rules of binary ops: one contribution per operand, summed back to the
/// operand's shape where broadcasting stretched it.
Grads binary(GradientBuilder &g, Operation *op, ArrayRef<bool> wanted,
             function_ref<Value()> lhs, function_ref<Value()> rhs) {
  Grads grads(2);
  if (wanted[0])
    grads[0] = g.unbroadcast(lhs(), op->getOperand(0).getType());
  if (wanted[1])
    grads[1] = g.unbroadcast(rhs(), op->getOperand(1).getType());
  return grads;
}

Value mul(GradientBuilder &g, Value a, Value b) {
  return MulOp::create(g.b, g.loc, a, b);
}

Value sub(GradientBuilder &g, Value a, Value b) {
  return SubOp::create(g.b, g.loc, a, b);
}

/// A constant whose elements are all negative.
bool isNegativeConstant(Value v) {
  DenseFPElementsAttr values;
  if (!matchPattern(v, m_Constant(&values)))
    return false;
  return llvm::all_of(values.getValues<APFloat>(),
                      [](const APFloat &f) { return f.isNegative(); });
}

/// d softmax: y * (d - sum(d * y)) along the axis. Multiplying by the
/// full-shaped y gives the exact shape, even from a broadcast d.
Value softmaxGrad(GradientBuilder &g, Value y, Value d, int64_t axis) {
  Value dot = ReduceSumOp::create(g.b, g.loc, mul(g, d, y),
                                  ArrayRef<int64_t>{axis}, true);
  return mul(g, y, sub(g, d, dot));
}

} // namespace

std::optional<SmallVector<Value>>
mlir::orion::buildElementwiseGradients(GradientBuilder &g, Operation *op,
                                       Value d, ArrayRef<bool> wanted) {
  OpBuilder &b = g.b;
  Location loc = g.loc;
  auto one = [&](Value v) { return Grads{v}; };
  return TypeSwitch<Operation *, std::optional<Grads>>(op)
      .Case([&](AddOp) {
        return binary(g, op, wanted, [&] { return d; }, [&] { return d; });
      })
      .Case([&](SubOp) {
        return binary(g, op, wanted, [&] { return d; },
                      [&]() -> Value { return NegOp::create(b, loc, d); });
      })
      .Case([&](MulOp m) {
        return binary(g, op, wanted, [&] { return mul(g, d, m.getRhs()); },
                      [&] { return mul(g, d, m.getLhs()); });
      })
      .Case([&](DivOp div) {
        // d(a/b)/db = -(a/b)/b, as (d/b) * y: a/b/b alone can overflow fp16.
        return binary(
            g, op, wanted, [&]() -> Value {
              return DivOp::create(b, loc, d, div.getRhs());
            },
            [&]() -> Value {
              Value dq = DivOp::create(b, loc, d, div.getRhs());
              return NegOp::create(b, loc, mul(g, dq, div.getResult()));
            });
      })
      .Case([&](PowOp pow) {
        // d(x^e)/dx = e x^(e-1); d(x^e)/de = x^e log x.
        Value x = pow.getLhs(), e = pow.getRhs();
        return binary(
            g, op, wanted, [&]() -> Value {
              Value de = mul(g, d, e);
              // A norm's (var + eps)^-0.5: x^(e-1) = x^-1.5 overflows fp16
              // once var < 6e-4, so a negative constant exponent (x > 0)
              // uses ((d e) y) / x, each partial product small.
              if (isNegativeConstant(e))
                return DivOp::create(b, loc, mul(g, de, pow.getResult()), x);
              Value em1 = sub(g, e, g.scalar(e, 1.0));
              return mul(g, de, PowOp::create(b, loc, x, em1));
            },
            [&]() -> Value {
              Value lx = LogOp::create(b, loc, x);
              return mul(g, mul(g, d, pow.getResult()), lx);
            });
      })
      .Case([&](NegOp) { return one(NegOp::create(b, loc, d)); })
      .Case([&](ExpOp e) { return one(mul(g, d, e.getResult())); })
      .Case([&](LogOp l) {
        return one(DivOp::create(b, loc, d, l.getInput()));
      })
      .Case([&](SquareOp s) {
        // 2 x.
        return one(mul(g, mul(g, d, g.scalar(d, 2.0)), s.getInput()));
      })
      .Case([&](SqrtOp s) {
        // 1 / (2 sqrt x).
        Value half = mul(g, d, g.scalar(d, 0.5));
        return one(DivOp::create(b, loc, half, s.getResult()));
      })
      .Case([&](RsqrtOp r) {
        // -x^(-3/2) / 2 = -y^3 / 2, multiplied into d one factor at a time
        // (y^3 alone overflows fp16 once x < 6e-4).
        Value y = r.getResult();
        Value dy = mul(g, mul(g, d, g.scalar(d, -0.5)), y);
        return one(mul(g, mul(g, dy, y), y));
      })
      .Case([&](TanhOp t) {
        Value y = t.getResult();
        return one(mul(g, d, sub(g, g.scalar(d, 1.0), mul(g, y, y))));
      })
      .Case([&](SigmoidOp s) {
        Value y = s.getResult();
        return one(mul(g, d, mul(g, y, sub(g, g.scalar(d, 1.0), y))));
      })
      .Case([&](SiluOp s) {
        // x sigmoid(x): sigmoid(x) (1 + x (1 - sigmoid(x))).
        Value x = s.getInput();
        Value sig = SigmoidOp::create(b, loc, x);
        Value inner = mul(g, x, sub(g, g.scalar(d, 1.0), sig));
        Value dx = mul(g, sig, AddOp::create(b, loc, g.scalar(d, 1.0), inner));
        return one(mul(g, d, dx));
      })
      .Case([&](SoftmaxOp s) {
        auto rank = s.getType().getRank();
        int64_t axis = s.getAxis() < 0 ? s.getAxis() + rank : s.getAxis();
        return one(softmaxGrad(g, s.getResult(), d, axis));
      })
      .Case([&](LogSoftmaxOp s) {
        // d - softmax(x) * sum(d).
        auto rank = s.getType().getRank();
        int64_t axis = s.getAxis() < 0 ? s.getAxis() + rank : s.getAxis();
        Value dy = g.exact(d, s.getType());
        Value total =
            ReduceSumOp::create(b, loc, dy, ArrayRef<int64_t>{axis}, true);
        Value probs = ExpOp::create(b, loc, s.getResult());
        return one(sub(g, dy, mul(g, probs, total)));
      })
      .Case([&](CastOp c) {
        // The gradient flows back in the input's element type.
        auto type = RankedTensorType::get(
            cast<RankedTensorType>(d.getType()).getShape(),
            getElementTypeOrSelf(c.getInput().getType()));
        return one(Value(CastOp::create(b, loc, type, d)));
      })
      .Default([](Operation *) -> std::optional<Grads> { return std::nullopt; });
}
