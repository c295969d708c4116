//===- MILImporter.h - MIL text to the mil dialect --------------*- C++ -*-===//
//
// Parses MIL text with the runtime's parser (one parser serves compiler and
// runtime) and builds `mil` IR from it: one func.func per MIL function, every
// op and argument carrying its MIL name in `mil.name`, locations pointing at
// the MIL source.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TARGET_ANE_MILIMPORTER_H
#define ORION_TARGET_ANE_MILIMPORTER_H

#include "orion/format/MILProgram.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace mlir::orion {

/// The runtime library (no MLIR), where the MIL text model lives.
namespace rt = ::orion::rt;

/// Builds a module from a parsed program; diagnostics go to the context.
OwningOpRef<ModuleOp> importMILProgram(const rt::milast::Program &program,
                                       MLIRContext *context,
                                       StringRef bufferName);

/// Parses and imports MIL text; parse errors become diagnostics at their
/// line and column.
OwningOpRef<ModuleOp> importMILText(StringRef text, StringRef bufferName,
                                    MLIRContext *context);

/// Registers `--mil-to-mlir` for orion-translate.
void registerFromMILTranslation();

} // namespace mlir::orion

#endif // ORION_TARGET_ANE_MILIMPORTER_H
