//===- Passes.h - Passes on the mil dialect ---------------------*- C++ -*-===//

#ifndef ORION_DIALECT_MIL_TRANSFORMS_PASSES_H
#define ORION_DIALECT_MIL_TRANSFORMS_PASSES_H

#include "Orion/Dialect/MIL/IR/MILDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::orion::mil {

#define GEN_PASS_DECL
#include "Orion/Dialect/MIL/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "Orion/Dialect/MIL/Transforms/Passes.h.inc"

} // namespace mlir::orion::mil

#endif // ORION_DIALECT_MIL_TRANSFORMS_PASSES_H
