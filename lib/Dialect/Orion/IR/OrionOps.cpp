//===- OrionOps.cpp - Verifiers and type inference of orion ops -----------===//
//
// Shape rules live in inferReturnTypes so that builders, the parser and the
// verifier share one implementation; every message names the offending
// shape or attribute value.
//
//===----------------------------------------------------------------------===//

#include "Orion/Dialect/Orion/IR/OrionOps.h"
#include "OrionAssembly.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/Support/MathExtras.h"

#include "orion/ane/AneTarget.h"

using namespace mlir;
using namespace mlir::orion;

namespace {

using OptLoc = std::optional<Location>;

/// "[256, 768]": how every message spells a shape.
std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s = "[";
  llvm::raw_string_ostream os(s);
  llvm::interleave(
      shape, os,
      [&](int64_t d) {
        if (ShapedType::isDynamic(d))
          os << '?';
        else
          os << d;
      },
      ", ");
  os << ']';
  return s;
}

RankedTensorType ranked(Type t) { return cast<RankedTensorType>(t); }

/// Maps an axis in [-rank, rank) to [0, rank).
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

LogicalResult sameElementType(OptLoc loc, StringRef what, Type a, Type b) {
  Type ea = getElementTypeOrSelf(a), eb = getElementTypeOrSelf(b);
  if (ea == eb)
    return success();
  std::string msg;
  llvm::raw_string_ostream os(msg);
  os << what << " must have the same element type, got " << ea << " and "
     << eb;
  return emitOptionalError(loc, msg);
}

/// A 1-D per-feature vector (norm weight or bias) must match `size`.
LogicalResult checkFeatureVector(OptLoc loc, StringRef what,
                                 RankedTensorType vec, int64_t size) {
  if (vec.getRank() != 1 || vec.getDimSize(0) != size)
    return emitOptionalError(loc, what, " must be [", size,
                             "] (the input's last dimension), got ",
                             shapeStr(vec.getShape()));
  return success();
}

/// The custom parser and the builders call inferReturnTypes before the ODS
/// type constraints have been checked, so operands may be anything; reject
/// what is not a ranked tensor instead of casting it blindly. (A hand-built
/// adaptor may hold a null value for an absent optional operand.)
LogicalResult checkRankedOperands(OptLoc loc, ValueRange operands) {
  for (auto [i, operand] : llvm::enumerate(operands))
    if (operand && !isa<RankedTensorType>(operand.getType()))
      return emitOptionalError(loc, "operand #", i,
                               " must be a ranked tensor, got ",
                               operand.getType());
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// ParamOp
//===----------------------------------------------------------------------===//

LogicalResult ParamOp::verify() {
  if (getName().empty())
    return emitOpError("parameter name must not be empty");
  if (!getType().hasStaticShape())
    return emitOpError("parameter must have a static shape, got ")
           << getType();
  return success();
}

//===----------------------------------------------------------------------===//
// Binary elementwise ops
//===----------------------------------------------------------------------===//

static LogicalResult inferBroadcast(OptLoc loc, Type lhsType, Type rhsType,
                                    SmallVectorImpl<Type> &results) {
  if (failed(sameElementType(loc, "operands", lhsType, rhsType)))
    return failure();
  auto lhs = ranked(lhsType), rhs = ranked(rhsType);
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(lhs.getShape(), rhs.getShape(),
                                          shape))
    return emitOptionalError(loc, "operand shapes ", shapeStr(lhs.getShape()),
                             " and ", shapeStr(rhs.getShape()),
                             " are not broadcast-compatible");
  results.push_back(RankedTensorType::get(shape, lhs.getElementType()));
  return success();
}

/// Orion_BinaryOp's inferReturnTypes (OrionOps.td).
static LogicalResult inferBinary(OptLoc loc, Value lhs, Value rhs,
                                 SmallVectorImpl<Type> &results) {
  if (failed(checkRankedOperands(loc, {lhs, rhs})))
    return failure();
  return inferBroadcast(loc, lhs.getType(), rhs.getType(), results);
}

