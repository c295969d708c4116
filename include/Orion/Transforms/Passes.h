//===- Passes.h - Passes on the orion dialect -------------------*- C++ -*-===//

#ifndef ORION_TRANSFORMS_PASSES_H
#define ORION_TRANSFORMS_PASSES_H

#include "Orion/Dialect/Orion/IR/OrionDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::orion {

/// How orion-decompose approximates the exact (erf) gelu.
enum class ExactGeluForm { Tanh, Sigmoid };

/// How orion-decompose computes 1/sqrt(v) in the norms.
enum class InverseSqrtForm { Pow, Rsqrt };

/// Which forward values orion-autodiff's backward ops recompute.
enum class RecomputePolicy { None, Pointwise };

/// How much of the model one kernel of orion-partition holds.
enum class PartitionGranularity { Block, Layer, Model };
/// Element type of the surfaces orion-assign-layout gives ANE kernels.
enum class SurfaceType { FP16, FP32 };

#define GEN_PASS_DECL
#include "Orion/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "Orion/Transforms/Passes.h.inc"

} // namespace mlir::orion

#endif // ORION_TRANSFORMS_PASSES_H
