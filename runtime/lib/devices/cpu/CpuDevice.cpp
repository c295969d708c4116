//===- CpuDevice.cpp - The `cpu` device -----------------------------------===//

#include "orion/devices/cpu/CpuDevice.h"

#include "orion/format/Fp16.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace orion::rt::cpu {

CpuProgram::CpuProgram(milast::Function f, std::string dir)
    : CompiledProgram(std::move(f), std::move(dir)) {
  std::vector<std::string> in;
  for (const milast::TypedName &t : function_.inputs)
    in.push_back(t.name);
  for (size_t i : bindingOrder(in))
    inputNames.push_back(in[i]);
  for (size_t i : bindingOrder(function_.outputs))
    outputNames.push_back(function_.outputs[i]);
}

Status CpuDevice::checkFunction(const milast::Function &f) const {
  for (const milast::Operation &op : f.body)
    if (!findOpPlanner(op.op))
      return Error(std::string(kMILBufferName) + ":" + std::to_string(op.line) +
                   ":" + std::to_string(op.col) + ": op '" + op.op +
                   "' is not supported by the " + name() + " device");
  return Status::ok();
}

Expected<std::unique_ptr<CompiledProgram>>
CpuDevice::compile(const std::string &milText, const std::string &programDir) {
  if (Status s = beforeCompile(); !s)
    return s.error();
  auto parsed = milast::parseMIL(milText, kMILBufferName);
  if (!parsed)
    return parsed.error();
  const milast::Function *f = parsed->findFunction("main");
  if (!f && parsed->functions.size() == 1)
    f = &parsed->functions[0];
  if (!f)
    return Error(std::string(kMILBufferName) +
                 ": no function 'main' (and not exactly one function)");
  if (Status s = checkFunction(*f); !s)
    return s.error();
  ++counters_.compiles;
  return std::unique_ptr<CompiledProgram>(
      std::make_unique<CpuProgram>(*f, programDir));
}

static CpuProgram *asCpu(CompiledProgram &p) {
  return dynamic_cast<CpuProgram *>(&p);
}

Status CpuDevice::load(CompiledProgram &program) {
  CpuProgram *p = asCpu(program);
  if (!p)
    return Error(name() + ": program was not compiled by this device");
  if (p->loaded())
    return Error(name() + ": program is already loaded");
  if (Status s = plan(*p, nullptr); !s)
    return s;
  setLoaded(*p, true);
  ++counters_.loads;
  return Status::ok();
}

Status CpuDevice::reload(CompiledProgram &program) {
  CpuProgram *p = asCpu(program);
  if (!p || !p->loaded())
    return Device::reload(program);
  // Re-planning reads the patched BLOBFILEs; the scratch buffers move over
  // from the old plan instead of being allocated and zeroed again.
  std::unique_ptr<Plan> old = std::move(p->plan);
  ++counters_.unloads;
  if (Status s = plan(*p, old.get()); !s) {
    setLoaded(*p, false); // the old plan gave up buffers: not runnable
    return s;
  }
  ++counters_.loads;
  ++counters_.reloads;
  return Status::ok();
}

Status CpuDevice::plan(CpuProgram &program, Plan *recycle) {
  CpuProgram *p = &program;
  PlanOptions options = planOptions();
  options.recycle = recycle;
  auto plan =
      buildPlan(p->function(), p->programDir(), kMILBufferName, options);
  if (!plan)
    return plan.error();
  p->plan = std::move(*plan);
  // Binding order: surface k belongs to the k-th name alphabetically.
  p->inputIds.clear();
  p->outputIds.clear();
  std::vector<std::string> in;
  for (const milast::TypedName &t : p->function().inputs)
    in.push_back(t.name);
  for (size_t i : bindingOrder(in))
    p->inputIds.push_back(p->plan->inputs[i]);
  for (size_t i : bindingOrder(p->function().outputs))
    p->outputIds.push_back(p->plan->outputs[i]);
  return Status::ok();
}

// Checks one surface can hold value `v` packed in its dtype.
static Status checkSurface(const char *kind, size_t k, const std::string &name,
                           const Surface *s, const ValueInfo &v) {
  const size_t need = v.numel * dtypeSize(v.dtype);
  if (!s)
    return Error(std::string(kind) + " surface " + std::to_string(k) + " ('" +
                 name + "') is null");
  if (s->size() < need)
    return Error(std::string(kind) + " surface " + std::to_string(k) + " ('" +
                 name + "') holds " + std::to_string(s->size()) +
                 " bytes; the packed " + milDTypeName(v.dtype) + " " +
                 shapeString(v.shape) + " tensor needs " +
                 std::to_string(need));
  return Status::ok();
}

// Inputs used as gather indices hold integers inside the gathered axis.
static Status checkIndexInputs(const CpuProgram &p) {
  const Plan &plan = *p.plan;
  for (const Plan::IndexRange &r : plan.indexRanges)
    for (size_t k = 0; k < p.inputIds.size(); ++k) {
      if (p.inputIds[k] != r.value)
        continue;
      const float *x = plan.ptrs[size_t(r.value)];
      for (size_t i = 0; i < plan.values[size_t(r.value)].numel; ++i)
        if (!(x[i] >= 0 && x[i] < float(r.size)) || x[i] != std::floor(x[i]))
          return Error("input '" + p.inputNames[k] + "' element " +
                       std::to_string(i) + " is " + std::to_string(x[i]) +
                       ", not an index in [0, " + std::to_string(r.size) +
                       ") (a token id beyond the vocabulary?)");
    }
  return Status::ok();
}

