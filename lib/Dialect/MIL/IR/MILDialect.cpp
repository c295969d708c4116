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

//===----------------------------------------------------------------------===//
// Discardable attributes
//===----------------------------------------------------------------------===//

LogicalResult MILDialect::verifyOperationAttribute(Operation *op,
                                                   NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  Attribute value = attr.getValue();
  if (name == getNameAttrName()) {
    if (!isa<StringAttr>(value))
      return op->emitError()
             << "'" << name << "' must be a string, got " << value;
    return success();
  }
  if (name == getResultNamesAttrName()) {
    auto names = dyn_cast<ArrayAttr>(value);
    if (!names ||
        !llvm::all_of(names, [](Attribute a) { return isa<StringAttr>(a); }))
      return op->emitError()
             << "'" << name << "' must be an array of strings, got " << value;
    return success();
  }
  if (name == getSourcesAttrName()) {
    auto sources = dyn_cast<ArrayAttr>(value);
    if (!isa<ConstOp>(op) || !sources ||
        !llvm::all_of(sources,
                      [](Attribute a) { return isa<WeightSourceAttr>(a); }))
      return op->emitError() << "'" << name
                             << "' must be an array of #mil.weight_source on "
                                "a mil.const";
    return success();
  }
  if (name == getValueAttrName()) {
    if (!isa<ConstOp>(op) || !isa<DenseElementsAttr>(value))
      return op->emitError()
             << "'" << name << "' must be a dense value on a mil.const";
    return success();
  }
  return success(); // other mil.* attributes are the user's
}

/// Function arguments and results carry only MIL names.
static LogicalResult verifyValueAttribute(Operation *op, NamedAttribute attr,
                                          StringRef what, unsigned index) {
  StringRef name = attr.getName().getValue();
  if (name == MILDialect::getNameAttrName()) {
    if (!isa<StringAttr>(attr.getValue()))
      return op->emitError() << "'" << name << "' on " << what << " #" << index
                             << " must be a string, got " << attr.getValue();
    return success();
  }
  if (name == MILDialect::getResultNamesAttrName() ||
      name == MILDialect::getSourcesAttrName() ||
      name == MILDialect::getValueAttrName())
    return op->emitError() << "'" << name
                           << "' is an operation attribute, not one of " << what
                           << " #" << index;
  return success();
}

LogicalResult MILDialect::verifyRegionArgAttribute(Operation *op, unsigned,
                                                   unsigned index,
                                                   NamedAttribute attr) {
  return verifyValueAttribute(op, attr, "argument", index);
}

LogicalResult MILDialect::verifyRegionResultAttribute(Operation *op, unsigned,
                                                      unsigned index,
                                                      NamedAttribute attr) {
  return verifyValueAttribute(op, attr, "result", index);
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

//===----------------------------------------------------------------------===//
// Weights from the weight store
//===----------------------------------------------------------------------===//

LogicalResult
WeightSourceAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                         StringRef param, ArrayRef<int64_t> shape,
                         ArrayRef<int64_t> slice, ArrayRef<int64_t> perm) {
  if (param.empty())
    return emitError() << "weight source needs a parameter name";
  for (int64_t d : shape)
    if (d <= 0)
      return emitError() << "parameter '" << param
                         << "' needs a static positive shape";
  int64_t rank = shape.size();
  if (!slice.empty()) {
    if (slice.size() != 3)
      return emitError() << "slice of '" << param
                         << "' must be [axis, begin, end]";
    int64_t axis = slice[0], begin = slice[1], end = slice[2];
    if (axis < 0 || axis >= rank || begin < 0 || begin >= end ||
        end > shape[axis])
      return emitError() << "slice [" << axis << ", " << begin << ", " << end
                         << "] is out of range for parameter '" << param
                         << "'";
  }
  if (!perm.empty()) {
    SmallVector<bool> seen(rank, false);
    bool ok = (int64_t)perm.size() == rank;
    for (int64_t p : perm) {
      ok = ok && p >= 0 && p < rank && !seen[p];
      if (ok)
        seen[p] = true;
    }
    if (!ok)
      return emitError() << "perm of '" << param
                         << "' is not a permutation of its " << rank
                         << " dimensions";
  }
  return success();
}

SmallVector<int64_t> WeightSourceAttr::getResultShape() const {
  SmallVector<int64_t> shape(getShape());
  if (!getSlice().empty())
    shape[getSlice()[0]] = getSlice()[2] - getSlice()[1];
  if (getPerm().empty())
    return shape;
  SmallVector<int64_t> permuted;
  for (int64_t p : getPerm())
    permuted.push_back(shape[p]);
  return permuted;
}

LogicalResult WeightAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 ArrayRef<WeightSourceAttr> sources,
                                 Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape() ||
      !isa<Float16Type, Float32Type>(tensor.getElementType()))
    return emitError() << "weight needs a static f16 or f32 tensor type, got "
                       << type;
  if (sources.empty())
    return emitError() << "weight needs at least one source";
  int64_t elements = 0;
  for (WeightSourceAttr s : sources) {
    int64_t n = 1;
    for (int64_t d : s.getResultShape())
      n *= d;
    elements += n;
  }
  if (elements != tensor.getNumElements())
    return emitError() << "weight sources hold " << elements
                       << " elements but " << type << " has "
                       << tensor.getNumElements();
  return success();
}
