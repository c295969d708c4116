//===- GPT2Builder.cpp - GPT-2 forward pass in orion ops ------------------===//
//
// Pre-norm blocks with LayerNorm (weight and bias), fused c_attn, tanh GELU,
// biases on every linear, learned positions and logits tied to wte.
//
//===----------------------------------------------------------------------===//

#include "StageBuilder.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"

using namespace mlir;
using namespace mlir::orion;

namespace {

Value layerNorm(StageBuilder &sb, Value x, const llvm::Twine &prefix,
                double eps) {
  Value w = sb.param(prefix + ".weight");
  Value bias = sb.param(prefix + ".bias");
  return LayerNormOp::create(sb.b, sb.loc, x, w, bias,
                             sb.b.getF32FloatAttr(float(eps)));
}

/// `prefix.weight` is [out, in] (the importer transposes HF's Conv1D).
Value linear(StageBuilder &sb, Value x, const llvm::Twine &prefix) {
  Value w = sb.param(prefix + ".weight");
  Value bias = sb.param(prefix + ".bias");
  return LinearOp::create(sb.b, sb.loc, x, w, bias);
}

} // namespace

Value mlir::orion::buildGPT2(StageBuilder &sb, const ModelConfig &c,
                             Value tokens) {
  OpBuilder &b = sb.b;
  int64_t seq = cast<RankedTensorType>(tokens.getType()).getDimSize(0);
  int64_t d = c.dim;

  sb.setStage("embed");
  Value wte = sb.param("wte.weight");
  Value x = EmbeddingOp::create(b, sb.loc, wte, tokens);
  // Positions 0..S-1 are the first S rows of wpe: a static slice, no
  // gather. A decode step gathers its one row.
  Value wpe = sb.param("wpe.weight");
  Value pos = sb.positions()
                  ? Value(EmbeddingOp::create(b, sb.loc, wpe, sb.positions()))
                  : Value(SliceOp::create(b, sb.loc, wpe,
                                          ArrayRef<int64_t>{0, 0},
                                          ArrayRef<int64_t>{seq, d}, nullptr));
  x = AddOp::create(b, sb.loc, x, pos);

  for (int64_t l = 0; l < c.layers; ++l) {
    std::string h = "h." + std::to_string(l);
    std::string stage = "layer" + std::to_string(l);

    sb.setStage(stage + ".attn");
    Value n1 = layerNorm(sb, x, h + ".ln_1", c.normEps);
    Value qkv = linear(sb, n1, h + ".attn.c_attn");
    auto split = SplitOp::create(b, sb.loc, qkv, /*axis=*/1,
                                 ArrayRef<int64_t>{d, d, d});
    Value attn = sb.attend(l, split.getResult(0), split.getResult(1),
                           split.getResult(2), c.heads, c.heads);
    Value proj = linear(sb, attn, h + ".attn.c_proj");
    x = AddOp::create(b, sb.loc, x, proj);

    sb.setStage(stage + ".mlp");
    Value n2 = layerNorm(sb, x, h + ".ln_2", c.normEps);
    Value fc = linear(sb, n2, h + ".mlp.c_fc");
    Value act = GeluOp::create(b, sb.loc, fc, GeluApproximation::Tanh);
    Value down = linear(sb, act, h + ".mlp.c_proj");
    x = AddOp::create(b, sb.loc, x, down);
  }

  sb.setStage("final_norm");
  x = layerNorm(sb, x, "ln_f", c.normEps);

  sb.setStage("logits");
  Value tied = sb.param("wte.weight");
  return LinearOp::create(b, sb.loc, x, tied, Value());
}
