//===- PackageTestUtil.h - Hand-written one-program packages ----*- C++ -*-===//
//
// The Trainer and Generator tests need whole packages (manifest, MIL text,
// BLOBFILE, host plan), and runtime tests cannot run the compiler (they link
// no MLIR). writePackage() writes the smallest such package: one cpu program
// whose MIL body the test spells out; its fp32 weights in one BLOBFILE, each
// blob the identity copy of one parameter (what the patcher rewrites and the
// trainer reads back); and a host plan of one step binding every host tensor
// to its surface as is ("identity" layout).
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TEST_RUNTIME_PACKAGETESTUTIL_H
#define ORION_TEST_RUNTIME_PACKAGETESTUTIL_H

#include "orion/format/BlobFile.h"
#include "orion/format/Manifest.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace orion::rt::test {

/// A host tensor and the program surface it binds to.
struct PackageTensor {
  std::string host; // host plan name ("grad.w", "loss", "tokens")
  std::string mil;  // MIL name (an identifier)
  std::vector<int64_t> shape;
  std::string dtype = "fp32"; // "fp32" or "int32"
  /// The MIL shape when it differs from `shape` (same element count): a
  /// rank-0 host scalar can feed a [1] MIL input.
  std::vector<int64_t> milShape = {};

  const std::vector<int64_t> &surfaceShape() const {
    return milShape.empty() ? shape : milShape;
  }
};

/// A parameter stored as one fp32 blob; its MIL const is named `param`.
struct PackageWeight {
  std::string param;
  std::vector<int64_t> shape;
  std::vector<float> values;
};

struct PackageSpec {
  std::vector<PackageTensor> inputs, outputs;
  std::vector<PackageWeight> weights;
  std::string body; // MIL statements; the weight consts come first
};

/// "tensor<fp32, [4,8]>", or "fp32" for rank 0.
inline std::string milType(const std::string &dtype,
                           const std::vector<int64_t> &shape) {
  if (shape.empty())
    return dtype;
  std::string dims;
  for (int64_t d : shape)
    dims += (dims.empty() ? "" : ",") + std::to_string(d);
  return "tensor<" + dtype + ", [" + dims + "]>";
}

inline std::string fp32(const std::vector<int64_t> &shape) {
  return milType("fp32", shape);
}

/// One MIL statement: `TYPE NAME = CALL[name=string("NAME")];`.
inline std::string op(const std::string &type, const std::string &name,
                      const std::string &call) {
  return "        " + type + " " + name + " = " + call + "[name=string(\"" +
         name + "\")];\n";
}

/// A const whose value is the literal `value` (e.g. "int32(0)").
inline std::string constant(const std::string &type, const std::string &name,
                            const std::string &value) {
  return "        " + type + " " + name + " = const()[name=string(\"" + name +
         "\"), val=" + value + "];\n";
}

/// A const tensor literal of int32 or fp32 `values`, printed exactly.
inline std::string tensorConstant(const std::string &dtype,
                                  const std::string &name,
                                  const std::vector<int64_t> &shape,
                                  const std::vector<double> &values) {
  std::string list;
  for (double v : values) {
    char buf[32];
    std::snprintf(buf, sizeof buf, dtype == "int32" ? "%.0f" : "%.9g", v);
    list += (list.empty() ? "" : ",") + std::string(buf);
  }
  std::string type = milType(dtype, shape);
  return constant(type, name, type + "([" + list + "])");
}

/// Writes the package to `dir` (replacing it). Program "main", device "cpu".
inline Status writePackage(const std::filesystem::path &dir,
                           const PackageSpec &spec) {
  namespace fs = std::filesystem;
  fs::remove_all(dir);
  fs::create_directories(dir / "programs/main/weights");

  ProgramSpec prog;
  prog.name = "main";
  prog.milFile = "programs/main/model.mil";
  prog.device = "cpu";
  std::string consts;
  BlobFileWriter blob;
  for (const PackageWeight &w : spec.weights) {
    WeightEntry e;
    e.file = "programs/main/weights/weight.bin";
    e.milPath = "@model_path/weights/weight.bin";
    e.offset = blob.add(DType::F32, w.values.data(),
                        w.values.size() * sizeof(float));
    e.dtype = "fp32";
    e.shape = w.shape;
    e.sources.push_back({w.param, w.shape, std::nullopt, {}});
    prog.weights.push_back(e);
    consts += constant(fp32(w.shape), w.param,
                       fp32(w.shape) +
                           "(BLOBFILE(path=string(\"@model_path/weights/"
                           "weight.bin\"), offset=uint64(" +
                           std::to_string(e.offset) + ")))");
  }
  if (!prog.weights.empty())
    if (Status s = blob.writeTo((dir / prog.weights.front().file).string());
        !s)
      return s;

  // Surfaces bind in alphabetical order of MIL names, and every surface of
  // a side has the same size (docs/package-format.md).
  auto surfaces = [](const std::vector<PackageTensor> &tensors) {
    std::vector<std::string> names;
    uint64_t bytes = 49152;
    for (const PackageTensor &t : tensors) {
      names.push_back(t.mil);
      int64_t n = 1;
      for (int64_t d : t.surfaceShape())
        n *= d;
      bytes = std::max(bytes, uint64_t(n) * 4);
    }
    std::sort(names.begin(), names.end());
    std::vector<SurfaceSpec> specs;
    for (const PackageTensor &t : tensors)
      specs.push_back({t.mil, t.surfaceShape(), t.dtype, bytes,
                       int(std::find(names.begin(), names.end(), t.mil) -
                           names.begin())});
    return specs;
  };
  prog.inputs = surfaces(spec.inputs);
  prog.outputs = surfaces(spec.outputs);

  HostPlan plan;
  HostStep step;
  step.program = "main";
  std::string params, results;
  for (const PackageTensor &t : spec.inputs) {
    plan.inputs.push_back({t.host, t.shape, t.dtype});
    step.inputs.push_back({t.host, t.mil, "identity", 0});
    params += (params.empty() ? "" : ", ") +
              milType(t.dtype, t.surfaceShape()) + " " + t.mil;
  }
  for (const PackageTensor &t : spec.outputs) {
    plan.outputs.push_back({t.host, t.shape, t.dtype});
    step.outputs.push_back({t.host, t.mil, "identity", 0});
    results += (results.empty() ? "" : ", ") + t.mil;
  }
  plan.steps.push_back(step);

  Manifest m;
  m.programs = {prog};
  m.hostPlan = plan;
  std::ofstream(dir / "manifest.json") << printManifest(m);
  std::ofstream(dir / prog.milFile)
      << "program(1.3)\n{\n    func main<ios18>(" << params << ") {\n"
      << consts << spec.body << "    } -> (" << results << ");\n}\n";
  return Status::ok();
}

} // namespace orion::rt::test

#endif // ORION_TEST_RUNTIME_PACKAGETESTUTIL_H
