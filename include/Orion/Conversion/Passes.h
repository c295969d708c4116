//===- Passes.h - Conversions between Orion's dialects ----------*- C++ -*-===//

#ifndef ORION_CONVERSION_PASSES_H
#define ORION_CONVERSION_PASSES_H

#include "Orion/Dialect/MIL/IR/MILDialect.h"
#include "Orion/Dialect/Orion/IR/OrionDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::orion {

/// The element type kernels compute in (convert-orion-to-mil's
/// `compute-type`): `Auto` is fp16 on "ane" kernels and fp32 on "cpu" ones.
/// Also the type of `weight-type`, where `Auto` means the compute type.
enum class ComputeType { Auto, FP16, FP32 };

#define GEN_PASS_DECL
#include "Orion/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "Orion/Conversion/Passes.h.inc"

} // namespace mlir::orion

#endif // ORION_CONVERSION_PASSES_H
