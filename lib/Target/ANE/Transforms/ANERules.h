//===- ANERules.h - ANE limits shared by legalize and validate --*- C++ -*-===//
//
// Numbers and scoping shared by mil-legalize-ane and mil-validate-ane.
// Rule IDs (ANE-...) are those of docs/ane-constraints.md.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_LIB_TARGET_ANE_TRANSFORMS_ANERULES_H
#define ORION_LIB_TARGET_ANE_TRANSFORMS_ANERULES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"

#include "orion/ane/AneTarget.h"

#include <optional>

namespace mlir::orion::mil {

/// Whether the ANE passes look at `func`: an ANE kernel, or a function no
/// dialect placed (KernelPlacement.h); never the host function, a CPU
/// kernel or a declaration.
bool isANEProgram(func::FuncOp func);

/// Bytes of a static tensor type (fp16 2, fp32/int32 4, bool/int8/uint8 1),
/// or nullopt for other types.
std::optional<int64_t> tensorBytes(Type type);

/// Surface size of argument `index` (or result `index` when `result`):
/// `#orion.surface<bytes = N>` (`orion.surface`) when present, else the type's
/// bytes.
std::optional<int64_t> surfaceBytes(func::FuncOp func, unsigned index,
                                    bool result);

/// The channel count of a tensor: dim 1 of [N, C, H, W], else the last dim.
std::optional<int64_t> channelsOf(Type type);

/// Checks a program's inputs and outputs: distinct live output ops
/// (ANE-LIVE-OUTPUTS), uniform sizes (ANE-UNIFORM-OUTPUTS,
/// ANE-UNIFORM-INPUTS), minimum size (ANE-MIN-SURFACE) and alphabetical
/// names (ANE-OUTPUT-ORDER, ANE-INPUT-ORDER). Reports every violation;
/// fails if there is one.
LogicalResult validateSurfaces(func::FuncOp func);

/// gelu and silu as mul/add/tanh/sigmoid (ANE-NO-GELU-SILU).
void populateLegalizeActivationPatterns(RewritePatternSet &patterns);
/// conv bias, concat read by slices, split, implicit compile-time args.
void populateLegalizeStructurePatterns(RewritePatternSet &patterns);

} // namespace mlir::orion::mil

#endif // ORION_LIB_TARGET_ANE_TRANSFORMS_ANERULES_H
