//===- HFGPT2Import.cpp - Hugging Face GPT-2 config and tensor names ------===//
//
// Our GPT-2 names are HF's without the "transformer." prefix (present when
// GPT2LMHeadModel saved the file). HF's Conv1D layers store [in, out]; ours
// are [out, in], so their weights are transposed (biases are not).
//
//===----------------------------------------------------------------------===//

#include "orion/model/HFImport.h"
#include "orion/format/Strings.h"

namespace orion::rt::import {

HFModel readHFGPT2(ConfigReader &config,
                                  const WeightStore &source) {
  HFModel m;
  m.format = "hf-gpt2";
  ModelConfig &s = m.spec;
  s.family = ModelFamily::GPT2;
  s.dim = config.integer("n_embd");
  s.layers = config.integer("n_layer");
  s.heads = s.kvHeads = config.integer("n_head");
  s.vocab = config.integer("vocab_size");
  // Older configs name the context n_ctx.
  s.maxSeq = config.has("n_positions") ? config.integer("n_positions")
                                       : config.integer("n_ctx");
  s.normEps = config.number("layer_norm_epsilon", 1e-5);
  s.hidden = config.integer("n_inner", 4 * s.dim);
  s.tiedClassifier = true;
  s.ropeTheta = 10000.0;
  // Orion's GPT-2 is the tanh-approximated GELU with plain 1/sqrt(d)
  // attention scaling; anything else would compute different logits.
  std::string act = config.string("activation_function", "gelu_new");
  if (act != "gelu_new" && act != "gelu_pytorch_tanh")
    config.fail("activation_function \"" + act +
                "\" is not supported (Orion's GPT-2 uses the tanh GELU: "
                "gelu_new or gelu_pytorch_tanh)");
  if (!config.boolean("scale_attn_weights", true))
    config.fail("scale_attn_weights = false is not supported");
  if (config.boolean("scale_attn_by_inverse_layer_idx", false))
    config.fail("scale_attn_by_inverse_layer_idx = true is not supported");
  if (config.boolean("add_cross_attention", false))
    config.fail("add_cross_attention = true is not supported");
  if (config.error() || !checkModelConfig(s).empty())
    return m; // the caller reports the config error or checkModelConfig(s)

  const std::string p =
      source.find("transformer.wte.weight") ? "transformer." : "";
  for (const ParamSpec &param : parameterSpecs(s)) {
    TensorMapping t{param, p + param.name};
    bool conv1d = endsWith(param.name, ".c_attn.weight") ||
                  endsWith(param.name, ".c_proj.weight") ||
                  endsWith(param.name, ".c_fc.weight");
    if (conv1d)
      t.transform = Transform::Transpose;
    m.mappings.push_back(std::move(t));
  }
  m.tiedClassifier = "lm_head.weight";
  m.tiedTo = p + "wte.weight";
  // The causal-mask buffers older versions saved with the weights.
  m.isBuffer = [p](const std::string &name) {
    return name.compare(0, p.size() + 2, p + "h.") == 0 &&
           (endsWith(name, ".attn.bias") || endsWith(name, ".attn.masked_bias"));
  };
  return m;
}

} // namespace orion::rt::import
