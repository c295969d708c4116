//===- DeviceRegistry.cpp - Devices by name -------------------------------===//

#include "orion/exec/DeviceRegistry.h"

#include "orion/devices/ane/AneDevice.h"
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
  if (name == "ane") {
    auto options = aneOptionsFromEnvironment();
    if (!options)
      return options.error();
    return createAneDevice(*options);
  }
  return Error("unknown device '" + name + "' (known: cpu, ane-sim, ane)");
}

std::string resolveAutoDevice(std::string *why) {
  auto options = aneOptionsFromEnvironment();
  if (!options) {
    *why = options.error().message();
    return "cpu";
  }
  AneProbe probe = probeAneFramework(*options);
  if (!probe.error.empty()) {
    *why = "no ANE: " + probe.error;
    return "cpu";
  }
  if (probe.isStandIn) {
    *why = options->frameworkPath +
           " is Orion's contract stand-in, not Apple's framework";
    return "cpu";
  }
  *why = "AppleNeuralEngine.framework has every class and selector";
  return "ane";
}

} // namespace orion::rt
