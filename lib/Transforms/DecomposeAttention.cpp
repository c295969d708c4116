//===- DecomposeAttention.cpp - attention as matmul/mask/softmax ----------===//
//
// The ANE's SDPA silently ignores causal masks (docs/ane-constraints.md
// ANE-SDPA-MASK), so attention is spelled out: QK^T, scale, additive mask,
// softmax, @V.
//
//===----------------------------------------------------------------------===//

#include "DecomposePatterns.h"
#include "GraphBuilder.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"

#include <cmath>
#include <optional>

using namespace mlir;
using namespace mlir::orion;

namespace {

/// Added to masked scores. Not -inf: see the orion-decompose description
/// (NaN on fully masked rows, fp16 hazards); exp(-1e4 - max) is already 0.
constexpr double kMaskValue = -1.0e4;

/// [Sq, Skv]: 0 where query i may see key j (j <= i + Skv - Sq, i.e. the
/// queries are the last Sq positions of the key sequence), kMaskValue
/// elsewhere.
Value buildCausalMask(PatternRewriter &rw, Location loc, Type elementType,
                      int64_t sq, int64_t skv) {
  SmallVector<double> mask(sq * skv, 0.0);
  for (int64_t i = 0; i < sq; ++i)
    for (int64_t j = i + skv - sq + 1; j < skv; ++j)
      mask[i * skv + j] = kMaskValue;
  return buildTable(rw, loc, {sq, skv}, elementType, mask);
}

SmallVector<int64_t> concatShape(ArrayRef<int64_t> lead,
                                 ArrayRef<int64_t> tail) {
  SmallVector<int64_t> shape(lead);
  shape.append(tail.begin(), tail.end());
  return shape;
}

/// Swaps the two dimensions before the last: [..., a, b, D] <-> [..., b, a, D].
/// Its own inverse.
Value swapHeadsAndSeq(PatternRewriter &rw, Location loc, Value x) {
  int64_t rank = shapeOf(x).size();
  SmallVector<int64_t> perm;
  for (int64_t d = 0; d < rank - 3; ++d)
    perm.push_back(d);
  perm.append({rank - 2, rank - 3, rank - 1});
  return TransposeOp::create(rw, loc, x, perm);
}

/// `base + column * slot`, column [C, 1] and slot [1, S]: a channel-major
/// KV cache with this step's key (or value) written into the slot `slot`
/// picks (ModelStep::Decode builds it so).
struct RankOneUpdate {
  Value base, column, slot;
};

std::optional<RankOneUpdate> matchRankOneUpdate(Value x) {
  auto add = x.getDefiningOp<AddOp>();
  if (!add)
    return std::nullopt;
  ArrayRef<int64_t> shape = shapeOf(x);
  for (auto [base, other] : {std::pair(add.getLhs(), add.getRhs()),
                             std::pair(add.getRhs(), add.getLhs())}) {
    auto mul = other.getDefiningOp<MulOp>();
    if (!mul || shapeOf(base) != shape)
      continue;
    for (auto [column, slot] : {std::pair(mul.getLhs(), mul.getRhs()),
                                std::pair(mul.getRhs(), mul.getLhs())})
      if (shapeOf(column) == ArrayRef<int64_t>{shape[0], 1} &&
          shapeOf(slot) == ArrayRef<int64_t>{1, shape[1]})
        return RankOneUpdate{base, column, slot};
  }
  return std::nullopt;
}

/// The decode-step KV-cache fusion: key and value are each a channel-major
/// cache plus a rank-one update into the same slot. The update is folded
/// into the decomposition instead of materialised: q.(K + k s) =
/// q.K + (q.k) s and p.(V + v s)^T = p.V^T + (p.s) v, so each step reads
/// the cache once and writes nothing of its size.
struct CacheUpdate {
  RankOneUpdate key, value;
};

std::optional<CacheUpdate> matchCacheUpdate(AttentionOp op) {
  if (!op.getTransposedKv() || op.getQuery().getType().getRank() != 2)
    return std::nullopt;
  std::optional<RankOneUpdate> key = matchRankOneUpdate(op.getKey());
  std::optional<RankOneUpdate> value = matchRankOneUpdate(op.getValue());
  if (!key || !value || key->slot != value->slot)
    return std::nullopt;
  return CacheUpdate{*key, *value};
}

/// One attention op spelled out: its geometry, and the steps in the order
/// they build IR.
class AttentionDecomposition {
public:
  AttentionDecomposition(AttentionOp attention, PatternRewriter &rewriter)
      : op(attention), rw(rewriter), loc(attention.getLoc()) {
    auto qType = op.getQuery().getType();
    et = qType.getElementType();
    rank = qType.getRank();
    lead = qType.getShape().drop_back(2);
    heads = op.getHeads();
    kvHeads = op.getKvHeads();
    group = heads / kvHeads;
    transposed = op.getTransposedKv();
    sq = qType.getDimSize(rank - 2);
    skv = op.getKey().getType().getDimSize(transposed ? rank - 1 : rank - 2);
    d = qType.getDimSize(rank - 1) / heads;
  }

