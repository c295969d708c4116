//===- Pipelines.cpp - Named pass pipelines -------------------------------===//

#include "Orion/Pipelines/Pipelines.h"

#include "Orion/Conversion/Passes.h"
#include "Orion/Dialect/MIL/Transforms/Passes.h"
#include "Orion/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::orion;

void mlir::orion::buildANEInferencePipeline(OpPassManager &pm,
                                            const ANEPipelineOptions &options) {
  OrionPartitionOptions partition;
  partition.granularity = options.granularity;
  ConvertOrionToMILOptions convert;
  convert.computeType = options.computeType;
  convert.weightType = options.weightType;
  OrionAssignLayoutOptions layout;
  layout.surfaceTypeOption = options.surfaceType;
  layout.packInputs = options.packInputs;

  // Graph level: fuse, then expand composites into ANE primitives.
  pm.addNestedPass<func::FuncOp>(createOrionFuseProjections());
  pm.addNestedPass<func::FuncOp>(createOrionDecompose());
  pm.addNestedPass<func::FuncOp>(createOrionFuseCleanup());
  // Layers repeat tables (masks, RoPE) and a decode step's gathers of them;
  // one copy of each is enough.
  pm.addNestedPass<func::FuncOp>(mlir::createCSEPass());
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

void mlir::orion::registerOrionPipelines() {
  PassPipelineRegistration<ANEPipelineOptions>(
      "orion-ane-inference-pipeline",
      "Lower a whole-model orion function to ANE and CPU mil kernels and a "
      "host plan, ready for orion compile (docs/lowering-design.md)",
      buildANEInferencePipeline);
}