//===----------------------------------------------------------------------===//
// Softmax, normalizations
//===----------------------------------------------------------------------===//

static LogicalResult verifySoftmaxAxis(Operation *op, RankedTensorType type,
                                       int64_t axis) {
  if (type.getRank() == 0)
    return op->emitOpError("input must have rank of at least 1");
  if (!normalizeAxis(axis, type.getRank()))
    return op->emitOpError("axis ")
           << axis << " is out of range for rank " << type.getRank();
  return success();
}


static LogicalResult inferNorm(OptLoc loc, Value input, Value weight,
                               Value bias, SmallVectorImpl<Type> &results) {
  auto type = ranked(input.getType());
  if (type.getRank() == 0)
    return emitOptionalError(loc, "input must have rank of at least 1");
  int64_t features = type.getShape().back();
  if (failed(sameElementType(loc, "input and weight", type,
                             weight.getType())) ||
      failed(checkFeatureVector(loc, "weight", ranked(weight.getType()),
                                features)))
    return failure();
  if (bias && (failed(sameElementType(loc, "input and bias", type,
                                      bias.getType())) ||
               failed(checkFeatureVector(loc, "bias", ranked(bias.getType()),
                                         features))))
    return failure();
  results.push_back(type);
  return success();
}

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *, OptLoc loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  if (failed(checkRankedOperands(loc, adaptor.getOperands())))
    return failure();
  return inferNorm(loc, adaptor.getInput(), adaptor.getWeight(),
                   adaptor.getBias(), results);
}

// Attribute-only checks live in verify(): the parser calls inferReturnTypes
// before default-valued attributes are filled in.
static LogicalResult verifyEpsilon(Operation *op, APFloat epsilon) {
  if (epsilon.isNegative() || epsilon.isNaN())
    return op->emitOpError("epsilon must be non-negative, got ")
           << epsilon.convertToFloat();
  return success();
}

LogicalResult LayerNormOp::verify() {
  return verifyEpsilon(*this, getEpsilon());
}
LogicalResult RMSNormOp::verify() { return verifyEpsilon(*this, getEpsilon()); }

