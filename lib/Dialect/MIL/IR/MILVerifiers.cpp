//===- MILVerifiers.cpp - Verifiers of mil ops ----------------------------===//
//
// ODS has already checked operand and result types (static tensors of MIL
// dtypes, tensor<i1> bools, tensor<i32> ints, !mil.string) when these run.
// They check what ODS cannot: that compile-time arguments come from
// `mil.const`, and that their values agree with the shapes. Every shape rule
// is written once, as a function computing the expected result shape.
//
//===----------------------------------------------------------------------===//

#include "Orion/Dialect/MIL/IR/MILOps.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

using namespace mlir;
using namespace mlir::orion::mil;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// `[1, 768, 1, 256]`: shapes and const values in messages.
static std::string formatShape(ArrayRef<int64_t> values) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << '[';
  llvm::interleaveComma(values, os);
  os << ']';
  return text;
}

static ArrayRef<int64_t> shapeOf(Value value) {
  return cast<ShapedType>(value.getType()).getShape();
}

static Type dtypeOf(Value value) {
  return cast<ShapedType>(value.getType()).getElementType();
}

static int64_t rankOf(Value value) { return shapeOf(value).size(); }

/// The integer values (int32 or bool, as 0/1) of an inline `mil.const`, or
/// nullopt when `value` is not one.
static std::optional<SmallVector<int64_t>> getConstValues(Value value) {
  auto constOp = value ? value.getDefiningOp<ConstOp>() : ConstOp();
  if (!constOp)
    return std::nullopt;
  auto dense = dyn_cast<DenseIntElementsAttr>(constOp.getVal());
  if (!dense)
    return std::nullopt;
  bool isBool = dense.getElementType().isInteger(1);
  SmallVector<int64_t> values;
  for (const APInt &v : dense.getValues<APInt>())
    values.push_back(isBool ? int64_t(v.getZExtValue()) : v.getSExtValue());
  return values;
}

/// The string of an inline `mil.const`, or nullopt.
static std::optional<StringRef> getConstString(Value value) {
  auto constOp = value ? value.getDefiningOp<ConstOp>() : ConstOp();
  if (!constOp)
    return std::nullopt;
  if (auto str = dyn_cast<StringAttr>(constOp.getVal()))
    return str.getValue();
  return std::nullopt;
}

/// `name` must be defined by a mil.const (a BLOBFILE is fine).
static LogicalResult requireConst(Operation *op, Value value, StringRef name) {
  if (value.getDefiningOp<ConstOp>())
    return success();
  return op->emitOpError() << "'" << name
                           << "' must be a mil.const (MIL needs it at "
                              "compile time)";
}

static InFlightDiagnostic emitNotInline(Operation *op, StringRef name) {
  return op->emitOpError() << "'" << name
                           << "' must be an inline mil.const value, not a "
                              "BLOBFILE reference";
}

/// The values of the int32 / bool const `name`.
static FailureOr<SmallVector<int64_t>>
requireConstInts(Operation *op, Value value, StringRef name) {
  if (failed(requireConst(op, value, name)))
    return failure();
  std::optional<SmallVector<int64_t>> values = getConstValues(value);
  if (!values)
    return emitNotInline(op, name);
  return *values;
}

/// The value of the scalar int32 / bool const `name` (ODS checked rank 0).
static FailureOr<int64_t> requireConstInt(Operation *op, Value value,
                                          StringRef name) {
  FailureOr<SmallVector<int64_t>> values = requireConstInts(op, value, name);
  if (failed(values))
    return failure();
  if (values->size() != 1)
    return emitNotInline(op, name);
  return values->front();
}

/// Like requireConstInt, with `dflt` when the optional argument is absent.
static FailureOr<int64_t> optionalConstInt(Operation *op, Value value,
                                           StringRef name, int64_t dflt) {
  if (!value)
    return dflt;
  return requireConstInt(op, value, name);
}

static FailureOr<StringRef> requireConstString(Operation *op, Value value,
                                               StringRef name) {
  if (failed(requireConst(op, value, name)))
    return failure();
  std::optional<StringRef> str = getConstString(value);
  if (!str)
    return emitNotInline(op, name);
  return *str;
}

/// `name` must have `expected` entries.
static LogicalResult checkLength(Operation *op, StringRef name,
                                 ArrayRef<int64_t> values, int64_t expected,
                                 StringRef what) {
  if (int64_t(values.size()) == expected)
    return success();
  return op->emitOpError() << "'" << name << "' must have " << expected
                           << " entries (" << what << "), got "
                           << values.size();
}

/// `axis` in [-rank, rank), made non-negative.
static FailureOr<int64_t> normalizeAxis(Operation *op, StringRef name,
                                        int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return op->emitOpError() << "'" << name << "' value " << axis
                             << " is out of range [" << -rank << ", " << rank
                             << ")";
  return axis < 0 ? axis + rank : axis;
}

/// Every axis normalized against `rank`, no duplicates, in the given order.
static FailureOr<SmallVector<int64_t>>
normalizeAxes(Operation *op, StringRef name, ArrayRef<int64_t> axes,
              int64_t rank) {
  SmallVector<int64_t> result;
  SmallVector<bool> seen(rank, false);
  for (int64_t axis : axes) {
    FailureOr<int64_t> norm = normalizeAxis(op, name, axis, rank);
    if (failed(norm))
      return failure();
    if (seen[*norm])
      return op->emitOpError() << "'" << name << "' " << formatShape(axes)
                               << " names axis " << *norm << " twice";
    seen[*norm] = true;
    result.push_back(*norm);
  }
  return result;
}

