//===- Device.cpp - Reload and host surfaces ----------------------------===//

#include "orion/devices/Device.h"

namespace orion::rt {

Status Device::reload(CompiledProgram &program) {
  if (program.loaded())
    if (Status s = unload(program); !s)
      return s;
  if (Status s = load(program); !s)
    return s;
  ++counters_.reloads;
  return Status::ok();
}

Expected<std::unique_ptr<Surface>> Device::allocateSurface(size_t bytes) {
  return std::make_unique<Surface>(bytes);
}

} // namespace orion::rt
