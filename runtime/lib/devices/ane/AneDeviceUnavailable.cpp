//===- AneDeviceUnavailable.cpp - Builds without Objective-C++ -----------===//
//
// A build without macOS or GNUstep cannot compile the ane device; asking for
// it says why and what to install, instead of "unknown device".

#include "orion/devices/ane/AneDevice.h"

namespace orion::rt {

static const char *kWhy =
    "this build of Orion has no ane device: it needs macOS, or on Linux "
    "clang with GNUstep base (libgnustep-base-dev; scripts/install-deps.sh "
    "installs it) at configure time";

Expected<std::unique_ptr<Device>> createAneDevice(const AneOptions &) {
  return Error(kWhy);
}

AneProbe probeAneFramework(const AneOptions &options) {
  AneProbe probe;
  probe.frameworkPath = options.frameworkPath;
  probe.error = kWhy;
  return probe;
}

} // namespace orion::rt
