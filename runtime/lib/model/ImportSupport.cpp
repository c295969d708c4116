//===- ImportSupport.cpp - Shared pieces of the model importers -----------===//

#include "orion/model/ImportSupport.h"

#include "orion/format/Fp16.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace orion::rt::import {

namespace {

/// Keeps every 2-D shape's element count far from int64 overflow; no real
/// model comes close.
constexpr int64_t kMaxSize = int64_t(1) << 31;
/// More layers than any model has; keeps a bad config from making the
/// parameter list itself huge.
constexpr int64_t kMaxLayers = 4096;

} // namespace

std::string ModelSpec::toJson() const {
  nlohmann::ordered_json j;
  j["family"] = gpt2 ? "gpt2" : "llama";
  j["vocab"] = vocab;
  j["dim"] = dim;
  j["layers"] = layers;
  j["heads"] = heads;
  j["kv_heads"] = kvHeads;
  j["hidden"] = hidden;
  j["max_seq"] = maxSeq;
  j["norm_eps"] = normEps;
  j["rope_theta"] = ropeTheta;
  j["tied_classifier"] = tiedClassifier;
  return j.dump();
}

std::string ModelSpec::check() const {
  const std::pair<const char *, int64_t> sizes[] = {
      {"vocab", vocab},   {"dim", dim},       {"layers", layers},
      {"heads", heads},   {"kv_heads", kvHeads}, {"hidden", hidden},
      {"max_seq", maxSeq}};
  for (const auto &[key, value] : sizes) {
    if (value <= 0)
      return std::string(key) + " = " + std::to_string(value) +
             " must be positive";
    if (value >= kMaxSize)
      return std::string(key) + " = " + std::to_string(value) +
             " is too large";
  }
  if (layers > kMaxLayers)
    return "layers = " + std::to_string(layers) + " is too large (at most " +
           std::to_string(kMaxLayers) + ")";
  if (dim % heads != 0)
    return "heads = " + std::to_string(heads) + " does not divide dim = " +
           std::to_string(dim);
  if (heads % kvHeads != 0)
    return "kv_heads = " + std::to_string(kvHeads) +
           " does not divide heads = " + std::to_string(heads);
  if (!gpt2 && (dim / heads) % 2 != 0)
    return "rotary embedding needs an even head size, got dim / heads = " +
           std::to_string(dim / heads);
  if (!(normEps >= 0.0) || !std::isfinite(normEps))
    return "norm_eps must be a non-negative number";
  if (!(ropeTheta > 0.0) || !std::isfinite(ropeTheta))
    return "rope_theta must be a positive number";
  return "";
}

Expected<ModelSpec> parseModelSpec(const std::string &text,
                                   const std::string &what) {
  using nlohmann::json;
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return Error(what + ": model config is not a JSON object");
  ModelSpec spec;
  auto bad = [&](const std::string &key, const char *type) {
    return Error(what + ": \"" + key + "\" must be " + type);
  };
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string &key = it.key();
    const json &v = it.value();
    if (key == "family") {
      if (!v.is_string() || (v != "gpt2" && v != "llama"))
        return bad(key, "\"gpt2\" or \"llama\"");
      spec.gpt2 = v == "gpt2";
    } else if (key == "tied_classifier") {
      if (!v.is_boolean())
        return bad(key, "a boolean");
      spec.tiedClassifier = v.get<bool>();
    } else if (key == "norm_eps" || key == "rope_theta") {
      if (!v.is_number())
        return bad(key, "a number");
      (key == "norm_eps" ? spec.normEps : spec.ropeTheta) = v.get<double>();
    } else {
      int64_t *field = key == "vocab"      ? &spec.vocab
                       : key == "dim"      ? &spec.dim
                       : key == "layers"   ? &spec.layers
                       : key == "heads"    ? &spec.heads
                       : key == "kv_heads" ? &spec.kvHeads
                       : key == "hidden"   ? &spec.hidden
                       : key == "max_seq"  ? &spec.maxSeq
                                           : nullptr;
      if (!field)
        return Error(what + ": unknown model config key \"" + key + "\"");
      if (!v.is_number_integer())
        return bad(key, "an integer");
      *field = v.is_number_unsigned()
                   ? int64_t(std::min<uint64_t>(v.get<uint64_t>(), kMaxSize))
                   : v.get<int64_t>();
    }
  }
  // As parseModelConfig: GPT-2 has no grouped-query attention.
  if (spec.gpt2)
    spec.kvHeads = spec.heads;
  if (std::string why = spec.check(); !why.empty())
    return Error(what + ": " + why);
  return spec;
}

std::vector<ParamSpec> parameterSpecs(const ModelSpec &s) {
  std::vector<ParamSpec> p;
  const int64_t d = s.dim, h = s.hidden;
  if (s.gpt2) {
    p.push_back({"wte.weight", {s.vocab, d}});
    p.push_back({"wpe.weight", {s.maxSeq, d}});
    for (int64_t l = 0; l < s.layers; ++l) {
      std::string n = "h." + std::to_string(l) + ".";
      p.push_back({n + "ln_1.weight", {d}});
      p.push_back({n + "ln_1.bias", {d}});
      p.push_back({n + "attn.c_attn.weight", {3 * d, d}});
      p.push_back({n + "attn.c_attn.bias", {3 * d}});
      p.push_back({n + "attn.c_proj.weight", {d, d}});
      p.push_back({n + "attn.c_proj.bias", {d}});
      p.push_back({n + "ln_2.weight", {d}});
      p.push_back({n + "ln_2.bias", {d}});
      p.push_back({n + "mlp.c_fc.weight", {h, d}});
      p.push_back({n + "mlp.c_fc.bias", {h}});
      p.push_back({n + "mlp.c_proj.weight", {d, h}});
      p.push_back({n + "mlp.c_proj.bias", {d}});
    }
    p.push_back({"ln_f.weight", {d}});
    p.push_back({"ln_f.bias", {d}});
    return p;
  }
  const int64_t kv = s.kvHeads * (d / s.heads);
  p.push_back({"tok_embeddings.weight", {s.vocab, d}});
  for (int64_t l = 0; l < s.layers; ++l) {
    std::string n = "layers." + std::to_string(l) + ".";
    p.push_back({n + "attention_norm.weight", {d}});
    p.push_back({n + "attention.wq.weight", {d, d}});
    p.push_back({n + "attention.wk.weight", {kv, d}});
    p.push_back({n + "attention.wv.weight", {kv, d}});
    p.push_back({n + "attention.wo.weight", {d, d}});
    p.push_back({n + "ffn_norm.weight", {d}});
    p.push_back({n + "feed_forward.w1.weight", {h, d}});
    p.push_back({n + "feed_forward.w2.weight", {d, h}});
    p.push_back({n + "feed_forward.w3.weight", {h, d}});
  }
  p.push_back({"norm.weight", {d}});
  if (!s.tiedClassifier)
    p.push_back({"output.weight", {s.vocab, d}});
  return p;
}

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
                                       const ModelSpec &spec,
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
      placed, {{"orion.config", spec.toJson()}, {"orion.source", format}});
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
                                     const ModelSpec &spec,
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
  model.configJson = spec.toJson();
  model.weights = std::move(*store);
  for (const auto &[n, view] : model.weights.tensors())
    model.parameterCount += view->elementCount();
  return model;
}

} // namespace orion::rt::import
