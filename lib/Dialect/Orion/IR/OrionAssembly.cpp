//===- OrionAssembly.cpp - Custom assembly directives ---------------------===//

#include "OrionAssembly.h"

using namespace mlir;

ParseResult mlir::orion::parseBinaryOperandTypes(OpAsmParser &parser,
                                                 Type &lhs, Type &rhs) {
  if (parser.parseType(lhs))
    return failure();
  if (failed(parser.parseOptionalComma())) {
    rhs = lhs;
    return success();
  }
  return parser.parseType(rhs);
}

void mlir::orion::printBinaryOperandTypes(OpAsmPrinter &printer, Operation *,
                                          Type lhs, Type rhs) {
  printer << lhs;
  if (rhs != lhs)
    printer << ", " << rhs;
}