/// The const `axes` argument of an op, normalized against `rank`.
static FailureOr<SmallVector<int64_t>> constAxes(Operation *op, Value axes,
                                                 int64_t rank) {
  FailureOr<SmallVector<int64_t>> values = requireConstInts(op, axes, "axes");
  if (failed(values))
    return failure();
  return normalizeAxes(op, "axes", *values, rank);
}

/// `a` and `b` share a dtype.
static LogicalResult checkSameDtype(Operation *op, Value a, StringRef aName,
                                    Value b, StringRef bName) {
  if (dtypeOf(a) == dtypeOf(b))
    return success();
  return op->emitOpError() << "'" << aName << "' and '" << bName
                           << "' must share a dtype, got " << dtypeOf(a)
                           << " and " << dtypeOf(b);
}

/// The shape of `value` (called `name`) is `expected`; `why` says where
/// `expected` comes from.
static LogicalResult checkShape(Operation *op, Value value, StringRef name,
                                ArrayRef<int64_t> expected,
                                const Twine &why) {
  if (shapeOf(value) == expected)
    return success();
  return op->emitOpError() << name << " shape " << formatShape(shapeOf(value))
                           << " must be " << formatShape(expected) << " ("
                           << why << ")";
}

static LogicalResult checkResultShape(Operation *op,
                                      ArrayRef<int64_t> expected,
                                      const Twine &why) {
  return checkShape(op, op->getResult(0), "result", expected, why);
}

/// The result has the type of x (dtype and shape).
static LogicalResult checkResultIsX(Operation *op, Value x) {
  if (failed(checkSameDtype(op, x, "x", op->getResult(0), "result")))
    return failure();
  return checkResultShape(op, shapeOf(x), "the shape of x");
}

/// The numpy broadcast of the named values' shapes.
static FailureOr<SmallVector<int64_t>>
broadcastShapes(Operation *op, ArrayRef<std::pair<StringRef, Value>> values) {
  SmallVector<int64_t> shape;
  for (auto [name, value] : values) {
    SmallVector<int64_t> next;
    if (!OpTrait::util::getBroadcastedShape(shape, shapeOf(value), next)) {
      InFlightDiagnostic diag = op->emitOpError("shapes of ");
      llvm::interleave(
          values,
          [&](const std::pair<StringRef, Value> &v) {
            diag << "'" << v.first << "' " << formatShape(shapeOf(v.second));
          },
          [&] { diag << ", "; });
      return diag << " are not broadcast-compatible";
    }
    shape = std::move(next);
  }
  return shape;
}

static LogicalResult checkRankAtLeast(Operation *op, Value value,
                                      StringRef name, int64_t minRank) {
  if (rankOf(value) >= minRank)
    return success();
  return op->emitOpError() << "'" << name << "' must have rank >= " << minRank
                           << ", got " << rankOf(value);
}

/// An optional float scalar const (`epsilon`) with the dtype of x.
static LogicalResult checkEpsilon(Operation *op, Value epsilon, Value x) {
  if (!epsilon)
    return success();
  if (failed(requireConst(op, epsilon, "epsilon")))
    return failure();
  return checkSameDtype(op, epsilon, "epsilon", x, "x");
}

/// MIL dtype string -> element type; null for an unknown name.
static Type dtypeFromString(MLIRContext *ctx, StringRef name) {
  Builder b(ctx);
  return llvm::StringSwitch<Type>(name)
      .Case("fp16", b.getF16Type())
      .Case("fp32", b.getF32Type())
      .Case("int32", b.getI32Type())
      .Case("bool", b.getI1Type())
      .Case("int8", b.getI8Type())
      .Case("uint8", IntegerType::get(ctx, 8, IntegerType::Unsigned))
      .Default(Type());
}

static StringRef boolName(int64_t value) { return value ? "true" : "false"; }

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

static LogicalResult verifyBroadcastBinary(Operation *op) {
  Value x = op->getOperand(0), y = op->getOperand(1);
  if (failed(checkSameDtype(op, x, "x", y, "y")) ||
      failed(checkSameDtype(op, x, "x", op->getResult(0), "result")))
    return failure();
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(op, {{"x", x}, {"y", y}});
  if (failed(shape))
    return failure();
  return checkResultShape(op, *shape, "the broadcast of x and y");
}

LogicalResult AddOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult SubOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult MulOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult RealDivOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult PowOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult MaximumOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult MinimumOp::verify() { return verifyBroadcastBinary(*this); }

LogicalResult ExpOp::verify() { return checkResultIsX(*this, getX()); }
LogicalResult SqrtOp::verify() { return checkResultIsX(*this, getX()); }
LogicalResult TanhOp::verify() { return checkResultIsX(*this, getX()); }
LogicalResult SigmoidOp::verify() { return checkResultIsX(*this, getX()); }
LogicalResult ReluOp::verify() { return checkResultIsX(*this, getX()); }
LogicalResult NegOp::verify() { return checkResultIsX(*this, getX()); }
LogicalResult IdentityOp::verify() { return checkResultIsX(*this, getX()); }
LogicalResult ErfOp::verify() { return checkResultIsX(*this, getX()); }
LogicalResult SiluOp::verify() { return checkResultIsX(*this, getX()); }

template <typename OpT>
static LogicalResult verifyUnaryWithEpsilon(OpT op) {
  if (failed(checkEpsilon(op, op.getEpsilon(), op.getX())))
    return failure();
  return checkResultIsX(op, op.getX());
}

