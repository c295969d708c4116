//===- AneSimDevice.cpp - The `ane-sim` device ----------------------------===//

#include "orion/devices/sim/AneSimDevice.h"
#include "orion/devices/cpu/CpuDevice.h"
#include "orion/devices/sim/AneRules.h"

#include <cstdlib>
#include <string>

namespace orion::rt {

namespace {

class AneSimDevice : public cpu::CpuDevice {
public:
  explicit AneSimDevice(const AneSimOptions &options) : options_(options) {}
  std::string name() const override { return "ane-sim"; }

protected:
  // Every call that reaches the compiler spends budget, as ANECCompile()
  // does on a Mac whether or not the program compiles.
  Status beforeCompile() override {
    if (attempts_ >= options_.compileBudget)
      return Error(
          "ane-sim: compile budget exhausted: " + std::to_string(attempts_) +
          " compiles already in this process (ANE-COMPILE-BUDGET: ~119 "
          "compile limit per process, silent failure after it; "
          "checkpoint and exec() a fresh process)");
    ++attempts_;
    return Status::ok();
  }
  Status checkFunction(const milast::Function &f) const override {
    if (Status s = sim::checkAneFunction(f, cpu::kMILBufferName); !s)
      return s;
    return cpu::CpuDevice::checkFunction(f);
  }
  cpu::PlanOptions planOptions() const override {
    cpu::PlanOptions o;
    o.allFloatsFp16 = true; // the ANE computes and stores in fp16
    return o;
  }
  Status checkSurfaces(const cpu::CpuProgram &p,
                       const std::vector<Surface *> &inputs,
                       const std::vector<Surface *> &outputs) const override {
    return sim::checkAneSurfaces(inputs, p.inputNames, outputs, p.outputNames);
  }

private:
  AneSimOptions options_;
  uint64_t attempts_ = 0;
};

} // namespace

Expected<AneSimOptions> aneSimOptionsFromEnvironment() {
  AneSimOptions options;
  const char *env = std::getenv("ORION_ANE_COMPILE_BUDGET");
  if (!env)
    return options;
  const std::string text = env;
  char *end = nullptr;
  unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || text[0] == '-' || end != text.c_str() + text.size())
    return Error("ORION_ANE_COMPILE_BUDGET='" + text +
                 "' is not a non-negative integer");
  options.compileBudget = v;
  return options;
}

std::unique_ptr<Device> createAneSimDevice(const AneSimOptions &options) {
  return std::make_unique<AneSimDevice>(options);
}

} // namespace orion::rt
