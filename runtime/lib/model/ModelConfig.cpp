//===- ModelConfig.cpp - Model presets, JSON configs and validation -------===//

#include "orion/model/ModelConfig.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace orion::rt {

namespace {

/// Keeps every 2-D shape's element count far from int64 overflow; no real
/// model comes close.
constexpr int64_t kMaxSize = int64_t(1) << 31;
/// More layers than any model has; keeps a bad config from making the
/// parameter list itself huge.
constexpr int64_t kMaxLayers = 4096;

ModelConfig gpt2(int64_t vocab, int64_t maxSeq, int64_t dim, int64_t layers,
                 int64_t heads, int64_t hidden) {
  ModelConfig c;
  c.family = ModelFamily::GPT2;
  c.vocab = vocab;
  c.maxSeq = maxSeq;
  c.dim = dim;
  c.layers = layers;
  c.heads = c.kvHeads = heads;
  c.hidden = hidden;
  return c;
}

ModelConfig llama(int64_t dim, int64_t hidden, int64_t layers, int64_t heads,
                  int64_t kvHeads, int64_t vocab, int64_t maxSeq, bool tied) {
  ModelConfig c;
  c.family = ModelFamily::Llama;
  c.dim = dim;
  c.hidden = hidden;
  c.layers = layers;
  c.heads = heads;
  c.kvHeads = kvHeads;
  c.vocab = vocab;
  c.maxSeq = maxSeq;
  c.tiedClassifier = tied;
  return c;
}

/// An integer key's value: JSON integers, or floats with an integral value
/// (64.0). Huge values are clamped so checkModelConfig reports them.
std::optional<int64_t> integerValue(const nlohmann::json &v) {
  if (v.is_number_unsigned())
    return int64_t(std::min<uint64_t>(v.get<uint64_t>(), uint64_t(kMaxSize)));
  if (v.is_number_integer())
    return v.get<int64_t>();
  if (v.is_number_float()) {
    double d = v.get<double>(), whole;
    if (std::isfinite(d) && std::modf(d, &whole) == 0.0)
      return int64_t(std::clamp(d, -double(kMaxSize), double(kMaxSize)));
  }
  return std::nullopt;
}

} // namespace

bool sameModel(const ModelConfig &a, const ModelConfig &b) {
  return a.family == b.family && a.vocab == b.vocab && a.dim == b.dim &&
         a.layers == b.layers && a.heads == b.heads &&
         a.kvHeads == b.kvHeads && a.hidden == b.hidden &&
         a.maxSeq == b.maxSeq && float(a.normEps) == float(b.normEps) &&
         float(a.ropeTheta) == float(b.ropeTheta) &&
         a.tiedClassifier == b.tiedClassifier;
}

std::vector<std::string> presetNames() {
  return {"gpt2-124m", "stories15m", "stories42m", "stories110m",
          "gpt2-tiny", "llama-tiny"};
}

Expected<ModelConfig> presetConfig(const std::string &name) {
  // The stories* configs are the llama2.c TinyStories checkpoints' headers;
  // their classifiers share the token embedding.
  if (name == "gpt2-124m")
    return gpt2(50257, 1024, 768, 12, 12, 3072);
  if (name == "stories15m")
    return llama(288, 768, 6, 6, 6, 32000, 256, /*tied=*/true);
  if (name == "stories42m")
    return llama(512, 1376, 8, 8, 8, 32000, 1024, /*tied=*/true);
  if (name == "stories110m")
    return llama(768, 2048, 12, 12, 12, 32000, 1024, /*tied=*/true);
  // Tiny configs for tests: every structural feature, little IR.
  if (name == "gpt2-tiny")
    return gpt2(512, 64, 64, 2, 4, 256);
  if (name == "llama-tiny")
    return llama(64, 128, 2, 4, 2, 512, 64, /*tied=*/false);
  std::string known;
  for (const std::string &n : presetNames())
    known += (known.empty() ? "" : ", ") + n;
  return Error("unknown preset '" + name + "' (known: " + known + ")");
}