LogicalResult RsqrtOp::verify() { return verifyUnaryWithEpsilon(*this); }
LogicalResult InverseOp::verify() { return verifyUnaryWithEpsilon(*this); }
LogicalResult LogOp::verify() { return verifyUnaryWithEpsilon(*this); }

//===----------------------------------------------------------------------===//
// Activations and normalization
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxOp::verify() {
  FailureOr<int64_t> axis = optionalConstInt(*this, getAxis(), "axis", -1);
  if (failed(axis) ||
      failed(normalizeAxis(*this, "axis", *axis, rankOf(getX()))))
    return failure();
  return checkResultIsX(*this, getX());
}

LogicalResult GeluOp::verify() {
  if (Value mode = getMode()) {
    FailureOr<StringRef> str = requireConstString(*this, mode, "mode");
    if (failed(str))
      return failure();
    if (!llvm::is_contained({"EXACT", "TANH_APPROXIMATION",
                             "SIGMOID_APPROXIMATION"},
                            *str))
      return emitOpError("'mode' must be one of EXACT, TANH_APPROXIMATION, "
                         "SIGMOID_APPROXIMATION, got \"")
             << *str << "\"";
  }
  return checkResultIsX(*this, getX());
}

LogicalResult LayerNormOp::verify() {
  Value x = getX();
  int64_t rank = rankOf(x);
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  if (Value axesArg = getAxes()) {
    FailureOr<SmallVector<int64_t>> norm = constAxes(*this, axesArg, rank);
    if (failed(norm))
      return failure();
    axes = std::move(*norm);
    llvm::sort(axes);
  }
  SmallVector<int64_t> normShape;
  for (int64_t axis : axes)
    normShape.push_back(shapeOf(x)[axis]);
  for (auto [name, value] :
       {std::pair<StringRef, Value>{"gamma", getGamma()}, {"beta", getBeta()}}) {
    if (!value)
      continue;
    if (failed(requireConst(*this, value, name)) ||
        failed(checkSameDtype(*this, value, name, x, "x")) ||
        failed(checkShape(*this, value, ("'" + name + "'").str(), normShape,
                          "x's dims at 'axes'")))
      return failure();
  }
  if (failed(checkEpsilon(*this, getEpsilon(), x)))
    return failure();
  return checkResultIsX(*this, x);
}

//===----------------------------------------------------------------------===//
// conv, matmul, linear, scaled_dot_product_attention
//===----------------------------------------------------------------------===//

/// A const int32 vector argument of conv with one entry per spatial dim (or
/// two for `pad`), each at least `minValue`; `dflt` when absent.
static FailureOr<SmallVector<int64_t>>
convVector(Operation *op, Value value, StringRef name, int64_t length,
           int64_t dflt, int64_t minValue) {
  if (!value)
    return SmallVector<int64_t>(length, dflt);
  FailureOr<SmallVector<int64_t>> values = requireConstInts(op, value, name);
  if (failed(values) ||
      failed(checkLength(op, name, *values, length,
                         name == "pad" ? "two per spatial dim"
                                       : "one per spatial dim")))
    return failure();
  if (llvm::any_of(*values, [&](int64_t v) { return v < minValue; }))
    return op->emitOpError() << "'" << name << "' entries must be >= "
                             << minValue << ", got " << formatShape(*values);
  return values;
}

LogicalResult ConvOp::verify() {
  Value x = getX(), weight = getWeight();
  int64_t rank = rankOf(x);
  if (rank < 3 || rank > 5)
    return emitOpError("'x' must have rank 3 to 5 ([N, Cin, *spatial]), got ")
           << rank;
  if (rankOf(weight) != rank)
    return emitOpError("'weight' must have the rank of x, ")
           << rank << " ([Cout, Cin/groups, *kernel]), got " << rankOf(weight);
  if (failed(checkSameDtype(*this, weight, "weight", x, "x")) ||
      failed(checkSameDtype(*this, getResult(), "result", x, "x")))
    return failure();
  int64_t spatial = rank - 2;
  ArrayRef<int64_t> xShape = shapeOf(x), wShape = shapeOf(weight);
  int64_t cin = xShape[1], cout = wShape[0];

  FailureOr<int64_t> groups = optionalConstInt(*this, getGroups(), "groups", 1);
  if (failed(groups))
    return failure();
  if (*groups < 1 || cin % *groups != 0)
    return emitOpError("'groups' (")
           << *groups << ") must be positive and divide x's Cin (" << cin
           << ")";
  if (wShape[1] != cin / *groups)
    return emitOpError("weight dim 1 must be Cin/groups = ")
           << cin / *groups << ", got weight " << formatShape(wShape);

  if (Value bias = getBias()) {
    if (failed(requireConst(*this, bias, "bias")) ||
        failed(checkSameDtype(*this, bias, "bias", x, "x")) ||
        failed(checkShape(*this, bias, "'bias'", {cout}, "[Cout]")))
      return failure();
  }

  StringRef padType = "valid";
  if (Value padTypeArg = getPadType()) {
    FailureOr<StringRef> str = requireConstString(*this, padTypeArg, "pad_type");
    if (failed(str))
      return failure();
    padType = *str;
    if (!llvm::is_contained({"valid", "same", "same_lower", "custom"}, padType))
      return emitOpError("'pad_type' must be one of valid, same, same_lower, "
                         "custom, got \"")
             << padType << "\"";
  }
  FailureOr<SmallVector<int64_t>> strides =
      convVector(*this, getStrides(), "strides", spatial, 1, 1);
  FailureOr<SmallVector<int64_t>> dilations =
      failed(strides)
          ? FailureOr<SmallVector<int64_t>>(failure())
          : convVector(*this, getDilations(), "dilations", spatial, 1, 1);
  FailureOr<SmallVector<int64_t>> pad =
      failed(dilations) ? FailureOr<SmallVector<int64_t>>(failure())
                        : convVector(*this, getPad(), "pad", 2 * spatial, 0, 0);
  if (failed(pad))
    return failure();

  SmallVector<int64_t> expected = {xShape[0], cout};
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t in = xShape[2 + i], s = (*strides)[i];
    int64_t kernel = (wShape[2 + i] - 1) * (*dilations)[i] + 1;
    int64_t out;
    if (padType == "same" || padType == "same_lower") {
      out = (in + s - 1) / s;
    } else {
      int64_t padded = in;
      if (padType == "custom")
        padded += (*pad)[2 * i] + (*pad)[2 * i + 1];
      if (padded < kernel)
        return emitOpError("dilated kernel ")
               << kernel << " is larger than the padded input " << padded
               << " in spatial dim " << i;
      out = (padded - kernel) / s + 1;
    }
    expected.push_back(out);
  }
  return checkResultShape(*this, expected,
                          "conv of x " + formatShape(xShape) + " with weight " +
                              formatShape(wShape) + ", pad_type \"" + padType +
                              "\"");
}

