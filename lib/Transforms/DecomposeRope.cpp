//===- DecomposeRope.cpp - rotary embeddings as mul/add with tables -------===//
//
// out = x * cos + rot(x) * sin per head, where rot pairs each dimension with
// its partner and negates the first of the pair. rot is a linear with a
// constant signed permutation matrix: exact, a 1x1 conv on the ANE, and no
// concat (which the ANE rejects: docs/ane-constraints.md ANE-NO-CONCAT).
//
//===----------------------------------------------------------------------===//

#include "DecomposePatterns.h"
#include "GraphBuilder.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"

#include <cmath>

using namespace mlir;
using namespace mlir::orion;

namespace {

/// The frequency index of dimension `d` of a head: pairs are (2i, 2i+1)
/// interleaved (llama2.c, Meta) or (i, i + D/2) half (Hugging Face).
int64_t pairIndex(int64_t d, int64_t headDim, RopeStyle style) {
  return style == RopeStyle::Interleaved ? d / 2 : d % (headDim / 2);
}

/// The partner of `d` and the sign its value takes in rot(x)[d].
std::pair<int64_t, double> partner(int64_t d, int64_t headDim,
                                   RopeStyle style) {
  int64_t half = headDim / 2;
  if (style == RopeStyle::Interleaved)
    return d % 2 == 0 ? std::make_pair(d + 1, -1.0)
                      : std::make_pair(d - 1, 1.0);
  return d < half ? std::make_pair(d + half, -1.0)
                  : std::make_pair(d - half, 1.0);
}

/// [D, D] linear weight ([out, in]) with rot(x)[o] = sign * x[partner(o)].
Value buildRotation(PatternRewriter &rw, Location loc, Type et,
                    int64_t headDim, RopeStyle style) {
  SmallVector<double> weight(headDim * headDim, 0.0);
  for (int64_t o = 0; o < headDim; ++o) {
    auto [in, sign] = partner(o, headDim, style);
    weight[o * headDim + in] = sign;
  }
  return buildTable(rw, loc, {headDim, headDim}, et, weight);
}

/// cos or sin of pos * theta^(-2i/D) for positions 0..rows-1, row-major
/// [rows, D]; computed in double, rounded once by buildTable.
SmallVector<double> angleTable(int64_t rows, int64_t headDim, double theta,
                               RopeStyle style, bool sine) {
  SmallVector<double> table(rows * headDim);
  for (int64_t pos = 0; pos < rows; ++pos)
    for (int64_t d = 0; d < headDim; ++d) {
      double i = static_cast<double>(pairIndex(d, headDim, style));
      double angle = pos * std::pow(theta, -2.0 * i / headDim);
      table[pos * headDim + d] = sine ? std::sin(angle) : std::cos(angle);
    }
  return table;
}

struct DecomposeRope : OpRewritePattern<RopeOp> {
  DecomposeRope(MLIRContext *ctx, int64_t maxPositions)
      : OpRewritePattern(ctx), maxPositions(maxPositions) {}

  LogicalResult matchAndRewrite(RopeOp op,
                                PatternRewriter &rw) const override {
    auto type = op.getInput().getType();
    if (!type.hasStaticShape())
      return rw.notifyMatchFailure(op, "dynamic shapes cannot be reshaped");
    Location loc = op.getLoc();
    Type et = type.getElementType();
    int64_t rank = type.getRank();
    int64_t headDim = op.getHeadDim();
    int64_t seq = type.getDimSize(rank - 2);
    int64_t heads = type.getDimSize(rank - 1) / headDim;
    double theta = op.getThetaAttr().getValueAsDouble();
    RopeStyle style = op.getStyle();

    // Tables as [S, 1, D] so they broadcast over [..., S, heads, D].
    auto table = [&](bool sine) -> Value {
      Value positions = op.getPositions();
      if (!positions)
        return buildTable(rw, loc, {seq, 1, headDim}, et,
                          angleTable(seq, headDim, theta, style, sine));
      Value full =
          buildTable(rw, loc, {maxPositions, headDim}, et,
                     angleTable(maxPositions, headDim, theta, style, sine));
      Value rows = EmbeddingOp::create(rw, loc, full, positions);
      return buildReshape(rw, loc, rows, {seq, 1, headDim});
    };

    SmallVector<int64_t> headShape(type.getShape().drop_back());
    headShape.append({heads, headDim});
    Value x = buildReshape(rw, loc, op.getInput(), headShape);
    Value rotated = LinearOp::create(
        rw, loc, x, buildRotation(rw, loc, et, headDim, style), Value());
    Value cosTerm = MulOp::create(rw, loc, x, table(/*sine=*/false));
    Value sinTerm = MulOp::create(rw, loc, rotated, table(/*sine=*/true));
    Value out = AddOp::create(rw, loc, cosTerm, sinTerm);
    rw.replaceOp(op, buildReshape(rw, loc, out, type.getShape()));
    return success();
  }

  int64_t maxPositions;
};

} // namespace

void mlir::orion::populateDecomposeRopePatterns(
    RewritePatternSet &patterns, const DecomposeOptions &options) {
  patterns.add<DecomposeRope>(patterns.getContext(), options.maxPositions);
}
