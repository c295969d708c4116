//===- ShapeGradients.cpp - Derivatives of layout ops and reductions ------===//
//
// Layout ops move elements, so their gradients move them back. A slice's
// gradient places the slice into zeros, and a split's joins its pieces:
// both are concats, which the ANE rejects, so orion-partition runs them on
// the CPU (the training pipeline does not fuse projections for this
// reason). A reduction's gradient is the same for every reduced element
// and stays broadcastable instead of being copied out.
//
//===----------------------------------------------------------------------===//

#include "GradientRules.h"

#include "GraphBuilder.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::orion;

namespace {

using Grads = SmallVector<Value>;

/// `piece` placed at [begin, begin + size) along every axis of `type`,
/// zeros elsewhere: one concat per axis that the piece does not fill.
Value padWithZeros(GradientBuilder &g, Value piece, RankedTensorType type,
                   ArrayRef<int64_t> begin) {
  Value v = piece;
  for (int64_t axis = 0; axis < type.getRank(); ++axis) {
    SmallVector<int64_t> shape(shapeOf(v));
    int64_t before = begin[axis];
    int64_t after = type.getDimSize(axis) - before - shape[axis];
    if (before == 0 && after == 0)
      continue;
    SmallVector<Value> parts;
    auto zerosOf = [&](int64_t n) {
      shape[axis] = n;
      return g.zeros(RankedTensorType::get(shape, type.getElementType()));
    };
    if (before > 0)
      parts.push_back(zerosOf(before));
    parts.push_back(v);
    if (after > 0)
      parts.push_back(zerosOf(after));
    v = ConcatOp::create(g.b, g.loc, parts, g.b.getI64IntegerAttr(axis));
  }
  return v;
}

/// The gradient of a reduction's input: `d` with the reduced axes kept as
/// 1, which broadcasts over them.
Value keptDims(GradientBuilder &g, Operation *reduction, Value d,
               ArrayRef<int64_t> axes, bool keepDims) {
  if (keepDims)
    return d;
  auto input = cast<RankedTensorType>(reduction->getOperand(0).getType());
  SmallVector<int64_t> shape(input.getShape());
  for (int64_t a : axes)
    shape[a < 0 ? a + input.getRank() : a] = 1;
  Value dy = g.exact(d, reduction->getResult(0).getType());
  return buildReshape(g.b, g.loc, dy, shape);
}

int64_t reducedCount(RankedTensorType input, ArrayRef<int64_t> axes) {
  int64_t n = 1;
  for (int64_t a : axes)
    n *= input.getDimSize(a < 0 ? a + input.getRank() : a);
  return n;
}

} // namespace

std::optional<SmallVector<Value>>
mlir::orion::buildShapeGradients(GradientBuilder &g, Operation *op,
                                 ArrayRef<Value> grads, ArrayRef<bool> wanted) {
  OpBuilder &b = g.b;
  Location loc = g.loc;
  Value d = grads.empty() ? Value() : grads.front();
  auto inputType = [&]() {
    return cast<RankedTensorType>(op->getOperand(0).getType());
  };
  auto one = [](Value v) { return Grads{v}; };
  return TypeSwitch<Operation *, std::optional<Grads>>(op)
      .Case([&](ReshapeOp r) {
        Value dy = g.exact(d, r.getType());
        return one(buildReshape(b, loc, dy, inputType().getShape()));
      })
      .Case([&](TransposeOp t) {
        ArrayRef<int64_t> perm = t.getPerm();
        SmallVector<int64_t> inverse(perm.size());
        for (auto [i, p] : llvm::enumerate(perm))
          inverse[p] = i;
        Value dy = g.exact(d, t.getType());
        return one(TransposeOp::create(b, loc, dy, inverse));
      })
      .Case([&](SliceOp s) -> std::optional<Grads> {
        if (auto step = s.getStep())
          if (llvm::any_of(*step, [](int64_t v) { return v != 1; }))
            return std::nullopt;
        Value dy = g.exact(d, s.getType());
        return one(padWithZeros(g, dy, inputType(), s.getBegin()));
      })
      .Case([&](SplitOp s) {
        SmallVector<Value> parts;
        for (auto [piece, grad] : llvm::zip(s.getResults(), grads))
          parts.push_back(grad ? g.exact(grad, piece.getType())
                               : g.zeros(piece.getType()));
        if (parts.size() == 1)
          return one(parts.front());
        return one(ConcatOp::create(b, loc, parts, s.getAxisAttr()));
      })
      .Case([&](ConcatOp c) {
        Value dy = g.exact(d, c.getType());
        int64_t axis = c.getAxis(), offset = 0;
        Grads result(c.getInputs().size());
        for (auto [i, input] : llvm::enumerate(c.getInputs())) {
          auto type = cast<RankedTensorType>(input.getType());
          SmallVector<int64_t> begin(type.getRank(), 0);
          SmallVector<int64_t> end(type.getShape());
          begin[axis] = offset;
          end[axis] = offset + type.getDimSize(axis);
          offset = end[axis];
          if (wanted[i])
            result[i] = SliceOp::create(b, loc, dy, begin, end, nullptr);
        }
        return result;
      })
      .Case([&](ReduceSumOp r) {
        return one(keptDims(g, r, d, r.getAxes(), r.getKeepDims()));
      })
      .Case([&](ReduceMeanOp r) {
        Value kept = keptDims(g, r, d, r.getAxes(), r.getKeepDims());
        double n = double(reducedCount(inputType(), r.getAxes()));
        return one(Value(MulOp::create(b, loc, kept, g.scalar(kept, 1.0 / n))));
      })
      .Default([](Operation *) -> std::optional<Grads> { return std::nullopt; });
}