LogicalResult MatmulOp::verify() {
  Value x = getX(), y = getY();
  if (failed(checkSameDtype(*this, x, "x", y, "y")) ||
      failed(checkSameDtype(*this, getResult(), "result", x, "x")) ||
      failed(checkRankAtLeast(*this, x, "x", 1)) ||
      failed(checkRankAtLeast(*this, y, "y", 1)))
    return failure();
  FailureOr<int64_t> tx =
      optionalConstInt(*this, getTransposeX(), "transpose_x", 0);
  if (failed(tx))
    return failure();
  FailureOr<int64_t> ty =
      optionalConstInt(*this, getTransposeY(), "transpose_y", 0);
  if (failed(ty))
    return failure();

  // numpy: a rank-1 x is [1, K], a rank-1 y is [K, 1]; transposes apply to
  // rank >= 2 only, and the promoted dim is dropped from the result.
  SmallVector<int64_t> xs(shapeOf(x)), ys(shapeOf(y));
  bool xVector = xs.size() == 1, yVector = ys.size() == 1;
  if (xVector)
    xs.insert(xs.begin(), 1);
  else if (*tx)
    std::swap(xs[xs.size() - 1], xs[xs.size() - 2]);
  if (yVector)
    ys.push_back(1);
  else if (*ty)
    std::swap(ys[ys.size() - 1], ys[ys.size() - 2]);

  std::string how = "x " + formatShape(shapeOf(x)) + " @ y " +
                    formatShape(shapeOf(y)) + " with transpose_x = " +
                    boolName(*tx).str() + ", transpose_y = " +
                    boolName(*ty).str();
  int64_t kx = xs.back(), ky = ys[ys.size() - 2];
  if (kx != ky)
    return emitOpError("contracted dims differ: ")
           << kx << " vs " << ky << " (" << how << ")";
  SmallVector<int64_t> expected;
  ArrayRef<int64_t> xBatch = ArrayRef(xs).drop_back(2);
  ArrayRef<int64_t> yBatch = ArrayRef(ys).drop_back(2);
  if (!OpTrait::util::getBroadcastedShape(xBatch, yBatch, expected))
    return emitOpError("batch dims ")
           << formatShape(xBatch) << " and " << formatShape(yBatch)
           << " are not broadcast-compatible (" << how << ")";
  if (!xVector)
    expected.push_back(xs[xs.size() - 2]);
  if (!yVector)
    expected.push_back(ys.back());
  return checkResultShape(*this, expected, how);
}

LogicalResult LinearOp::verify() {
  Value x = getX(), weight = getWeight();
  if (failed(checkRankAtLeast(*this, x, "x", 1)) ||
      failed(requireConst(*this, weight, "weight")) ||
      failed(checkSameDtype(*this, weight, "weight", x, "x")) ||
      failed(checkSameDtype(*this, getResult(), "result", x, "x")))
    return failure();
  if (rankOf(weight) != 2)
    return emitOpError("'weight' must have rank 2 ([Cout, Cin]), got ")
           << rankOf(weight);
  int64_t cout = shapeOf(weight)[0], cin = shapeOf(weight)[1];
  if (shapeOf(x).back() != cin)
    return emitOpError("x's last dim ")
           << shapeOf(x).back() << " must equal weight's Cin " << cin;
  if (Value bias = getBias()) {
    if (failed(requireConst(*this, bias, "bias")) ||
        failed(checkSameDtype(*this, bias, "bias", x, "x")) ||
        failed(checkShape(*this, bias, "'bias'", {cout}, "[Cout]")))
      return failure();
  }
  SmallVector<int64_t> expected(shapeOf(x).drop_back());
  expected.push_back(cout);
  return checkResultShape(*this, expected, "x [*, Cin] @ weight^T [Cin, Cout]");
}

