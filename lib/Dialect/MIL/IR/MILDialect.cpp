//===- MILDialect.cpp - The mil dialect -----------------------------------===//

#include "Orion/Dialect/MIL/IR/MILDialect.h"
#include "Orion/Dialect/MIL/IR/MILOps.h"
#include "Orion/Dialect/MIL/IR/MILTypes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::orion::mil;

#include "Orion/Dialect/MIL/IR/MILDialect.cpp.inc"
#include "Orion/Dialect/MIL/IR/MILInterfaces.cpp.inc"
#define GET_TYPEDEF_CLASSES
#include "Orion/Dialect/MIL/IR/MILTypes.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "Orion/Dialect/MIL/IR/MILAttrs.cpp.inc"

void MILDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "Orion/Dialect/MIL/IR/MILTypes.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "Orion/Dialect/MIL/IR/MILAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "Orion/Dialect/MIL/IR/MILOps.cpp.inc"
      >();
}

LogicalResult BlobFileAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               StringRef path, uint64_t offset,
                               Type type) {
  if (path.empty())
    return emitError() << "BLOBFILE path must not be empty";
  if (offset % 64 != 0)
    return emitError() << "BLOBFILE offset " << offset
                       << " is not 64-byte aligned (it names a blob's "
                          "metadata block)";
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return emitError() << "BLOBFILE value needs a static tensor type, got "
                       << type;
  return success();
}
