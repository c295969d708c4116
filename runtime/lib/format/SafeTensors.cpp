//===- SafeTensors.cpp - Hugging Face safetensors files -------------------===//

#include "orion/format/SafeTensors.h"
#include "orion/format/BlobFile.h" // readFile, writeFileAtomically
#include "orion/format/Fp16.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace orion::rt {

namespace {

struct DTypeName {
  DType dtype;
  const char *name;
};
constexpr DTypeName kNames[] = {
    {DType::F32, "F32"}, {DType::F16, "F16"}, {DType::BF16, "BF16"},
    {DType::I32, "I32"}, {DType::I64, "I64"}, {DType::U8, "U8"},
    {DType::I8, "I8"},
};

/// Header JSON beyond this is not a weight file (the format caps it at 100MB).
constexpr uint64_t kMaxHeaderBytes = 100u << 20;

} // namespace

const char *safeTensorsDTypeName(DType dtype) {
  for (const auto &n : kNames)
    if (n.dtype == dtype)
      return n.name;
  return "?";
}

int64_t TensorView::elementCount() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::vector<float> toF32(const TensorView &view) {
  size_t n = size_t(view.elementCount());
  std::vector<float> out(n);
  if (view.dtype == DType::F32) {
    std::memcpy(out.data(), view.data, n * 4);
    return out;
  }
  bool bf16 = view.dtype == DType::BF16;
  for (size_t i = 0; i < n; ++i) {
    uint16_t bits;
    std::memcpy(&bits, view.data + 2 * i, 2);
    out[i] = bf16 ? bfloat16ToFloat(bits) : halfToFloat(bits);
  }
  return out;
}

Expected<SafeTensorsFile> SafeTensorsFile::open(const std::string &path) {
  auto bytes = readFile(path);
  if (!bytes)
    return bytes.error();
  return fromBytes(std::move(*bytes), path);
}

Expected<SafeTensorsFile> SafeTensorsFile::fromBytes(std::vector<uint8_t> bytes,
                                                     std::string name) {
  SafeTensorsFile file(std::move(bytes), std::move(name));
  if (Status s = file.parse(); !s)
    return s.error();
  return file;
}

Status SafeTensorsFile::parse() {
  using nlohmann::json;
  auto fail = [&](const std::string &what) {
    return Error(name_ + ": " + what);
  };
  if (bytes_.size() < 8)
    return fail("truncated: " + std::to_string(bytes_.size()) +
                " bytes, the header length alone needs 8");
  uint64_t headerLen;
  std::memcpy(&headerLen, bytes_.data(), 8);
  if (headerLen > kMaxHeaderBytes || headerLen > bytes_.size() - 8)
    return fail("header length " + std::to_string(headerLen) +
                " exceeds the file (" + std::to_string(bytes_.size()) +
                " bytes)");
  const char *begin = reinterpret_cast<const char *>(bytes_.data() + 8);
  json header = json::parse(begin, begin + headerLen, nullptr,
                            /*allow_exceptions=*/false);
  if (header.is_discarded() || !header.is_object())
    return fail("header is not a JSON object");
  const uint64_t dataStart = 8 + headerLen;
  const uint64_t dataSize = bytes_.size() - dataStart;

  struct Range {
    uint64_t begin, end;
    std::string name;
  };
  std::vector<Range> ranges;
  for (auto it = header.begin(); it != header.end(); ++it) {
    const std::string &key = it.key();
    const json &entry = it.value();
    if (key == "__metadata__") {
      if (!entry.is_object())
        return fail("__metadata__ must be an object of strings");
      for (auto m = entry.begin(); m != entry.end(); ++m) {
        if (!m.value().is_string())
          return fail("__metadata__." + m.key() + " must be a string");
        metadata_[m.key()] = m.value().get<std::string>();
      }
      continue;
    }
    auto bad = [&](const std::string &what) {
      return fail("tensor '" + key + "': " + what);
    };
    if (!entry.is_object())
      return bad("entry must be an object");
    const json *dtype = entry.contains("dtype") ? &entry["dtype"] : nullptr;
    const json *shape = entry.contains("shape") ? &entry["shape"] : nullptr;
    const json *offsets =
        entry.contains("data_offsets") ? &entry["data_offsets"] : nullptr;
    if (!dtype || !dtype->is_string())
      return bad("missing string 'dtype'");
    if (!shape || !shape->is_array())
      return bad("missing array 'shape'");
    if (!offsets || !offsets->is_array() || offsets->size() != 2 ||
        !(*offsets)[0].is_number_unsigned() ||
        !(*offsets)[1].is_number_unsigned())
      return bad("'data_offsets' must be [begin, end]");
    TensorView view;
    view.name = key;
    const std::string dtypeName = dtype->get<std::string>();
    const DTypeName *known = nullptr;
    for (const auto &n : kNames)
      if (dtypeName == n.name)
        known = &n;
    if (!known)
      return bad("unsupported dtype '" + dtypeName + "'");
    view.dtype = known->dtype;
    uint64_t elements = 1;
    for (const json &d : *shape) {
      if (!d.is_number_unsigned())
        return bad("shape entries must be non-negative integers");
      uint64_t dim = d.get<uint64_t>();
      if (dim != 0 && elements > (uint64_t(1) << 48) / dim)
        return bad("shape is too large");
      elements *= dim;
      view.shape.push_back(int64_t(dim));
    }
    uint64_t b = (*offsets)[0].get<uint64_t>(), e = (*offsets)[1].get<uint64_t>();
    if (b > e || e > dataSize)
      return bad("data_offsets [" + std::to_string(b) + ", " +
                 std::to_string(e) + ") lie outside the " +
                 std::to_string(dataSize) + "-byte data section");
    if (e - b != elements * dtypeSize(known->dtype))
      return bad("data_offsets cover " + std::to_string(e - b) +
                 " bytes but shape and dtype " + dtypeName + " need " +
                 std::to_string(elements * dtypeSize(known->dtype)));
    view.data = bytes_.data() + dataStart + b;
    view.sizeBytes = size_t(e - b);
    ranges.push_back({b, e, key});
    tensors_.emplace(key, std::move(view));
  }
  std::sort(ranges.begin(), ranges.end(),
            [](const Range &a, const Range &b) { return a.begin < b.begin; });
  for (size_t i = 1; i < ranges.size(); ++i)
    if (ranges[i].begin < ranges[i - 1].end)
      return fail("tensors '" + ranges[i - 1].name + "' and '" +
                  ranges[i].name + "' overlap");
  return Status::ok();
}

