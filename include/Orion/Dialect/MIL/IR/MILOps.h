//===- MILOps.h - Ops of the mil dialect ------------------------*- C++ -*-===//

#ifndef ORION_DIALECT_MIL_IR_MILOPS_H
#define ORION_DIALECT_MIL_IR_MILOPS_H

#include "Orion/Dialect/MIL/IR/MILDialect.h"
#include "Orion/Dialect/MIL/IR/MILTypes.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::orion::mil {

/// How one ODS argument of a mil op appears in MIL text.
enum class MILArgKind {
  Single,    // always present: `name=value`
  Optional,  // present or absent
  Variadic,  // a tuple: `values=(a, b)`
  Attribute, // not a MIL argument (const's `val`)
};

/// One MIL argument of a mil op, in ODS operand order.
struct MILArgument {
  llvm::StringRef name;
  MILArgKind kind;
};

} // namespace mlir::orion::mil

#include "Orion/Dialect/MIL/IR/MILInterfaces.h.inc"

#define GET_OP_CLASSES
#include "Orion/Dialect/MIL/IR/MILOps.h.inc"

namespace mlir::orion::mil {

/// The MIL name of an op result as MIL text spells it: the op's `mil.name`
/// for result 0, `<name>_<i>` for result i, unless `mil.result_names` lists
/// them all (imported MIL). nullopt for block arguments and unnamed ops.
std::optional<std::string> getMILResultName(Value value);

} // namespace mlir::orion::mil

#endif // ORION_DIALECT_MIL_IR_MILOPS_H
