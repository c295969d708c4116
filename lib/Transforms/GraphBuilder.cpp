//===- GraphBuilder.cpp - Small IR-building helpers for orion passes ------===//

#include "GraphBuilder.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mlir::orion;

/// Rounds `value` once, to nearest even, into `type`'s semantics.
static APFloat roundTo(FloatType type, double value) {
  APFloat f(value);
  bool lostInfo = false;
  f.convert(type.getFloatSemantics(), APFloat::rmNearestTiesToEven,
            &lostInfo);
  return f;
}

Value mlir::orion::buildScalar(OpBuilder &b, Location loc, Type elementType,
                               double value) {
  return buildTable(b, loc, {}, elementType, {value});
}

Value mlir::orion::buildTable(OpBuilder &b, Location loc,
                              ArrayRef<int64_t> shape, Type elementType,
                              ArrayRef<double> values) {
  auto floatType = cast<FloatType>(elementType);
  SmallVector<APFloat> rounded;
  rounded.reserve(values.size());
  for (double v : values)
    rounded.push_back(roundTo(floatType, v));
  auto type = RankedTensorType::get(shape, elementType);
  return ConstantOp::create(b, loc, DenseElementsAttr::get(type, rounded));
}

Value mlir::orion::buildReshape(OpBuilder &b, Location loc, Value value,
                                ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, elementTypeOf(value));
  return ReshapeOp::create(b, loc, type, value);
}

ArrayRef<int64_t> mlir::orion::shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

Type mlir::orion::elementTypeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getElementType();
}
