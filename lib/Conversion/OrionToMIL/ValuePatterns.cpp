//===- ValuePatterns.cpp - orion.param and orion.constant -----------------===//
//
// A param becomes a `#mil.weight` const of its own shape in the compute type
// (mil-assign-blobs later gives it a BLOBFILE offset); a fused param has one
// source per `orion.fused_from` name. A constant becomes an inline dense
// mil.const, its floats rounded once to the compute type. Conv and matmul
// weights may be stored in another type (weight-type) and cast at use.
//
//===----------------------------------------------------------------------===//

#include "OrionToMIL.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"
#include "Orion/Dialect/MIL/Transforms/MILBuilder.h"

using namespace mlir;
using namespace mlir::orion;

mil::WeightAttr mlir::orion::buildWeightAttr(ParamOp param,
                                             RankedTensorType type,
                                             ArrayRef<int64_t> perm) {
  MLIRContext *ctx = param.getContext();
  SmallVector<mil::WeightSourceAttr> sources;
  auto names =
      param->getAttrOfType<ArrayAttr>(OrionDialect::getFusedFromAttrName());
  auto shapes =
      param->getAttrOfType<ArrayAttr>(OrionDialect::getFusedShapesAttrName());
  if (names && shapes && names.size() == shapes.size()) {
    for (auto [name, shape] : llvm::zip(names, shapes))
      sources.push_back(mil::WeightSourceAttr::get(
          ctx, cast<StringAttr>(name).getValue(),
          cast<DenseI64ArrayAttr>(shape).asArrayRef(), {}, {}));
  } else {
    sources.push_back(mil::WeightSourceAttr::get(
        ctx, param.getName(), param.getType().getShape(), {}, perm));
  }
  return mil::WeightAttr::get(ctx, sources, type);
}

Value mlir::orion::buildWeightOperand(OpBuilder &b, Location loc,
                                      ParamOp param, RankedTensorType type,
                                      Type storedType,
                                      ArrayRef<int64_t> perm) {
  auto stored = type.clone(storedType);
  Value weight = mil::ConstOp::create(b, loc, stored,
                                      buildWeightAttr(param, stored, perm));
  if (stored == type)
    return weight;
  return mil::buildCast(b, mil::suffixLoc(loc, "_cast"), weight,
                        type.getElementType());
}

namespace {

struct ParamPattern : OpConversionPattern<ParamOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ParamOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!type || !isa<FloatType>(type.getElementType()))
      return rewriter.notifyMatchFailure(op, "needs a float tensor type");
    rewriter.replaceOpWithNewOp<mil::ConstOp>(op, type,
                                              buildWeightAttr(op, type));
    return success();
  }
};

struct ConstantPattern : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!type)
      return rewriter.notifyMatchFailure(op, "result type");
    Attribute value = op.getValue();
    if (type != op.getType()) {
      auto dense = dyn_cast<DenseFPElementsAttr>(value);
      if (!dense)
        return rewriter.notifyMatchFailure(op, "needs a dense float value");
      const llvm::fltSemantics &semantics =
          cast<FloatType>(type.getElementType()).getFloatSemantics();
      value = dense.mapValues(type.getElementType(), [&](const APFloat &v) {
        APFloat rounded = v;
        bool lost;
        rounded.convert(semantics, APFloat::rmNearestTiesToEven, &lost);
        return rounded.bitcastToAPInt();
      });
    }
    rewriter.replaceOpWithNewOp<mil::ConstOp>(op, type, value);
    return success();
  }
};

} // namespace

void mlir::orion::populateValuePatterns(
    const OrionToMILTypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ParamPattern, ConstantPattern>(converter,
                                              patterns.getContext());
}
