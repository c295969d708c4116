//===- MILBuilder.cpp - mil ops spelled the way mechramc/Orion did --------===//

#include "Orion/Dialect/MIL/Transforms/MILBuilder.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mlir::orion;

Location mil::suffixLoc(Location loc, StringRef suffix) {
  auto named = dyn_cast<NameLoc>(loc);
  if (!named)
    return loc;
  return NameLoc::get(
      StringAttr::get(loc.getContext(), named.getName().getValue() + suffix),
      named.getChildLoc());
}

Value mil::buildI32Vector(OpBuilder &b, Location loc,
                          ArrayRef<int64_t> values) {
  SmallVector<int32_t> ints(values.begin(), values.end());
  auto type = RankedTensorType::get({int64_t(ints.size())}, b.getI32Type());
  return ConstOp::create(b, loc, type,
                         DenseElementsAttr::get(type, ArrayRef(ints)));
}

Value mil::buildI32Scalar(OpBuilder &b, Location loc, int64_t value) {
  auto type = RankedTensorType::get({}, b.getI32Type());
  return ConstOp::create(
      b, loc, type,
      DenseElementsAttr::get(type, ArrayRef<int32_t>{int32_t(value)}));
}

Value mil::buildBool(OpBuilder &b, Location loc, bool value) {
  auto type = RankedTensorType::get({}, b.getI1Type());
  return ConstOp::create(b, loc, type,
                         DenseElementsAttr::get(type, ArrayRef<bool>{value}));
}

Value mil::buildString(OpBuilder &b, Location loc, StringRef value) {
  return ConstOp::create(b, loc, StringType::get(b.getContext()),
                         b.getStringAttr(value));
}

Value mil::buildFloat(OpBuilder &b, Location loc, Type elementType,
                      double value) {
  auto type = RankedTensorType::get({}, elementType);
  return ConstOp::create(
      b, loc, type,
      DenseElementsAttr::get(
          type, ArrayRef<Attribute>{b.getFloatAttr(elementType, value)}));
}

StringRef mil::milDtypeName(Type type) {
  if (type.isF16())
    return "fp16";
  if (type.isF32())
    return "fp32";
  if (type.isInteger(32))
    return "int32";
  if (type.isInteger(1))
    return "bool";
  return "";
}

Value mil::buildReshape(OpBuilder &b, Location loc, Value x,
                        ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(
      shape, cast<RankedTensorType>(x.getType()).getElementType());
  Value shapeConst = buildI32Vector(b, suffixLoc(loc, "_sh"), shape);
  return ReshapeOp::create(b, loc, type, shapeConst, x);
}

Value mil::buildTranspose(OpBuilder &b, Location loc, Value x,
                          ArrayRef<int64_t> perm) {
  auto xType = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(xType.getDimSize(p));
  auto type = RankedTensorType::get(shape, xType.getElementType());
  Value permConst = buildI32Vector(b, suffixLoc(loc, "_pm"), perm);
  return TransposeOp::create(b, loc, type, permConst, x);
}

Value mil::buildCast(OpBuilder &b, Location loc, Value x, Type to) {
  auto type = cast<RankedTensorType>(x.getType()).clone(to);
  Value dtype = buildString(b, suffixLoc(loc, "_dt"), milDtypeName(to));
  return CastOp::create(b, loc, type, dtype, x);
}
