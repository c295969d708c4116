//===- LegalizeANEStructure.cpp - conv bias, concat, split, implicit args -===//
//
// Rewrites of mil-legalize-ane that change how a program is put together
// rather than what it computes: conv's bias as a separate add, concats that
// only feed slices, splits as slices, compile-time arguments spelled out as
// named consts, and chains of transposes and reshapes collapsed.
//
//===----------------------------------------------------------------------===//

#include "ANERules.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"
#include "Orion/Dialect/MIL/Transforms/MILBuilder.h"

using namespace mlir;
using namespace mlir::orion;
using namespace mlir::orion::mil;

namespace {

/// The replacement of `from` keeps its attributes (its `mil.name`, if
/// assigned): it is the value consumers and outputs see.
void inherit(Operation *from, Value to) {
  if (Operation *def = to.getDefiningOp())
    def->setDiscardableAttrs(from->getDiscardableAttrDictionary());
}

/// Replaces `op` by `result`, which takes over its name.
LogicalResult replaceNamed(PatternRewriter &rw, Operation *op, Value result) {
  inherit(op, result);
  rw.replaceOp(op, result);
  return success();
}

/// A mil.const value of another type with the same elements, or null.
Attribute retype(Attribute val, RankedTensorType type) {
  if (auto dense = dyn_cast<DenseElementsAttr>(val))
    return dense.reshape(type);
  if (auto weight = dyn_cast<WeightAttr>(val))
    return WeightAttr::get(val.getContext(), weight.getSources(), type);
  if (auto blob = dyn_cast<BlobFileAttr>(val))
    return BlobFileAttr::get(val.getContext(), blob.getPath(), blob.getOffset(),
                             type);
  return Attribute();
}

std::optional<SmallVector<int64_t>> constInts(Value v) {
  auto c = v ? v.getDefiningOp<ConstOp>() : ConstOp();
  auto dense = c ? dyn_cast<DenseIntElementsAttr>(c.getVal()) : nullptr;
  if (!dense)
    return std::nullopt;
  SmallVector<int64_t> values;
  for (const APInt &i : dense.getValues<APInt>())
    values.push_back(dense.getElementType().isInteger(1) ? i.getZExtValue()
                                                         : i.getSExtValue());
  return values;
}

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// x[begin:end] along every dim, named `loc`.
Value buildSlice(PatternRewriter &rw, Location loc, Value x,
                 ArrayRef<int64_t> begin, ArrayRef<int64_t> end) {
  SmallVector<int64_t> shape;
  for (auto [b, e] : llvm::zip(begin, end))
    shape.push_back(e - b);
  auto type = cast<RankedTensorType>(x.getType()).clone(shape);
  Value b = buildI32Vector(rw, suffixLoc(loc, "_begin"), begin);
  Value e = buildI32Vector(rw, suffixLoc(loc, "_end"), end);
  return SliceByIndexOp::create(rw, loc, type, b, Value(), e, Value(), Value(),
                                Value(), x);
}

/// conv(bias = b) -> add(conv, b as [1, Cout, 1, ...]).
struct ConvBiasToAdd : OpRewritePattern<ConvOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvOp op, PatternRewriter &rw) const override {
    Value bias = op.getBias();
    if (!bias)
      return failure();
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    SmallVector<int64_t> shape(type.getRank(), 1);
    shape[1] = type.getDimSize(1);
    auto biasType = RankedTensorType::get(shape, type.getElementType());
    Value bias4;
    if (Attribute val =
            retype(bias.getDefiningOp<ConstOp>().getVal(), biasType))
      bias4 = ConstOp::create(rw, suffixLoc(loc, "_b"), biasType, val);
    else
      bias4 = buildReshape(rw, suffixLoc(loc, "_b"), bias, shape);
    auto conv = ConvOp::create(rw, suffixLoc(loc, "_nb"), type, Value(),
                               op.getDilations(), op.getGroups(), op.getPad(),
                               op.getPadType(), op.getStrides(), op.getWeight(),
                               op.getX());
    if (auto name =
            op->getAttrOfType<StringAttr>(mil::MILDialect::getNameAttrName()))
      conv->setAttr(mil::MILDialect::getNameAttrName(),
                    rw.getStringAttr(name.getValue() + "_nb"));
    Value sum = AddOp::create(rw, loc, type, conv, bias4);
    inherit(op, sum);
    rw.replaceOp(op, sum);
    return success();
  }
};