const TensorView *SafeTensorsFile::find(const std::string &tensorName) const {
  auto it = tensors_.find(tensorName);
  return it == tensors_.end() ? nullptr : &it->second;
}

void SafeTensorsWriter::add(const std::string &name, DType dtype,
                            std::vector<int64_t> shape, const void *data,
                            size_t sizeBytes) {
  const uint8_t *p = static_cast<const uint8_t *>(data);
  entries_.push_back({name, dtype, std::move(shape),
                      std::vector<uint8_t>(p, p + sizeBytes)});
}

std::vector<uint8_t> SafeTensorsWriter::bytes() const {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata_.empty())
    header["__metadata__"] = metadata_;
  uint64_t offset = 0;
  for (const Entry &e : entries_) {
    header[e.name] = {{"dtype", safeTensorsDTypeName(e.dtype)},
                      {"shape", e.shape},
                      {"data_offsets", {offset, offset + e.data.size()}}};
    offset += e.data.size();
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' '); // keeps data 8-byte aligned
  std::vector<uint8_t> out(8);
  uint64_t len = text.size();
  std::memcpy(out.data(), &len, 8);
  out.insert(out.end(), text.begin(), text.end());
  for (const Entry &e : entries_)
    out.insert(out.end(), e.data.begin(), e.data.end());
  return out;
}

Status SafeTensorsWriter::writeTo(const std::string &path) const {
  std::vector<uint8_t> b = bytes();
  return writeFileAtomically(path, b.data(), b.size());
}

Expected<WeightStore> WeightStore::open(const std::string &path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> paths;
  if (fs::is_directory(path, ec)) {
    for (const auto &entry : fs::directory_iterator(path, ec))
      if (entry.path().extension() == ".safetensors")
        paths.push_back(entry.path().string());
    std::sort(paths.begin(), paths.end());
    if (paths.empty())
      return Error(path + ": directory holds no *.safetensors files");
  } else if (fs::exists(path, ec)) {
    paths.push_back(path);
  } else {
    return Error(path + ": no such file or directory");
  }
  std::vector<SafeTensorsFile> files;
  for (const std::string &p : paths) {
    auto file = SafeTensorsFile::open(p);
    if (!file)
      return file.error();
    files.push_back(std::move(*file));
  }
  return fromFiles(std::move(files));
}

Expected<WeightStore> WeightStore::fromFiles(std::vector<SafeTensorsFile> files) {
  WeightStore store;
  // Moving a file keeps its buffer and map nodes, so the views stay valid.
  store.files_ = std::move(files);
  std::map<std::string, const SafeTensorsFile *> owner;
  for (const SafeTensorsFile &file : store.files_)
    for (const auto &[name, view] : file.tensors()) {
      if (!store.index_.emplace(name, &view).second)
        return Error(file.name() + ": tensor '" + name +
                     "' is also defined in " + owner[name]->name());
      owner[name] = &file;
    }
  return store;
}

Expected<WeightStore> WeightStore::fromViews(std::vector<TensorView> views) {
  WeightStore store;
  // Moving the vector keeps its buffer, so the index stays valid.
  store.views_ = std::move(views);
  for (const TensorView &view : store.views_)
    if (!store.index_.emplace(view.name, &view).second)
      return Error("tensor '" + view.name + "' is given twice");
  return store;
}

const TensorView *WeightStore::find(const std::string &tensorName) const {
  auto it = index_.find(tensorName);
  return it == index_.end() ? nullptr : it->second;
}

} // namespace orion::rt
