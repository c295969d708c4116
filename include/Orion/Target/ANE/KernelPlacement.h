//===- KernelPlacement.h - Which device a function runs on ------*- C++ -*-===//
//
// The ANE rules passes run on ANE programs only. Whoever placed a function
// on a device (the orion dialect, after orion-partition) says so through
// this dialect interface, so the ANE target never reads another dialect's
// attributes. A function no dialect places is a stand-alone MIL program
// (written by hand or imported) and is held to the ANE's rules.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TARGET_ANE_KERNELPLACEMENT_H
#define ORION_TARGET_ANE_KERNELPLACEMENT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectInterface.h"

#include <optional>

namespace mlir::orion {

enum class KernelPlacement {
  Standalone, // no dialect placed it: a MIL program of its own
  ANE,
  CPU,
  Host, // the function that calls the kernels
};

class KernelPlacementInterface
    : public DialectInterface::Base<KernelPlacementInterface> {
public:
  KernelPlacementInterface(Dialect *dialect) : Base(dialect) {}
  /// Where `func` runs, or nullopt when this dialect did not place it.
  virtual std::optional<KernelPlacement>
  placementOf(func::FuncOp func) const = 0;
};

/// What the loaded dialects' KernelPlacementInterfaces say about `func`, or
/// Standalone.
KernelPlacement placementOf(func::FuncOp func);

/// Gives the orion dialect its KernelPlacementInterface (from
/// `orion.device` and `orion.host`); the ANE passes add it to their
/// dependent dialects.
void registerOrionKernelPlacement(DialectRegistry &registry);

} // namespace mlir::orion

#endif // ORION_TARGET_ANE_KERNELPLACEMENT_H
