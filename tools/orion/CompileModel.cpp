//===- CompileModel.cpp - A module to a package ---------------------------===//

#include "CompileModel.h"
#include "Table.h"

#include "Orion/Dialect/MIL/Transforms/Passes.h"
#include "Orion/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"

#include <ostream>

using namespace mlir;
using mlir::orion::PackageSummary;
using mlir::orion::ProgramSummary;

namespace orion::cli {

/// Whether every orion op already sits in the host plan (a mil package).
static bool isLowered(ModuleOp module) {
  bool lowered = true;
  module->walk([&](Operation *op) {
    if (op->getDialect() && op->getDialect()->getNamespace() == "orion" &&
        !op->getParentOfType<func::FuncOp>()->hasAttr("orion.host"))
      lowered = false;
  });
  return lowered;
}

FailureOr<PackageSummary> compileModule(ModuleOp module,
                                        const std::string &outDir,
                                        const CompileRequest &request) {
  PassManager pm(module.getContext());
  if (!isLowered(module)) {
    // The pipeline's own option parser checks every value.
    auto pipeline = mlir::orion::ANEPipelineOptions::createFromString(
        request.pipelineOptions);
    if (!pipeline)
      return emitError(UnknownLoc::get(module.getContext()),
                       "bad pipeline options '" + request.pipelineOptions +
                           "'");
    mlir::orion::buildANEInferencePipeline(pm, *pipeline);
  } else {
    pm.addNestedPass<func::FuncOp>(mlir::orion::mil::createMILAssignNames());
    pm.addNestedPass<func::FuncOp>(mlir::orion::mil::createMILAssignBlobs());
  }
  if (failed(pm.run(module)))
    return failure();
  return mlir::orion::writePackage(module, outDir, request.package);
}

void printPackageSummary(const PackageSummary &summary, std::ostream &os) {
  Table table({"program", "inputs", "outputs", "MIL statements", "blobs",
               "weight bytes"});
  size_t statements = 0, blobs = 0;
  uint64_t bytes = 0;
  for (const ProgramSummary &p : summary.programs) {
    table.add({p.name, std::to_string(p.inputs), std::to_string(p.outputs),
               std::to_string(p.statements), std::to_string(p.blobs),
               formatBytes(p.weightBytes)});
    statements += p.statements;
    blobs += p.blobs;
    bytes += p.weightBytes;
  }
  table.add({"total", "", "", std::to_string(statements), std::to_string(blobs),
             formatBytes(bytes)});
  table.print(os);
}

} // namespace orion::cli