LogicalResult ScaledDotProductAttentionOp::verify() {
  Value q = getQuery(), k = getKey(), v = getValue();
  for (auto [name, value] : {std::pair<StringRef, Value>{"query", q},
                             {"key", k},
                             {"value", v}})
    if (failed(checkRankAtLeast(*this, value, name, 3)) ||
        failed(checkSameDtype(*this, value, name, q, "query")))
      return failure();
  if (failed(checkSameDtype(*this, getResult(), "result", q, "query")))
    return failure();
  ArrayRef<int64_t> qs = shapeOf(q), ks = shapeOf(k), vs = shapeOf(v);
  ArrayRef<int64_t> batch = qs.drop_back(2);
  if (ks.drop_back(2) != batch || vs.drop_back(2) != batch)
    return emitOpError("query, key and value must share batch dims, got ")
           << formatShape(qs) << ", " << formatShape(ks) << " and "
           << formatShape(vs);
  if (ks.back() != qs.back() || ks[ks.size() - 2] != vs[vs.size() - 2])
    return emitOpError("need query [*B, L, E], key [*B, S, E] and value "
                       "[*B, S, EV], got ")
           << formatShape(qs) << ", " << formatShape(ks) << " and "
           << formatShape(vs);
  if (Value mask = getAttnMask()) {
    SmallVector<int64_t> scores(batch);
    scores.push_back(qs[qs.size() - 2]);
    scores.push_back(ks[ks.size() - 2]);
    SmallVector<int64_t> bcast;
    if (!dtypeOf(mask).isInteger(1) &&
        failed(checkSameDtype(*this, mask, "attn_mask", q, "query")))
      return failure();
    if (!OpTrait::util::getBroadcastedShape(shapeOf(mask), scores, bcast) ||
        ArrayRef<int64_t>(bcast) != ArrayRef<int64_t>(scores))
      return emitOpError("'attn_mask' shape ")
             << formatShape(shapeOf(mask)) << " does not broadcast to "
             << formatShape(scores) << " ([*B, L, S])";
  }
  SmallVector<int64_t> expected(qs.drop_back());
  expected.push_back(vs.back());
  return checkResultShape(*this, expected, "[*B, L, EV]");
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

template <typename OpT>
static LogicalResult verifyReduce(OpT op) {
  Value x = op.getX();
  int64_t rank = rankOf(x);
  if (failed(checkSameDtype(op, op.getResult(), "result", x, "x")))
    return failure();
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  if (Value axesArg = op.getAxes()) {
    FailureOr<SmallVector<int64_t>> norm = constAxes(op, axesArg, rank);
    if (failed(norm))
      return failure();
    axes = std::move(*norm);
  }
  FailureOr<int64_t> keepDims =
      optionalConstInt(op, op.getKeepDims(), "keep_dims", 0);
  if (failed(keepDims))
    return failure();
  SmallVector<int64_t> expected;
  for (int64_t i = 0; i < rank; ++i) {
    if (!llvm::is_contained(axes, i))
      expected.push_back(shapeOf(x)[i]);
    else if (*keepDims)
      expected.push_back(1);
  }
  return checkResultShape(op, expected,
                          "reducing x " + formatShape(shapeOf(x)) +
                              " over axes " + formatShape(axes) +
                              " with keep_dims = " + boolName(*keepDims));
}

LogicalResult ReduceSumOp::verify() { return verifyReduce(*this); }
LogicalResult ReduceMeanOp::verify() { return verifyReduce(*this); }
LogicalResult ReduceMaxOp::verify() { return verifyReduce(*this); }
LogicalResult ReduceMinOp::verify() { return verifyReduce(*this); }

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  Value x = getX();
  if (failed(checkSameDtype(*this, getResult(), "result", x, "x")))
    return failure();
  FailureOr<SmallVector<int64_t>> shape =
      requireConstInts(*this, getShape(), "shape");
  if (failed(shape))
    return failure();
  ArrayRef<int64_t> xShape = shapeOf(x);
  int64_t count = ShapedType::getNumElements(xShape);
  std::string how =
      "'shape' " + formatShape(*shape) + " for x " + formatShape(xShape);
  // 0 copies the dim of x (only when the lengths agree), one -1 is inferred.
  SmallVector<int64_t> resolved(*shape);
  int64_t inferred = -1, known = 1;
  for (auto [i, dim] : llvm::enumerate(resolved)) {
    if (dim == 0 && resolved.size() == xShape.size())
      dim = xShape[i];
    if (dim == -1 && inferred == -1) {
      inferred = i;
      continue;
    }
    if (dim <= 0)
      return emitOpError("'shape' entries must be positive, one -1, or 0 "
                         "with rank(x) entries, got ")
             << how;
    known *= dim;
  }
  if (inferred >= 0 && known > 0 && count % known == 0)
    resolved[inferred] = count / known;
  else if (inferred >= 0 || known != count)
    return emitOpError("reshape must keep the element count ")
           << count << " of x, got " << how;
  return checkResultShape(*this, resolved, how);
}

LogicalResult TransposeOp::verify() {
  Value x = getX();
  if (failed(checkSameDtype(*this, getResult(), "result", x, "x")))
    return failure();
  FailureOr<SmallVector<int64_t>> perm =
      requireConstInts(*this, getPerm(), "perm");
  int64_t rank = rankOf(x);
  if (failed(perm) || failed(checkLength(*this, "perm", *perm, rank,
                                         "the rank of x")))
    return failure();
  SmallVector<bool> seen(rank, false);
  SmallVector<int64_t> expected;
  for (int64_t p : *perm) {
    if (p < 0 || p >= rank || seen[p])
      return emitOpError("'perm' ")
             << formatShape(*perm) << " is not a permutation of [0, " << rank
             << ")";
    seen[p] = true;
    expected.push_back(shapeOf(x)[p]);
  }
  return checkResultShape(*this, expected,
                          "x " + formatShape(shapeOf(x)) +
                              " permuted by 'perm' " + formatShape(*perm));
}

