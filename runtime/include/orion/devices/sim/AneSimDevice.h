//===- AneSimDevice.h - The `ane-sim` device --------------------*- C++ -*-===//
//
// The cpu device plus the ANE's documented behaviour
// (docs/ane-constraints.md), so mistakes that silently corrupt data or fail
// on a Mac fail on Linux too: ops the ANE compiler rejects, the per-process
// compile budget, uniform and minimum surface sizes, fp16 rounding after
// every op. Binding order, packed reads and weights fixed until reload are
// the cpu device's own behaviour already.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DEVICES_SIM_ANESIMDEVICE_H
#define ORION_DEVICES_SIM_ANESIMDEVICE_H

#include "orion/ane/AneTarget.h"
#include "orion/devices/Device.h"

#include <cstdint>
#include <memory>

namespace orion::rt {

struct AneSimOptions {
  /// Compiles allowed per device instance (standing in for the process);
  /// every compile() call that reaches the compiler counts, failed or not.
  uint64_t compileBudget = ane::kCompileBudget; // ANE-COMPILE-BUDGET
};

/// Options from the environment: ORION_ANE_COMPILE_BUDGET overrides the
/// budget; a value that is not a non-negative integer is an error.
Expected<AneSimOptions> aneSimOptionsFromEnvironment();

std::unique_ptr<Device> createAneSimDevice(const AneSimOptions &options);

} // namespace orion::rt

#endif // ORION_DEVICES_SIM_ANESIMDEVICE_H
