//===- AneRules.h - What the ANE rejects, as checks -------------*- C++ -*-===//

#ifndef ORION_DEVICES_SIM_ANERULES_H
#define ORION_DEVICES_SIM_ANERULES_H

#include "orion/devices/Device.h"

#include <string>
#include <vector>

namespace orion::rt::sim {

/// Compile-time rules (IDs of docs/ane-constraints.md): rejected ops
/// (ANE-NO-CONCAT, ANE-NO-GELU-SILU, ANE-SDPA-MASK, ANE-OP-SET), conv with
/// bias= (ANE-CONV-NO-BIAS), inline matmul bools (ANE-NAMED-CONST-ARGS).
/// Errors name the op, its line and the rule.
Status checkAneFunction(const milast::Function &f, const char *bufferName);

/// Eval-time rules: uniform input sizes (ANE-UNIFORM-INPUTS), uniform
/// output sizes (ANE-UNIFORM-OUTPUTS), the minimum surface size
/// (ANE-MIN-SURFACE); failures read like the ANE's status=0x1d.
/// `inputNames`/`outputNames` are in binding order, like the surfaces.
Status checkAneSurfaces(const std::vector<Surface *> &inputs,
                        const std::vector<std::string> &inputNames,
                        const std::vector<Surface *> &outputs,
                        const std::vector<std::string> &outputNames);

} // namespace orion::rt::sim

#endif // ORION_DEVICES_SIM_ANERULES_H
