//===- CompileModel.h - A module to a package, shared by commands -*- C++ -*-===//
//
// `orion compile` and `orion generate` both turn a module into a package:
// a model still in the orion dialect goes through the whole ANE pipeline,
// mil kernels only get names and blob offsets.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TOOLS_ORION_COMPILEMODEL_H
#define ORION_TOOLS_ORION_COMPILEMODEL_H

#include "Orion/Target/ANE/PackageWriter.h"

#include "mlir/IR/BuiltinOps.h"

#include <iosfwd>
#include <string>

namespace orion::cli {

struct CompileRequest {
  /// orion-ane-inference-pipeline options, e.g. "compute-type=fp32".
  std::string pipelineOptions;
  mlir::orion::PackageOptions package;
};

/// Lowers `module` in place and writes the package to `outDir`. Errors are
/// reported through the context's diagnostic handler (a bad option string
/// as an error at an unknown location).
mlir::FailureOr<mlir::orion::PackageSummary>
compileModule(mlir::ModuleOp module, const std::string &outDir,
              const CompileRequest &request);

/// The per-program table `orion compile` prints, with a total row.
void printPackageSummary(const mlir::orion::PackageSummary &summary,
                         std::ostream &os);

} // namespace orion::cli

#endif // ORION_TOOLS_ORION_COMPILEMODEL_H
