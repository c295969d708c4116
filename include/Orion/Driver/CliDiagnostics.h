//===- CliDiagnostics.h - Diagnostics in the orion CLI's terms --*- C++ -*-===//
//
// MLIR's SourceMgr printer writes a diagnostic without a file location as
// `<unknown>:0: error: loc("embed"): ...` and every remark with its source
// line. The orion CLI prints errors and warnings with a file location as
// MLIR does (file:line:col and a caret), the others as `error: in embed:
// ...`, and remarks (what the compiler did) as plain report lines.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DRIVER_CLIDIAGNOSTICS_H
#define ORION_DRIVER_CLIDIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <string>

namespace mlir::orion {

/// Installs the CLI's diagnostic printer on `context` for its lifetime.
/// `sourceMgr` holds the parsed input, if any. Errors go to `errorSink`
/// instead of being printed when it is set (the text without a location
/// prefix); remarks are dropped unless `printRemarks`.
class CliDiagnosticHandler {
public:
  CliDiagnosticHandler(llvm::SourceMgr &sourceMgr, MLIRContext *context,
                       bool printRemarks = true,
                       std::function<void(const std::string &)> errorSink = {},
                       llvm::raw_ostream &os = llvm::errs());

private:
  SourceMgrDiagnosticHandler sourceMgrPrinter;
  ScopedDiagnosticHandler handler;
};

/// The diagnostic's text as the CLI shows it without a file location:
/// `in NAME: message` for a named location, then its notes on lines of
/// their own.
std::string describeDiagnostic(Diagnostic &diag);

} // namespace mlir::orion

#endif // ORION_DRIVER_CLIDIAGNOSTICS_H