LogicalResult RMSNormOp::inferReturnTypes(MLIRContext *, OptLoc loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  if (failed(checkRankedOperands(loc, adaptor.getOperands())))
    return failure();
  return inferNorm(loc, adaptor.getInput(), adaptor.getWeight(), Value(),
                   results);
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

LogicalResult LinearOp::inferReturnTypes(MLIRContext *, OptLoc loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  if (failed(checkRankedOperands(loc, adaptor.getOperands())))
    return failure();
  auto input = ranked(adaptor.getInput().getType());
  auto weight = ranked(adaptor.getWeight().getType());
  if (failed(sameElementType(loc, "input and weight", input, weight)))
    return failure();
  if (input.getRank() == 0)
    return emitOptionalError(loc, "input must have rank of at least 1");
  if (weight.getRank() != 2)
    return emitOptionalError(loc, "weight must be 2-D [out, in], got ",
                             shapeStr(weight.getShape()));
  int64_t in = input.getShape().back();
  int64_t out = weight.getDimSize(0);
  if (weight.getDimSize(1) != in)
    return emitOptionalError(loc, "weight is [out, in] = ",
                             shapeStr(weight.getShape()),
                             " but the input's last dimension is ", in);
  if (Value bias = adaptor.getBias()) {
    auto biasType = ranked(bias.getType());
    if (failed(sameElementType(loc, "input and bias", input, biasType)))
      return failure();
    if (biasType.getRank() != 1 || biasType.getDimSize(0) != out)
      return emitOptionalError(loc, "bias must be [", out,
                               "] (the weight's out dimension), got ",
                               shapeStr(biasType.getShape()));
  }
  SmallVector<int64_t> shape(input.getShape().drop_back());
  shape.push_back(out);
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *, OptLoc loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  if (failed(checkRankedOperands(loc, adaptor.getOperands())))
    return failure();
  auto lhs = ranked(adaptor.getLhs().getType());
  auto rhs = ranked(adaptor.getRhs().getType());
  if (failed(sameElementType(loc, "operands", lhs, rhs)))
    return failure();
  if (lhs.getRank() < 2 || rhs.getRank() < 2)
    return emitOptionalError(loc, "operands must have rank of at least 2, got ",
                             shapeStr(lhs.getShape()), " and ",
                             shapeStr(rhs.getShape()));
  auto matrix = [](RankedTensorType t, bool transposed) {
    int64_t r = t.getRank();
    int64_t rows = t.getDimSize(r - 2), cols = t.getDimSize(r - 1);
    return transposed ? std::make_pair(cols, rows) : std::make_pair(rows, cols);
  };
  auto [m, k] = matrix(lhs, adaptor.getTransposeLhs());
  auto [k2, n] = matrix(rhs, adaptor.getTransposeRhs());
  if (k != k2)
    return emitOptionalError(loc, "contraction dimensions differ: lhs ",
                             shapeStr(lhs.getShape()), " gives K = ", k,
                             ", rhs ", shapeStr(rhs.getShape()), " gives K = ",
                             k2);
  SmallVector<int64_t> batch;
  if (!OpTrait::util::getBroadcastedShape(lhs.getShape().drop_back(2),
                                          rhs.getShape().drop_back(2), batch))
    return emitOptionalError(loc, "batch dimensions ",
                             shapeStr(lhs.getShape().drop_back(2)), " and ",
                             shapeStr(rhs.getShape().drop_back(2)),
                             " are not broadcast-compatible");
  batch.push_back(m);
  batch.push_back(n);
  results.push_back(RankedTensorType::get(batch, lhs.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Transformer blocks
//===----------------------------------------------------------------------===//

LogicalResult RopeOp::inferReturnTypes(MLIRContext *, OptLoc loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &results) {
  if (failed(checkRankedOperands(loc, adaptor.getOperands())))
    return failure();
  auto input = ranked(adaptor.getInput().getType());
  int64_t headDim = adaptor.getHeadDim();
  if (input.getRank() < 2)
    return emitOptionalError(
        loc, "input must be [..., seq, heads * head_dim], got ",
        shapeStr(input.getShape()));
  if (headDim <= 0 || headDim % 2 != 0)
    return emitOptionalError(loc, "head_dim must be positive and even, got ",
                             headDim);
  int64_t channels = input.getShape().back();
  if (channels % headDim != 0)
    return emitOptionalError(loc, "last dimension ", channels,
                             " is not a multiple of head_dim ", headDim);
  if (Value positions = adaptor.getPositions()) {
    auto posType = ranked(positions.getType());
    int64_t seq = input.getDimSize(input.getRank() - 2);
    if (posType.getRank() != 1 || posType.getDimSize(0) != seq)
      return emitOptionalError(loc, "positions must be [", seq,
                               "] (one per sequence position), got ",
                               shapeStr(posType.getShape()));
  }
  results.push_back(input);
  return success();
}

LogicalResult RopeOp::verify() {
  if (!(getTheta().convertToFloat() > 0.0f))
    return emitOpError("theta must be positive, got ")
           << getTheta().convertToFloat();
  return success();
}

LogicalResult AttentionOp::inferReturnTypes(MLIRContext *, OptLoc loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  if (failed(checkRankedOperands(loc, adaptor.getOperands())))
    return failure();
  auto q = ranked(adaptor.getQuery().getType());
  auto k = ranked(adaptor.getKey().getType());
  auto v = ranked(adaptor.getValue().getType());
  int64_t heads = adaptor.getHeads(), kvHeads = adaptor.getKvHeads();
  if (failed(sameElementType(loc, "query and key", q, k)) ||
      failed(sameElementType(loc, "query and value", q, v)))
    return failure();
  if (q.getRank() < 2 || k.getRank() != q.getRank() ||
      v.getRank() != q.getRank())
    return emitOptionalError(
        loc, "query, key and value must share a rank of at least 2, got ",
        shapeStr(q.getShape()), ", ", shapeStr(k.getShape()), " and ",
        shapeStr(v.getShape()));
  if (heads <= 0 || kvHeads <= 0)
    return emitOptionalError(loc, "heads and kv_heads must be positive");
  if (heads % kvHeads != 0)
    return emitOptionalError(loc, "heads (", heads,
                             ") must be a multiple of kv_heads (", kvHeads,
                             ")");
  if (k.getShape() != v.getShape())
    return emitOptionalError(loc, "key ", shapeStr(k.getShape()),
                             " and value ", shapeStr(v.getShape()),
                             " must have the same shape");
  int64_t r = q.getRank();
  if (q.getShape().drop_back(2) != k.getShape().drop_back(2))
    return emitOptionalError(loc, "query ", shapeStr(q.getShape()), " and key ",
                             shapeStr(k.getShape()),
                             " must share their leading dimensions");
  int64_t qChannels = q.getDimSize(r - 1);
  if (qChannels % heads != 0)
    return emitOptionalError(loc, "query channels ", qChannels,
                             " are not a multiple of heads (", heads, ")");
  int64_t headDim = qChannels / heads;
  // Channel-major key/value ([..., C, Skv]) with transposed_kv.
  bool transposed = adaptor.getTransposedKv();
  int64_t kChannels = k.getDimSize(transposed ? r - 2 : r - 1);
  int64_t keys = k.getDimSize(transposed ? r - 1 : r - 2);
  if (kChannels != kvHeads * headDim)
    return emitOptionalError(loc, "key channels must be kv_heads * head_dim = ",
                             kvHeads * headDim, ", got ", kChannels);
  if (adaptor.getCausal() && q.getDimSize(r - 2) > keys)
    return emitOptionalError(loc, "causal attention needs at least as many "
                                  "keys as queries, got ",
                             q.getDimSize(r - 2), " queries and ", keys,
                             " keys");
  if (Value maskValue = adaptor.getMask()) {
    auto mask = ranked(maskValue.getType());
    SmallVector<int64_t> want{q.getDimSize(r - 2), keys};
    if (mask.getShape() != ArrayRef<int64_t>(want))
      return emitOptionalError(loc, "mask must be [queries, keys] = ",
                               shapeStr(want), ", got ",
                               shapeStr(mask.getShape()));
    if (failed(sameElementType(loc, "query and mask", q, mask)))
      return failure();
  }
  results.push_back(q);
  return success();
}

LogicalResult AttentionOp::verify() {
  if (auto scale = getScaleAttr())
    if (!(scale.getValue().convertToFloat() > 0.0f))
      return emitOpError("scale must be positive, got ")
             << scale.getValue().convertToFloat();
  return success();
}

LogicalResult EmbeddingOp::inferReturnTypes(MLIRContext *, OptLoc loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  if (failed(checkRankedOperands(loc, adaptor.getOperands())))
    return failure();
  auto table = ranked(adaptor.getTable().getType());
  auto indices = ranked(adaptor.getIndices().getType());
  if (table.getRank() != 2)
    return emitOptionalError(loc, "table must be 2-D [vocab, dim], got ",
                             shapeStr(table.getShape()));
  SmallVector<int64_t> shape(indices.getShape());
  shape.push_back(table.getDimSize(1));
  results.push_back(RankedTensorType::get(shape, table.getElementType()));
  return success();
}

LogicalResult EmbeddingGradOp::verify() {
  int64_t rows = getRowsAttr().getInt();
  if (rows <= 0)
    return emitOpError("rows must be positive, got ") << rows;
  auto updates = getUpdates().getType();
  ArrayRef<int64_t> ids = getIndices().getType().getShape();
  if (updates.getRank() != int64_t(ids.size()) + 1 ||
      updates.getShape().drop_back() != ids)
    return emitOpError("updates must be the indices' shape plus [D], got ")
           << shapeStr(updates.getShape()) << " for indices "
           << shapeStr(ids);
  SmallVector<int64_t> expected{rows, updates.getShape().back()};
  if (getType().getShape() != ArrayRef<int64_t>(expected))
    return emitOpError("result shape must be [rows, D] = ")
           << shapeStr(expected) << ", got " << shapeStr(getType().getShape());
  if (getType().getElementType() != updates.getElementType())
    return emitOpError("result element type must be the updates' (")
           << updates.getElementType() << "), got "
           << getType().getElementType();
  return success();
}

LogicalResult CrossEntropyOp::inferReturnTypes(MLIRContext *, OptLoc loc,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &results) {
  if (failed(checkRankedOperands(loc, adaptor.getOperands())))
    return failure();
  auto logits = ranked(adaptor.getLogits().getType());
  auto targets = ranked(adaptor.getTargets().getType());
  if (logits.getRank() == 0)
    return emitOptionalError(loc, "logits must have rank of at least 1");
  if (targets.getShape() != logits.getShape().drop_back())
    return emitOptionalError(loc, "targets must be ",
                             shapeStr(logits.getShape().drop_back()),
                             " (the logits' shape without the vocabulary), "
                             "got ",
                             shapeStr(targets.getShape()));
  results.push_back(RankedTensorType::get({}, logits.getElementType()));
  return success();
}

LogicalResult OneHotOp::verify() {
  if (getDepth() <= 0)
    return emitOpError("depth must be positive, got ") << getDepth();
  SmallVector<int64_t> expected(getIndices().getType().getShape());
  expected.push_back(getDepth());
  if (getType().getShape() != ArrayRef<int64_t>(expected))
    return emitOpError("result shape must be the indices' shape plus [depth] = ")
           << shapeStr(expected) << ", got " << shapeStr(getType().getShape());
  return success();
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto in = getInput().getType(), out = getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("element type must not change: ")
           << in.getElementType() << " vs " << out.getElementType();
  if (!in.hasStaticShape() || !out.hasStaticShape())
    return emitOpError("shapes must be static");
  if (in.getNumElements() != out.getNumElements())
    return emitOpError("cannot reshape ")
           << shapeStr(in.getShape()) << " (" << in.getNumElements()
           << " elements) into " << shapeStr(out.getShape()) << " ("
           << out.getNumElements() << " elements)";
  return success();
}

/// A permutation of [0, rank), or an error naming the bad entry.
static LogicalResult checkPermutation(OptLoc loc, ArrayRef<int64_t> perm,
                                      int64_t rank) {
  if ((int64_t)perm.size() != rank)
    return emitOptionalError(loc, "perm has ", perm.size(),
                             " entries but the input has rank ", rank);
  SmallVector<bool> seen(rank, false);
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen[p])
      return emitOptionalError(loc, "perm ", shapeStr(perm),
                               " is not a permutation of [0, ", rank, ")");
    seen[p] = true;
  }
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *, OptLoc loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  if (failed(checkRankedOperands(loc, adaptor.getOperands())))
    return failure();
  auto input = ranked(adaptor.getInput().getType());
  ArrayRef<int64_t> perm = adaptor.getPerm();
  if (failed(checkPermutation(loc, perm, input.getRank())))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(input.getDimSize(p));
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *, OptLoc loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  if (failed(checkRankedOperands(loc, adaptor.getOperands())))
    return failure();
  auto input = ranked(adaptor.getInput().getType());
  ArrayRef<int64_t> begin = adaptor.getBegin(), end = adaptor.getEnd();
  int64_t rank = input.getRank();
  SmallVector<int64_t> step(rank, 1);
  if (auto s = adaptor.getStep())
    step.assign(s->begin(), s->end());
  if ((int64_t)begin.size() != rank || (int64_t)end.size() != rank ||
      (int64_t)step.size() != rank)
    return emitOptionalError(loc, "begin, end and step need one entry per "
                                  "dimension (rank ",
                             rank, ")");
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t dim = input.getDimSize(i);
    if (step[i] <= 0)
      return emitOptionalError(loc, "step must be positive, got ", step[i],
                               " in dimension ", i);
    if (begin[i] < 0 || begin[i] >= end[i] || end[i] > dim)
      return emitOptionalError(loc, "slice [", begin[i], ", ", end[i],
                               ") is empty or outside dimension ", i,
                               " of size ", dim);
    // ceil((end - begin) / step), written so that a huge step cannot
    // overflow.
    shape.push_back((end[i] - begin[i] - 1) / step[i] + 1);
  }
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *, OptLoc loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  if (failed(checkRankedOperands(loc, adaptor.getOperands())))
    return failure();
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return emitOptionalError(loc, "needs at least one input");
  auto first = ranked(inputs.front().getType());
  auto axis = normalizeAxis(adaptor.getAxis(), first.getRank());
  if (!axis)
    // I64Attr getters return uint64_t; print the axis as the signed value.
    return emitOptionalError(loc, "axis ", (int64_t)adaptor.getAxis(),
                             " is out of range for rank ", first.getRank());
  SmallVector<int64_t> shape(first.getShape());
  for (auto [i, value] : llvm::enumerate(inputs.drop_front())) {
    auto type = ranked(value.getType());
    if (failed(sameElementType(loc, "inputs", first, type)))
      return failure();
    bool compatible = type.getRank() == first.getRank();
    for (int64_t d = 0; compatible && d < first.getRank(); ++d)
      compatible = d == *axis || type.getDimSize(d) == first.getDimSize(d);
    if (!compatible)
      return emitOptionalError(loc, "input ", i + 1, " has shape ",
                               shapeStr(type.getShape()),
                               ", which differs from ",
                               shapeStr(first.getShape()),
                               " outside axis ", *axis);
    // A dynamic extent makes the sum dynamic; adding kDynamic would not.
    int64_t extent = type.getDimSize(*axis);
    shape[*axis] = ShapedType::isDynamic(shape[*axis]) ||
                           ShapedType::isDynamic(extent)
                       ? ShapedType::kDynamic
                       : shape[*axis] + extent;
  }
  results.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

LogicalResult SplitOp::inferReturnTypes(MLIRContext *, OptLoc loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  if (failed(checkRankedOperands(loc, adaptor.getOperands())))
    return failure();
  auto input = ranked(adaptor.getInput().getType());
  auto axis = normalizeAxis(adaptor.getAxis(), input.getRank());
  if (!axis)
    // I64Attr getters return uint64_t; print the axis as the signed value.
    return emitOptionalError(loc, "axis ", (int64_t)adaptor.getAxis(),
                             " is out of range for rank ", input.getRank());
  ArrayRef<int64_t> sizes = adaptor.getSizes();
  if (sizes.empty())
    return emitOptionalError(loc, "sizes must not be empty");
  int64_t total = 0;
  for (int64_t s : sizes) {
    if (s <= 0)
      return emitOptionalError(loc, "sizes must be positive, got ",
                               shapeStr(sizes));
    if (llvm::AddOverflow(total, s, total))
      return emitOptionalError(loc, "sizes ", shapeStr(sizes),
                               " overflow a 64-bit extent");
  }
  if (total != input.getDimSize(*axis))
    return emitOptionalError(loc, "sizes ", shapeStr(sizes), " add up to ",
                             total, " but dimension ", *axis, " has size ",
                             input.getDimSize(*axis));
  for (int64_t s : sizes) {
    SmallVector<int64_t> shape(input.getShape());
    shape[*axis] = s;
    results.push_back(RankedTensorType::get(shape, input.getElementType()));
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

/// Normalized, checked reduction axes.
static FailureOr<llvm::SmallSet<int64_t, 4>>
reductionAxes(OptLoc loc, ArrayRef<int64_t> axes, int64_t rank) {
  if (axes.empty())
    return emitOptionalError(loc, "axes must not be empty");
  llvm::SmallSet<int64_t, 4> set;
  for (int64_t a : axes) {
    auto axis = normalizeAxis(a, rank);
    if (!axis)
      return emitOptionalError(loc, "axis ", a, " is out of range for rank ",
                               rank);
    if (!set.insert(*axis).second)
      return emitOptionalError(loc, "axis ", a, " is repeated in axes ",
                               shapeStr(axes));
  }
  return set;
}

static LogicalResult inferReduce(OptLoc loc, Value input,
                                 ArrayRef<int64_t> axes, bool keepDims,
                                 SmallVectorImpl<Type> &results) {
  auto type = ranked(input.getType());
  auto set = reductionAxes(loc, axes, type.getRank());
  if (failed(set))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (!set->contains(d))
      shape.push_back(type.getDimSize(d));
    else if (keepDims)
      shape.push_back(1);
  }
  results.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

/// Orion_ReduceOp's inferReturnTypes (OrionOps.td).
static LogicalResult inferReduceOp(OptLoc loc, Value input,
                                   ArrayRef<int64_t> axes, bool keepDims,
                                   SmallVectorImpl<Type> &results) {
  if (failed(checkRankedOperands(loc, input)))
    return failure();
  return inferReduce(loc, input, axes, keepDims, results);
}

//===----------------------------------------------------------------------===//
// Surfaces
//===----------------------------------------------------------------------===//

SurfaceMatrix mlir::orion::surfaceMatrix(ArrayRef<int64_t> shape) {
  ::orion::ane::SurfaceMatrix m =
      ::orion::ane::surfaceMatrix(shape.data(), shape.size());
  return {m.rows, m.channels};
}

/// `logical` is the host [S, C] tensor, `surface` the fp16 (or fp32)
/// [1, Ct, 1, S] surface holding it at channels [offset, offset + C).
static LogicalResult verifySurface(Operation *op, RankedTensorType logical,
                                   RankedTensorType surface, int64_t offset) {
  if (auto func = op->getParentOfType<func::FuncOp>();
      func && func->hasAttr(OrionDialect::getDeviceAttrName()))
    return op->emitOpError("belongs to host functions, not to kernel @")
           << func.getSymName();
  if (!logical.hasStaticShape() || !surface.hasStaticShape())
    return op->emitOpError("shapes must be static");
  if (!isa<FloatType>(logical.getElementType()))
    return op->emitOpError("host tensor must be a float tensor, got ")
           << logical;
  ArrayRef<int64_t> s = surface.getShape();
  if (surface.getRank() != 4 || s[0] != 1 || s[2] != 1 ||
      !isa<Float16Type, Float32Type>(surface.getElementType()))
    return op->emitOpError("surface must be fp16 or fp32 [1, C, 1, S], got ")
           << surface;
  auto [seq, channels] = surfaceMatrix(logical.getShape());
  if (s[3] != seq)
    return op->emitOpError("surface sequence ")
           << s[3] << " differs from the host tensor's " << seq;
  if (offset < 0 || offset + channels > s[1])
    return op->emitOpError("channels [")
           << offset << ", " << offset + channels
           << ") do not fit the surface's " << s[1] << " channels";
  return success();
}

LogicalResult ToSurfaceOp::verify() {
  return verifySurface(*this, getInput().getType(), getType(),
                       getChannelOffset());
}

LogicalResult FromSurfaceOp::verify() {
  return verifySurface(*this, getType(), getInput().getType(),
                       getChannelOffset());
}

LogicalResult PackSurfaceOp::verify() {
  if (getInputs().size() < 2)
    return emitOpError("packs at least two tensors, got ")
           << getInputs().size();
  auto surface = cast<RankedTensorType>(getType());
  int64_t offset = 0;
  for (Value input : getInputs()) {
    auto logical = cast<RankedTensorType>(input.getType());
    if (failed(verifySurface(*this, logical, surface, offset)))
      return failure();
    offset += surfaceMatrix(logical.getShape()).channels;
  }
  if (offset != surface.getDimSize(1))
    return emitOpError("the tensors fill ")
           << offset << " channels of the surface's " << surface.getDimSize(1);
  return success();
}

#include "Orion/Dialect/Orion/IR/OrionInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "Orion/Dialect/Orion/IR/OrionOps.cpp.inc"
