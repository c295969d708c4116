//===- AlgebraGradients.cpp - Derivatives of products, lookups and loss ---===//
//
// The weight gradients are matrix products over all positions:
// dW = dy^T x for a linear, as in mechramc/Orion's backward kernels, but with
// the [out, in] layout of the weight itself (its CPU dW came out [in, out], its
// bug F3). An embedding's gradient is the transpose of its gather, a
// scatter-add of dy into the used rows (orion.embedding_grad), and
// cross_entropy's is (softmax - one_hot) / N.
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

int64_t product(ArrayRef<int64_t> dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

/// `value` ([..., n]) as a matrix [rows, n].
Value asMatrix(GradientBuilder &g, Value value) {
  ArrayRef<int64_t> shape = shapeOf(value);
  if (shape.size() == 2)
    return value;
  int64_t last = shape.empty() ? 1 : shape.back();
  return buildReshape(g.b, g.loc, value,
                      {product(shape) / std::max<int64_t>(last, 1), last});
}

Grads linear(GradientBuilder &g, LinearOp op, Value d, ArrayRef<bool> wanted) {
  OpBuilder &b = g.b;
  Value dy = g.exact(d, op.getType());
  Grads grads(op->getNumOperands());
  if (wanted[0]) {
    // dx = dy @ W, a linear with the weight's transpose, so it stays a 1x1
    // conv on the ANE.
    Value wt = TransposeOp::create(b, g.loc, op.getWeight(),
                                   ArrayRef<int64_t>{1, 0});
    grads[0] = LinearOp::create(b, g.loc, dy, wt, Value());
  }
  if (wanted[1])
    grads[1] = MatmulOp::create(b, g.loc, asMatrix(g, dy),
                                asMatrix(g, op.getInput()),
                                /*transpose_lhs=*/true,
                                /*transpose_rhs=*/false);
  if (op.getBias() && wanted[2]) {
    int64_t rank = op.getType().getRank();
    SmallVector<int64_t> rows;
    for (int64_t i = 0; i + 1 < rank; ++i)
      rows.push_back(i);
    grads[2] = rows.empty() ? dy
                            : Value(ReduceSumOp::create(b, g.loc, dy, rows,
                                                        false));
  }
  return grads;
}

Grads matmul(GradientBuilder &g, MatmulOp op, Value d, ArrayRef<bool> wanted) {
  OpBuilder &b = g.b;
  Value dc = g.exact(d, op.getType());
  Value a = op.getLhs(), bm = op.getRhs();
  bool ta = op.getTransposeLhs(), tb = op.getTransposeRhs();
  Grads grads(2);
  // C = op(A) op(B): d op(A) = dC op(B)^T and d op(B) = op(A)^T dC, each
  // transposed back when the operand was used transposed.
  if (wanted[0]) {
    Value da = ta ? MatmulOp::create(b, g.loc, bm, dc, tb, true)
                  : MatmulOp::create(b, g.loc, dc, bm, false, !tb);
    grads[0] = g.unbroadcast(da, a.getType());
  }
  if (wanted[1]) {
    Value db = tb ? MatmulOp::create(b, g.loc, dc, a, true, ta)
                  : MatmulOp::create(b, g.loc, a, dc, !ta, false);
    grads[1] = g.unbroadcast(db, bm.getType());
  }
  return grads;
}

Grads embedding(GradientBuilder &g, EmbeddingOp op, Value d,
                ArrayRef<bool> wanted) {
  Grads grads(2);
  if (!wanted[0])
    return grads;
  // The gather's transpose: a scatter-add of the N rows of dy into a zero
  // table, which reads only the used rows where one_hot(ids)^T @ dy is a
  // GEMM over the whole vocabulary.
  auto table = op.getTable().getType();
  Value ids = op.getIndices();
  int64_t n = product(shapeOf(ids));
  if (shapeOf(ids).size() != 1)
    ids = buildReshape(g.b, g.loc, ids, {n});
  Value dy = asMatrix(g, g.exact(d, op.getType()));
  grads[0] = EmbeddingGradOp::create(g.b, g.loc, table, dy, ids,
                                     table.getDimSize(0));
  return grads;
}

Grads crossEntropy(GradientBuilder &g, CrossEntropyOp op, Value d,
                   ArrayRef<bool> wanted) {
  Grads grads(2);
  if (!wanted[0])
    return grads;
  OpBuilder &b = g.b;
  Value logits = op.getLogits();
  auto type = cast<RankedTensorType>(logits.getType());
  int64_t positions = product(type.getShape().drop_back());
  Value probs = SoftmaxOp::create(b, g.loc, logits, b.getI64IntegerAttr(-1));
  Value hot = OneHotOp::create(b, g.loc, type, op.getTargets(),
                               b.getI64IntegerAttr(type.getShape().back()));
  Value perPosition = MulOp::create(b, g.loc, d,
                                    g.scalar(d, 1.0 / double(positions)));
  grads[0] = MulOp::create(b, g.loc, SubOp::create(b, g.loc, probs, hot),
                           perPosition);
  return grads;
}

} // namespace

std::optional<SmallVector<Value>>
mlir::orion::buildAlgebraGradients(GradientBuilder &g, Operation *op, Value d,
                                   ArrayRef<bool> wanted) {
  return TypeSwitch<Operation *, std::optional<Grads>>(op)
      .Case([&](LinearOp l) { return linear(g, l, d, wanted); })
      .Case([&](MatmulOp m) { return matmul(g, m, d, wanted); })
      .Case([&](EmbeddingOp e) { return embedding(g, e, d, wanted); })
      .Case([&](CrossEntropyOp c) { return crossEntropy(g, c, d, wanted); })
      .Default([](Operation *) -> std::optional<Grads> { return std::nullopt; });
}
