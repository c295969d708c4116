//===- CompileModel.cpp - Orion IR or a model config to a package ---------===//

#include "Orion/Driver/CompileModel.h"
#include "Orion/Driver/CliDiagnostics.h"

#include "Orion/Dialect/MIL/Transforms/Passes.h"
#include "Orion/InitAllDialects.h"
#include "Orion/Pipelines/Pipelines.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/SourceMgr.h"


namespace mlir::orion {

namespace {

/// True when every function outside the host plan is already mil: such a
/// module only needs MIL names and blob offsets.
bool isLowered(ModuleOp module) {
  bool lowered = true;
  module->walk([&](Operation *op) {
    auto func = op->getParentOfType<func::FuncOp>();
    if (op->getDialect() && op->getDialect()->getNamespace() == "orion" &&
        func && !func->hasAttr("orion.host"))
      lowered = false;
  });
  return lowered;
}

} // namespace

FailureOr<PackageSummary>
compileModuleToPackage(ModuleOp module,
                       const ANEPipelineConfig &pipeline,
                       const PackageOptions &options,
                       llvm::StringRef outputDir, bool training) {
  PassManager pm(module->getContext());
  if (!isLowered(module)) {
    if (training)
      buildANETrainingPipeline(pm, pipeline);
    else
      buildANEInferencePipeline(pm, pipeline);
  } else {
    pm.addNestedPass<func::FuncOp>(mil::createMILAssignNames());
    pm.addNestedPass<func::FuncOp>(mil::createMILAssignBlobs());
  }
  if (failed(pm.run(module)))
    return failure();
  return writePackage(module, outputDir, options);
}

llvm::Expected<PackageSummary>
compileModel(const ModelConfig &config, int64_t seq,
             const ::orion::rt::WeightStore *store,
             const ANEPipelineConfig &pipeline,
             llvm::StringRef outputDir,
             const ModelCompileOptions &compileOptions) {
  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext context(registry);
  context.printOpOnDiagnostic(false); // the messages say enough
  // Remarks and warnings are printed; errors become the returned message.
  llvm::SourceMgr sourceMgr;
  std::string errors;
  CliDiagnosticHandler diagnostics(
      sourceMgr, &context, compileOptions.printRemarks,
      [&](const std::string &error) {
        errors += (errors.empty() ? "" : "\n") + error;
      });

  OwningOpRef<ModuleOp> module(ModuleOp::create(UnknownLoc::get(&context)));
  ModelStep step = compileOptions.step;
  const char *name = step == ModelStep::Prefill ? "prefill"
                     : step == ModelStep::Decode ? "decode"
                     : step == ModelStep::Train  ? "train"
                                                 : "forward";
  auto func =
      buildModel(*module, config, seq, name, compileOptions.step);
  if (!func)
    return func.takeError();
  PackageOptions options;
  options.store = store;
  options.spelling = compileOptions.spelling;
  auto summary = compileModuleToPackage(*module, pipeline, options, outputDir,
                                        step == ModelStep::Train);
  if (failed(summary))
    return llvm::createStringError(errors.empty() ? "compiling the model failed"
                                                  : errors);
  return *summary;
}

} // namespace mlir::orion
