//===- DeviceRegistry.h - Devices by name -----------------------*- C++ -*-===//
//
// The one place that knows every device: the executor, `orion run` and
// `orion train` pick devices by name. It sits above the device libraries
// (devices/cpu, devices/sim), which only know the Device interface.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_EXEC_DEVICEREGISTRY_H
#define ORION_EXEC_DEVICEREGISTRY_H

#include "orion/devices/Device.h"

#include <memory>
#include <string>

namespace orion::rt {

/// "cpu" or "ane-sim" (and "ane" on Apple builds); nullptr with an error
/// message for other names.
Expected<std::unique_ptr<Device>> createDevice(const std::string &name);

} // namespace orion::rt

#endif // ORION_EXEC_DEVICEREGISTRY_H
