//===- Device.cpp - Reload -----------------------------------------------===//

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

} // namespace orion::rt
