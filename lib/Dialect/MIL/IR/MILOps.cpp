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
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseAttribute(value))
    return failure();
  // A string literal's `: type` is parsed as part of the attribute.
  if (auto str = dyn_cast<StringAttr>(value)) {
    type = str.getType();
    value = StringAttr::get(parser.getContext(), str.getValue());
    if (isa<NoneType>(type))
      return parser.emitError(loc,
                              "expected ': !mil.string' after a string value");
    return success();
  }
  auto typed = dyn_cast<TypedAttr>(value);
  if (!typed)
    return parser.emitError(loc, "expected a dense tensor, a string or a "
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
  if (auto weight = dyn_cast<WeightAttr>(val)) {
    if (weight.getType() != type)
      return emitOpError("weight type ")
             << weight.getType() << " differs from result type " << type;
    return success();
  }
  return emitOpError("value must be a dense tensor, a string, a #mil.blob "
                     "or a #mil.weight, got ")
         << val;
}

OpFoldResult ConstOp::fold(FoldAdaptor) { return getVal(); }

//===----------------------------------------------------------------------===//
// reduce_*: `x = %x[, axes = %ax][, keep_dims = %kd]`. Both are optional and
// follow x, so a plain optional group could not tell `, keep_dims` from
// `, axes`.
//===----------------------------------------------------------------------===//

static ParseResult
parseReduceArgs(OpAsmParser &parser,
                std::optional<OpAsmParser::UnresolvedOperand> &axes,
                std::optional<OpAsmParser::UnresolvedOperand> &keepDims) {
  if (failed(parser.parseOptionalComma()))
    return success();
  if (succeeded(parser.parseOptionalKeyword("axes"))) {
    if (parser.parseEqual() || parser.parseOperand(axes.emplace()))
      return failure();
    if (failed(parser.parseOptionalComma()))
      return success();
  }
  if (parser.parseKeyword("keep_dims") || parser.parseEqual() ||
      parser.parseOperand(keepDims.emplace()))
    return failure();
  return success();
}

static void printReduceArgs(OpAsmPrinter &printer, Operation *, Value axes,
                            Value keepDims) {
  if (axes)
    printer << ", axes = " << axes;
  if (keepDims)
    printer << ", keep_dims = " << keepDims;
}

// The verifiers of the other ops live in MILVerifiers.cpp.

std::optional<std::string> mlir::orion::mil::getMILResultName(Value value) {
  auto result = dyn_cast<OpResult>(value);
  if (!result)
    return std::nullopt;
  Operation *op = result.getOwner();
  auto name = op->getAttrOfType<StringAttr>(MILDialect::getNameAttrName());
  if (!name)
    return std::nullopt;
  if (auto list =
          op->getAttrOfType<ArrayAttr>(MILDialect::getResultNamesAttrName()))
    if (list.size() == op->getNumResults())
      if (auto s = dyn_cast<StringAttr>(list[result.getResultNumber()]))
        return s.str();
  if (result.getResultNumber() == 0)
    return name.str();
  return name.str() + "_" + std::to_string(result.getResultNumber());
}

#define GET_OP_CLASSES
#include "Orion/Dialect/MIL/IR/MILOps.cpp.inc"
