//===- MILTypeMapping.cpp - mil dialect types <-> MIL text types ----------===//

#include "MILTypeMapping.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"
#include "orion/format/Manifest.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/Support/Error.h"

#include <cstdio>

using namespace mlir;
using namespace mlir::orion;
using namespace mlir::orion::mil;

std::optional<std::string> mil::milDtypeOf(Type t) {
  if (t.isF16())
    return "fp16";
  if (t.isF32())
    return "fp32";
  if (isa<StringType>(t))
    return "string";
  if (auto i = dyn_cast<IntegerType>(t)) {
    if (i.getWidth() == 1)
      return "bool";
    if (i.isUnsigned())
      return i.getWidth() == 8 ? std::optional<std::string>("uint8")
                               : std::nullopt;
    switch (i.getWidth()) {
    case 8:
      return "int8";
    case 32:
      return "int32";
    default:
      return std::nullopt;
    }
  }
  return std::nullopt;
}

Type mil::elementTypeOf(StringRef dtype, MLIRContext *ctx) {
  Builder b(ctx);
  if (dtype == "fp16")
    return b.getF16Type();
  if (dtype == "fp32")
    return b.getF32Type();
  if (dtype == "int32")
    return b.getI32Type();
  if (dtype == "bool")
    return b.getI1Type();
  if (dtype == "int8")
    return b.getIntegerType(8);
  if (dtype == "uint8")
    return b.getIntegerType(8, /*isSigned=*/false);
  if (dtype == "string")
    return StringType::get(ctx);
  return {};
}

std::optional<rt::milast::Type> mil::toMILType(Type type) {
  if (isa<StringType>(type))
    return rt::milast::Type::scalar("string");
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return std::nullopt;
  auto dtype = milDtypeOf(tensor.getElementType());
  if (!dtype)
    return std::nullopt;
  if (tensor.getRank() == 0)
    return rt::milast::Type::scalar(*dtype);
  ArrayRef<int64_t> shape = tensor.getShape();
  return rt::milast::Type::tensor(*dtype, std::vector<int64_t>(shape.begin(), shape.end()));
}

Type mil::fromMILType(const rt::milast::Type &type, MLIRContext *ctx) {
  Type element = elementTypeOf(type.dtype, ctx);
  if (!element)
    return {};
  if (isa<StringType>(element))
    return type.isScalarLike() ? element : Type();
  return RankedTensorType::get(type.shape, element);
}

/// Reads `text` into `value` (round to nearest even); false if malformed.
static bool readFloat(APFloat &value, StringRef text) {
  auto status = value.convertFromString(text, APFloat::rmNearestTiesToEven);
  if (!status) {
    llvm::consumeError(status.takeError());
    return false;
  }
  return true;
}

/// The shortest "%.Ng" text that reads back to exactly `value` in `sem`.
static std::string shortestFloatText(const APFloat &value) {
  if (value.isNaN())
    return "nan";
  if (value.isInfinity())
    return value.isNegative() ? "-inf" : "inf";
  bool lost;
  APFloat asDouble = value;
  asDouble.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
  double d = asDouble.convertToDouble();
  char buf[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, d);
    APFloat back(value.getSemantics());
    if (readFloat(back, buf) && back.bitwiseIsEqual(value))
      return buf;
  }
  return rt::milast::formatMILFloat(d);
}

static std::string elementText(Attribute element) {
  if (auto f = dyn_cast<FloatAttr>(element))
    return shortestFloatText(f.getValue());
  auto i = cast<IntegerAttr>(element);
  if (i.getType().isInteger(1))
    return i.getValue().isZero() ? "false" : "true";
  if (i.getType().isUnsignedInteger())
    return std::to_string(i.getValue().getZExtValue());
  return std::to_string(i.getValue().getSExtValue());
}

