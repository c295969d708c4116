//===- Executor.cpp - Run a package's host plan ---------------------------===//

#include "orion/exec/Executor.h"
#include "orion/exec/DeviceRegistry.h"
#include "orion/format/BlobFile.h"
#include "orion/format/DType.h"
#include "orion/format/Finite.h"
#include "orion/format/Fp16.h"
#include "orion/format/Memory.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>

namespace orion::rt {

namespace fs = std::filesystem;

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

static int64_t product(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

static std::string shapeStr(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

//===----------------------------------------------------------------------===//
// Program cache
//===----------------------------------------------------------------------===//

CompiledProgram *ProgramCache::find(const std::string &key) const {
  auto it = programs_.find(key);
  return it == programs_.end() ? nullptr : it->second.get();
}

CompiledProgram *ProgramCache::insert(const std::string &key,
                              std::unique_ptr<CompiledProgram> program) {
  auto &slot = programs_[key];
  slot = std::move(program);
  return slot.get();
}

ProgramCache &programCache() {
  static ProgramCache cache;
  return cache;
}

//===----------------------------------------------------------------------===//
// Surfaces <-> host tensors
//===----------------------------------------------------------------------===//

namespace {

/// A surface's element type, decided once per copy: comparing the dtype
/// string per element cost a tenth of a train step (8M-element logits).
/// Surfaces hold fp16, int32 or (anything else) fp32.
DType elemOf(const std::string &dtype) {
  return dtype == "fp16" ? DType::F16 : dtype == "int32" ? DType::I32 : DType::F32;
}

void storeElement(Surface &surface, DType dtype, size_t index, float value) {
  switch (dtype) {
  case DType::F16: {
    uint16_t h = floatToHalf(value);
    std::memcpy(surface.data() + 2 * index, &h, 2);
    return;
  }
  case DType::I32: {
    int32_t i = int32_t(std::lrint(value));
    std::memcpy(surface.data() + 4 * index, &i, 4);
    return;
  }
  default: // fp32
    std::memcpy(surface.data() + 4 * index, &value, 4);
    return;
  }
}

float loadElement(const Surface &surface, DType dtype, size_t index) {
  switch (dtype) {
  case DType::F16: {
    uint16_t h;
    std::memcpy(&h, surface.data() + 2 * index, 2);
    return halfToFloat(h);
  }
  case DType::I32: {
    int32_t i;
    std::memcpy(&i, surface.data() + 4 * index, 4);
    return float(i);
  }
  default: // fp32
    break;
  }
  float f;
  std::memcpy(&f, surface.data() + 4 * index, 4);
  return f;
}

/// Copies rows [firstRow, firstRow + rows) of host tensor `t` (whose rows
/// are `t`'s own, starting at row 0 of `t`) into `surface` under `binding`.
/// One loop per layout and dtype: a decode step moves whole caches.
void copyInLocked(Surface &surface, const SurfaceSpec &spec,
                  const SurfaceBinding &binding, const HostTensor &t,
                  int64_t firstRow) {
  size_t n = size_t(t.elementCount());
  bool f32 = t.dtype == "fp32";
  const DType elem = elemOf(spec.dtype);
  auto value = [&](size_t i) { return f32 ? t.f32[i] : float(t.i32[i]); };
  if (binding.layout != "channels") {
    size_t base = size_t(firstRow) * (t.shape.empty() ? 1 : size_t(t.shape.back()));
    if (f32 && elem == DType::F32) // a CPU kernel's fp32 input: one copy
      std::memcpy(surface.data() + 4 * base, t.f32.data(), 4 * n);
    else if (!f32 && elem == DType::I32)
      std::memcpy(surface.data() + 4 * base, t.i32.data(), 4 * n);
    else
      for (size_t i = 0; i < n; ++i)
        storeElement(surface, elem, base + i, value(i));
    return;
  }
  // Host [S, C] row-major -> surface [1, Ct, 1, Ss] channel-major.
  RowsChannels m = rowsChannels(t.shape);
  size_t channels = size_t(m.channels), rows = size_t(m.rows);
  size_t seq = size_t(spec.shape[3]), offset = size_t(binding.channelOffset);
  size_t first = size_t(firstRow);
  if (elem == DType::F32 && f32) {
    float *dst = reinterpret_cast<float *>(surface.data());
    for (size_t c = 0; c < channels; ++c)
      for (size_t s = 0; s < rows; ++s)
        dst[(offset + c) * seq + first + s] = t.f32[s * channels + c];
    return;
  }
  for (size_t c = 0; c < channels; ++c)
    for (size_t s = 0; s < rows; ++s)
      storeElement(surface, elem, (offset + c) * seq + first + s,
                   value(s * channels + c));
}

/// Reads host tensor `t` (already shaped) from `surface` under `binding`.
void copyOutLocked(const Surface &surface, const SurfaceSpec &spec,
                   const SurfaceBinding &binding, HostTensor &t) {
  const DType elem = elemOf(spec.dtype);
  if (t.dtype == "int32") {
    // An int32 host tensor (ids, argmax): integers, never via float.
    auto at = [&](size_t i) {
      int32_t v;
      if (elem == DType::I32)
        std::memcpy(&v, surface.data() + 4 * i, 4);
      else
        v = int32_t(std::lrint(loadElement(surface, elem, i)));
      return v;
    };
    if (binding.layout != "channels") {
      for (size_t i = 0; i < t.i32.size(); ++i)
        t.i32[i] = at(i);
      return;
    }
    RowsChannels m = rowsChannels(t.shape);
    size_t channels = size_t(m.channels), rows = size_t(m.rows);
    size_t seq = size_t(spec.shape[3]), offset = size_t(binding.channelOffset);
    for (size_t c = 0; c < channels; ++c)
      for (size_t s = 0; s < rows; ++s)
        t.i32[s * channels + c] = at((offset + c) * seq + s);
    return;
  }
  if (binding.layout != "channels") {
    if (elem == DType::F32)
      std::memcpy(t.f32.data(), surface.data(), 4 * t.f32.size());
    else
      for (size_t i = 0; i < t.f32.size(); ++i)
        t.f32[i] = loadElement(surface, elem, i);
    return;
  }
  RowsChannels m = rowsChannels(t.shape);
  size_t channels = size_t(m.channels), rows = size_t(m.rows);
  size_t seq = size_t(spec.shape[3]), offset = size_t(binding.channelOffset);
  if (elem == DType::F32) {
    const float *src = reinterpret_cast<const float *>(surface.data());
    for (size_t c = 0; c < channels; ++c)
      for (size_t s = 0; s < rows; ++s)
        t.f32[s * channels + c] = src[(offset + c) * seq + s];
    return;
  }
  for (size_t c = 0; c < channels; ++c)
    for (size_t s = 0; s < rows; ++s)
      t.f32[s * channels + c] =
          loadElement(surface, elem, (offset + c) * seq + s);
}

/// copyInLocked and copyOutLocked with the surface locked around them (an
/// IOSurface's memory is the CPU's only between lock and unlock).
Status copyIn(Surface &surface, const SurfaceSpec &spec,
              const SurfaceBinding &binding, const HostTensor &t,
              int64_t firstRow) {
  SurfaceAccess access(surface, /*readOnly=*/false);
  if (!access.status())
    return access.status();
  copyInLocked(surface, spec, binding, t, firstRow);
  return Status::ok();
}

Status copyOut(const Surface &surface, const SurfaceSpec &spec,
               const SurfaceBinding &binding, HostTensor &t) {
  SurfaceAccess access(surface, /*readOnly=*/true);
  if (!access.status())
    return access.status();
  copyOutLocked(surface, spec, binding, t);
  return Status::ok();
}

size_t surfaceBytesNeeded(const SurfaceSpec &s) {
  return size_t(product(s.shape)) * (s.dtype == "fp16" ? 2 : 4);
}

Status checkHostInput(const std::string &name, const HostTensorSpec &spec,
                      const HostTensor &t) {
  if (t.shape != spec.shape || t.dtype != spec.dtype)
    return Error("input '" + name + "' is " + t.dtype + " " +
                 shapeStr(t.shape) + " but the package expects " + spec.dtype +
                 " " + shapeStr(spec.shape));
  size_t n = size_t(t.elementCount());
  if ((t.dtype == "fp32" ? t.f32.size() : t.i32.size()) != n)
    return Error("input '" + name + "' holds the wrong number of elements");
  if (t.dtype == "fp32")
    for (size_t i = 0; i < n; ++i)
      if (!std::isfinite(t.f32[i]))
        return Error("input '" + name + "' has a non-finite value (" +
                     std::to_string(t.f32[i]) + ") at element " +
                     std::to_string(i));
  return Status::ok();
}

float hostElement(const HostTensor &t, size_t i) {
  return t.dtype == "fp32" ? t.f32[i] : float(t.i32[i]);
}

} // namespace

//===----------------------------------------------------------------------===//
// Executor
//===----------------------------------------------------------------------===//

Expected<std::unique_ptr<Executor>>
Executor::open(const std::string &pkgDir, const Options &options) {
  return catchOutOfMemory(pkgDir, [&] { return openImpl(pkgDir, options); });
}

Expected<std::unique_ptr<Executor>>
Executor::openImpl(const std::string &pkgDir, const Options &options) {
  auto pkg = Package::open(pkgDir);
  if (!pkg)
    return pkg.error();
  if (!options.allowNonFinite)
    if (Status s = checkFiniteWeights(*pkg); !s)
      return s.error();
  std::unique_ptr<Executor> ex(new Executor(std::move(*pkg)));
  auto ane = createDevice(options.device);
  if (!ane)
    return ane.error();
  auto cpu = createDevice("cpu");
  if (!cpu)
    return cpu.error();
  ex->ane_ = std::move(*ane);
  ex->cpu_ = std::move(*cpu);
  return ex;
}

const Device &Executor::device(const std::string &placement) const {
  return placement == "cpu" ? *cpu_ : *ane_;
}

Expected<Executor::Loaded *> Executor::load(const std::string &name) {
  auto found = loaded_.find(name);
  if (found != loaded_.end())
    return &found->second;
  const ProgramSpec *spec = pkg_.manifest().findProgram(name);
  if (!spec)
    return Error(pkg_.dir() + ": no program '" + name + "'");
  Loaded l;
  l.spec = spec;
  l.device = spec->device == "cpu" ? cpu_.get() : ane_.get();
  auto text = readFile(pkg_.path(spec->milFile));
  if (!text)
    return text.error();
  std::string mil(text->begin(), text->end());
  const std::string programDir =
      fs::path(pkg_.path(spec->milFile)).parent_path().string();
  const std::string key = l.device->name() + "\n" +
                          fs::absolute(programDir).lexically_normal().string() +
                          "\n" + mil;
  l.program = programCache().find(key);
  if (!l.program) {
    auto compiled = l.device->compile(mil, programDir);
    if (!compiled)
      return compiled.error();
    l.program = programCache().insert(key, std::move(*compiled));
  }
  if (!l.program->loaded())
    if (Status s = l.device->load(*l.program); !s)
      return s.error();
  // Surfaces in binding order, sized as the manifest says.
  auto slots = [&](const std::vector<SurfaceSpec> &specs,
                  std::vector<std::unique_ptr<Surface>> &surfaces,
                  std::vector<size_t> &order) {
    order.assign(specs.size(), 0);
    for (size_t i = 0; i < specs.size(); ++i)
      order[size_t(specs[i].binding)] = i;
    for (size_t slot = 0; slot < specs.size(); ++slot) {
      const SurfaceSpec &s = specs[order[slot]];
      if (Status st = checkAllocation(
              s.surfaceBytes, pkg_.dir() + "/manifest.json: program '" +
                                  name + "' surface '" + s.name +
                                  "' (surface_bytes)");
          !st)
        return st;
      auto surface = l.device->allocateSurface(s.surfaceBytes);
      if (!surface)
        return Status(Error("program '" + name + "' surface '" + s.name +
                            "': " + surface.error().message()));
      surfaces.push_back(std::move(*surface));
    }
    return Status::ok();
  };
  if (Status s = slots(spec->inputs, l.inputs, l.inputOrder); !s)
    return s.error();
  if (Status s = slots(spec->outputs, l.outputs, l.outputOrder); !s)
    return s.error();
  return &(loaded_[name] = std::move(l));
}

Status Executor::call(Loaded &l, std::vector<StepTiming> *timings,
                      const std::vector<Surface *> &override) {
  std::vector<Surface *> in, out;
  for (size_t i = 0; i < l.inputs.size(); ++i)
    in.push_back(i < override.size() && override[i] ? override[i]
                                                     : l.inputs[i].get());
  for (auto &s : l.outputs)
    out.push_back(s.get());
  auto start = std::chrono::steady_clock::now();
  Status s = l.device->eval(*l.program, in, out);
  if (timings)
    timings->push_back(
        {l.spec->name, l.device->name(),
         std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       start)
             .count()});
  if (!s)
    return Error("program '" + l.spec->name + "': " + s.error().message());
  return Status::ok();
}

/// The surface (slot) of `loaded` holding the MIL value `name`.
static Surface *surfaceNamed(const std::vector<SurfaceSpec> &specs,
                             const std::vector<std::unique_ptr<Surface>> &slots,
                             const std::string &name,
                             const SurfaceSpec **spec) {
  for (const SurfaceSpec &s : specs)
    if (s.name == name) {
      *spec = &s;
      return slots[size_t(s.binding)].get();
    }
  return nullptr;
}

/// Consecutive kernels hand a tensor over through the producer's surface
/// when the consumer's surface is the same thing: both bound channel-major
/// at channel 0, same MIL shape, dtype and allocation size (the ANE checks
/// allocation sizes: docs/ane-constraints.md ANE-UNIFORM-OUTPUTS,
/// ANE-UNIFORM-INPUTS). The tensor then never visits the host, unless the
/// plan returns it or another consumer reads it there.
Status Executor::planRoutes() {
  const HostPlan &plan = *pkg_.manifest().hostPlan;
  std::map<std::string, int> calls;
  for (const HostStep &step : plan.steps)
    ++calls[step.program];
  std::vector<std::vector<Route>> routes(plan.steps.size());
  for (const HostTensorSpec &out : plan.outputs)
    needsHost_.insert(out.name);
  auto specOf = [&](const std::vector<SurfaceSpec> &specs,
                    const std::string &name) -> const SurfaceSpec * {
    for (const SurfaceSpec &s : specs)
      if (s.name == name)
        return &s;
    return nullptr;
  };
  for (size_t s = 0; s < plan.steps.size(); ++s) {
    const HostStep &step = plan.steps[s];
    auto loaded = load(step.program);
    if (!loaded)
      return loaded.error();
    routes[s].resize(step.inputs.size());
    for (size_t i = 0; i < step.inputs.size(); ++i) {
      const SurfaceBinding &in = step.inputs[i];
      // The latest earlier step producing the tensor.
      for (int p = int(s) - 1; p >= 0 && routes[s][i].step < 0; --p) {
        const HostStep &producer = plan.steps[size_t(p)];
        for (size_t o = 0; o < producer.outputs.size(); ++o) {
          const SurfaceBinding &out = producer.outputs[o];
          if (out.tensor != in.tensor)
            continue;
          const SurfaceSpec *a =
              specOf(loaded_.at(producer.program).spec->outputs, out.surface);
          const SurfaceSpec *b = specOf((*loaded)->spec->inputs, in.surface);
          bool same = a && b && calls[producer.program] == 1 &&
                      out.layout == "channels" && in.layout == "channels" &&
                      out.channelOffset == 0 && in.channelOffset == 0 &&
                      a->shape == b->shape && a->dtype == b->dtype &&
                      a->surfaceBytes == b->surfaceBytes &&
                      (*loaded)->device->canBind(
                          *loaded_.at(producer.program).outputs[size_t(a->binding)]);
          if (same)
            routes[s][i] = {p, o};
          p = -1; // found the producer, routed or not
          break;
        }
      }
      if (routes[s][i].step < 0)
        needsHost_.insert(in.tensor);
    }
  }
  routes_ = std::move(routes);
  return Status::ok();
}

Expected<TensorMap> Executor::run(const TensorMap &inputs,
                                  std::vector<StepTiming> *timings) {
  return catchOutOfMemory(pkg_.dir(),
                          [&] { return runImpl(inputs, timings); });
}

Expected<TensorMap> Executor::runImpl(const TensorMap &inputs,
                                      std::vector<StepTiming> *timings) {
  if (!pkg_.manifest().hostPlan)
    return Error(pkg_.dir() +
                 ": the package has no host plan; run one program with "
                 "--program NAME");
  const HostPlan &plan = *pkg_.manifest().hostPlan;
  // Inputs are read in place; only what kernels produce is stored here.
  std::map<std::string, const HostTensor *> tensors;
  TensorMap produced;
  for (const HostTensorSpec &spec : plan.inputs) {
    auto it = inputs.find(spec.name);
    if (it == inputs.end()) {
      if (resident_.count(spec.name))
        continue;
      return Error("missing input '" + spec.name + "' (" + spec.dtype + " " +
                   shapeStr(spec.shape) + ")");
    }
    if (Status s = checkHostInput(spec.name, spec, it->second); !s)
      return s.error();
    tensors[spec.name] = &it->second;
  }
  for (const auto &[name, t] : inputs)
    if (!tensors.count(name))
      return Error("the host plan has no input '" + name + "'");
  if (!routes_)
    if (Status s = planRoutes(); !s)
      return s.error();

  for (size_t s = 0; s < plan.steps.size(); ++s) {
    const HostStep &step = plan.steps[s];
    auto loaded = load(step.program);
    if (!loaded)
      return loaded.error();
    Loaded &l = **loaded;
    std::vector<Surface *> override(l.inputs.size(), nullptr);
    for (size_t i = 0; i < step.inputs.size(); ++i) {
      const SurfaceBinding &b = step.inputs[i];
      const SurfaceSpec *spec = nullptr;
      Surface *surface = surfaceNamed(l.spec->inputs, l.inputs, b.surface, &spec);
      if (Route r = (*routes_)[s][i]; r.step >= 0) {
        const HostStep &producer = plan.steps[size_t(r.step)];
        const Loaded &from = loaded_.at(producer.program);
        const SurfaceSpec *fromSpec = nullptr;
        Surface *out = surfaceNamed(from.spec->outputs, from.outputs,
                                    producer.outputs[r.output].surface,
                                    &fromSpec);
        override[size_t(spec->binding)] = out;
        ++surfacesPassed_;
        continue;
      }
      auto it = tensors.find(b.tensor);
      if (it == tensors.end() && resident_.count(b.tensor))
        continue; // already in its surface
      if (!surface || it == tensors.end())
        return Error("step '" + step.program + "' reads '" + b.tensor +
                     "', which no earlier step produced");
      if (Status st = copyIn(*surface, *spec, b, *it->second, 0); !st)
        return st.error();
      ++hostCopies_;
    }
    if (Status st = call(l, timings, override); !st)
      return st.error();
    for (const SurfaceBinding &b : step.outputs) {
      if (!needsHost_.count(b.tensor))
        continue; // only kernels read it, from this surface
      const SurfaceSpec *spec = nullptr;
      Surface *surface =
          surfaceNamed(l.spec->outputs, l.outputs, b.surface, &spec);
      const HostTensorSpec *hostSpec = plan.findTensor(b.tensor);
      HostTensor &t = produced[b.tensor];
      // A fresh tensor already has the shape [] of a rank-0 output (a loss)
      // but not its one element.
      const size_t n = size_t(product(hostSpec->shape));
      if (hostSpec->dtype == "int32") {
        if (t.shape != hostSpec->shape || t.i32.size() != n)
          t = HostTensor::int32(hostSpec->shape, std::vector<int32_t>(n));
      } else if (t.shape != hostSpec->shape || t.f32.size() != n) {
        t = HostTensor::fp32(hostSpec->shape, std::vector<float>(n));
      }
      if (Status st = copyOut(*surface, *spec, b, t); !st)
        return st.error();
      ++hostCopies_;
      tensors[b.tensor] = &t;
    }
  }
  TensorMap outputs;
  for (const HostTensorSpec &spec : plan.outputs) {
    auto it = produced.find(spec.name);
    if (it == produced.end())
      return Error("the host plan never produces output '" + spec.name + "'");
    outputs[spec.name] = std::move(it->second);
  }
  return outputs;
}

Status Executor::prepare() {
  return catchOutOfMemory(pkg_.dir(), [&]() -> Status {
    if (!pkg_.manifest().hostPlan)
      return Error(pkg_.dir() + ": the package has no host plan");
    for (const HostStep &step : pkg_.manifest().hostPlan->steps)
      if (auto loaded = load(step.program); !loaded)
        return loaded.error();
    return Status::ok();
  });
}

Status Executor::makeResident(const std::string &name,
                              const HostTensor &initial) {
  const HostPlan *plan = pkg_.manifest().hostPlan ? &*pkg_.manifest().hostPlan
                                                   : nullptr;
  const HostTensorSpec *spec = nullptr;
  if (plan)
    for (const HostTensorSpec &s : plan->inputs)
      if (s.name == name)
        spec = &s;
  if (!spec)
    return Error("the host plan has no input '" + name + "'");
  if (Status s = checkHostInput(name, *spec, initial); !s)
    return s.error();
  // A surface range that also receives another tensor would not keep this
  // one (packed neighbours in other channel ranges are fine).
  auto channels = [&](const SurfaceBinding &b) {
    const HostTensorSpec *t = plan->findTensor(b.tensor);
    int64_t c = t ? rowsChannels(t->shape).channels : 0;
    return std::pair(b.channelOffset, b.channelOffset + c);
  };
  for (const HostStep &step : plan->steps)
    for (const SurfaceBinding &b : step.inputs)
      if (b.tensor == name)
        for (const HostStep &other : plan->steps)
          for (const SurfaceBinding &o : other.inputs) {
            auto [b0, b1] = channels(b);
            auto [o0, o1] = channels(o);
            bool disjoint = b.layout == "channels" &&
                            o.layout == "channels" && (o1 <= b0 || b1 <= o0);
            if (other.program == step.program && o.surface == b.surface &&
                o.tensor != name && !disjoint)
              return Error("input '" + name + "' shares a surface of '" +
                           step.program + "' with '" + o.tensor +
                           "', so it cannot stay resident");
          }
  resident_.insert(name);
  return writeRows(name, 0, initial);
}

Status Executor::writeRows(const std::string &name, int64_t firstRow,
                           const HostTensor &rows) {
  if (!resident_.count(name))
    return Error("input '" + name + "' is not resident");
  const HostPlan &plan = *pkg_.manifest().hostPlan;
  const HostTensorSpec *spec = plan.findTensor(name);
  if (rows.shape.size() != spec->shape.size() || rows.dtype != spec->dtype ||
      firstRow < 0 || (spec->shape.size() != 2 && firstRow != 0) ||
      (!spec->shape.empty() &&
       (firstRow + rows.shape[0] > spec->shape[0] ||
        !std::equal(rows.shape.begin() + 1, rows.shape.end(),
                    spec->shape.begin() + 1))))
    return Error("rows " + shapeStr(rows.shape) + " at row " +
                 std::to_string(firstRow) + " do not fit input '" + name +
                 "' (" + spec->dtype + " " + shapeStr(spec->shape) + ")");
  for (const HostStep &step : plan.steps)
    for (const SurfaceBinding &b : step.inputs) {
      if (b.tensor != name)
        continue;
      auto loaded = load(step.program);
      if (!loaded)
        return loaded.error();
      const SurfaceSpec *surfaceSpec = nullptr;
      Surface *surface = surfaceNamed((*loaded)->spec->inputs,
                                      (*loaded)->inputs, b.surface,
                                      &surfaceSpec);
      if (Status s = copyIn(*surface, *surfaceSpec, b, rows, firstRow); !s)
        return s;
    }
  return Status::ok();
}

Expected<TensorMap> Executor::runProgram(const std::string &program,
                                         const TensorMap &inputs,
                                         std::vector<StepTiming> *timings) {
  auto loaded = load(program);
  if (!loaded)
    return loaded.error();
  Loaded &l = **loaded;
  for (const SurfaceSpec &spec : l.spec->inputs) {
    auto it = inputs.find(spec.name);
    if (it == inputs.end())
      return Error("missing input '" + spec.name + "' of program '" +
                   program + "' (" + shapeStr(spec.shape) + ")");
    HostTensorSpec hostSpec{spec.name, spec.shape, it->second.dtype};
    if (Status s = checkHostInput(spec.name, hostSpec, it->second); !s)
      return s.error();
    Surface &surface = *l.inputs[size_t(spec.binding)];
    if (surface.size() < surfaceBytesNeeded(spec))
      return Error("surface of '" + spec.name + "' is too small");
    const DType elem = elemOf(spec.dtype);
    SurfaceAccess access(surface, /*readOnly=*/false);
    if (!access.status())
      return access.status().error();
    for (size_t i = 0, n = size_t(it->second.elementCount()); i < n; ++i)
      storeElement(surface, elem, i, hostElement(it->second, i));
  }
  for (const auto &entry : inputs) {
    const std::string &name = entry.first;
    if (std::none_of(l.spec->inputs.begin(), l.spec->inputs.end(),
                     [&](const SurfaceSpec &s) { return s.name == name; }))
      return Error("program '" + program + "' has no input '" + name + "'");
  }
  if (Status s = call(l, timings); !s)
    return s.error();
  TensorMap outputs;
  for (const SurfaceSpec &spec : l.spec->outputs) {
    const Surface &surface = *l.outputs[size_t(spec.binding)];
    HostTensor t = HostTensor::fp32(
        spec.shape, std::vector<float>(size_t(product(spec.shape))));
    const DType elem = elemOf(spec.dtype);
    SurfaceAccess access(surface, /*readOnly=*/true);
    if (!access.status())
      return access.status().error();
    for (size_t i = 0; i < t.f32.size(); ++i)
      t.f32[i] = loadElement(surface, elem, i);
    outputs[spec.name] = std::move(t);
  }
  return outputs;
}

Status Executor::reloadWeights() {
  for (auto &[name, l] : loaded_) {
    // A program without weights reads nothing a patch changes (a train
    // step's loss and one-hot kernels hold the largest activations).
    if (l.spec->weights.empty())
      continue;
    if (Status s = l.device->reload(*l.program); !s)
      return Error("program '" + name + "': " + s.error().message());
  }
  return Status::ok();
}

} // namespace orion::rt
