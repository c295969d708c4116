//===- HFImport.h - Hugging Face config.json and tensor maps ----*- C++ -*-===//
//
// Internal to the runtime. Each supported `model_type` turns config.json
// into our ModelConfig and a map from the checkpoint's tensor names to ours;
// HFImport.cpp checks the map against the tensors and converts them.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_MODEL_HFIMPORT_H
#define ORION_MODEL_HFIMPORT_H

#include "orion/model/ImportSupport.h"

#include <nlohmann/json.hpp>

#include <optional>

namespace orion::rt::import {

/// Typed reads of config.json keys. The first problem is kept (later reads
/// return defaults), so a family's code reads every key and checks once.
class ConfigReader {
public:
  ConfigReader(const nlohmann::json &object, std::string file)
      : object_(object), file_(std::move(file)) {}

  /// A key that is absent or null has no value.
  bool has(const std::string &key) const;
  int64_t integer(const std::string &key,
                  std::optional<int64_t> fallback = std::nullopt);
  double number(const std::string &key, std::optional<double> fallback);
  bool boolean(const std::string &key, bool fallback);
  std::string string(const std::string &key, const std::string &fallback);
  /// Records "<file>: <message>" unless a problem is already recorded.
  void fail(const std::string &message);

  const nlohmann::json &object() const { return object_; }
  const std::string &file() const { return file_; }
  const std::optional<Error> &error() const { return error_; }

private:
  const nlohmann::json &object_;
  std::string file_;
  std::optional<Error> error_;
};

/// A model_type's reading of the config and checkpoint. Mappings are only
/// filled when the config was read without error and its spec checks.
struct HFModel {
  std::string format; // "hf-gpt2", "hf-llama"
  ModelConfig spec;
  std::vector<TensorMapping> mappings;
  /// A classifier the checkpoint may store although ours is tied to
  /// `tiedTo`: if present it must equal that tensor.
  std::string tiedClassifier, tiedTo;
  /// Tensors that are buffers, not parameters (attention masks, RoPE
  /// frequencies).
  std::function<bool(const std::string &)> isBuffer;
};

/// GPT2LMHeadModel / GPT2Model (model_type "gpt2").
HFModel readHFGPT2(ConfigReader &config,
                                  const WeightStore &source);
/// LlamaForCausalLM (model_type "llama").
HFModel readHFLlama(ConfigReader &config,
                                   const WeightStore &source);

} // namespace orion::rt::import

#endif // ORION_MODEL_HFIMPORT_H
