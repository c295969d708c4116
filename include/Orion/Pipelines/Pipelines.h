//===- Pipelines.h - Named pass pipelines -----------------------*- C++ -*-===//

#ifndef ORION_PIPELINES_PIPELINES_H
#define ORION_PIPELINES_PIPELINES_H

#include "Orion/Conversion/Passes.h"
#include "Orion/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "llvm/Support/Error.h"

#include <string>

namespace mlir::orion {

/// The ANE pipelines' settings as typed values: what `orion compile`,
/// `generate` and `train` set. ANEPipelineOptions below is their textual
/// pass-pipeline form and takes its defaults from here.
struct ANEPipelineConfig {
  PartitionGranularity granularity = PartitionGranularity::Layer;
  ComputeType computeType = ComputeType::Auto;
  ComputeType weightType = ComputeType::Auto;
  SurfaceType surfaceType = SurfaceType::FP16;
  bool packInputs = false;
  bool lossScale = false;
  RecomputePolicy recompute = RecomputePolicy::Pointwise;
};

/// Sets the enum option `name` of `config` (granularity, compute-type,
/// weight-type, surface-type or recompute, spelled as in the pipeline) from
/// `value`; otherwise an error "--NAME must be A, B or C, got 'VALUE'".
llvm::Error setPipelineOption(ANEPipelineConfig &config, llvm::StringRef name,
                              llvm::StringRef value);

/// Every setting as "name=value" text in the pipeline's spelling (a stable
/// key, e.g. for package caches).
std::string pipelineKey(const ANEPipelineConfig &config);

/// Options of `orion-ane-inference-pipeline`, `orion-ane-training-pipeline`
/// and `orion compile`.
struct ANEPipelineOptions : public PassPipelineOptions<ANEPipelineOptions> {
  PassOptions::Option<PartitionGranularity> granularity{
      *this, "granularity", llvm::cl::desc("kernel size"),
      llvm::cl::init(ANEPipelineConfig().granularity),
      llvm::cl::values(
          clEnumValN(PartitionGranularity::Layer, "layer",
                     "one kernel per transformer layer (default)"),
          clEnumValN(PartitionGranularity::Block, "block",
                     "one kernel per attention or MLP block"),
          clEnumValN(PartitionGranularity::Model, "model",
                     "as few kernels as the ANE's limits allow"))};
  PassOptions::Option<ComputeType> computeType{
      *this, "compute-type", llvm::cl::desc("element type inside kernels"),
      llvm::cl::init(ANEPipelineConfig().computeType),
      llvm::cl::values(
          clEnumValN(ComputeType::Auto, "auto",
                     "fp16 on the ANE, fp32 on the CPU (default)"),
          clEnumValN(ComputeType::FP16, "fp16", "fp16 everywhere"),
          clEnumValN(ComputeType::FP32, "fp32", "fp32 everywhere"))};
  PassOptions::Option<ComputeType> weightType{
      *this, "weight-type",
      llvm::cl::desc("element type conv and matmul weights are stored in"),
      llvm::cl::init(ANEPipelineConfig().weightType),
      llvm::cl::values(
          clEnumValN(ComputeType::Auto, "auto", "the compute type (default)"),
          clEnumValN(ComputeType::FP16, "fp16",
                     "fp16, cast to the compute type at use"),
          clEnumValN(ComputeType::FP32, "fp32",
                     "fp32, cast to the compute type at use"))};
  PassOptions::Option<SurfaceType> surfaceType{
      *this, "surface-type", llvm::cl::desc("ANE surface element type"),
      llvm::cl::init(ANEPipelineConfig().surfaceType),
      llvm::cl::values(clEnumValN(SurfaceType::FP16, "fp16", "fp16 (default)"),
                       clEnumValN(SurfaceType::FP32, "fp32", "fp32"))};
  PassOptions::Option<bool> packInputs{
      *this, "pack-inputs",
      llvm::cl::desc("share one input surface among kernel arguments of "
                     "equal sequence length"),
      llvm::cl::init(ANEPipelineConfig().packInputs)};
  PassOptions::Option<bool> lossScale{
      *this, "loss-scale",
      llvm::cl::desc("training: a `loss_scale` input seeds the backward pass, "
                     "so gradients come out scaled (fp16 loss scaling)"),
      llvm::cl::init(ANEPipelineConfig().lossScale)};
  PassOptions::Option<RecomputePolicy> recompute{
      *this, "recompute",
      llvm::cl::desc("training: forward values the backward pass recomputes "
                     "instead of saving"),
      llvm::cl::init(ANEPipelineConfig().recompute),
      llvm::cl::values(
          clEnumValN(RecomputePolicy::None, "none",
                     "none: save every value it reads"),
          clEnumValN(RecomputePolicy::Pointwise, "pointwise",
                     "elementwise ops of values it has anyway (default: "
                     "fewer forward-kernel outputs)"))};
};

/// The typed values of `options`.
ANEPipelineConfig toConfig(const ANEPipelineOptions &options);

/// whole-model orion func -> partitioned, laid-out, legal mil kernels with
/// MIL names and blob offsets, plus the host function; see
/// docs/lowering-design.md.
void buildANEInferencePipeline(OpPassManager &pm,
                               const ANEPipelineConfig &config);

/// A loss function -> the same, with orion-autodiff's gradients as extra
/// results and the backward ops in kernels of their own; see
/// docs/training-pipeline.md.
void buildANETrainingPipeline(OpPassManager &pm,
                              const ANEPipelineConfig &config);

/// Registers `orion-ane-inference-pipeline` and
/// `orion-ane-training-pipeline`.
void registerOrionPipelines();

} // namespace mlir::orion

#endif // ORION_PIPELINES_PIPELINES_H
