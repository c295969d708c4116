//===- Passes.h - The ANE target's rules as passes --------------*- C++ -*-===//

#ifndef ORION_TARGET_ANE_PASSES_H
#define ORION_TARGET_ANE_PASSES_H

#include "Orion/Dialect/MIL/IR/MILDialect.h"
#include "Orion/Dialect/Orion/IR/OrionDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

// The passes keep their mil namespace (they rewrite and check mil ops).
namespace mlir::orion::mil {

#define GEN_PASS_DECL
#include "Orion/Target/ANE/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "Orion/Target/ANE/Passes.h.inc"

} // namespace mlir::orion::mil

#endif // ORION_TARGET_ANE_PASSES_H
