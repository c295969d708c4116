//===- HFLlamaImport.cpp - Hugging Face Llama config and tensor names -----===//
//
// HF's conversion script permutes the rows of q_proj and k_proj so that its
// rotate-half RoPE (pairs (i, i + D/2) of a head) computes what Meta's
// interleaved RoPE (pairs (2i, 2i+1)) computes on the original rows. Orion's
// RoPE is the interleaved one (as llama2.c), so the importer applies the
// inverse permutation, per head of q (heads) and of k (kv_heads).
//
//===----------------------------------------------------------------------===//

#include "orion/model/HFImport.h"

namespace orion::rt::import {

HFModel readHFLlama(ConfigReader &config,
                                   const WeightStore &source) {
  (void)source; // HF Llama names do not vary between saving classes
  HFModel m;
  m.format = "hf-llama";
  ModelConfig &s = m.spec;
  s.family = ModelFamily::Llama;
  s.dim = config.integer("hidden_size");
  s.hidden = config.integer("intermediate_size");
  s.layers = config.integer("num_hidden_layers");
  s.heads = config.integer("num_attention_heads");
  s.kvHeads = config.integer("num_key_value_heads", s.heads);
  s.vocab = config.integer("vocab_size");
  s.maxSeq = config.integer("max_position_embeddings");
  s.normEps = config.number("rms_norm_eps", 1e-6); // LlamaConfig's default
  s.ropeTheta = config.number("rope_theta", 10000.0);
  s.tiedClassifier = config.boolean("tie_word_embeddings", false);
  // Features Orion's Llama does not compute are errors, not silently wrong
  // logits.
  if (config.has("rope_scaling"))
    config.fail("rope_scaling " + config.object()["rope_scaling"].dump() +
                " is not supported (Orion's RoPE has no scaling; it must be "
                "null)");
  if (config.boolean("attention_bias", false))
    config.fail("attention_bias = true is not supported (Orion's Llama "
                "projections have no bias)");
  if (config.boolean("mlp_bias", false))
    config.fail("mlp_bias = true is not supported (Orion's Llama MLP has no "
                "bias)");
  std::string act = config.string("hidden_act", "silu");
  if (act != "silu")
    config.fail("hidden_act \"" + act +
                "\" is not supported (Orion's Llama MLP is SwiGLU: silu)");
  if (config.has("head_dim") && s.heads > 0 &&
      config.integer("head_dim") != s.dim / s.heads)
    config.fail("head_dim " + std::to_string(config.integer("head_dim")) +
                " is not hidden_size / num_attention_heads = " +
                std::to_string(s.dim / s.heads));
  if (config.error() || !checkModelConfig(s).empty())
    return m; // the caller reports the config error or checkModelConfig(s)

  static const std::pair<const char *, const char *> kLayer[] = {
      {"attention_norm.weight", "input_layernorm.weight"},
      {"attention.wq.weight", "self_attn.q_proj.weight"},
      {"attention.wk.weight", "self_attn.k_proj.weight"},
      {"attention.wv.weight", "self_attn.v_proj.weight"},
      {"attention.wo.weight", "self_attn.o_proj.weight"},
      {"ffn_norm.weight", "post_attention_layernorm.weight"},
      {"feed_forward.w1.weight", "mlp.gate_proj.weight"},
      {"feed_forward.w2.weight", "mlp.down_proj.weight"},
      {"feed_forward.w3.weight", "mlp.up_proj.weight"},
  };
  for (const ParamSpec &param : parameterSpecs(s)) {
    TensorMapping t{param, ""};
    if (param.name == "tok_embeddings.weight")
      t.source = "model.embed_tokens.weight";
    else if (param.name == "norm.weight")
      t.source = "model.norm.weight";
    else if (param.name == "output.weight")
      t.source = "lm_head.weight";
    else {
      // layers.N.<ours> -> model.layers.N.<theirs>
      size_t dot = param.name.find('.', 7);
      std::string layer = param.name.substr(0, dot + 1);
      std::string rest = param.name.substr(dot + 1);
      for (const auto &[ours, theirs] : kLayer)
        if (rest == ours)
          t.source = "model." + layer + theirs;
      if (rest == "attention.wq.weight" || rest == "attention.wk.weight") {
        t.transform = Transform::UnpermuteRope;
        t.ropeHeads = rest == "attention.wq.weight" ? s.heads : s.kvHeads;
      }
    }
    m.mappings.push_back(std::move(t));
  }
  if (s.tiedClassifier) {
    m.tiedClassifier = "lm_head.weight";
    m.tiedTo = "model.embed_tokens.weight";
  }
  // Older checkpoints saved RoPE's inverse frequencies with the weights.
  m.isBuffer = [](const std::string &name) {
    const std::string suffix = ".self_attn.rotary_emb.inv_freq";
    return name.size() > suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) ==
               0;
  };
  return m;
}

} // namespace orion::rt::import
