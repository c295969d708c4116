//===- ModelConfig.cpp - Model presets, JSON configs and validation -------===//

#include "Orion/Frontend/ModelBuilder.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace mlir::orion;
using llvm::createStringError;

namespace {

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

} // namespace

std::vector<std::string> mlir::orion::presetNames() {
  return {"gpt2-124m", "stories15m", "stories42m", "stories110m",
          "gpt2-tiny", "llama-tiny"};
}

llvm::Expected<ModelConfig> mlir::orion::presetConfig(llvm::StringRef name) {
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
  return createStringError("unknown preset '" + name.str() +
                           "' (known: " + known + ")");
}

llvm::Expected<ModelConfig>
mlir::orion::parseModelConfig(llvm::StringRef json, const ModelConfig &base) {
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(json);
  if (!parsed)
    return parsed.takeError();
  const llvm::json::Object *obj = parsed->getAsObject();
  if (!obj)
    return createStringError("model config must be a JSON object");
  ModelConfig c = base;
  for (const auto &[key, value] : *obj) {
    llvm::StringRef k = key;
    if (k == "family") {
      std::optional<llvm::StringRef> s = value.getAsString();
      if (!s || (*s != "gpt2" && *s != "llama"))
        return createStringError("\"family\" must be \"gpt2\" or \"llama\"");
      c.family = *s == "gpt2" ? ModelFamily::GPT2 : ModelFamily::Llama;
    } else if (k == "tied_classifier") {
      std::optional<bool> b = value.getAsBoolean();
      if (!b)
        return createStringError("\"tied_classifier\" must be a boolean");
      c.tiedClassifier = *b;
    } else if (k == "norm_eps" || k == "rope_theta") {
      std::optional<double> d = value.getAsNumber();
      if (!d)
        return createStringError("\"" + k.str() + "\" must be a number");
      (k == "norm_eps" ? c.normEps : c.ropeTheta) = static_cast<float>(*d);
    } else {
      int64_t *field = llvm::StringSwitch<int64_t *>(k)
                           .Case("vocab", &c.vocab)
                           .Case("dim", &c.dim)
                           .Case("layers", &c.layers)
                           .Case("heads", &c.heads)
                           .Case("kv_heads", &c.kvHeads)
                           .Case("hidden", &c.hidden)
                           .Case("max_seq", &c.maxSeq)
                           .Default(nullptr);
      if (!field)
        return createStringError("unknown model config key \"" + k.str() +
                                 "\"");
      std::optional<int64_t> i = value.getAsInteger();
      if (!i)
        return createStringError("\"" + k.str() + "\" must be an integer");
      *field = *i;
    }
  }
  // GPT-2 has no grouped-query attention; keep kv_heads consistent.
  if (c.family == ModelFamily::GPT2)
    c.kvHeads = c.heads;
  return c;
}

llvm::Error mlir::orion::validateModelConfig(const ModelConfig &c,
                                             int64_t seq) {
  auto positive = [](int64_t v) { return v > 0; };
  if (!positive(c.vocab) || !positive(c.dim) || !positive(c.layers) ||
      !positive(c.heads) || !positive(c.kvHeads) || !positive(c.hidden) ||
      !positive(c.maxSeq))
    return createStringError("vocab, dim, layers, heads, kv_heads, hidden and "
                             "max_seq must be positive");
  if (seq <= 0 || seq > c.maxSeq)
    return createStringError("sequence length " + std::to_string(seq) +
                             " must be in [1, max_seq = " +
                             std::to_string(c.maxSeq) + "]");
  if (c.dim % c.heads != 0)
    return createStringError("dim " + std::to_string(c.dim) +
                             " is not a multiple of heads " +
                             std::to_string(c.heads));
  if (c.heads % c.kvHeads != 0)
    return createStringError("heads " + std::to_string(c.heads) +
                             " is not a multiple of kv_heads " +
                             std::to_string(c.kvHeads));
  if (c.family == ModelFamily::Llama && (c.dim / c.heads) % 2 != 0)
    return createStringError("rotary embedding needs an even head_dim, got " +
                             std::to_string(c.dim / c.heads));
  if (!(c.normEps >= 0.0f))
    return createStringError("norm_eps must be non-negative");
  if (!(c.ropeTheta > 0.0f))
    return createStringError("rope_theta must be positive");
  return llvm::Error::success();
}