Expected<ModelConfig> parseModelConfig(const std::string &text,
                                       const std::string &what,
                                       const ModelConfig &base) {
  using nlohmann::json;
  const std::string prefix = what.empty() ? "" : what + ": ";
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return Error(prefix + "model config is not a JSON object");
  ModelConfig c = base;
  auto bad = [&](const std::string &key, const char *type) {
    return Error(prefix + "\"" + key + "\" must be " + type);
  };
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string &key = it.key();
    const json &v = it.value();
    if (key == "family") {
      if (!v.is_string() || (v != "gpt2" && v != "llama"))
        return bad(key, "\"gpt2\" or \"llama\"");
      c.family = v == "gpt2" ? ModelFamily::GPT2 : ModelFamily::Llama;
    } else if (key == "tied_classifier") {
      if (!v.is_boolean())
        return bad(key, "a boolean");
      c.tiedClassifier = v.get<bool>();
    } else if (key == "norm_eps" || key == "rope_theta") {
      if (!v.is_number())
        return bad(key, "a number");
      (key == "norm_eps" ? c.normEps : c.ropeTheta) = v.get<double>();
    } else {
      int64_t *field = key == "vocab"      ? &c.vocab
                       : key == "dim"      ? &c.dim
                       : key == "layers"   ? &c.layers
                       : key == "heads"    ? &c.heads
                       : key == "kv_heads" ? &c.kvHeads
                       : key == "hidden"   ? &c.hidden
                       : key == "max_seq"  ? &c.maxSeq
                                           : nullptr;
      if (!field)
        return Error(prefix + "unknown model config key \"" + key + "\"");
      std::optional<int64_t> i = integerValue(v);
      if (!i)
        return bad(key, "an integer");
      *field = *i;
    }
  }
  // GPT-2 has no grouped-query attention; keep kv_heads consistent.
  if (c.gpt2())
    c.kvHeads = c.heads;
  if (std::string why = checkModelConfig(c); !why.empty())
    return Error(prefix + why);
  return c;
}

std::string modelConfigToJson(const ModelConfig &c) {
  nlohmann::ordered_json j;
  j["family"] = c.gpt2() ? "gpt2" : "llama";
  j["vocab"] = c.vocab;
  j["dim"] = c.dim;
  j["layers"] = c.layers;
  j["heads"] = c.heads;
  j["kv_heads"] = c.kvHeads;
  j["hidden"] = c.hidden;
  j["max_seq"] = c.maxSeq;
  j["norm_eps"] = c.normEps;
  j["rope_theta"] = c.ropeTheta;
  j["tied_classifier"] = c.tiedClassifier;
  return j.dump();
}

std::string checkModelConfig(const ModelConfig &c) {
  const std::pair<const char *, int64_t> sizes[] = {
      {"vocab", c.vocab},     {"dim", c.dim},       {"layers", c.layers},
      {"heads", c.heads},     {"kv_heads", c.kvHeads},
      {"hidden", c.hidden},   {"max_seq", c.maxSeq}};
  for (const auto &[key, value] : sizes) {
    if (value <= 0)
      return std::string(key) + " = " + std::to_string(value) +
             " must be positive";
    if (value >= kMaxSize)
      return std::string(key) + " = " + std::to_string(value) +
             " is too large";
  }
  if (c.layers > kMaxLayers)
    return "layers = " + std::to_string(c.layers) + " is too large (at most " +
           std::to_string(kMaxLayers) + ")";
  if (c.dim % c.heads != 0)
    return "heads = " + std::to_string(c.heads) + " does not divide dim = " +
           std::to_string(c.dim);
  if (c.heads % c.kvHeads != 0)
    return "kv_heads = " + std::to_string(c.kvHeads) +
           " does not divide heads = " + std::to_string(c.heads);
  if (!c.gpt2() && c.headDim() % 2 != 0)
    return "rotary embedding needs an even head size, got dim / heads = " +
           std::to_string(c.headDim());
  if (!(c.normEps >= 0.0) || !std::isfinite(c.normEps))
    return "norm_eps must be a non-negative number";
  if (!(c.ropeTheta > 0.0) || !std::isfinite(c.ropeTheta))
    return "rope_theta must be a positive number";
  return "";
}

std::string checkSequenceLength(const ModelConfig &c, int64_t seq) {
  if (seq <= 0 || seq > c.maxSeq)
    return "sequence length " + std::to_string(seq) +
           " must be in [1, max_seq = " + std::to_string(c.maxSeq) + "]";
  return "";
}

} // namespace orion::rt
