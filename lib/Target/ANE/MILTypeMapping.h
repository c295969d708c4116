//===- MILTypeMapping.h - mil dialect types <-> MIL text types --*- C++ -*-===//
//
// The one place that knows how a `mil` type or constant is spelled in MIL
// text; the emitter and the importer both go through it, which is what keeps
// emit(import(text)) == text.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_TARGET_ANE_MILTYPEMAPPING_H
#define LIB_TARGET_ANE_MILTYPEMAPPING_H

#include "orion/format/MILProgram.h"

#include "mlir/IR/Attributes.h"
#include "mlir/IR/Types.h"
#include "mlir/Support/LLVM.h"

#include <optional>

namespace mlir::orion {
/// The runtime library (no MLIR), where the MIL text model lives.
namespace rt = ::orion::rt;
} // namespace mlir::orion

namespace mlir::orion::mil {

/// MIL dtype of an element type ("fp16", "int32", ...), or nullopt.
std::optional<std::string> milDtypeOf(Type elementType);
/// The element type of a MIL dtype, or null.
Type elementTypeOf(StringRef dtype, MLIRContext *context);

/// The MIL type of a mil value type: rank-0 tensors become scalars.
std::optional<rt::milast::Type> toMILType(Type type);
/// The mil type of a MIL type, or null when MIL's dtype has no counterpart.
Type fromMILType(const rt::milast::Type &type, MLIRContext *context);

/// The MIL literal for a const's value (dense tensor, string or BLOBFILE).
/// Floats print as the shortest %g text that reads back to the same value
/// in the const's own precision.
FailureOr<rt::milast::Value> literalFromAttr(Attribute value, Type type,
                                     function_ref<InFlightDiagnostic()> emitError);
/// The attribute for a MIL literal of type `type`.
FailureOr<Attribute> attrFromLiteral(const rt::milast::Value &literal, Type type,
                                     function_ref<InFlightDiagnostic()> emitError);

} // namespace mlir::orion::mil

#endif // LIB_TARGET_ANE_MILTYPEMAPPING_H