/// A concat whose every user is a unit-stride slice lying inside one of its
/// inputs: each slice reads that input instead (docs/ane-constraints.md
/// ANE-NO-CONCAT).
struct ConcatOfSlices : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  /// The input of `op` holding [begin, end) along `axis`, and the range
  /// shifted into it.
  static std::optional<std::pair<Value, int64_t>>
  locate(ConcatOp op, int64_t axis, int64_t begin, int64_t end) {
    int64_t offset = 0;
    for (Value input : op.getValues()) {
      int64_t size = shapeOf(input)[axis];
      if (begin >= offset && end <= offset + size)
        return std::make_pair(input, offset);
      offset += size;
    }
    return std::nullopt;
  }

  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rw) const override {
    std::optional<SmallVector<int64_t>> axisValue = constInts(op.getAxis());
    std::optional<SmallVector<int64_t>> interleave =
        op.getInterleave() ? constInts(op.getInterleave())
                           : SmallVector<int64_t>{0};
    if (!axisValue || !interleave || interleave->front() != 0 ||
        op->use_empty())
      return failure();
    ArrayRef<int64_t> shape = shapeOf(op.getResult());
    int64_t rank = shape.size();
    int64_t axis =
        (*axisValue)[0] < 0 ? (*axisValue)[0] + rank : (*axisValue)[0];
    struct Plan {
      SliceByIndexOp slice;
      Value input;
      SmallVector<int64_t> begin, end;
    };
    SmallVector<Plan> plans;
    for (Operation *user : op->getUsers()) {
      auto slice = dyn_cast<SliceByIndexOp>(user);
      if (!slice || slice.getX() != op.getResult() || slice.getBeginMask() ||
          slice.getEndMask() || slice.getSqueezeMask())
        return failure();
      std::optional<SmallVector<int64_t>> begin = constInts(slice.getBegin());
      std::optional<SmallVector<int64_t>> end = constInts(slice.getEnd());
      if (!begin || !end)
        return failure();
      if (slice.getStride()) {
        std::optional<SmallVector<int64_t>> stride =
            constInts(slice.getStride());
        if (!stride || llvm::any_of(*stride, [](int64_t s) { return s != 1; }))
          return failure();
      }
      // The slice's result shape is static: end = begin + extent.
      ArrayRef<int64_t> out = shapeOf(slice.getResult());
      for (int64_t d = 0; d < rank; ++d) {
        int64_t b = (*begin)[d] < 0 ? (*begin)[d] + shape[d] : (*begin)[d];
        (*begin)[d] = b;
        (*end)[d] = b + out[d];
      }
      auto found = locate(op, axis, (*begin)[axis], (*end)[axis]);
      if (!found)
        return failure();
      (*begin)[axis] -= found->second;
      (*end)[axis] -= found->second;
      plans.push_back({slice, found->first, *begin, *end});
    }
    for (Plan &plan : plans) {
      rw.setInsertionPoint(plan.slice);
      Value replacement = plan.input;
      bool whole = llvm::all_of(plan.begin, [](int64_t b) { return b == 0; }) &&
                   ArrayRef(plan.end) == shapeOf(plan.input);
      if (!whole) {
        replacement = buildSlice(rw, plan.slice.getLoc(), plan.input,
                                 plan.begin, plan.end);
        inherit(plan.slice, replacement);
      }
      rw.replaceOp(plan.slice, replacement);
    }
    rw.eraseOp(op);
    return success();
  }
};