/// The int32 / bool vector const `name` of length `rank`, or `dflt` when the
/// optional argument is absent.
static FailureOr<SmallVector<int64_t>> sliceVector(Operation *op, Value value,
                                                   StringRef name, int64_t rank,
                                                   int64_t dflt) {
  if (!value)
    return SmallVector<int64_t>(rank, dflt);
  FailureOr<SmallVector<int64_t>> values = requireConstInts(op, value, name);
  if (failed(values) ||
      failed(checkLength(op, name, *values, rank, "the rank of x")))
    return failure();
  return values;
}

LogicalResult SliceByIndexOp::verify() {
  Value x = getX();
  if (failed(checkSameDtype(*this, getResult(), "result", x, "x")))
    return failure();
  int64_t rank = rankOf(x);
  SmallVector<int64_t> args[6];
  std::pair<StringRef, Value> named[6] = {
      {"begin", getBegin()},           {"end", getEnd()},
      {"stride", getStride()},         {"begin_mask", getBeginMask()},
      {"end_mask", getEndMask()},      {"squeeze_mask", getSqueezeMask()}};
  for (auto [i, nv] : llvm::enumerate(named)) {
    FailureOr<SmallVector<int64_t>> values =
        sliceVector(*this, nv.second, nv.first, rank, i == 2 ? 1 : 0);
    if (failed(values))
      return failure();
    args[i] = std::move(*values);
  }
  auto &[begin, end, stride, beginMask, endMask, squeezeMask] = args;
  SmallVector<int64_t> expected;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t dim = shapeOf(x)[i], s = stride[i];
    if (s == 0)
      return emitOpError("'stride' entries must be nonzero, got ")
             << formatShape(stride);
    int64_t b = begin[i] < 0 ? begin[i] + dim : begin[i];
    if (squeezeMask[i]) {
      if (b < 0 || b >= dim)
        return emitOpError("'begin' index ")
               << begin[i] << " is out of range for squeezed dim " << i
               << " of size " << dim;
      continue;
    }
    int64_t e = end[i] < 0 ? end[i] + dim : end[i];
    int64_t size;
    if (s > 0) {
      b = beginMask[i] ? 0 : std::clamp<int64_t>(b, 0, dim);
      e = endMask[i] ? dim : std::clamp<int64_t>(e, 0, dim);
      size = e > b ? (e - b + s - 1) / s : 0;
    } else {
      b = beginMask[i] ? dim - 1 : std::clamp<int64_t>(b, -1, dim - 1);
      e = endMask[i] ? -1 : std::clamp<int64_t>(e, -1, dim - 1);
      size = b > e ? (b - e - s - 1) / -s : 0;
    }
    expected.push_back(size);
  }
  return checkResultShape(*this, expected,
                          "x " + formatShape(shapeOf(x)) + " sliced by begin " +
                              formatShape(begin) + ", end " + formatShape(end) +
                              ", stride " + formatShape(stride));
}

LogicalResult SliceBySizeOp::verify() {
  Value x = getX();
  if (failed(checkSameDtype(*this, getResult(), "result", x, "x")))
    return failure();
  int64_t rank = rankOf(x);
  FailureOr<SmallVector<int64_t>> begin =
      sliceVector(*this, getBegin(), "begin", rank, 0);
  if (failed(begin))
    return failure();
  FailureOr<SmallVector<int64_t>> size =
      sliceVector(*this, getSize(), "size", rank, 0);
  if (failed(size))
    return failure();
  SmallVector<int64_t> expected;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t dim = shapeOf(x)[i], b = (*begin)[i];
    int64_t n = (*size)[i] == -1 ? dim - b : (*size)[i];
    if (b < 0 || n < 0 || b + n > dim)
      return emitOpError("slice of dim ")
             << i << " (begin " << b << ", size " << (*size)[i]
             << ") is out of range for size " << dim;
    expected.push_back(n);
  }
  return checkResultShape(*this, expected,
                          "x " + formatShape(shapeOf(x)) + " sliced at begin " +
                              formatShape(*begin) + " with size " +
                              formatShape(*size));
}

LogicalResult CastOp::verify() {
  FailureOr<StringRef> dtype = requireConstString(*this, getDtype(), "dtype");
  if (failed(dtype))
    return failure();
  Type expected = dtypeFromString(getContext(), *dtype);
  if (!expected)
    return emitOpError("'dtype' \"")
           << *dtype
           << "\" is not a MIL dtype (fp16, fp32, int32, bool, int8, uint8)";
  Type actual = dtypeOf(getResult());
  if (actual != expected)
    return emitOpError("result dtype ")
           << actual << " does not match 'dtype' \"" << *dtype << "\" ("
           << expected << ")";
  return checkResultShape(*this, shapeOf(getX()), "the shape of x");
}

LogicalResult ExpandDimsOp::verify() {
  Value x = getX();
  if (failed(checkSameDtype(*this, getResult(), "result", x, "x")))
    return failure();
  FailureOr<SmallVector<int64_t>> axes =
      requireConstInts(*this, getAxes(), "axes");
  if (failed(axes))
    return failure();
  int64_t outRank = rankOf(x) + axes->size();
  FailureOr<SmallVector<int64_t>> norm =
      normalizeAxes(*this, "axes", *axes, outRank);
  if (failed(norm))
    return failure();
  SmallVector<int64_t> expected;
  ArrayRef<int64_t> rest = shapeOf(x);
  for (int64_t i = 0; i < outRank; ++i) {
    if (llvm::is_contained(*norm, i)) {
      expected.push_back(1);
    } else {
      expected.push_back(rest.front());
      rest = rest.drop_front();
    }
  }
  return checkResultShape(*this, expected,
                          "x " + formatShape(shapeOf(x)) +
                              " with size-1 dims at 'axes' " +
                              formatShape(*axes));
}