  /// The attention's result: [..., Sq, heads * D].
  Value build() {
    Value q = toHeads(op.getQuery(), sq, heads);
    std::optional<CacheUpdate> update = matchCacheUpdate(op);
    Value k = kvToHeads(update ? update->key.base : op.getKey());
    Value v = kvToHeads(update ? update->value.base : op.getValue());
    Value queries = grouped(q, d);
    Value scoresByGroup =
        MatmulOp::create(rw, loc, queries, k, /*transpose_lhs=*/false,
                         /*transpose_rhs=*/!transposed);
    if (update)
      scoresByGroup = addNewKeyScores(queries, scoresByGroup, update->key);
    Value probsByGroup = grouped(probabilities(perHead(scoresByGroup, skv)),
                                 skv);
    Value contextByGroup =
        MatmulOp::create(rw, loc, probsByGroup, v,
                         /*transpose_lhs=*/false,
                         /*transpose_rhs=*/transposed);
    if (update)
      contextByGroup =
          addNewValueContext(probsByGroup, contextByGroup, update->value);
    Value context = perHead(contextByGroup, d);
    // [..., heads, Sq, D] -> [..., Sq, heads, D] -> [..., Sq, heads * D]
    return buildReshape(rw, loc, swapHeadsAndSeq(rw, loc, context),
                        op.getQuery().getType().getShape());
  }

private:
  /// [..., S, n * D] -> [..., S, n, D] -> [..., n, S, D]
  Value toHeads(Value x, int64_t seq, int64_t n) {
    return swapHeadsAndSeq(
        rw, loc, buildReshape(rw, loc, x, concatShape(lead, {seq, n, d})));
  }

  /// Key or value in heads. Channel-major: [..., n * D, S] -> [..., n, D, S]
  /// is only a reshape, and the matmuls read the [D, S] blocks as they are.
  Value kvToHeads(Value x) {
    if (transposed)
      return buildReshape(rw, loc, x, concatShape(lead, {kvHeads, d, skv}));
    return toHeads(x, skv, kvHeads);
  }

  // GQA: query heads g*j .. g*j+g-1 share kv head j. Folding each group
  // into the row dimension lets one matmul use the unrepeated key.
  Value grouped(Value x, int64_t cols) {
    return group == 1 ? x
                      : buildReshape(rw, loc, x,
                                     concatShape(lead, {kvHeads, group * sq,
                                                        cols}));
  }
  Value perHead(Value x, int64_t cols) {
    return group == 1
               ? x
               : buildReshape(rw, loc, x, concatShape(lead, {heads, sq, cols}));
  }

  /// Scaled, masked and normalised scores.
  Value probabilities(Value scores) {
    double scale = op.getScaleAttr()
                       ? op.getScaleAttr().getValueAsDouble()
                       : 1.0 / std::sqrt(static_cast<double>(d));
    scores = MulOp::create(rw, loc, scores, buildScalar(rw, loc, et, scale));
    // A single query aligned to the end of the keys sees every key.
    if (op.getCausal() && sq > 1)
      scores = AddOp::create(rw, loc, scores,
                             buildCausalMask(rw, loc, et, sq, skv));
    // [Sq, Skv] broadcasts over [..., heads, Sq, Skv].
    if (Value mask = op.getMask())
      scores = AddOp::create(rw, loc, scores, mask);
    return SoftmaxOp::create(rw, loc, scores, rw.getI64IntegerAttr(-1));
  }

  /// KV-cache fusion, keys: scores + (q.k) s.
  Value addNewKeyScores(Value queries, Value scoresByGroup,
                        const RankOneUpdate &key) {
    Value column = buildReshape(rw, loc, key.column, {kvHeads, d, int64_t(1)});
    Value own = MatmulOp::create(rw, loc, queries, column);
    return AddOp::create(rw, loc, scoresByGroup,
                         MulOp::create(rw, loc, own, key.slot));
  }

  /// KV-cache fusion, values: context + (p.s) v.
  Value addNewValueContext(Value probsByGroup, Value contextByGroup,
                           const RankOneUpdate &value) {
    // [kv_dim, 1] holds [kv_heads, 1, D] in the same order.
    Value row = buildReshape(rw, loc, value.column, {kvHeads, int64_t(1), d});
    Value weight = ReduceSumOp::create(
        rw, loc, MulOp::create(rw, loc, probsByGroup, value.slot),
        ArrayRef<int64_t>{-1}, /*keep_dims=*/true);
    return AddOp::create(rw, loc, contextByGroup,
                         MulOp::create(rw, loc, weight, row));
  }

  AttentionOp op;
  PatternRewriter &rw;
  Location loc;
  Type et;
  int64_t rank, heads, kvHeads, group, sq, skv, d;
  ArrayRef<int64_t> lead;
  bool transposed;
};

struct DecomposeAttention : OpRewritePattern<AttentionOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AttentionOp op,
                                PatternRewriter &rw) const override {
    if (!op.getQuery().getType().hasStaticShape() ||
        !op.getKey().getType().hasStaticShape())
      return rw.notifyMatchFailure(op, "dynamic shapes cannot be reshaped");
    rw.replaceOp(op, AttentionDecomposition(op, rw).build());
    return success();
  }
};

} // namespace

void mlir::orion::populateDecomposeAttentionPatterns(
    RewritePatternSet &patterns, const DecomposeOptions &) {
  patterns.add<DecomposeAttention>(patterns.getContext());
}