/// split -> one slice_by_index per piece, named like split's results
/// (`name`, `name_1`, ...).
struct SplitToSlices : OpRewritePattern<SplitOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SplitOp op,
                                PatternRewriter &rw) const override {
    std::optional<SmallVector<int64_t>> axisValue = constInts(op.getAxis());
    if (!axisValue)
      return failure();
    ArrayRef<int64_t> shape = shapeOf(op.getX());
    int64_t axis =
        (*axisValue)[0] < 0 ? (*axisValue)[0] + shape.size() : (*axisValue)[0];
    auto name =
        op->getAttrOfType<StringAttr>(mil::MILDialect::getNameAttrName());
    SmallVector<Value> pieces;
    SmallVector<int64_t> begin(shape.size(), 0), end(shape);
    int64_t offset = 0;
    for (auto [i, result] : llvm::enumerate(op.getOutputs())) {
      std::string suffix = i == 0 ? "" : "_" + std::to_string(i);
      int64_t size = shapeOf(result)[axis];
      begin[axis] = offset;
      end[axis] = offset + size;
      offset += size;
      Location loc = i == 0 ? op.getLoc() : suffixLoc(op.getLoc(), suffix);
      Value piece = buildSlice(rw, loc, op.getX(), begin, end);
      if (name)
        piece.getDefiningOp()->setAttr(
            mil::MILDialect::getNameAttrName(),
            rw.getStringAttr(name.getValue() + suffix));
      pieces.push_back(piece);
    }
    rw.replaceOp(op, pieces);
    return success();
  }
};

/// The missing compile-time arguments of matmul, reduce_*, softmax and conv
/// as named consts with MIL's default values.
struct ExplicitMatmulArgs : OpRewritePattern<MatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rw) const override {
    if (op.getTransposeX() && op.getTransposeY())
      return failure();
    Location loc = op.getLoc();
    Value tx = op.getTransposeX() ? op.getTransposeX()
                                  : buildBool(rw, suffixLoc(loc, "_tx"), false);
    Value ty = op.getTransposeY() ? op.getTransposeY()
                                  : buildBool(rw, suffixLoc(loc, "_ty"), false);
    Value result =
        MatmulOp::create(rw, loc, op.getType(), tx, ty, op.getX(), op.getY());
    return replaceNamed(rw, op, result);
  }
};

template <typename OpTy> struct ExplicitReduceArgs : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rw) const override {
    if (op.getAxes() && op.getKeepDims())
      return failure();
    Location loc = op.getLoc();
    Value axes = op.getAxes();
    if (!axes) {
      auto all =
          llvm::to_vector(llvm::seq<int64_t>(0, shapeOf(op.getX()).size()));
      axes = buildI32Vector(rw, suffixLoc(loc, "_ax"), all);
    }
    Value keepDims = op.getKeepDims()
                         ? op.getKeepDims()
                         : buildBool(rw, suffixLoc(loc, "_kd"), false);
    Value result =
        OpTy::create(rw, loc, op.getType(), op.getX(), axes, keepDims);
    return replaceNamed(rw, op, result);
  }
};

struct ExplicitSoftmaxAxis : OpRewritePattern<SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SoftmaxOp op,
                                PatternRewriter &rw) const override {
    if (op.getAxis())
      return failure();
    Value axis = buildI32Scalar(rw, suffixLoc(op.getLoc(), "_ax"), -1);
    Value result =
        SoftmaxOp::create(rw, op.getLoc(), op.getType(), axis, op.getX());
    return replaceNamed(rw, op, result);
  }
};

struct ExplicitConvArgs : OpRewritePattern<ConvOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvOp op, PatternRewriter &rw) const override {
    if (op.getBias() || (op.getDilations() && op.getGroups() && op.getPad() &&
                         op.getPadType() && op.getStrides()))
      return failure();
    Location loc = op.getLoc();
    int64_t spatial = shapeOf(op.getX()).size() - 2;
    SmallVector<int64_t> ones(spatial, 1), zeros(2 * spatial, 0);
    auto orDefault = [&](Value v, auto build) { return v ? v : build(); };
    Value padType = orDefault(op.getPadType(), [&] {
      return buildString(rw, suffixLoc(loc, "_pt"), "valid");
    });
    Value strides = orDefault(op.getStrides(), [&] {
      return buildI32Vector(rw, suffixLoc(loc, "_st"), ones);
    });
    Value pad = orDefault(op.getPad(), [&] {
      return buildI32Vector(rw, suffixLoc(loc, "_pd"), zeros);
    });
    Value dilations = orDefault(op.getDilations(), [&] {
      return buildI32Vector(rw, suffixLoc(loc, "_dl"), ones);
    });
    Value groups = orDefault(op.getGroups(), [&] {
      return buildI32Scalar(rw, suffixLoc(loc, "_gr"), 1);
    });
    Value result =
        ConvOp::create(rw, loc, op.getType(), Value(), dilations, groups, pad,
                       padType, strides, op.getWeight(), op.getX());
    return replaceNamed(rw, op, result);
  }
};