LogicalResult SqueezeOp::verify() {
  Value x = getX();
  if (failed(checkSameDtype(*this, getResult(), "result", x, "x")))
    return failure();
  ArrayRef<int64_t> xShape = shapeOf(x);
  int64_t rank = xShape.size();
  SmallVector<int64_t> axes;
  if (Value axesArg = getAxes()) {
    FailureOr<SmallVector<int64_t>> norm = constAxes(*this, axesArg, rank);
    if (failed(norm))
      return failure();
    axes = std::move(*norm);
    for (int64_t axis : axes)
      if (xShape[axis] != 1)
        return emitOpError("cannot squeeze dim ")
               << axis << " of size " << xShape[axis] << " (x "
               << formatShape(xShape) << ")";
  } else {
    for (int64_t i = 0; i < rank; ++i)
      if (xShape[i] == 1)
        axes.push_back(i);
  }
  SmallVector<int64_t> expected;
  for (int64_t i = 0; i < rank; ++i)
    if (!llvm::is_contained(axes, i))
      expected.push_back(xShape[i]);
  return checkResultShape(*this, expected,
                          "x " + formatShape(xShape) + " without dims " +
                              formatShape(axes));
}

//===----------------------------------------------------------------------===//
// Ops MIL has but Orion's ANE target does not use
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::verify() {
  OperandRange values = getValues();
  if (values.empty())
    return emitOpError("'values' must not be empty");
  Value first = values.front();
  int64_t rank = rankOf(first);
  FailureOr<int64_t> axisValue = requireConstInt(*this, getAxis(), "axis");
  if (failed(axisValue))
    return failure();
  FailureOr<int64_t> axis = normalizeAxis(*this, "axis", *axisValue, rank);
  if (failed(axis))
    return failure();
  FailureOr<int64_t> interleave =
      optionalConstInt(*this, getInterleave(), "interleave", 0);
  if (failed(interleave) ||
      failed(checkSameDtype(*this, getResult(), "result", first, "values")))
    return failure();
  SmallVector<int64_t> expected(shapeOf(first));
  for (auto [i, value] : llvm::enumerate(values.drop_front())) {
    std::string name = "values #" + std::to_string(i + 1);
    if (failed(checkSameDtype(*this, value, name, first, "values #0")))
      return failure();
    ArrayRef<int64_t> shape = shapeOf(value);
    bool compatible = int64_t(shape.size()) == rank;
    for (int64_t d = 0; compatible && d < rank; ++d)
      compatible = d == *axis || shape[d] == expected[d];
    if (compatible && *interleave)
      compatible = shape[*axis] == shapeOf(first)[*axis];
    if (!compatible)
      return emitOpError()
             << name << " shape " << formatShape(shape)
             << " does not match values #0 " << formatShape(shapeOf(first))
             << (*interleave ? "" : " outside") << " axis " << *axis;
    expected[*axis] += shape[*axis];
  }
  return checkResultShape(*this, expected,
                          "values concatenated along axis " +
                              std::to_string(*axis));
}

LogicalResult SplitOp::verify() {
  Value x = getX();
  int64_t numResults = getNumResults();
  if (numResults == 0)
    return emitOpError("must have at least one result");
  if (bool(getNumSplits()) == bool(getSplitSizes()))
    return emitOpError(
        "exactly one of 'num_splits' and 'split_sizes' must be given");
  FailureOr<int64_t> axisValue = requireConstInt(*this, getAxis(), "axis");
  if (failed(axisValue))
    return failure();
  FailureOr<int64_t> axis =
      normalizeAxis(*this, "axis", *axisValue, rankOf(x));
  if (failed(axis))
    return failure();
  int64_t dim = shapeOf(x)[*axis];
  SmallVector<int64_t> sizes;
  if (Value numSplits = getNumSplits()) {
    FailureOr<int64_t> n = requireConstInt(*this, numSplits, "num_splits");
    if (failed(n))
      return failure();
    if (*n != numResults || dim % numResults != 0)
      return emitOpError("'num_splits' (")
             << *n << ") must equal the number of results (" << numResults
             << ") and divide x dim " << *axis << " (" << dim << ")";
    sizes.assign(numResults, dim / numResults);
  } else {
    FailureOr<SmallVector<int64_t>> values =
        requireConstInts(*this, getSplitSizes(), "split_sizes");
    if (failed(values) || failed(checkLength(*this, "split_sizes", *values,
                                             numResults, "one per result")))
      return failure();
    int64_t sum = 0;
    for (int64_t v : *values)
      sum += v;
    if (sum != dim || llvm::any_of(*values, [](int64_t v) { return v <= 0; }))
      return emitOpError("'split_sizes' ")
             << formatShape(*values) << " must be positive and sum to x dim "
             << *axis << " (" << dim << ")";
    sizes = std::move(*values);
  }
  for (auto [i, result] : llvm::enumerate(getOutputs())) {
    std::string name = "result #" + std::to_string(i);
    SmallVector<int64_t> expected(shapeOf(x));
    expected[*axis] = sizes[i];
    if (failed(checkSameDtype(*this, result, name, x, "x")) ||
        failed(checkShape(*this, result, name, expected,
                          "piece " + std::to_string(i) + " of x " +
                              formatShape(shapeOf(x)) + " along axis " +
                              std::to_string(*axis))))
      return failure();
  }
  return success();
}

