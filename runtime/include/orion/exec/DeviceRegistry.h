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

/// "cpu", "ane-sim" or "ane" (an error when this build or machine has no
/// ane device, saying why); an error for other names.
Expected<std::unique_ptr<Device>> createDevice(const std::string &name);

/// What `--device auto` means here: "ane" when Apple's framework opens with
/// every class and selector the ane device calls (the Linux stand-in does
/// not count: it is not an ANE), else "cpu". `why` says what decided.
std::string resolveAutoDevice(std::string *why);

} // namespace orion::rt

#endif // ORION_EXEC_DEVICEREGISTRY_H
