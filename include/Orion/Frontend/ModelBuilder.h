//===- ModelBuilder.h - Whole-model orion functions from a config -*- C++ -*-===//
//
// Builds the inference forward pass of a GPT-2 or Llama-family model as one
// `orion` function, `@forward(tokens: tensor<Sxi32>) -> tensor<SxVxf32>`,
// from a small config. Weights are `orion.param`s named exactly like the
// checkpoints the importers read, so a weight store binds by name:
//
//  * GPT-2 (Hugging Face `GPT2Model` state dict, without `transformer.`):
//    `wte.weight` [V, D], `wpe.weight` [P, D], `h.N.ln_1.{weight,bias}`,
//    `h.N.attn.c_attn.{weight,bias}`, `h.N.attn.c_proj.{weight,bias}`,
//    `h.N.ln_2.{weight,bias}`, `h.N.mlp.c_fc.{weight,bias}`,
//    `h.N.mlp.c_proj.{weight,bias}`, `ln_f.{weight,bias}`.
//  * Llama (llama2.c export / Meta state dict): `tok_embeddings.weight`,
//    `layers.N.attention_norm.weight`, `layers.N.attention.w{q,k,v,o}.weight`,
//    `layers.N.ffn_norm.weight`, `layers.N.feed_forward.w{1,2,3}.weight`,
//    `norm.weight`, `output.weight` (absent when the classifier is tied).
//
// LAYOUT CONVENTION: every linear weight is orion's `[out, in]` (nn.Linear).
// Meta and llama2.c already store that layout. Hugging Face GPT-2 stores its
// Conv1D weights (`c_attn`, `c_proj`, `c_fc`) as `[in, out]`; the GPT-2
// importer must transpose them. `c_attn` keeps its fused [3D, D] form (q, k,
// v rows in that order), followed by an `orion.split`.
//
// Every op gets a location naming its stage (`embed`, `layerN.attn`,
// `layerN.mlp`, `final_norm`, `logits`); rewrites keep locations, so
// `orion-partition` can cut kernels at these boundaries after decomposition.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_FRONTEND_MODELBUILDER_H
#define ORION_FRONTEND_MODELBUILDER_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include "orion/model/ModelConfig.h"

#include <string>
#include <vector>

namespace mlir::orion {

// The config is the runtime's, shared with the importers and the trainer.
using ::orion::rt::ModelConfig;
using ::orion::rt::ModelFamily;

/// What the built function computes. Text generation uses the last two:
///
///  * Forward: tokens [S] i32 -> logits [S, V].
///  * Prefill: the same, plus every layer's key and value (`k_N`, `v_N`,
///    [S, kv_dim], keys after RoPE) to start a KV cache. Causal attention
///    lets a prompt shorter than S be padded at the end.
///  * Decode: one token against a cache of S slots. Inputs `tokens` [1],
///    `positions` [1] (its position p), `cache_slot` [1, S] (one-hot at p),
///    `attn_mask` [1, S] (0 for slots <= p, -1e4 after), then `k_cache_N`
///    and `v_cache_N` [S, kv_dim] with slots < p filled and the rest zero.
///    Outputs `logits` [1, V] and the token's `k_N`, `v_N` [1, kv_dim],
///    which the caller writes into slot p. Inside, slot p is filled by
///    `cache^T + k^T * cache_slot`: elementwise, so it stays on the ANE,
///    and channel-major ([kv_dim, S], the cache surface's own order), so
///    attention reads it without transposes (`transposed_kv`).
///
/// Training uses a fourth:
///
///  * Train: tokens [S] and `targets` [S] i32 -> `loss`, the rank-0 mean
///    cross-entropy of the logits against the targets (located in stage
///    `loss`). `orion-autodiff` then appends one gradient per parameter.
enum class ModelStep { Forward, Prefill, Decode, Train };

/// Appends `@<name>` computing `step` with sequence (or cache) length `seq`
/// to `module`; fails when the config or `seq` does not check
/// (orion::rt::checkModelConfig, checkSequenceLength). Every argument and result carries its host name in
/// `orion.name`. Loads the orion and func dialects.
llvm::Expected<func::FuncOp> buildModel(ModuleOp module,
                                        const ModelConfig &config, int64_t seq,
                                        llvm::StringRef name = "forward",
                                        ModelStep step = ModelStep::Forward);

} // namespace mlir::orion

#endif // ORION_FRONTEND_MODELBUILDER_H
