//===- MILOps.cpp - Verifiers of mil ops ----------------------------------===//

#include "Orion/Dialect/MIL/IR/MILOps.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::orion::mil;

//===----------------------------------------------------------------------===//
// const: `mil.const "fp16" : !mil.string`, `mil.const dense<1> : tensor<i32>`,
// `mil.const #mil.blob<"p", 64> : tensor<...>`
//===----------------------------------------------------------------------===//

static ParseResult parseConstValue(OpAsmParser &parser, Attribute &value,
                                   Type &type) {
  if (parser.parseAttribute(value))
    return failure();
  // A string literal's `: type` is parsed as part of the attribute.
  if (auto str = dyn_cast<StringAttr>(value)) {
    type = str.getType();
    value = StringAttr::get(parser.getContext(), str.getValue());
    if (isa<NoneType>(type))
      return parser.emitError(parser.getCurrentLocation(),
                              "expected ': !mil.string' after a string value");
    return success();
  }
  auto typed = dyn_cast<TypedAttr>(value);
  if (!typed)
    return parser.emitError(parser.getCurrentLocation(),
                            "expected a dense tensor, a string or a "
                            "#mil.blob value with its type");
  type = typed.getType();
  return success();
}

static void printConstValue(OpAsmPrinter &printer, Operation *,
                            Attribute value, Type type) {
  printer.printAttributeWithoutType(value);
  printer << " : " << type;
}

LogicalResult ConstOp::verify() {
  Attribute val = getVal();
  Type type = getType();
  if (isa<StringAttr>(val)) {
    if (!isa<StringType>(type))
      return emitOpError("a string value needs type !mil.string, got ")
             << type;
    return success();
  }
  if (auto elements = dyn_cast<ElementsAttr>(val)) {
    if (elements.getType() != type)
      return emitOpError("value type ")
             << elements.getType() << " differs from result type " << type;
    return success();
  }
  if (auto blob = dyn_cast<BlobFileAttr>(val)) {
    if (blob.getType() != type)
      return emitOpError("BLOBFILE type ")
             << blob.getType() << " differs from result type " << type;
    return success();
  }
  return emitOpError("value must be a dense tensor, a string or a "
                     "#mil.blob, got ")
         << val;
}

OpFoldResult ConstOp::fold(FoldAdaptor) { return getVal(); }

//===----------------------------------------------------------------------===//
// Elementwise binary ops
//===----------------------------------------------------------------------===//

static LogicalResult verifyBroadcastBinary(Operation *op) {
  auto x = cast<RankedTensorType>(op->getOperand(0).getType());
  auto y = cast<RankedTensorType>(op->getOperand(1).getType());
  auto out = cast<RankedTensorType>(op->getResult(0).getType());
  if (x.getElementType() != y.getElementType() ||
      x.getElementType() != out.getElementType())
    return op->emitOpError("x, y and the result must share a dtype, got ")
           << x.getElementType() << ", " << y.getElementType() << " and "
           << out.getElementType();
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(x.getShape(), y.getShape(), shape))
    return op->emitOpError("x and y shapes are not broadcast-compatible");
  if (ArrayRef<int64_t>(shape) != out.getShape())
    return op->emitOpError("result shape must be the broadcast of x and y");
  return success();
}

LogicalResult AddOp::verify() { return verifyBroadcastBinary(*this); }

#define GET_OP_CLASSES
#include "Orion/Dialect/MIL/IR/MILOps.cpp.inc"