FailureOr<rt::milast::Value>
mil::literalFromAttr(Attribute value, Type type,
                     function_ref<InFlightDiagnostic()> emitError) {
  auto milType = toMILType(type);
  if (!milType) {
    emitError() << "type " << type << " has no MIL spelling";
    return failure();
  }
  if (auto str = dyn_cast<StringAttr>(value))
    return rt::milast::Value::string(str.getValue().str());
  if (auto blob = dyn_cast<BlobFileAttr>(value)) {
    if (auto rel = rt::blobFileRelativePath(blob.getPath().str()); !rel) {
      emitError() << rel.error().message();
      return failure();
    }
    return rt::milast::Value::blobFile(*milType, blob.getPath().str(),
                                       blob.getOffset());
  }
  if (isa<WeightAttr>(value)) {
    emitError() << "weight has no BLOBFILE offset yet; run -mil-assign-blobs "
                   "before emitting MIL";
    return failure();
  }
  auto dense = dyn_cast<DenseElementsAttr>(value);
  if (!dense) {
    emitError() << "cannot print " << value << " as a MIL literal";
    return failure();
  }
  if (milType->isScalarLike()) {
    rt::milast::ScalarLiteral literal{*milType, elementText(*dense.value_begin<Attribute>())};
    return rt::milast::Value{literal};
  }
  rt::milast::TensorLiteral literal{*milType, {}};
  for (Attribute element : dense.getValues<Attribute>())
    literal.elements.push_back(elementText(element));
  return rt::milast::Value{literal};
}

/// One element token as an attribute of `elementType`.
static FailureOr<Attribute>
elementAttr(const std::string &text, Type elementType,
            function_ref<InFlightDiagnostic()> emitError) {
  if (auto ft = dyn_cast<FloatType>(elementType)) {
    APFloat value(ft.getFloatSemantics());
    if (!readFloat(value, text)) {
      emitError() << "'" << text << "' is not a valid " << elementType
                  << " literal";
      return failure();
    }
    return Attribute(FloatAttr::get(elementType, value));
  }
  auto it = cast<IntegerType>(elementType);
  if (it.getWidth() == 1) {
    if (text != "true" && text != "false") {
      emitError() << "'" << text << "' is not a bool literal";
      return failure();
    }
    return Attribute(IntegerAttr::get(elementType, text == "true" ? 1 : 0));
  }
  int64_t value;
  unsigned width = it.getWidth();
  bool fits = !StringRef(text).getAsInteger(10, value) &&
              (it.isUnsigned() ? value >= 0 && (width >= 63 || value < (int64_t(1) << width))
                               : width >= 64 || (value >= -(int64_t(1) << (width - 1)) &&
                                                 value < (int64_t(1) << (width - 1))));
  if (!fits) {
    emitError() << "'" << text << "' is not a valid " << elementType
                << " literal";
    return failure();
  }
  return Attribute(IntegerAttr::get(elementType, value));
}

FailureOr<Attribute>
mil::attrFromLiteral(const rt::milast::Value &literal, Type type,
                     function_ref<InFlightDiagnostic()> emitError) {
  MLIRContext *ctx = type.getContext();
  if (const std::string *s = literal.stringValue())
    return Attribute(StringAttr::get(ctx, *s));
  if (auto *blob = literal.get<rt::milast::BlobFileRef>()) {
    // Paths that leave the program are refused on the way in too, so they
    // are never re-emitted.
    if (auto rel = rt::blobFileRelativePath(blob->path); !rel) {
      emitError() << rel.error().message();
      return failure();
    }
    return Attribute(BlobFileAttr::get(ctx, blob->path, blob->offset, type));
  }
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor) {
    emitError() << "a " << type << " const needs a string value";
    return failure();
  }
  std::vector<std::string> tokens;
  if (auto *scalar = literal.get<rt::milast::ScalarLiteral>())
    tokens.push_back(scalar->text);
  else if (auto *t = literal.get<rt::milast::TensorLiteral>())
    tokens = t->elements;
  else {
    emitError() << "unsupported const value";
    return failure();
  }
  if ((int64_t)tokens.size() != tensor.getNumElements()) {
    emitError() << "literal has " << tokens.size() << " elements but "
                << type << " needs " << tensor.getNumElements();
    return failure();
  }
  SmallVector<Attribute> elements;
  for (const std::string &tok : tokens) {
    auto attr = elementAttr(tok, tensor.getElementType(), emitError);
    if (failed(attr))
      return failure();
    elements.push_back(*attr);
  }
  return Attribute(DenseElementsAttr::get(tensor, elements));
}
