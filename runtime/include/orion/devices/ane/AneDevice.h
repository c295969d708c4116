//===- AneDevice.h - The `ane` device ---------------------------*- C++ -*-===//
//
// Runs MIL programs on the Apple Neural Engine through the private
// AppleNeuralEngine.framework (dlopen'ed; docs/ane-device.md). On Linux the
// same Objective-C++ source runs against the contract stand-in, a library
// that implements the framework's classes as the public sources document
// them and evaluates with the ane-sim interpreter. Plain C++ interface: the
// Objective-C++ stays inside lib/devices/ane.
//
// Nothing here has run on Apple hardware yet (docs/ane-device.md says what
// the stand-in proves and what only a Mac can).
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DEVICES_ANE_ANEDEVICE_H
#define ORION_DEVICES_ANE_ANEDEVICE_H

#include "orion/devices/Device.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace orion::rt {

struct AneOptions {
  /// The framework binary (ORION_ANE_FRAMEWORK). Default: Apple's on macOS,
  /// the contract stand-in this build made on Linux.
  std::string frameworkPath;
  /// QoS passed to compile, load, evaluate and unload (ORION_ANE_QOS).
  unsigned qos = 21;
  /// Successful compiles allowed in this process (ORION_ANE_COMPILE_BUDGET);
  /// the ANE allows about 119 (docs/ane-constraints.md ANE-COMPILE-BUDGET).
  uint64_t compileBudget = 100;
  /// An evaluation that has not returned after this long is an error
  /// (ORION_ANE_EVAL_TIMEOUT, seconds).
  double evalTimeoutSeconds = 30;
  /// After each program's first weight reload, compare one evaluation with
  /// a fresh compile of the same weights (ORION_ANE_VERIFY=1).
  bool verifyReload = false;
  /// Keep every temp directory, not only those of failures
  /// (ORION_ANE_KEEP_TMPDIR=1).
  bool keepTempDirs = false;
};

/// The defaults, overridden by the ORION_ANE_* variables above; a malformed
/// value is an error naming the variable.
Expected<AneOptions> aneOptionsFromEnvironment();

/// Opens the framework and checks its classes and selectors; an error says
/// exactly what is missing.
Expected<std::unique_ptr<Device>> createAneDevice(const AneOptions &options);

/// What `orion doctor` reports about the framework.
struct AneProbe {
  std::string frameworkPath;
  bool frameworkLoaded = false;
  bool isStandIn = false; // the Linux contract stand-in, not Apple's
  std::vector<std::pair<std::string, bool>> classes;   // name, present
  std::vector<std::pair<std::string, bool>> selectors; // "Class sel", present
  std::string chip; // _ANEDeviceInfo's architecture and cores, if any
  std::string error; // empty when the device can be created
};
AneProbe probeAneFramework(const AneOptions &options);

} // namespace orion::rt

#endif // ORION_DEVICES_ANE_ANEDEVICE_H
