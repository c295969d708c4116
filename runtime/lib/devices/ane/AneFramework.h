//===- AneFramework.h - AppleNeuralEngine.framework, opened ---*- ObjC++ -*-===//
//
// dlopen of the framework, its four classes by NSClassFromString and every
// selector of AneCallTable.h checked before the device makes a call. The
// framework is opened once per path and never closed: neither Objective-C
// runtime unloads classes.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DEVICES_ANE_ANEFRAMEWORK_H
#define ORION_DEVICES_ANE_ANEFRAMEWORK_H

#include "ANEPrivate.h"
#include "orion/devices/ane/AneDevice.h"
#include "orion/format/Error.h"

#include <string>

namespace orion::rt::ane_bridge {

struct AneFramework {
  std::string path;
  bool isStandIn = false;
  Class descriptorClass = nil; // _ANEInMemoryModelDescriptor
  Class modelClass = nil;      // _ANEInMemoryModel
  Class requestClass = nil;    // _ANERequest
  Class surfaceClass = nil;    // _ANEIOSurfaceObject
  /// The stand-in's reason for its last nil descriptor (the real framework
  /// gives none), or "".
  std::string lastRejection() const;

  void *handle = nullptr;
};

/// Opens `path` and checks classes and selectors; the Error says exactly
/// what is missing. Fills `probe`, when given, with every check's result.
Expected<const AneFramework *> openAneFramework(const std::string &path,
                                                AneProbe *probe = nullptr);

} // namespace orion::rt::ane_bridge

#endif // ORION_DEVICES_ANE_ANEFRAMEWORK_H
