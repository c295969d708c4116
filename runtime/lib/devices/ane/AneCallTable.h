//===- AneCallTable.h - The private calls the ane device makes -*- C++ -*-===//
//
// Every selector the device sends, with its receiver and the Objective-C
// type encoding measured on macOS 27 on an M2 (the logan-ane probe; table
// A.1.2 of the reference notes in docs/ane-device.md). The device checks at
// start-up that the framework answers each one; the stand-in's test checks
// that the declarations in ANEPrivate.h produce these encodings, so a wrong
// class-dump type (the QoS width, a missing argument) fails on Linux
// instead of mis-passing arguments on a Mac. Plain C++: the tests read it.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DEVICES_ANE_ANECALLTABLE_H
#define ORION_DEVICES_ANE_ANECALLTABLE_H

namespace orion::rt::ane_bridge {

struct AneCall {
  const char *className;
  bool classMethod; // sent to the Class, not to an instance
  const char *selector;
  const char *encoding; // as measured on macOS (BOOL is 'B' there)
};

inline constexpr AneCall kAneCalls[] = {
    {"_ANEInMemoryModelDescriptor", true, "modelWithMILText:weights:optionsPlist:",
     "@40@0:8@16@24@32"},
    {"_ANEInMemoryModel", true, "inMemoryModelWithDescriptor:", "@24@0:8@16"},
    {"_ANEInMemoryModel", false, "hexStringIdentifier", "@16@0:8"},
    {"_ANEInMemoryModel", false, "compileWithQoS:options:error:",
     "B36@0:8I16@20^@28"},
    {"_ANEInMemoryModel", false, "loadWithQoS:options:error:",
     "B36@0:8I16@20^@28"},
    {"_ANEInMemoryModel", false, "evaluateWithQoS:options:request:error:",
     "B44@0:8I16@20@28^@36"},
    {"_ANEInMemoryModel", false, "unloadWithQoS:error:", "B28@0:8I16^@20"},
    {"_ANEIOSurfaceObject", true, "objectWithIOSurface:",
     "@24@0:8^{__IOSurface=}16"},
    {"_ANERequest", true,
     "requestWithInputs:inputIndices:outputs:outputIndices:weightsBuffer:"
     "perfStats:procedureIndex:",
     "@72@0:8@16@24@32@40@48@56@64"},
};

/// The four classes the device needs; without any of them it is unavailable.
inline constexpr const char *kAneClasses[] = {
    "_ANEInMemoryModelDescriptor", "_ANEInMemoryModel", "_ANERequest",
    "_ANEIOSurfaceObject"};

} // namespace orion::rt::ane_bridge

#endif // ORION_DEVICES_ANE_ANECALLTABLE_H
