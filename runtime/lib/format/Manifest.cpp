//===- Manifest.cpp - An ANE package's manifest.json ----------------------===//

#include "orion/format/Manifest.h"

#include "orion/format/Memory.h"

#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

namespace orion::rt {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

//===----------------------------------------------------------------------===//
// Model helpers
//===----------------------------------------------------------------------===//

std::string WeightSource::transformName() const {
  if (slice && !perm.empty())
    return "slice+transpose";
  if (slice)
    return "slice";
  if (!perm.empty())
    return "transpose";
  return "identity";
}

std::vector<int64_t> WeightSource::resultShape() const {
  std::vector<int64_t> shape = paramShape;
  if (slice && slice->axis >= 0 && size_t(slice->axis) < shape.size())
    shape[slice->axis] = slice->end - slice->begin;
  if (perm.empty() || perm.size() != shape.size())
    return shape;
  std::vector<int64_t> out;
  for (int64_t p : perm)
    out.push_back(p >= 0 && size_t(p) < shape.size() ? shape[p] : -1);
  return out;
}

static int64_t product(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

int64_t WeightEntry::elementCount() const { return product(shape); }

const HostTensorSpec *HostPlan::findTensor(const std::string &name) const {
  for (const auto *list : {&inputs, &outputs, &intermediates})
    for (const HostTensorSpec &t : *list)
      if (t.name == name)
        return &t;
  return nullptr;
}

const ProgramSpec *Manifest::findProgram(const std::string &name) const {
  for (const ProgramSpec &p : programs)
    if (p.name == name)
      return &p;
  return nullptr;
}

bool isSafeRelativePath(const std::string &path) {
  if (path.empty() || path.front() == '/' || path.find('\\') != std::string::npos)
    return false;
  std::istringstream parts(path);
  std::string part;
  while (std::getline(parts, part, '/'))
    if (part.empty() || part == "." || part == "..")
      return false;
  return path.back() != '/';
}

Expected<std::string> blobFileRelativePath(const std::string &milPath) {
  const std::string prefix = "@model_path/";
  std::string rel = milPath.compare(0, prefix.size(), prefix) == 0
                        ? milPath.substr(prefix.size())
                        : "";
  if (!isSafeRelativePath(rel))
    return Error("BLOBFILE path '" + milPath +
                 "' escapes the program (it must be @model_path/ then a path "
                 "inside it)");
  return rel;
}

//===----------------------------------------------------------------------===//
// Parsing: every accessor names the JSON path it failed at.
//===----------------------------------------------------------------------===//

namespace {

/// Thrown inside this file only; parseManifest turns it into an Error.
struct ParseFailure {
  std::string message;
};

[[noreturn]] void failAt(const std::string &where, const std::string &what) {
  throw ParseFailure{where + ": " + what};
}

const json &field(const json &obj, const std::string &where,
                  const char *key) {
  if (!obj.is_object())
    failAt(where, "expected an object");
  auto it = obj.find(key);
  if (it == obj.end())
    failAt(where, std::string("missing field '") + key + "'");
  return *it;
}

std::string str(const json &obj, const std::string &where, const char *key) {
  const json &v = field(obj, where, key);
  if (!v.is_string())
    failAt(where + "." + key, "expected a string");
  return v.get<std::string>();
}

int64_t integer(const json &obj, const std::string &where, const char *key) {
  const json &v = field(obj, where, key);
  if (!v.is_number_integer())
    failAt(where + "." + key, "expected an integer");
  return v.get<int64_t>();
}

std::vector<int64_t> ints(const json &v, const std::string &where) {
  if (!v.is_array())
    failAt(where, "expected an array of integers");
  std::vector<int64_t> out;
  for (const json &e : v) {
    if (!e.is_number_integer())
      failAt(where, "expected an array of integers");
    out.push_back(e.get<int64_t>());
  }
  return out;
}

std::vector<int64_t> shapeField(const json &obj, const std::string &where,
                                const char *key) {
  std::vector<int64_t> shape = ints(field(obj, where, key), where + "." + key);
  for (int64_t d : shape)
    if (d <= 0)
      failAt(where + "." + key, "dimensions must be positive");
  // Element counts and byte sizes (8 bytes an element at most) of every
  // shape are then products that cannot overflow.
  if (!checkedProduct(shape, 8))
    failAt(where + "." + key, "is too large (its byte size overflows)");
  return shape;
}

std::string pathField(const json &obj, const std::string &where,
                      const char *key) {
  std::string p = str(obj, where, key);
  if (!isSafeRelativePath(p))
    failAt(where + "." + key, "'" + p +
                                  "' escapes the package (paths must be "
                                  "relative, without '..')");
  return p;
}

const json &array(const json &obj, const std::string &where, const char *key) {
  const json &v = field(obj, where, key);
  if (!v.is_array())
    failAt(where + "." + key, "expected an array");
  return v;
}

std::vector<SurfaceSpec> surfaces(const json &list, const std::string &where) {
  std::vector<SurfaceSpec> out;
  std::set<int> bindings;
  for (size_t i = 0; i < list.size(); ++i) {
    std::string at = where + "[" + std::to_string(i) + "]";
    SurfaceSpec s;
    s.name = str(list[i], at, "name");
    s.shape = shapeField(list[i], at, "shape");
    s.dtype = str(list[i], at, "dtype");
    s.surfaceBytes = uint64_t(integer(list[i], at, "surface_bytes"));
    s.binding = int(integer(list[i], at, "binding"));
    if (s.dtype != "fp16" && s.dtype != "fp32" && s.dtype != "int32")
      failAt(at + ".dtype",
             "surfaces are fp16, fp32 or int32, got '" + s.dtype + "'");
    if (integer(list[i], at, "surface_bytes") < 0)
      failAt(at + ".surface_bytes", "must be >= 0");
    uint64_t need = uint64_t(product(s.shape)) * (s.dtype == "fp16" ? 2 : 4);
    if (s.surfaceBytes < need)
      failAt(at + ".surface_bytes",
             std::to_string(s.surfaceBytes) + " bytes cannot hold shape of " +
                 std::to_string(need) + " bytes");
    if (s.binding < 0 || size_t(s.binding) >= list.size() ||
        !bindings.insert(s.binding).second)
      failAt(at + ".binding", "bindings must be a permutation of 0.." +
                                  std::to_string(list.size() - 1));
    out.push_back(std::move(s));
  }
  return out;
}

WeightSource source(const json &obj, const std::string &at) {
  WeightSource s;
  s.param = str(obj, at, "param");
  s.paramShape = shapeField(obj, at, "param_shape");
  if (obj.contains("slice")) {
    const json &sl = obj["slice"];
    std::string where = at + ".slice";
    WeightSource::Slice slice{integer(sl, where, "axis"),
                              integer(sl, where, "begin"),
                              integer(sl, where, "end")};
    if (slice.axis < 0 || size_t(slice.axis) >= s.paramShape.size() ||
        slice.begin < 0 || slice.begin >= slice.end ||
        slice.end > s.paramShape[slice.axis])
      failAt(where, "out of range for parameter shape");
    s.slice = slice;
  }
  if (obj.contains("perm")) {
    s.perm = ints(obj["perm"], at + ".perm");
    std::vector<bool> seen(s.paramShape.size(), false);
    bool ok = s.perm.size() == s.paramShape.size();
    for (int64_t p : s.perm) {
      ok = ok && p >= 0 && size_t(p) < seen.size() && !seen[p];
      if (ok)
        seen[p] = true;
    }
    if (!ok)
      failAt(at + ".perm", "not a permutation of the parameter's dimensions");
  }
  return s;
}

WeightEntry weight(const json &obj, const std::string &at) {
  WeightEntry w;
  w.file = pathField(obj, at, "file");
  w.milPath = str(obj, at, "mil_path");
  w.offset = uint64_t(integer(obj, at, "offset"));
  w.dtype = str(obj, at, "dtype");
  w.shape = shapeField(obj, at, "shape");
  if (w.offset % 64 != 0)
    failAt(at + ".offset", "must be 64-byte aligned");
  const json &list = array(obj, at, "sources");
  int64_t elements = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    w.sources.push_back(
        source(list[i], at + ".sources[" + std::to_string(i) + "]"));
    elements += product(w.sources.back().resultShape());
  }
  if (!w.sources.empty() && elements != w.elementCount())
    failAt(at + ".sources", "sources hold " + std::to_string(elements) +
                                " elements but the blob has " +
                                std::to_string(w.elementCount()));
  return w;
}

std::vector<HostTensorSpec> hostTensors(const json &list,
                                        const std::string &where,
                                        std::set<std::string> &names) {
  std::vector<HostTensorSpec> out;
  for (size_t i = 0; i < list.size(); ++i) {
    std::string at = where + "[" + std::to_string(i) + "]";
    HostTensorSpec t{str(list[i], at, "name"), shapeField(list[i], at, "shape"),
                     str(list[i], at, "dtype")};
    if (t.dtype != "fp32" && t.dtype != "int32")
      failAt(at + ".dtype", "host tensors are fp32 or int32, got '" + t.dtype +
                                "'");
    if (!names.insert(t.name).second)
      failAt(at + ".name", "duplicate host tensor '" + t.name + "'");
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<SurfaceBinding> bindings(const json &list, const std::string &where,
                                     const HostPlan &plan,
                                     const std::vector<SurfaceSpec> &surfaces) {
  std::vector<SurfaceBinding> out;
  for (size_t i = 0; i < list.size(); ++i) {
    std::string at = where + "[" + std::to_string(i) + "]";
    SurfaceBinding b;
    b.tensor = str(list[i], at, "tensor");
    b.surface = str(list[i], at, "surface");
    b.layout = str(list[i], at, "layout");
    if (list[i].contains("channel_offset"))
      b.channelOffset = integer(list[i], at, "channel_offset");
    const HostTensorSpec *t = plan.findTensor(b.tensor);
    if (!t)
      failAt(at + ".tensor", "no host tensor '" + b.tensor + "'");
    const SurfaceSpec *s = nullptr;
    for (const SurfaceSpec &c : surfaces)
      if (c.name == b.surface)
        s = &c;
    if (!s)
      failAt(at + ".surface", "the program has no surface '" + b.surface + "'");
    if (b.layout == "identity") {
      if (product(t->shape) != product(s->shape))
        failAt(at, "identity binding of " + std::to_string(product(t->shape)) +
                       " elements to a surface of " +
                       std::to_string(product(s->shape)));
    } else if (b.layout == "channels") {
      RowsChannels m = rowsChannels(t->shape);
      bool ok = s->shape.size() == 4 && s->shape[0] == 1 &&
                s->shape[2] == 1 && s->shape[3] == m.rows &&
                b.channelOffset >= 0 &&
                b.channelOffset + m.channels <= s->shape[1];
      if (!ok)
        failAt(at, "a channels binding needs a host tensor whose [S, C] "
                   "matrix fits inside a [1, Ct, 1, S] surface");
    } else {
      failAt(at + ".layout", "expected \"identity\" or \"channels\"");
    }
    out.push_back(std::move(b));
  }
  return out;
}

HostPlan hostPlan(const json &obj, const Manifest &m) {
  HostPlan plan;
  std::set<std::string> names;
  plan.inputs = hostTensors(array(obj, "host_plan", "inputs"),
                            "host_plan.inputs", names);
  plan.outputs = hostTensors(array(obj, "host_plan", "outputs"),
                             "host_plan.outputs", names);
  plan.intermediates = hostTensors(array(obj, "host_plan", "intermediates"),
                                   "host_plan.intermediates", names);
  const json &steps = array(obj, "host_plan", "steps");
  for (size_t i = 0; i < steps.size(); ++i) {
    std::string at = "host_plan.steps[" + std::to_string(i) + "]";
    HostStep step;
    step.program = str(steps[i], at, "program");
    const ProgramSpec *p = m.findProgram(step.program);
    if (!p)
      failAt(at + ".program", "no program '" + step.program + "'");
    step.inputs = bindings(array(steps[i], at, "inputs"), at + ".inputs",
                           plan, p->inputs);
    step.outputs = bindings(array(steps[i], at, "outputs"), at + ".outputs",
                            plan, p->outputs);
    plan.steps.push_back(std::move(step));
  }
  return plan;
}

} // namespace

Expected<Manifest> parseManifest(const std::string &text,
                                 const std::string &name) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded())
    return Error(name + ": not valid JSON");
  try {
    Manifest m;
    if (str(root, "manifest", "format") != "orion-package")
      failAt("manifest.format", "expected \"orion-package\"");
    m.version = int(integer(root, "manifest", "version"));
    if (m.version != kManifestVersion)
      failAt("manifest.version", "unsupported version " +
                                     std::to_string(m.version) +
                                     " (this Orion reads version " +
                                     std::to_string(kManifestVersion) + ")");
    m.spelling = str(root, "manifest", "spelling");
    if (m.spelling != "compact" && m.spelling != "verbose")
      failAt("manifest.spelling", "expected \"compact\" or \"verbose\"");
    const json &programs = array(root, "manifest", "programs");
    std::set<std::string> names;
    for (size_t i = 0; i < programs.size(); ++i) {
      std::string at = "programs[" + std::to_string(i) + "]";
      const json &p = programs[i];
      ProgramSpec spec;
      spec.name = str(p, at, "name");
      if (!names.insert(spec.name).second)
        failAt(at + ".name", "duplicate program '" + spec.name + "'");
      spec.milFile = pathField(p, at, "mil");
      spec.device = str(p, at, "device");
      if (spec.device != "ane" && spec.device != "cpu")
        failAt(at + ".device", "expected \"ane\" or \"cpu\"");
      spec.inputs = surfaces(array(p, at, "inputs"), at + ".inputs");
      spec.outputs = surfaces(array(p, at, "outputs"), at + ".outputs");
      const json &weights = array(p, at, "weights");
      for (size_t w = 0; w < weights.size(); ++w)
        spec.weights.push_back(
            weight(weights[w], at + ".weights[" + std::to_string(w) + "]"));
      m.programs.push_back(std::move(spec));
    }
    if (root.contains("host_plan"))
      m.hostPlan = hostPlan(root["host_plan"], m);
    return m;
  } catch (const ParseFailure &f) {
    return Error(name + ": " + f.message);
  }
}

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

/// Puts arrays of plain numbers (shapes, perms) on one line: `[1, 768, 1, 64]`.
static std::string collapseNumberArrays(const std::string &json) {
  std::string out;
  size_t i = 0;
  while (i < json.size()) {
    if (json[i] != '[') {
      out += json[i++];
      continue;
    }
    size_t close = json.find(']', i);
    std::string inner = json.substr(i + 1, close == std::string::npos
                                               ? 0
                                               : close - i - 1);
    bool numeric = close != std::string::npos &&
                   inner.find_first_not_of("0123456789-, \n") ==
                       std::string::npos;
    if (!numeric) {
      out += json[i++];
      continue;
    }
    std::string compact = "[";
    bool first = true;
    std::string number;
    for (char c : inner + ",") {
      if (c == ',' ) {
        if (!number.empty())
          compact += (first ? "" : ", ") + number;
        first = first && number.empty();
        number.clear();
      } else if (c != ' ' && c != '\n') {
        number += c;
      }
    }
    out += compact + "]";
    i = close + 1;
  }
  return out;
}

static ojson surfacesJson(const std::vector<SurfaceSpec> &list) {
  ojson out = ojson::array();
  for (const SurfaceSpec &s : list)
    out.push_back({{"name", s.name},
                   {"shape", s.shape},
                   {"dtype", s.dtype},
                   {"surface_bytes", s.surfaceBytes},
                   {"binding", s.binding}});
  return out;
}

std::string printManifest(const Manifest &m) {
  ojson root;
  root["format"] = "orion-package";
  root["version"] = m.version;
  root["spelling"] = m.spelling;
  ojson programs = ojson::array();
  for (const ProgramSpec &p : m.programs) {
    ojson weights = ojson::array();
    for (const WeightEntry &w : p.weights) {
      ojson sources = ojson::array();
      for (const WeightSource &s : w.sources) {
        ojson src{{"param", s.param}, {"param_shape", s.paramShape}};
        src["transform"] = s.transformName();
        if (s.slice)
          src["slice"] = {{"axis", s.slice->axis},
                          {"begin", s.slice->begin},
                          {"end", s.slice->end}};
        if (!s.perm.empty())
          src["perm"] = s.perm;
        sources.push_back(std::move(src));
      }
      weights.push_back({{"file", w.file},
                         {"mil_path", w.milPath},
                         {"offset", w.offset},
                         {"dtype", w.dtype},
                         {"shape", w.shape},
                         {"sources", std::move(sources)}});
    }
    programs.push_back({{"name", p.name},
                        {"mil", p.milFile},
                        {"device", p.device},
                        {"inputs", surfacesJson(p.inputs)},
                        {"outputs", surfacesJson(p.outputs)},
                        {"weights", std::move(weights)}});
  }
  root["programs"] = std::move(programs);
  if (m.hostPlan) {
    auto tensors = [](const std::vector<HostTensorSpec> &list) {
      ojson out = ojson::array();
      for (const HostTensorSpec &t : list)
        out.push_back(
            {{"name", t.name}, {"shape", t.shape}, {"dtype", t.dtype}});
      return out;
    };
    auto binds = [](const std::vector<SurfaceBinding> &list) {
      ojson out = ojson::array();
      for (const SurfaceBinding &b : list) {
        ojson o{{"tensor", b.tensor}, {"surface", b.surface},
                {"layout", b.layout}};
        if (b.layout == "channels")
          o["channel_offset"] = b.channelOffset;
        out.push_back(std::move(o));
      }
      return out;
    };
    ojson steps = ojson::array();
    for (const HostStep &s : m.hostPlan->steps)
      steps.push_back({{"program", s.program},
                       {"inputs", binds(s.inputs)},
                       {"outputs", binds(s.outputs)}});
    root["host_plan"] = {{"inputs", tensors(m.hostPlan->inputs)},
                         {"outputs", tensors(m.hostPlan->outputs)},
                         {"intermediates", tensors(m.hostPlan->intermediates)},
                         {"steps", std::move(steps)}};
  }
  return collapseNumberArrays(root.dump(2)) + "\n";
}

} // namespace orion::rt
