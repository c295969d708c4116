//===- MILBuilder.h - mil ops spelled as mechramc/Orion did -----*- C++ -*-===//
//
// Every MIL compile-time argument is a `mil.const`. These helpers build
// them, named after the op they serve when that op has a name location
// (`loc("q_conv")` -> `loc("q_conv_pt")`), as mechramc/Orion's codegen
// names them.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DIALECT_MIL_TRANSFORMS_MILBUILDER_H
#define ORION_DIALECT_MIL_TRANSFORMS_MILBUILDER_H

#include "mlir/IR/Builders.h"

namespace mlir::orion::mil {

/// `loc` with `suffix` appended to its name when it is a NameLoc
/// (`"q"` + `"_conv"` = `"q_conv"`); other locations are returned as is.
Location suffixLoc(Location loc, StringRef suffix);

/// int32 vector const `tensor<Nxi32>`.
Value buildI32Vector(OpBuilder &b, Location loc, ArrayRef<int64_t> values);
/// int32 scalar const `tensor<i32>`.
Value buildI32Scalar(OpBuilder &b, Location loc, int64_t value);
/// bool scalar const `tensor<i1>`.
Value buildBool(OpBuilder &b, Location loc, bool value);
/// string const `!mil.string`.
Value buildString(OpBuilder &b, Location loc, StringRef value);
/// Float scalar const `tensor<T>` with T = `elementType`.
Value buildFloat(OpBuilder &b, Location loc, Type elementType, double value);

/// MIL's dtype name ("fp16", "fp32", "int32", "bool") of `type`, or "".
StringRef milDtypeName(Type type);

/// mil.reshape of `x` to `shape` (shape const named `<loc>_sh`).
Value buildReshape(OpBuilder &b, Location loc, Value x,
                   ArrayRef<int64_t> shape);
/// mil.transpose of `x` by `perm` (perm const named `<loc>_pm`).
Value buildTranspose(OpBuilder &b, Location loc, Value x,
                     ArrayRef<int64_t> perm);
/// mil.cast of `x` to element type `to` (dtype const named `<loc>_dt`).
Value buildCast(OpBuilder &b, Location loc, Value x, Type to);

} // namespace mlir::orion::mil

#endif // ORION_DIALECT_MIL_TRANSFORMS_MILBUILDER_H
