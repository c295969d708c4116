//===- MILEmitter.h - mil dialect to MIL text -------------------*- C++ -*-===//
//
// Prints `mil` IR as the MIL text Apple's ANE compiler takes. Like CIRCT's
// ExportVerilog, the emitter never changes IR: names (`mil.name` on ops and
// function arguments) and blob offsets (`#mil.blob`) must already be there,
// put by mil-assign-names and mil-assign-blobs; anything missing is a
// diagnostic, not a guess.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TARGET_ANE_MILEMITTER_H
#define ORION_TARGET_ANE_MILEMITTER_H

#include "orion/format/MILProgram.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::orion {

/// The runtime library (no MLIR), where the MIL text model lives.
namespace rt = ::orion::rt;

/// The MIL function for one func.func of mil ops.
FailureOr<rt::milast::Function> buildMILFunction(func::FuncOp func);

/// One MIL program holding a function per func.func of `module`.
FailureOr<rt::milast::Program> buildMILProgram(ModuleOp module);

/// Prints `module` as MIL text in `spelling`.
LogicalResult emitMIL(ModuleOp module, raw_ostream &os,
                      rt::milast::MILSpelling spelling);

/// Registers `--mlir-to-mil` (with `--mil-spelling`) for orion-translate.
void registerToMILTranslation();

} // namespace mlir::orion

#endif // ORION_TARGET_ANE_MILEMITTER_H