//===----------------------------------------------------------------------===//
// Layout moves
//
// Kernel boundaries turn [1, C, 1, S] surfaces into [S, C] values and back;
// a model that wants the channel-major order (a KV cache) transposes again.
// Each transpose or reshape is a full copy on the CPU and a pass over the
// data on the ANE, so chains of them collapse here.
//===----------------------------------------------------------------------===//

/// Replacing `op` by `value` is safe unless that would return a function
/// input as an output (the ANE needs every output computed).
bool canForward(Operation *op, Value value) {
  if (!isa<BlockArgument>(value))
    return true;
  return llvm::none_of(op->getUsers(), [](Operation *user) {
    return user->hasTrait<OpTrait::IsTerminator>();
  });
}

/// transpose(transpose(x, p), q) == transpose(x, p[q]); x when that is the
/// identity.
struct TransposeOfTranspose : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rw) const override {
    auto inner = op.getX().getDefiningOp<TransposeOp>();
    auto q = constInts(op.getPerm());
    auto p = inner ? constInts(inner.getPerm()) : std::nullopt;
    if (!p || !q || p->size() != q->size())
      return failure();
    SmallVector<int64_t> perm;
    bool identity = true;
    for (size_t i = 0; i < q->size(); ++i) {
      perm.push_back((*p)[size_t((*q)[i])]);
      identity = identity && perm.back() == int64_t(i);
    }
    Value x = inner.getX();
    if (identity && x.getType() == op.getType() && canForward(op, x)) {
      rw.replaceOp(op, x);
      return success();
    }
    if (identity)
      return failure();
    Value result = buildTranspose(rw, op.getLoc(), x, perm);
    return replaceNamed(rw, op, result);
  }
};

/// A transpose that keeps the order of the non-unit dimensions moves no
/// data: a reshape (which the next pattern merges with its neighbours).
struct TransposeAsReshape : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rw) const override {
    auto perm = constInts(op.getPerm());
    auto type = dyn_cast<RankedTensorType>(op.getX().getType());
    if (!perm || !type || !type.hasStaticShape())
      return failure();
    int64_t previous = -1;
    for (int64_t d : *perm) {
      if (type.getDimSize(d) == 1)
        continue;
      if (d < previous)
        return failure();
      previous = d;
    }
    Value result =
        buildReshape(rw, op.getLoc(), op.getX(), shapeOf(op.getResult()));
    return replaceNamed(rw, op, result);
  }
};

/// reshape(reshape(x)) == reshape(x); x itself when the shapes agree.
struct ReshapeOfReshape : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rw) const override {
    Value x = op.getX();
    if (x.getType() == op.getType() && canForward(op, x)) {
      rw.replaceOp(op, x);
      return success();
    }
    auto inner = x.getDefiningOp<ReshapeOp>();
    if (!inner || !cast<RankedTensorType>(op.getType()).hasStaticShape())
      return failure();
    Value source = inner.getX();
    if (source.getType() == op.getType() && canForward(op, source)) {
      rw.replaceOp(op, source);
      return success();
    }
    Value result =
        buildReshape(rw, op.getLoc(), source, shapeOf(op.getResult()));
    return replaceNamed(rw, op, result);
  }
};

} // namespace

void mlir::orion::mil::populateLegalizeStructurePatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<ConvBiasToAdd, ConcatOfSlices, SplitToSlices, ExplicitMatmulArgs,
           ExplicitReduceArgs<ReduceSumOp>, ExplicitReduceArgs<ReduceMeanOp>,
           ExplicitReduceArgs<ReduceMaxOp>, ExplicitReduceArgs<ReduceMinOp>,
           ExplicitSoftmaxAxis, ExplicitConvArgs, TransposeOfTranspose,
           TransposeAsReshape, ReshapeOfReshape>(patterns.getContext());
}
