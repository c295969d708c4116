// One GPT-2 124M transformer block (d = 768, 12 heads, MLP 3072) at sequence
// length 256, as a frontend writes it: weights are named orion.param values,
// attention is one op. Try `orion-opt` on it with --canonicalize or
// --orion-fuse-projections --orion-decompose.
func.func @gpt2_block(%x: tensor<256x768xf32>) -> tensor<256x768xf32> {
  %ln1_g = orion.param "h.0.ln_1.weight" : tensor<768xf32>
  %ln1_b = orion.param "h.0.ln_1.bias" : tensor<768xf32>
  %w_qkv = orion.param "h.0.attn.c_attn.weight" : tensor<2304x768xf32>
  %b_qkv = orion.param "h.0.attn.c_attn.bias" : tensor<2304xf32>
  %w_o = orion.param "h.0.attn.c_proj.weight" : tensor<768x768xf32>
  %b_o = orion.param "h.0.attn.c_proj.bias" : tensor<768xf32>
  %ln2_g = orion.param "h.0.ln_2.weight" : tensor<768xf32>
  %ln2_b = orion.param "h.0.ln_2.bias" : tensor<768xf32>
  %w_fc = orion.param "h.0.mlp.c_fc.weight" : tensor<3072x768xf32>
  %b_fc = orion.param "h.0.mlp.c_fc.bias" : tensor<3072xf32>
  %w_pr = orion.param "h.0.mlp.c_proj.weight" : tensor<768x3072xf32>
  %b_pr = orion.param "h.0.mlp.c_proj.bias" : tensor<768xf32>

  // Attention sub-block.
  %h = orion.layer_norm %x, %ln1_g, %ln1_b eps = 1.0e-05 : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>
  %qkv = orion.linear %h, %w_qkv, %b_qkv : tensor<256x768xf32>, tensor<2304x768xf32>, tensor<2304xf32>
  %q, %k, %v = orion.split %qkv axis = 1 sizes = [768, 768, 768] : tensor<256x2304xf32>
  %a = orion.attention %q, %k, %v heads = 12 kv_heads = 12 causal : tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>
  %o = orion.linear %a, %w_o, %b_o : tensor<256x768xf32>, tensor<768x768xf32>, tensor<768xf32>
  %r1 = orion.add %x, %o : tensor<256x768xf32>

  // MLP sub-block; the multiply by one is there for the canonicalizer to fold.
  %h2 = orion.layer_norm %r1, %ln2_g, %ln2_b eps = 1.0e-05 : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>
  %f = orion.linear %h2, %w_fc, %b_fc : tensor<256x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>
  %g = orion.gelu %f approximate = tanh : tensor<256x3072xf32>
  %one = orion.constant dense<1.0> : tensor<f32>
  %g1 = orion.mul %g, %one : tensor<256x3072xf32>, tensor<f32>
  %m = orion.linear %g1, %w_pr, %b_pr : tensor<256x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>
  %r2 = orion.add %r1, %m : tensor<256x768xf32>
  return %r2 : tensor<256x768xf32>
}
