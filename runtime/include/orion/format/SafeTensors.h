//===- SafeTensors.h - Hugging Face safetensors files -----------*- C++ -*-===//
//
// A weight store format every training framework can write: 8-byte little-
// endian header length N, N bytes of JSON ({"name": {"dtype", "shape",
// "data_offsets": [begin, end]}, "__metadata__": {...}}), then the data.
// The reader checks every entry before anything uses it: dtypes, that the
// byte range matches shape x dtype, that ranges stay inside the file and do
// not overlap.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_FORMAT_SAFETENSORS_H
#define ORION_FORMAT_SAFETENSORS_H

#include "orion/format/DType.h"
#include "orion/format/Error.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace orion::rt {

/// Safetensors' spelling of the dtypes Orion reads from a weight store:
/// "F32", "F16", "BF16", "I32", "I64", "U8", "I8" ("?" for others).
const char *safeTensorsDTypeName(DType dtype);

struct TensorView {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  const uint8_t *data = nullptr;
  size_t sizeBytes = 0;

  int64_t elementCount() const;
};

/// A float tensor's values as F32 (F32, F16 and BF16 views only).
std::vector<float> toF32(const TensorView &view);

/// A safetensors file held in memory.
class SafeTensorsFile {
public:
  static Expected<SafeTensorsFile> open(const std::string &path);
  static Expected<SafeTensorsFile> fromBytes(std::vector<uint8_t> bytes,
                                             std::string name);

  // Views point into bytes_: a copy would point into the original.
  SafeTensorsFile(SafeTensorsFile &&) = default;
  SafeTensorsFile &operator=(SafeTensorsFile &&) = default;
  SafeTensorsFile(const SafeTensorsFile &) = delete;
  SafeTensorsFile &operator=(const SafeTensorsFile &) = delete;

  const std::string &name() const { return name_; }
  /// Tensors sorted by name.
  const std::map<std::string, TensorView> &tensors() const { return tensors_; }
  const TensorView *find(const std::string &tensorName) const;
  const std::map<std::string, std::string> &metadata() const {
    return metadata_;
  }

private:
  SafeTensorsFile(std::vector<uint8_t> bytes, std::string name)
      : bytes_(std::move(bytes)), name_(std::move(name)) {}
  Status parse();

  std::vector<uint8_t> bytes_;
  std::string name_;
  std::map<std::string, TensorView> tensors_;
  std::map<std::string, std::string> metadata_;
};

/// Builds a safetensors file (tests, tools and checkpoint export).
class SafeTensorsWriter {
public:
  void add(const std::string &name, DType dtype,
           std::vector<int64_t> shape, const void *data, size_t sizeBytes);
  /// A "__metadata__" entry (e.g. Orion's "orion.config").
  void setMetadata(const std::string &key, const std::string &value) {
    metadata_[key] = value;
  }
  std::vector<uint8_t> bytes() const;
  Status writeTo(const std::string &path) const;

private:
  struct Entry {
    std::string name;
    DType dtype;
    std::vector<int64_t> shape;
    std::vector<uint8_t> data;
  };
  std::vector<Entry> entries_;
  std::map<std::string, std::string> metadata_;
};

/// Every tensor of one safetensors file, or of every *.safetensors file in a
/// directory (a name present in two files is an error).
class WeightStore {
public:
  static Expected<WeightStore> open(const std::string &path);
  /// A store over files already in memory (e.g. built by an importer).
  static Expected<WeightStore> fromFiles(std::vector<SafeTensorsFile> files);
  /// A store over tensors the caller owns and keeps alive and unchanged
  /// while the store is used (a trainer's master weights): nothing is
  /// copied. Names must be distinct.
  static Expected<WeightStore> fromViews(std::vector<TensorView> views);

  WeightStore() = default;
  // The index points into files_: a copy would point into the original.
  WeightStore(WeightStore &&) = default;
  WeightStore &operator=(WeightStore &&) = default;
  WeightStore(const WeightStore &) = delete;
  WeightStore &operator=(const WeightStore &) = delete;

  const TensorView *find(const std::string &tensorName) const;
  const std::map<std::string, const TensorView *> &tensors() const {
    return index_;
  }
  const std::vector<SafeTensorsFile> &files() const { return files_; }

private:
  std::vector<SafeTensorsFile> files_;
  std::vector<TensorView> views_; // fromViews
  std::map<std::string, const TensorView *> index_;
};

} // namespace orion::rt

#endif // ORION_FORMAT_SAFETENSORS_H
