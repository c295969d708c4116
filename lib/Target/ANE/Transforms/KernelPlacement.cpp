//===- KernelPlacement.cpp - Which device a function runs on --------------===//

#include "Orion/Target/ANE/KernelPlacement.h"

#include "Orion/Dialect/Orion/IR/OrionDialect.h"

#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace mlir::orion;

namespace {

/// orion-partition's placement: `orion.host`, or `orion.device`.
struct OrionKernelPlacement : public KernelPlacementInterface {
  using KernelPlacementInterface::KernelPlacementInterface;

  std::optional<KernelPlacement> placementOf(func::FuncOp func) const override {
    if (OrionDialect::isHost(func))
      return KernelPlacement::Host;
    StringAttr device = OrionDialect::getDevice(func);
    if (!device)
      return std::nullopt;
    return device.getValue() == "ane" ? KernelPlacement::ANE
                                      : KernelPlacement::CPU;
  }
};

} // namespace

KernelPlacement mlir::orion::placementOf(func::FuncOp func) {
  DialectInterfaceCollection<KernelPlacementInterface> placements(
      func.getContext());
  for (const KernelPlacementInterface &p : placements)
    if (std::optional<KernelPlacement> where = p.placementOf(func))
      return *where;
  return KernelPlacement::Standalone;
}

void mlir::orion::registerOrionKernelPlacement(DialectRegistry &registry) {
  registry.insert<OrionDialect>();
  registry.addExtension(+[](MLIRContext *, OrionDialect *dialect) {
    dialect->addInterfaces<OrionKernelPlacement>();
  });
}
