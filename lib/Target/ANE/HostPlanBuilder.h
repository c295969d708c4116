//===- HostPlanBuilder.h - The host function as a manifest host plan -*- C++ -*-===//

#ifndef LIB_TARGET_ANE_HOSTPLANBUILDER_H
#define LIB_TARGET_ANE_HOSTPLANBUILDER_H

#include "orion/format/Manifest.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::orion {

namespace rt = ::orion::rt;

/// Turns the host function (attribute `orion.host`: only func.call,
/// orion.to_surface / orion.from_surface and func.return) into the
/// manifest's host plan. Kernels must already carry their MIL names.
FailureOr<rt::HostPlan> buildHostPlan(func::FuncOp host);

} // namespace mlir::orion

#endif // LIB_TARGET_ANE_HOSTPLANBUILDER_H
