//===- CpuDevice.h - The `cpu` device: a MIL interpreter --------*- C++ -*-===//
//
// compile() parses and checks the MIL, load() plans it (cpu/Planner.h),
// eval() copies the input surfaces in, runs the plan's steps and copies the
// outputs out. ane-sim (sim/AneSimDevice.cpp) is this device plus the
// ANE's rules, through the protected hooks.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DEVICES_CPU_CPUDEVICE_H
#define ORION_DEVICES_CPU_CPUDEVICE_H

#include "orion/devices/cpu/Planner.h"

#include "orion/devices/Device.h"

namespace orion::rt::cpu {

/// Error positions in MIL text read `model.mil:LINE:COL`, the name the text
/// has inside a package.
constexpr const char *kMILBufferName = "model.mil";

class CpuProgram : public CompiledProgram {
public:
  CpuProgram(milast::Function f, std::string dir);
  /// Surface names in binding order (what surface k is for).
  std::vector<std::string> inputNames, outputNames;
  std::unique_ptr<Plan> plan;
  /// Value ids in binding order, filled at load.
  std::vector<int> inputIds, outputIds;
};

class CpuDevice : public Device {
public:
  std::string name() const override { return "cpu"; }
  Expected<std::unique_ptr<CompiledProgram>>
  compile(const std::string &milText, const std::string &programDir) override;
  Status load(CompiledProgram &program) override;
  Status eval(CompiledProgram &program, const std::vector<Surface *> &inputs,
              const std::vector<Surface *> &outputs) override;
  Status unload(CompiledProgram &program) override;
  Status reload(CompiledProgram &program) override;

protected:
  /// Plans `program` (binding order included), taking scratch buffers from
  /// `recycle` when given.
  Status plan(CpuProgram &program, Plan *recycle);
  /// Runs before parsing (ane-sim: the compile budget).
  virtual Status beforeCompile() { return Status::ok(); }
  /// Rejects functions the device cannot run; the cpu checks every op has
  /// a kernel.
  virtual Status checkFunction(const milast::Function &f) const;
  virtual PlanOptions planOptions() const { return {}; }
  /// Extra surface rules (ane-sim: uniform and minimum sizes).
  virtual Status checkSurfaces(const CpuProgram &,
                               const std::vector<Surface *> &,
                               const std::vector<Surface *> &) const {
    return Status::ok();
  }
};

} // namespace orion::rt::cpu

#endif // ORION_DEVICES_CPU_CPUDEVICE_H
