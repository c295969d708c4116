//===- ImportSupport.cpp - Shared pieces of the model importers -----------===//

#include "orion/model/ImportSupport.h"

#include "orion/format/Fp16.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace orion::rt::import {

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

namespace {

/// The shape a checkpoint stores for `m.param`.
std::vector<int64_t> sourceShape(const TensorMapping &m) {
  if (m.transform == Transform::Transpose && m.param.shape.size() == 2)
    return {m.param.shape[1], m.param.shape[0]};
  return m.param.shape;
}

/// The file of `store` holding `tensor`, for error messages.
std::string fileOf(const WeightStore &store, const std::string &tensor,
                   const std::string &fallback) {
  for (const SafeTensorsFile &f : store.files())
    if (f.find(tensor))
      return f.name();
  return fallback;
}

int64_t elements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

} // namespace

Status checkMapping(const std::vector<TensorMapping> &mappings,
                    const WeightStore &source, const std::string &sourceName,
                    const std::function<bool(const std::string &)> &ignored) {
  std::map<std::string, bool> used;
  for (const TensorMapping &m : mappings) {
    const TensorView *v = source.find(m.source);
    std::vector<int64_t> want = sourceShape(m);
    if (!v)
      return Error(sourceName + ": missing tensor '" + m.source + "' " +
                   shapeString(want) +
                   (m.source == m.param.name
                        ? std::string()
                        : " (for Orion's '" + m.param.name + "')"));
    std::string file = fileOf(source, m.source, sourceName);
    if (!isFloat(v->dtype))
      return Error(file + ": tensor '" + m.source + "' has dtype " +
                   safeTensorsDTypeName(v->dtype) +
                   "; only F32, F16 and BF16 weights can be imported");
    if (v->shape != want)
      return Error(file + ": tensor '" + m.source + "' has shape " +
                   shapeString(v->shape) + ", expected " + shapeString(want));
    used[m.source] = true;
  }
  for (const auto &[name, view] : source.tensors())
    if (!used.count(name) && !ignored(name))
      return Error(fileOf(source, name, sourceName) + ": unexpected tensor '" +
                   name + "' " + shapeString(view->shape) +
                   ": not a parameter of the model its config describes");
  return Status::ok();
}

bool sameValues(const TensorView &a, const TensorView &b) {
  if (a.dtype == b.dtype)
    return a.sizeBytes == b.sizeBytes &&
           std::memcmp(a.data, b.data, a.sizeBytes) == 0;
  return toF32(a) == toF32(b);
}

std::vector<uint8_t>
safeTensorsHeader(const std::vector<PlacedTensor> &tensors,
                  const std::map<std::string, std::string> &metadata) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty())
    header["__metadata__"] = metadata;
  for (const PlacedTensor &t : tensors) {
    uint64_t bytes = uint64_t(elements(t.param.shape)) * 4;
    header[t.param.name] = {{"dtype", "F32"},
                            {"shape", t.param.shape},
                            {"data_offsets", {t.offset, t.offset + bytes}}};
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' '); // keeps the data aligned
  std::vector<uint8_t> out(8);
  uint64_t len = text.size();
  std::memcpy(out.data(), &len, 8);
  out.insert(out.end(), text.begin(), text.end());
  return out;
}

namespace {

/// Writes `src` (the checkpoint's values) into `dst` as our layout.
void transformInto(const TensorMapping &m, const std::vector<float> &src,
                   float *dst) {
  const std::vector<int64_t> &shape = m.param.shape;
  switch (m.transform) {
  case Transform::None:
    std::memcpy(dst, src.data(), src.size() * 4);
    return;
  case Transform::Transpose: {
    // Checkpoint [in, out] -> ours [out, in].
    int64_t out = shape[0], in = shape[1];
    for (int64_t i = 0; i < in; ++i)
      for (int64_t o = 0; o < out; ++o)
        dst[o * in + i] = src[i * out + o];
    return;
  }
  case Transform::UnpermuteRope: {
    // HF stores each head's rows as [pair-first halves | pair-second halves]
    // (w.view(H, D/2, 2, C).transpose(1, 2)); ours keeps pairs adjacent.
    int64_t rows = shape[0], cols = shape[1];
    int64_t headDim = rows / m.ropeHeads, half = headDim / 2;
    for (int64_t h = 0; h < m.ropeHeads; ++h)
      for (int64_t i = 0; i < half; ++i)
        for (int64_t j = 0; j < 2; ++j)
          std::memcpy(dst + (h * headDim + 2 * i + j) * cols,
                      src.data() + (h * headDim + j * half + i) * cols,
                      size_t(cols) * 4);
    return;
  }
  }
}

} // namespace

Expected<ImportedModel> convertMapping(const std::string &format,
                                       const ModelConfig &spec,
                                       const std::vector<TensorMapping> &mappings,
                                       const WeightStore &source,
                                       const std::string &sourceName) {
  std::vector<PlacedTensor> placed;
  uint64_t offset = 0;
  for (const TensorMapping &m : mappings) {
    placed.push_back({m.param, offset});
    offset += uint64_t(elements(m.param.shape)) * 4;
  }
  std::vector<uint8_t> bytes = safeTensorsHeader(
      placed, {{"orion.config", modelConfigToJson(spec)}, {"orion.source", format}});
  const size_t dataStart = bytes.size();
  bytes.resize(dataStart + offset);
  for (size_t i = 0; i < mappings.size(); ++i) {
    // One tensor at a time in F32, so the extra memory is one tensor.
    std::vector<float> values = toF32(*source.find(mappings[i].source));
    std::vector<float> ours(values.size());
    transformInto(mappings[i], values, ours.data());
    std::memcpy(bytes.data() + dataStart + placed[i].offset, ours.data(),
                ours.size() * 4);
  }
  return finishImport(format, spec, std::move(bytes), sourceName);
}

Expected<ImportedModel> finishImport(const std::string &format,
                                     const ModelConfig &spec,
                                     std::vector<uint8_t> bytes,
                                     const std::string &name) {
  auto file = SafeTensorsFile::fromBytes(std::move(bytes), name);
  if (!file)
    return file.error();
  std::vector<SafeTensorsFile> files;
  files.push_back(std::move(*file));
  auto store = WeightStore::fromFiles(std::move(files));
  if (!store)
    return store.error();
  ImportedModel model;
  model.format = format;
  model.configJson = modelConfigToJson(spec);
  model.weights = std::move(*store);
  for (const auto &[n, view] : model.weights.tensors())
    model.parameterCount += view->elementCount();
  return model;
}

} // namespace orion::rt::import
