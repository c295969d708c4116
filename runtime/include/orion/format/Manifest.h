//===- Manifest.h - An ANE package's manifest.json --------------*- C++ -*-===//
//
// The contract between `orion compile` and everything that runs or patches a
// package. docs/package-format.md specifies the JSON; this is its in-memory
// form, with a strict parser (unknown versions, missing fields, paths that
// leave the package and inconsistent sizes are errors).
//
//===----------------------------------------------------------------------===//

#ifndef ORION_FORMAT_MANIFEST_H
#define ORION_FORMAT_MANIFEST_H

#include "orion/ane/AneTarget.h"
#include "orion/format/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace orion::rt {

constexpr int kManifestVersion = 1;

/// One input or output surface of a program.
struct SurfaceSpec {
  std::string name;            // MIL name
  std::vector<int64_t> shape;  // MIL shape, e.g. [1, C, 1, S]
  std::string dtype;           // MIL dtype: "fp16", "fp32"
  uint64_t surfaceBytes = 0;   // allocation size (uniform per program side)
  int binding = 0;             // ANE binding index: alphabetical by name
};

/// Where part of a blob comes from: a parameter of the weight store,
/// optionally sliced along one axis, then optionally transposed.
struct WeightSource {
  struct Slice {
    int64_t axis = 0, begin = 0, end = 0;
  };
  std::string param;
  std::vector<int64_t> paramShape; // the parameter's shape in the store
  std::optional<Slice> slice;
  std::vector<int64_t> perm;       // empty: no transpose

  /// "identity", "transpose", "slice" or "slice+transpose".
  std::string transformName() const;
  /// Shape after slice and transpose.
  std::vector<int64_t> resultShape() const;
};

/// One blob of a BLOBFILE and how to rebuild it from named parameters: the
/// row-major flattening of each source, concatenated in order, converted to
/// `dtype`, is the blob's data (a fused QKV blob has three sources).
struct WeightEntry {
  std::string file;             // package-relative BLOBFILE path
  std::string milPath;          // as the MIL text names it (@model_path/...)
  uint64_t offset = 0;          // metadata offset, MIL's offset=
  std::string dtype;            // blob dtype: "fp16", "fp32", ...
  std::vector<int64_t> shape;   // the MIL const's shape
  std::vector<WeightSource> sources;

  int64_t elementCount() const;
};

struct ProgramSpec {
  std::string name;
  std::string milFile;          // package-relative
  std::string device = "ane";   // "ane" or "cpu"
  std::vector<SurfaceSpec> inputs, outputs;
  std::vector<WeightEntry> weights;
};

/// A tensor the host plan keeps in CPU memory, row-major.
struct HostTensorSpec {
  std::string name;
  std::vector<int64_t> shape;
  std::string dtype; // "fp32" or "int32"
};

/// The [S, C] matrix a row-major tensor of `shape` is in a "channels"
/// binding (ANE-SURFACE-LAYOUT; the rule is ane::surfaceMatrix, which the
/// compiler's orion-assign-layout follows too).
using RowsChannels = ane::SurfaceMatrix;
inline RowsChannels rowsChannels(const std::vector<int64_t> &shape) {
  return ane::surfaceMatrix(shape.data(), shape.size());
}

/// How a host tensor fills (or is read from) one program surface.
struct SurfaceBinding {
  std::string tensor;  // host tensor name
  std::string surface; // MIL input or output name of the program
  /// "identity": the surface holds the tensor's elements in row-major order
  /// (element counts equal). "channels": a host tensor's [S, C] matrix
  /// (rowsChannels) lives in a [1, Ct, 1, S] surface, channel-major, at
  /// channels [channelOffset, channelOffset + C) (several tensors may share
  /// one).
  std::string layout = "identity";
  int64_t channelOffset = 0;
};

/// One call of a program in the host plan.
struct HostStep {
  std::string program;
  std::vector<SurfaceBinding> inputs, outputs;
};

/// The whole-model function after partitioning: kernel calls in order over
/// named host tensors.
struct HostPlan {
  std::vector<HostTensorSpec> inputs, outputs, intermediates;
  std::vector<HostStep> steps;

  const HostTensorSpec *findTensor(const std::string &name) const;
};

struct Manifest {
  int version = kManifestVersion;
  std::string spelling = "compact"; // MIL spelling: "compact" or "verbose"
  std::vector<ProgramSpec> programs;
  std::optional<HostPlan> hostPlan;

  const ProgramSpec *findProgram(const std::string &name) const;
};

/// Parses manifest JSON; `name` prefixes error messages.
Expected<Manifest> parseManifest(const std::string &text,
                                 const std::string &name);
/// Stable, human-readable JSON (2-space indent, fields in a fixed order).
std::string printManifest(const Manifest &manifest);

/// A package-relative path that stays inside the package: relative, no "..",
/// no empty or "." components.
bool isSafeRelativePath(const std::string &path);

/// The program-relative file a MIL BLOBFILE path names ("@model_path/" then
/// a safe relative path), or an error saying the path escapes the program.
/// Every reader and writer of MIL checks paths here.
Expected<std::string> blobFileRelativePath(const std::string &milPath);

} // namespace orion::rt

#endif // ORION_FORMAT_MANIFEST_H
