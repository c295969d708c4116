//===- CliDiagnostics.cpp - Diagnostics in the orion CLI's terms ----------===//

#include "Orion/Driver/CliDiagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"

namespace mlir::orion {

namespace {

const char *severityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  return "error";
}

std::string withName(Location loc, const std::string &message) {
  if (auto name = loc->findInstanceOf<NameLoc>())
    return "in " + name.getName().str() + ": " + message;
  return message;
}

} // namespace

std::string describeDiagnostic(Diagnostic &diag) {
  std::string text = withName(diag.getLocation(), diag.str());
  for (Diagnostic &note : diag.getNotes())
    text += "\n  note: " + withName(note.getLocation(), note.str());
  return text;
}

CliDiagnosticHandler::CliDiagnosticHandler(
    llvm::SourceMgr &sourceMgr, MLIRContext *context, bool printRemarks,
    std::function<void(const std::string &)> errorSink, llvm::raw_ostream &os)
    : sourceMgrPrinter(sourceMgr, context, os),
      handler(context, [printRemarks, errorSink = std::move(errorSink),
                        out = &os](Diagnostic &diag) -> LogicalResult {
        DiagnosticSeverity severity = diag.getSeverity();
        if (severity == DiagnosticSeverity::Remark) {
          // What the compiler did (kernel counts), not a problem: a report
          // line, with no location or source excerpt.
          if (printRemarks)
            *out << diag.str() << "\n";
          return success();
        }
        if (severity == DiagnosticSeverity::Error && errorSink) {
          errorSink(describeDiagnostic(diag));
          return success();
        }
        // Text a user wrote: file:line:col and the line, as MLIR prints it.
        if (diag.getLocation()->findInstanceOf<FileLineColLoc>())
          return failure();
        *out << severityName(severity) << ": " << describeDiagnostic(diag)
             << "\n";
        return success();
      }) {}

} // namespace mlir::orion
