//===- Pipelines.cpp - Named pass pipelines -------------------------------===//

#include "Orion/Pipelines/Pipelines.h"

#include "Orion/Conversion/Passes.h"
#include "Orion/Dialect/MIL/Transforms/Passes.h"
#include "Orion/Target/ANE/Passes.h"
#include "Orion/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::orion;

namespace {

/// Partition, layout and MIL: everything after the graph-level passes.
void addKernelLowering(OpPassManager &pm, const ANEPipelineConfig &options) {
  OrionPartitionOptions partition;
  partition.granularity = options.granularity;
  ConvertOrionToMILOptions convert;
  convert.computeType = options.computeType;
  convert.weightType = options.weightType;
  // The host calls each kernel with the surfaces orion-assign-layout chose;
  // the compute type is cast to and from them inside the kernel.
  convert.keepIOType = true;
  OrionAssignLayoutOptions layout;
  layout.surfaceTypeOption = options.surfaceType;
  layout.packInputs = options.packInputs;

  // Kernels and the host plan, then surfaces at kernel boundaries.
  pm.addPass(createOrionPartition(partition));
  pm.addPass(createOrionAssignLayout(layout));
  // Kernel bodies to MIL, made legal for the ANE, named and packed.
  pm.addPass(createConvertOrionToMIL(convert));
  pm.addNestedPass<func::FuncOp>(mil::createMILLegalizeANE());
  pm.addNestedPass<func::FuncOp>(mil::createMILValidateANE());
  pm.addNestedPass<func::FuncOp>(mil::createMILAssignNames());
  pm.addNestedPass<func::FuncOp>(mil::createMILAssignBlobs());
}

/// Expand composites into ANE primitives, cancel what that leaves and keep
/// one copy of the tables (masks, RoPE) and gathers the layers repeat.
void addDecomposition(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(createOrionDecompose());
  pm.addNestedPass<func::FuncOp>(createOrionFuseCleanup());
  pm.addNestedPass<func::FuncOp>(mlir::createCSEPass());
}

} // namespace

void mlir::orion::buildANEInferencePipeline(OpPassManager &pm,
                                            const ANEPipelineConfig &options) {
  pm.addNestedPass<func::FuncOp>(createOrionFuseProjections());
  addDecomposition(pm);
  addKernelLowering(pm, options);
}

void mlir::orion::buildANETrainingPipeline(OpPassManager &pm,
                                           const ANEPipelineConfig &options) {
  // No projection fusion: the gradient of the split that takes a fused
  // projection apart is a concat, which the ANE rejects, so fusion would
  // put a CPU kernel between each layer's backward kernels.
  addDecomposition(pm);
  OrionAutodiffOptions autodiff;
  autodiff.recompute = options.recompute;
  autodiff.lossScaleInput = options.lossScale;
  pm.addNestedPass<func::FuncOp>(createOrionAutodiff(autodiff));
  // The backward pass repeats transposed weights, scalars and one-hots.
  pm.addNestedPass<func::FuncOp>(createOrionFuseCleanup());
  pm.addNestedPass<func::FuncOp>(mlir::createCSEPass());
  addKernelLowering(pm, options);
}

namespace {

/// The one list of settings, copied either way between ANEPipelineConfig
/// and ANEPipelineOptions.
template <typename To, typename From> void copySettings(To &to, const From &from) {
  to.granularity = from.granularity;
  to.computeType = from.computeType;
  to.weightType = from.weightType;
  to.surfaceType = from.surfaceType;
  to.packInputs = from.packInputs;
  to.lossScale = from.lossScale;
  to.recompute = from.recompute;
}

} // namespace

ANEPipelineConfig mlir::orion::toConfig(const ANEPipelineOptions &options) {
  ANEPipelineConfig config;
  copySettings(config, options);
  return config;
}

namespace {

/// `value` looked up in `option`'s own value list (the one the textual
/// pipeline parses), so the CLI and the pipeline accept the same words.
template <typename T>
llvm::Error pickValue(detail::PassOptions::Option<T> &option, llvm::StringRef value,
                      T &out) {
  std::string allowed;
  auto &parser = option.getParser();
  unsigned count = parser.getNumOptions();
  for (unsigned i = 0; i < count; ++i) {
    if (parser.getOption(i) == value) {
      out = static_cast<const llvm::cl::OptionValue<T> &>(
                parser.getOptionValue(i))
                .getValue();
      return llvm::Error::success();
    }
    allowed += (i == 0 ? "" : i + 1 == count ? " or " : ", ") +
               parser.getOption(i).str();
  }
  return llvm::createStringError("--" + option.ArgStr.str() + " must be " +
                                 allowed + ", got '" + value.str() + "'");
}

} // namespace

llvm::Error mlir::orion::setPipelineOption(ANEPipelineConfig &config,
                                           llvm::StringRef name,
                                           llvm::StringRef value) {
  ANEPipelineOptions options;
  if (name == "granularity")
    return pickValue(options.granularity, value, config.granularity);
  if (name == "compute-type")
    return pickValue(options.computeType, value, config.computeType);
  if (name == "weight-type")
    return pickValue(options.weightType, value, config.weightType);
  if (name == "surface-type")
    return pickValue(options.surfaceType, value, config.surfaceType);
  if (name == "recompute")
    return pickValue(options.recompute, value, config.recompute);
  return llvm::createStringError("no pipeline option --" + name.str());
}

std::string mlir::orion::pipelineKey(const ANEPipelineConfig &config) {
  ANEPipelineOptions options;
  copySettings(options, config);
  std::string text;
  llvm::raw_string_ostream os(text);
  options.print(os);
  return text;
}

void mlir::orion::registerOrionPipelines() {
  PassPipelineRegistration<ANEPipelineOptions>(
      "orion-ane-inference-pipeline",
      "Lower a whole-model orion function to ANE and CPU mil kernels and a "
      "host plan, ready for orion compile (docs/lowering-design.md)",
      [](OpPassManager &pm, const ANEPipelineOptions &options) {
        buildANEInferencePipeline(pm, toConfig(options));
      });
  PassPipelineRegistration<ANEPipelineOptions>(
      "orion-ane-training-pipeline",
      "Differentiate a whole-model loss function (orion-autodiff) and lower "
      "forward and backward to ANE and CPU mil kernels and a host plan that "
      "returns the loss and every parameter's gradient "
      "(docs/training-pipeline.md)",
      [](OpPassManager &pm, const ANEPipelineOptions &options) {
        buildANETrainingPipeline(pm, toConfig(options));
      });
}
