//===- CompileModel.h - Orion IR or a model config to a package -*- C++ -*-===//
//
// The part of `orion compile` that turns a module into a package, shared by
// the commands that build a model in memory (`orion compile --model`,
// `orion generate`): orion-ane-inference-pipeline for a whole-model orion
// function (or only MIL names and blob offsets for mil kernels), then the
// package writer with weight values from a store.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DRIVER_COMPILEMODEL_H
#define ORION_DRIVER_COMPILEMODEL_H

#include "Orion/Frontend/ModelBuilder.h"
#include "Orion/Pipelines/Pipelines.h"
#include "Orion/Target/ANE/PackageWriter.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <string>

namespace mlir::orion {

/// Runs the pipeline configured by `pipeline` on `module` and writes the
/// package to `outputDir`. Diagnostics go to the module's context; on
/// failure they have been emitted. With `training`,
/// orion-ane-training-pipeline (orion-autodiff first) replaces
/// orion-ane-inference-pipeline.
FailureOr<PackageSummary>
compileModuleToPackage(ModuleOp module,
                       const ANEPipelineConfig &pipeline,
                       const PackageOptions &options,
                       llvm::StringRef outputDir, bool training = false);

/// How compileModel builds and reports.
struct ModelCompileOptions {
  ModelStep step = ModelStep::Forward;
  ::orion::rt::milast::MILSpelling spelling = ::orion::rt::milast::MILSpelling::Compact;
  bool printRemarks = true; // e.g. the partition's kernel count
};

/// Builds `step` for `config` at sequence (or cache) length `seq` and
/// compiles it (ModelStep::Train with the training pipeline) to `outputDir`, with weight values from `store` (zeros, to be
/// patched, when null). Warnings (and remarks, if asked) are printed to
/// stderr; errors come back in the returned Error.
llvm::Expected<PackageSummary>
compileModel(const ModelConfig &config, int64_t seq,
             const ::orion::rt::WeightStore *store,
             const ANEPipelineConfig &pipeline,
             llvm::StringRef outputDir,
             const ModelCompileOptions &options = {});

} // namespace mlir::orion

#endif // ORION_DRIVER_COMPILEMODEL_H
