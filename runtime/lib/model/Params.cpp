//===- Params.cpp - The parameters of a model config ----------------------===//

#include "orion/model/Params.h"

namespace orion::rt {

std::vector<ParamSpec> parameterSpecs(const ModelConfig &c) {
  std::vector<ParamSpec> p;
  const int64_t d = c.dim, h = c.hidden;
  if (c.gpt2()) {
    p.push_back({"wte.weight", {c.vocab, d}});
    p.push_back({"wpe.weight", {c.maxSeq, d}});
    for (int64_t l = 0; l < c.layers; ++l) {
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
  const int64_t kv = c.kvDim();
  p.push_back({"tok_embeddings.weight", {c.vocab, d}});
  for (int64_t l = 0; l < c.layers; ++l) {
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
  if (!c.tiedClassifier)
    p.push_back({"output.weight", {c.vocab, d}});
  return p;
}

} // namespace orion::rt
