//===- LinearPatterns.cpp - linear as a 1x1 conv, and matmul --------------===//
//
// The ANE runs a linear layer fastest as a 1x1 conv (mechramc/Orion: 3x faster
// than matmul). `orion.linear` with a constant weight (a param or a constant)
// becomes, for x [S, in] and weight [out, in]:
//
//   x -> transpose [1, 0] -> reshape [1, in, 1, S]
//     -> conv(dilations, groups, pad, pad_type, strides, weight [out, in, 1, 1])
//     -> add bias [1, out, 1, 1]            (the ANE's conv takes no bias)
//     -> reshape [out, S] -> transpose [1, 0] -> [S, out]
//
// with mechramc/Orion's five conv consts: pad_type "valid", strides [1, 1], pad
// [0, 0, 0, 0], dilations [1, 1], groups 1. Inputs of another rank are
// flattened to [S, in] first and reshaped back last. A weight computed at
// run time is `matmul(x, weight, transpose_y = true)` instead; a
// transposed param is still constant (its blob is stored transposed). Param
// weights (of the linear, or either matmul operand) are stored in the
// weight type and cast to the compute type when the two differ.
//
//===----------------------------------------------------------------------===//

#include "OrionToMIL.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"
#include "Orion/Dialect/MIL/Transforms/MILBuilder.h"

using namespace mlir;
using namespace mlir::orion;

namespace {

/// The value of `original` (an operand of the linear, converted to
/// `converted`) as a constant of type `type` with the same elements, or a
/// null Value when it is not a constant. A param is stored as `storedType`
/// elements (and cast to `type`).
Value buildRetypedConst(OpBuilder &b, Location loc, Value original,
                        Value converted, RankedTensorType type,
                        Type storedType) {
  if (auto param = original.getDefiningOp<ParamOp>())
    return buildWeightOperand(b, loc, param, type, storedType);
  // W^T of an unfused param (a linear's input gradient, dy @ W): the
  // weight table stores the transposed blob, so it is still a 1x1 conv.
  if (auto transpose = original.getDefiningOp<TransposeOp>())
    if (auto param = transpose.getInput().getDefiningOp<ParamOp>();
        param && !param->hasAttr(OrionDialect::getFusedFromAttrName()) &&
        transpose.getPerm() == ArrayRef<int64_t>{1, 0})
      return buildWeightOperand(b, loc, param, type, storedType,
                                transpose.getPerm());
  if (auto constant = converted.getDefiningOp<mil::ConstOp>())
    if (auto dense = dyn_cast<DenseElementsAttr>(constant.getVal()))
      return mil::ConstOp::create(b, loc, type, dense.reshape(type));
  return Value();
}

/// `matmul(transpose_x=<loc>_tx, transpose_y=<loc>_ty, x=, y=)`.
Value buildMatmul(OpBuilder &b, Location loc, Type type, Value x, Value y,
                  bool transposeX, bool transposeY) {
  Value tx = mil::buildBool(b, mil::suffixLoc(loc, "_tx"), transposeX);
  Value ty = mil::buildBool(b, mil::suffixLoc(loc, "_ty"), transposeY);
  return mil::MatmulOp::create(b, loc, type, tx, ty, x, y);
}

/// mechramc/Orion's 1x1 conv of x [1, in, 1, S] with weight [out, in, 1, 1].
Value buildConv1x1(OpBuilder &b, Location loc, Value weight, Value x) {
  auto xType = cast<RankedTensorType>(x.getType());
  auto wType = cast<RankedTensorType>(weight.getType());
  auto type = RankedTensorType::get(
      {1, wType.getDimSize(0), 1, xType.getDimSize(3)}, xType.getElementType());
  Value padType = mil::buildString(b, mil::suffixLoc(loc, "_pt"), "valid");
  Value strides = mil::buildI32Vector(b, mil::suffixLoc(loc, "_st"), {1, 1});
  Value pad = mil::buildI32Vector(b, mil::suffixLoc(loc, "_pd"), {0, 0, 0, 0});
  Value dilations = mil::buildI32Vector(b, mil::suffixLoc(loc, "_dl"), {1, 1});
  Value groups = mil::buildI32Scalar(b, mil::suffixLoc(loc, "_gr"), 1);
  return mil::ConvOp::create(b, loc, type, /*bias=*/Value(), dilations, groups,
                             pad, padType, strides, weight, x);
}

/// The element type weights are stored in, in the kernel being converted.
Type weightTypeOf(const TypeConverter *converter) {
  return static_cast<const OrionToMILTypeConverter *>(converter)
      ->kernelInfo()
      .weightType;
}

struct LinearPattern : OpConversionPattern<LinearOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(LinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!resultType)
      return rewriter.notifyMatchFailure(op, "result type");
    Type et = resultType.getElementType();
    ArrayRef<int64_t> inShape = op.getInput().getType().getShape();
    int64_t in = inShape.back(), out = op.getWeight().getType().getDimSize(0);
    int64_t rows = 1;
    for (int64_t d : inShape.drop_back())
      rows *= d;
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    if (inShape.size() != 2)
      x = mil::buildReshape(rewriter, mil::suffixLoc(loc, "_x2d"), x,
                            {rows, in});
    bool flat = resultType.getRank() == 2;
    Location lastLoc = flat ? loc : mil::suffixLoc(loc, "_y2d");

