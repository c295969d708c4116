//===- AneRules.h - What the ANE rejects, as checks -------------*- C++ -*-===//

#ifndef ORION_DEVICES_SIM_ANERULES_H
#define ORION_DEVICES_SIM_ANERULES_H

#include "orion/devices/Device.h"

#include <string>
#include <vector>

namespace orion::rt::sim {

/// Compile-time rules: rejected ops (constraints #1, #6, #10 and the ops
/// Orion's ANE target never emits), conv with bias=, inline matmul bools.
/// Errors name the op, its line and the constraint.
Status checkAneFunction(const milast::Function &f, const char *bufferName);

/// Eval-time rules: uniform input sizes (#12), uniform output sizes (#2),
/// the minimum surface size (#4); failures read like the ANE's status=0x1d.
/// `inputNames`/`outputNames` are in binding order, like the surfaces.
Status checkAneSurfaces(const std::vector<Surface *> &inputs,
                        const std::vector<std::string> &inputNames,
                        const std::vector<Surface *> &outputs,
                        const std::vector<std::string> &outputNames);

} // namespace orion::rt::sim

#endif // ORION_DEVICES_SIM_ANERULES_H
