//===- AneFramework.mm - Opening AppleNeuralEngine.framework --------------===//

#include "AneFramework.h"
#include "AneCallTable.h"
#include "AneObjC.h"

#include <dlfcn.h>

#include <map>
#include <memory>
#include <mutex>

namespace orion::rt::ane_bridge {

std::string AneFramework::lastRejection() const {
  using Fn = const char *(*)();
  auto fn = handle ? reinterpret_cast<Fn>(
                         dlsym(handle, "orion_ane_standin_last_rejection"))
                   : nullptr;
  const char *why = fn ? fn() : nullptr;
  return why ? why : "";
}

namespace {

/// Class and selector checks; every missing piece is listed.
Status checkCalls(AneFramework &fw, AneProbe *probe) {
  std::string missing;
  auto note = [&](const std::string &what) {
    missing += (missing.empty() ? "" : ", ") + what;
  };
  for (const char *name : kAneClasses) {
    Class c = NSClassFromString(nsString(name));
    if (probe)
      probe->classes.emplace_back(name, c != nil);
    if (!c)
      note(std::string("class ") + name);
  }
  fw.descriptorClass = NSClassFromString(@"_ANEInMemoryModelDescriptor");
  fw.modelClass = NSClassFromString(@"_ANEInMemoryModel");
  fw.requestClass = NSClassFromString(@"_ANERequest");
  fw.surfaceClass = NSClassFromString(@"_ANEIOSurfaceObject");
  for (const AneCall &call : kAneCalls) {
    Class c = NSClassFromString(nsString(call.className));
    SEL sel = NSSelectorFromString(nsString(call.selector));
    bool present = c && (call.classMethod ? [c respondsToSelector:sel]
                                          : [c instancesRespondToSelector:sel]);
    const std::string label = std::string(call.classMethod ? "+[" : "-[") +
                              call.className + " " + call.selector + "]";
    if (probe)
      probe->selectors.emplace_back(label, present);
    if (c && !present)
      note(label);
  }
  if (!missing.empty())
    return Error(fw.path + " lacks " + missing +
                 " (this framework version is not one the ane device "
                 "knows; docs/ane-device.md)");
  return Status::ok();
}

std::string chipOf() {
  Class info = NSClassFromString(@"_ANEDeviceInfo");
  if (!info)
    return "";
  std::string chip;
  if ([info respondsToSelector:@selector(aneArchitectureType)])
    chip = utf8([info aneArchitectureType]);
  if ([info respondsToSelector:@selector(numANECores)])
    chip += (chip.empty() ? "" : ", ") +
            std::to_string([info numANECores]) + " cores";
  if ([info respondsToSelector:@selector(hasANE)] && ![info hasANE])
    chip += (chip.empty() ? "" : ", ") + std::string("reports no ANE");
  return chip;
}

Status open(AneFramework &fw, AneProbe *probe) {
  // RTLD_LOCAL: the framework's symbols serve only what asks dlsym.
  fw.handle = dlopen(fw.path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!fw.handle) {
    const char *why = dlerror();
    return Error("cannot open the ANE framework " + fw.path + ": " +
                 (why ? why : "unknown dlopen error") +
                 " (set ORION_ANE_FRAMEWORK to its path)");
  }
  if (probe)
    probe->frameworkLoaded = true;
  fw.isStandIn = dlsym(fw.handle, "orion_ane_standin_identity") != nullptr;
  if (probe)
    probe->isStandIn = fw.isStandIn;
  return guarded("class lookup", [&]() -> Status {
    if (Status s = checkCalls(fw, probe); !s)
      return s;
    if (probe)
      probe->chip = chipOf();
    return Status::ok();
  });
}

} // namespace

Expected<const AneFramework *> openAneFramework(const std::string &path,
                                                AneProbe *probe) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<AneFramework>> opened;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = opened.find(path);
  if (it != opened.end()) {
    if (probe) { // the checks again, on a copy: devices hold the original
      AneFramework copy = *it->second;
      probe->frameworkPath = path;
      probe->frameworkLoaded = true;
      probe->isStandIn = copy.isStandIn;
      (void)guarded("class lookup", [&]() -> Status {
        probe->chip = chipOf();
        return checkCalls(copy, probe);
      });
    }
    return static_cast<const AneFramework *>(it->second.get());
  }
  auto fw = std::make_unique<AneFramework>();
  fw->path = path;
  if (probe)
    probe->frameworkPath = path;
  if (Status s = open(*fw, probe); !s) {
    if (probe)
      probe->error = s.error().message();
    return s.error();
  }
  const AneFramework *result = fw.get();
  opened[path] = std::move(fw); // never closed (see the header)
  return result;
}

} // namespace orion::rt::ane_bridge

namespace orion::rt {

AneProbe probeAneFramework(const AneOptions &options) {
  AneProbe probe;
  (void)ane_bridge::openAneFramework(options.frameworkPath, &probe);
  return probe;
}

} // namespace orion::rt
