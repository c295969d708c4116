//===- HFImport.cpp - Hugging Face checkpoints (config.json + safetensors) ===//

#include "orion/model/HFImport.h"

#include <algorithm>

namespace orion::rt::import {

bool ConfigReader::has(const std::string &key) const {
  return object_.contains(key) && !object_[key].is_null();
}

void ConfigReader::fail(const std::string &message) {
  if (!error_)
    error_ = Error(file_ + ": " + message);
}

int64_t ConfigReader::integer(const std::string &key,
                              std::optional<int64_t> fallback) {
  if (!has(key)) {
    if (!fallback)
      fail("missing \"" + key + "\"");
    return fallback.value_or(0);
  }
  const nlohmann::json &v = object_[key];
  if (!v.is_number_integer()) {
    fail("\"" + key + "\" must be an integer");
    return 0;
  }
  // Past int32 is rejected later as too large; clamp so that arithmetic on
  // a value before that check (e.g. 4 * n_embd) cannot overflow.
  constexpr int64_t kClamp = int64_t(1) << 40;
  if (v.is_number_unsigned())
    return int64_t(std::min<uint64_t>(v.get<uint64_t>(), uint64_t(kClamp)));
  return std::max<int64_t>(v.get<int64_t>(), -kClamp);
}

double ConfigReader::number(const std::string &key,
                            std::optional<double> fallback) {
  if (!has(key)) {
    if (!fallback)
      fail("missing \"" + key + "\"");
    return fallback.value_or(0.0);
  }
  const nlohmann::json &v = object_[key];
  if (!v.is_number()) {
    fail("\"" + key + "\" must be a number");
    return 0.0;
  }
  return v.get<double>();
}

bool ConfigReader::boolean(const std::string &key, bool fallback) {
  if (!has(key))
    return fallback;
  const nlohmann::json &v = object_[key];
  if (!v.is_boolean()) {
    fail("\"" + key + "\" must be true or false");
    return fallback;
  }
  return v.get<bool>();
}

std::string ConfigReader::string(const std::string &key,
                                 const std::string &fallback) {
  if (!has(key))
    return fallback;
  const nlohmann::json &v = object_[key];
  if (!v.is_string()) {
    fail("\"" + key + "\" must be a string");
    return fallback;
  }
  return v.get<std::string>();
}

namespace {

/// "gpt2", "llama", or "" when the config names neither.
std::string familyOf(ConfigReader &config) {
  std::string type = config.string("model_type", "");
  if (!type.empty())
    return type;
  const nlohmann::json &o = config.object();
  if (o.contains("architectures") && o["architectures"].is_array())
    for (const nlohmann::json &a : o["architectures"]) {
      if (a == "GPT2LMHeadModel" || a == "GPT2Model")
        return "gpt2";
      if (a == "LlamaForCausalLM" || a == "LlamaModel")
        return "llama";
    }
  return "";
}

} // namespace

Expected<ImportedModel> importHuggingFace(const std::string &configText,
                                          const std::string &configName,
                                          const WeightStore &source,
                                          const std::string &sourceName) {
  nlohmann::json object =
      nlohmann::json::parse(configText, nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded() || !object.is_object())
    return Error(configName + ": not a JSON object");
  ConfigReader config(object, configName);
  std::string family = familyOf(config);
  HFModel model;
  if (family == "gpt2")
    model = readHFGPT2(config, source);
  else if (family == "llama")
    model = readHFLlama(config, source);
  else if (!config.error())
    config.fail(family.empty()
                    ? "no \"model_type\" (supported: gpt2, llama)"
                    : "model_type \"" + family +
                          "\" is not supported (supported: gpt2, llama)");
  if (config.error())
    return *config.error();
  if (std::string why = checkModelConfig(model.spec); !why.empty())
    return Error(configName + ": " + why);

  // A stored copy of a tied classifier must really be the embedding.
  if (const TensorView *cls = source.find(model.tiedClassifier)) {
    const TensorView *emb = source.find(model.tiedTo);
    if (emb && (cls->shape != emb->shape || !sameValues(*cls, *emb)))
      return Error(sourceName + ": '" + model.tiedClassifier +
                   "' differs from '" + model.tiedTo +
                   "', but the config ties the classifier to the token "
                   "embedding");
  }
  auto ignored = [&](const std::string &name) {
    return name == model.tiedClassifier ||
           (model.isBuffer && model.isBuffer(name));
  };
  if (Status s = checkMapping(model.mappings, source, sourceName, ignored);
      !s)
    return s.error();
  return convertMapping(model.format, model.spec, model.mappings, source,
                        sourceName);
}

} // namespace orion::rt::import
