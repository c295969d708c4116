//===- DeviceRegistry.cpp - Devices by name -------------------------------===//

#include "orion/exec/DeviceRegistry.h"

#include "orion/devices/cpu/CpuDevice.h"
#include "orion/devices/sim/AneSimDevice.h"

namespace orion::rt {

Expected<std::unique_ptr<Device>> createDevice(const std::string &name) {
  if (name == "cpu")
    return std::unique_ptr<Device>(std::make_unique<cpu::CpuDevice>());
  if (name == "ane-sim") {
    auto options = aneSimOptionsFromEnvironment();
    if (!options)
      return options.error();
    return createAneSimDevice(*options);
  }
  return Error("unknown device '" + name + "' (known: cpu, ane-sim)");
}

} // namespace orion::rt