    Value weight = buildRetypedConst(
        rewriter, mil::suffixLoc(loc, "_W"), op.getWeight(),
        adaptor.getWeight(), RankedTensorType::get({out, in, 1, 1}, et),
        weightTypeOf(getTypeConverter()));
    Value y;
    if (!weight) {
      // A run-time weight: x @ weight^T, bias broadcast over rows.
      Value bias = adaptor.getBias();
      y = buildMatmul(rewriter, bias ? mil::suffixLoc(loc, "_mm") : lastLoc,
                      RankedTensorType::get({rows, out}, et), x,
                      adaptor.getWeight(), false, true);
      if (bias)
        y = mil::AddOp::create(rewriter, lastLoc, y.getType(), y, bias);
    } else {
      Value xt = mil::buildTranspose(rewriter, mil::suffixLoc(loc, "_xt"), x,
                                     {1, 0});
      Value x4 = mil::buildReshape(rewriter, mil::suffixLoc(loc, "_x4"), xt,
                                   {1, in, 1, rows});
      y = buildConv1x1(rewriter, mil::suffixLoc(loc, "_conv"), weight, x4);
      if (op.getBias()) {
        auto biasType = RankedTensorType::get({1, out, 1, 1}, et);
        // The bias is small: it stays in the compute type.
        Value bias =
            buildRetypedConst(rewriter, mil::suffixLoc(loc, "_b"),
                              op.getBias(), adaptor.getBias(), biasType, et);
        if (!bias)
          bias = mil::buildReshape(rewriter, mil::suffixLoc(loc, "_b"),
                                   adaptor.getBias(), {1, out, 1, 1});
        y = mil::AddOp::create(rewriter, mil::suffixLoc(loc, "_add"),
                               y.getType(), y, bias);
      }
      y = mil::buildReshape(rewriter, mil::suffixLoc(loc, "_yr"), y,
                            {out, rows});
      y = mil::buildTranspose(rewriter, lastLoc, y, {1, 0});
    }
    if (!flat)
      y = mil::buildReshape(rewriter, loc, y, resultType.getShape());
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct MatmulPattern : OpConversionPattern<MatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = getTypeConverter()->convertType(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "result type");
    // A param operand is a weight: in another weight type it is rebuilt
    // stored in that type, and the const the param itself became is erased
    // once unused.
    Type weightType = weightTypeOf(getTypeConverter());
    auto operand = [&](Value original, Value converted, StringRef suffix) {
      auto param = original.getDefiningOp<ParamOp>();
      auto used = cast<RankedTensorType>(converted.getType());
      if (!param || used.getElementType() == weightType)
        return converted;
      return buildWeightOperand(rewriter,
                                mil::suffixLoc(op.getLoc(), suffix), param,
                                used, weightType);
    };
    rewriter.replaceOp(
        op, buildMatmul(rewriter, op.getLoc(), type,
                        operand(op.getLhs(), adaptor.getLhs(), "_Wx"),
                        operand(op.getRhs(), adaptor.getRhs(), "_W"),
                        op.getTransposeLhs(), op.getTransposeRhs()));
    return success();
  }
};

} // namespace

void mlir::orion::populateLinearPatterns(
    const OrionToMILTypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<LinearPattern, MatmulPattern>(converter, patterns.getContext());
}