Status CpuDevice::eval(CompiledProgram &program,
                       const std::vector<Surface *> &inputs,
                       const std::vector<Surface *> &outputs) {
  CpuProgram *p = asCpu(program);
  if (!p || !p->loaded())
    return Error(name() + ": eval of a program that is not loaded");
  Plan &plan = *p->plan;
  if (inputs.size() != p->inputIds.size() ||
      outputs.size() != p->outputIds.size())
    return Error(name() + ": program takes " +
                 std::to_string(p->inputIds.size()) + " input and " +
                 std::to_string(p->outputIds.size()) +
                 " output surfaces, got " + std::to_string(inputs.size()) +
                 " and " + std::to_string(outputs.size()));
  for (size_t k = 0; k < inputs.size(); ++k)
    if (Status s = checkSurface("input", k, p->inputNames[k], inputs[k],
                                plan.values[size_t(p->inputIds[k])]);
        !s)
      return s;
  for (size_t k = 0; k < outputs.size(); ++k)
    if (Status s = checkSurface("output", k, p->outputNames[k], outputs[k],
                                plan.values[size_t(p->outputIds[k])]);
        !s)
      return s;
  if (Status s = checkSurfaces(*p, inputs, outputs); !s)
    return s;
  // Surfaces another device allocated (IOSurfaces) are the CPU's only
  // while locked.
  SurfaceAccess reading(/*readOnly=*/true), writing(/*readOnly=*/false);
  for (Surface *in : inputs)
    reading.add(*in);
  for (Surface *out : outputs)
    writing.add(*out);
  if (!reading.status())
    return reading.status();
  if (!writing.status())
    return writing.status();

  // fp32 surfaces are bound to the plan directly (zero-copy): steps read
  // and write values through plan.ptrs at run time, so pointing an input
  // or output value at its surface needs no copy. Slot sharing is per value
  // and liveness-based, so no other value touches the surface. The original
  // pointers come back after the run.
  std::vector<std::pair<size_t, float *>> rebound;
  auto bind = [&](int id, Surface *surface) {
    float *&ptr = plan.ptrs[size_t(id)];
    rebound.emplace_back(size_t(id), ptr);
    ptr = reinterpret_cast<float *>(surface->data());
  };
  auto isF32 = [&](int id) {
    return plan.values[size_t(id)].dtype == DType::F32;
  };
  std::vector<bool> boundOut(outputs.size(), false);
  for (size_t k = 0; k < outputs.size(); ++k) {
    int id = p->outputIds[k];
    bool isInput = std::find(p->inputIds.begin(), p->inputIds.end(), id) !=
                   p->inputIds.end();
    bool repeated = std::find(p->outputIds.begin(), p->outputIds.begin() + k,
                              id) != p->outputIds.begin() + k;
    // A const returned as is has no step writing it: it is copied out.
    bool isConst = plan.values[size_t(id)].isConst;
    if (isF32(id) && !isInput && !repeated && !isConst) {
      bind(id, outputs[k]);
      boundOut[k] = true;
    }
  }

  // Packed reads: only the first numel elements, whatever the allocation.
  uint64_t bytesIn = 0, bytesOut = 0;
  for (size_t k = 0; k < inputs.size(); ++k) {
    const ValueInfo &v = plan.values[size_t(p->inputIds[k])];
    bytesIn += v.numel * dtypeSize(v.dtype);
    if (v.dtype == DType::F32) {
      bind(p->inputIds[k], inputs[k]);
      continue;
    }
    float *dst = plan.ptrs[size_t(p->inputIds[k])];
    if (v.dtype == DType::F16) {
      halvesToFloats(reinterpret_cast<const uint16_t *>(inputs[k]->data()), dst,
                     v.numel);
    } else if (v.dtype == DType::I32) {
      // Values are held as fp32 (exact up to 2^24): token ids, positions.
      const uint8_t *src = inputs[k]->data();
      for (size_t i = 0; i < v.numel; ++i) {
        int32_t x;
        std::memcpy(&x, src + 4 * i, 4);
        dst[i] = float(x);
      }
    } else {
      std::memcpy(dst, inputs[k]->data(), v.numel * sizeof(float));
    }
  }
  if (Status s = checkIndexInputs(*p); !s) {
    for (auto it = rebound.rbegin(); it != rebound.rend(); ++it)
      plan.ptrs[it->first] = it->second;
    return s;
  }
  plan.run();
  for (size_t k = 0; k < outputs.size(); ++k) {
    const ValueInfo &v = plan.values[size_t(p->outputIds[k])];
    bytesOut += v.numel * dtypeSize(v.dtype);
    if (boundOut[k])
      continue; // written in place
    const float *src = plan.ptrs[size_t(p->outputIds[k])];
    if (v.dtype == DType::F16) {
      floatsToHalves(src, reinterpret_cast<uint16_t *>(outputs[k]->data()),
                     v.numel);
    } else if (v.dtype == DType::I32) {
      uint8_t *out = outputs[k]->data();
      for (size_t i = 0; i < v.numel; ++i) {
        int32_t x = int32_t(std::lrint(src[i]));
        std::memcpy(out + 4 * i, &x, 4);
      }
    } else {
      std::memcpy(outputs[k]->data(), src, v.numel * sizeof(float));
    }
  }
  for (auto it = rebound.rbegin(); it != rebound.rend(); ++it)
    plan.ptrs[it->first] = it->second;
  ++counters_.evals;
  counters_.bytesIn += bytesIn;
  counters_.bytesOut += bytesOut;
  return Status::ok();
}

Status CpuDevice::unload(CompiledProgram &program) {
  CpuProgram *p = asCpu(program);
  if (!p || !p->loaded())
    return Error(name() + ": unload of a program that is not loaded");
  p->plan.reset();
  setLoaded(*p, false);
  ++counters_.unloads;
  return Status::ok();
}

} // namespace orion::rt::cpu