LogicalResult GatherOp::verify() {
  Value x = getX();
  if (failed(checkSameDtype(*this, getResult(), "result", x, "x")))
    return failure();
  FailureOr<int64_t> axisValue = optionalConstInt(*this, getAxis(), "axis", 0);
  if (failed(axisValue))
    return failure();
  FailureOr<int64_t> axis = normalizeAxis(*this, "axis", *axisValue, rankOf(x));
  if (failed(axis))
    return failure();
  ArrayRef<int64_t> xShape = shapeOf(x);
  SmallVector<int64_t> expected(xShape.take_front(*axis));
  llvm::append_range(expected, shapeOf(getIndices()));
  llvm::append_range(expected, xShape.drop_front(*axis + 1));
  return checkResultShape(*this, expected,
                          "x.shape[:axis] + indices.shape + "
                          "x.shape[axis+1:]");
}

LogicalResult OneHotOp::verify() {
  Value on = getOnValue(), off = getOffValue();
  if ((on && failed(requireConst(*this, on, "on_value"))) ||
      (off && failed(requireConst(*this, off, "off_value"))))
    return failure();
  // MIL's defaults are the int32 consts 1 and 0, so an op that omits them
  // yields int32.
  Type i32 = IntegerType::get(getContext(), 32);
  Type onType = on ? dtypeOf(on) : i32, offType = off ? dtypeOf(off) : i32;
  if (onType != offType)
    return emitOpError("'on_value' and 'off_value' must share a dtype, got ")
           << onType << " and " << offType;
  if (dtypeOf(getResult()) != onType)
    return emitOpError("result dtype must be on_value's (")
           << onType << "), got " << dtypeOf(getResult());
  FailureOr<int64_t> size = requireConstInt(*this, getOneHotVectorSize(),
                                            "one_hot_vector_size");
  if (failed(size))
    return failure();
  if (*size < 0)
    return emitOpError("'one_hot_vector_size' must be non-negative, got ")
           << *size;
  FailureOr<int64_t> axisValue =
      optionalConstInt(*this, getAxis(), "axis", -1);
  if (failed(axisValue))
    return failure();
  // The new dim may go anywhere in the result, so axis counts result dims.
  ArrayRef<int64_t> ids = shapeOf(getIndices());
  FailureOr<int64_t> axis =
      normalizeAxis(*this, "axis", *axisValue, int64_t(ids.size()) + 1);
  if (failed(axis))
    return failure();
  SmallVector<int64_t> expected(ids.take_front(*axis));
  expected.push_back(*size);
  llvm::append_range(expected, ids.drop_front(*axis));
  return checkResultShape(*this, expected,
                          "indices.shape with one_hot_vector_size inserted "
                          "at axis " +
                              std::to_string(*axis));
}

LogicalResult FillOp::verify() {
  FailureOr<SmallVector<int64_t>> shape =
      requireConstInts(*this, getShape(), "shape");
  if (failed(shape))
    return failure();
  Value value = getValue();
  if (value && failed(requireConst(*this, value, "value")))
    return failure();
  // MIL's default value is the fp32 0.0.
  Type valueType = value ? dtypeOf(value) : Float32Type::get(getContext());
  if (dtypeOf(getResult()) != valueType)
    return emitOpError("result dtype must be value's (")
           << valueType << "), got " << dtypeOf(getResult());
  return checkResultShape(*this, *shape, "the values of shape");
}

LogicalResult ScatterOp::verify() {
  Value data = getData(), updates = getUpdates();
  if (failed(checkSameDtype(*this, updates, "updates", data, "data")) ||
      failed(checkSameDtype(*this, data, "data", getResult(), "result")) ||
      failed(checkResultShape(*this, shapeOf(data), "the shape of data")))
    return failure();
  if (Value mode = getMode()) {
    FailureOr<StringRef> str = requireConstString(*this, mode, "mode");
    if (failed(str))
      return failure();
    if (!llvm::is_contained({"update", "add", "sub", "mul", "div", "max",
                             "min"},
                            *str))
      return emitOpError("'mode' must be one of update, add, sub, mul, div, "
                         "max, min, got \"")
             << *str << "\"";
  }
  FailureOr<int64_t> axisValue = optionalConstInt(*this, getAxis(), "axis", 0);
  if (failed(axisValue))
    return failure();
  FailureOr<int64_t> axis =
      normalizeAxis(*this, "axis", *axisValue, rankOf(data));
  if (failed(axis))
    return failure();
  ArrayRef<int64_t> dataShape = shapeOf(data);
  SmallVector<int64_t> expected(dataShape.take_front(*axis));
  llvm::append_range(expected, shapeOf(getIndices()));
  llvm::append_range(expected, dataShape.drop_front(*axis + 1));
  return checkShape(*this, updates, "updates", expected,
                    "data.shape[:axis] + indices.shape + "
                    "data.shape[axis+1:]");
}

LogicalResult SelectOp::verify() {
  if (failed(checkSameDtype(*this, getA(), "a", getB(), "b")) ||
      failed(checkSameDtype(*this, getResult(), "result", getA(), "a")))
    return failure();
  FailureOr<SmallVector<int64_t>> shape = broadcastShapes(
      *this, {{"a", getA()}, {"b", getB()}, {"cond", getCond()}});
  if (failed(shape))
    return failure();
  return checkResultShape(*this, *shape, "the broadcast of a, b and cond");
}

LogicalResult BandPartOp::verify() {
  if (failed(checkRankAtLeast(*this, getX(), "x", 2)) ||
      failed(optionalConstInt(*this, getLower(), "lower", -1)) ||
      failed(optionalConstInt(*this, getUpper(), "upper", -1)))
    return failure();
  return checkResultIsX(*this, getX());
}
