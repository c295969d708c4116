//===- LlamaBuilder.cpp - Llama forward pass in orion ops -----------------===//
//
// llama2.c's model: pre-norm blocks with RMSNorm, interleaved RoPE on q and
// k, grouped-query attention, SwiGLU (w2(silu(w1 x) * w3 x)), no biases,
// and a tied or separate classifier.
//
//===----------------------------------------------------------------------===//

#include "StageBuilder.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"

using namespace mlir;
using namespace mlir::orion;

namespace {

Value rmsNorm(StageBuilder &sb, Value x, const llvm::Twine &name, double eps) {
  Value w = sb.param(name);
  return RMSNormOp::create(sb.b, sb.loc, x, w,
                           sb.b.getF32FloatAttr(float(eps)));
}

Value linear(StageBuilder &sb, Value x, const llvm::Twine &name) {
  Value w = sb.param(name);
  return LinearOp::create(sb.b, sb.loc, x, w, Value());
}

Value rope(StageBuilder &sb, Value x, int64_t headDim, double theta) {
  return RopeOp::create(sb.b, sb.loc, x, sb.positions(), headDim,
                        llvm::APFloat(float(theta)), RopeStyle::Interleaved);
}

} // namespace

Value mlir::orion::buildLlama(StageBuilder &sb, const ModelConfig &c,
                              Value tokens) {
  OpBuilder &b = sb.b;
  int64_t headDim = c.headDim();

  sb.setStage("embed");
  Value table = sb.param("tok_embeddings.weight");
  Value x = EmbeddingOp::create(b, sb.loc, table, tokens);

  for (int64_t l = 0; l < c.layers; ++l) {
    std::string p = "layers." + std::to_string(l);
    std::string stage = "layer" + std::to_string(l);

    sb.setStage(stage + ".attn");
    Value n1 = rmsNorm(sb, x, p + ".attention_norm.weight", c.normEps);
    Value q = linear(sb, n1, p + ".attention.wq.weight");
    Value k = linear(sb, n1, p + ".attention.wk.weight");
    Value v = linear(sb, n1, p + ".attention.wv.weight");
    q = rope(sb, q, headDim, c.ropeTheta);
    k = rope(sb, k, headDim, c.ropeTheta);
    Value attn = sb.attend(l, q, k, v, c.heads, c.kvHeads);
    Value o = linear(sb, attn, p + ".attention.wo.weight");
    x = AddOp::create(b, sb.loc, x, o);

    sb.setStage(stage + ".mlp");
    Value n2 = rmsNorm(sb, x, p + ".ffn_norm.weight", c.normEps);
    Value gate = linear(sb, n2, p + ".feed_forward.w1.weight");
    Value up = linear(sb, n2, p + ".feed_forward.w3.weight");
    Value act = SiluOp::create(b, sb.loc, gate);
    Value h = MulOp::create(b, sb.loc, act, up);
    Value down = linear(sb, h, p + ".feed_forward.w2.weight");
    x = AddOp::create(b, sb.loc, x, down);
  }

  sb.setStage("final_norm");
  x = rmsNorm(sb, x, "norm.weight", c.normEps);

  sb.setStage("logits");
  return linear(sb, x,
                c.tiedClassifier ? "tok_embeddings.weight" : "output.weight");
}
