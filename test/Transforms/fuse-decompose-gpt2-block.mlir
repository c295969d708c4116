// RUN: orion-opt %s -pass-pipeline='builtin.module(func.func(orion-fuse-projections,orion-decompose))' -mlir-elide-elementsattrs-if-larger=16 \
// RUN:   | FileCheck %s --implicit-check-not='orion.{{(attention|layer_norm|rms_norm|gelu|silu|rope|log_softmax)}}'

// A GPT-2 124M block (d = 768, 12 heads of 64, MLP 3072, S = 256) through
// projection fusion and decomposition: only primitive ops remain (the
// implicit check-not above rejects every composite op anywhere).

// CHECK-LABEL: func.func @gpt2_block
// CHECK-SAME: (%[[X:.+]]: tensor<256x768xf32>)
// CHECK-DAG: %[[MASK:.+]] = orion.constant dense_resource<__elided__> : tensor<256x256xf32>
// CHECK-DAG: %[[SCALE:.+]] = orion.constant dense<1.250000e-01> : tensor<f32>
// CHECK-DAG: orion.constant dense<0.797884583> : tensor<f32>
// CHECK: orion.reduce_mean %[[X]] [1] keep_dims : tensor<256x768xf32>
// CHECK: orion.pow
// CHECK: %[[QKV:.+]] = orion.linear %{{.+}}, %{{.+}}, %{{.+}} : tensor<256x768xf32>, tensor<2304x768xf32>, tensor<2304xf32>
// CHECK: %[[S:.+]]:3 = orion.split %[[QKV]] axis = 1 sizes = [768, 768, 768]
// CHECK: %[[SC:.+]] = orion.matmul %{{.+}}, %{{.+}} transpose_rhs : tensor<12x256x64xf32>, tensor<12x256x64xf32>
// CHECK: %[[SS:.+]] = orion.mul %[[SC]], %[[SCALE]]
// CHECK: %[[SM:.+]] = orion.add %[[SS]], %[[MASK]] : tensor<12x256x256xf32>, tensor<256x256xf32>
// CHECK: orion.softmax %[[SM]] : tensor<12x256x256xf32>
// CHECK: orion.reshape %{{.+}} : tensor<256x12x64xf32> -> tensor<256x768xf32>
// CHECK: orion.tanh %{{.+}} : tensor<256x3072xf32>
// CHECK: return
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

  // Attention sub-block: one fused qkv projection, split into three.
  %h = orion.layer_norm %x, %ln1_g, %ln1_b eps = 1.0e-05 : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>
  %qkv = orion.linear %h, %w_qkv, %b_qkv : tensor<256x768xf32>, tensor<2304x768xf32>, tensor<2304xf32>
  %q, %k, %v = orion.split %qkv axis = 1 sizes = [768, 768, 768] : tensor<256x2304xf32>
  %a = orion.attention %q, %k, %v heads = 12 kv_heads = 12 causal : tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>
  %o = orion.linear %a, %w_o, %b_o : tensor<256x768xf32>, tensor<768x768xf32>, tensor<768xf32>
  %r1 = orion.add %x, %o : tensor<256x768xf32>

  // MLP sub-block.
  %h2 = orion.layer_norm %r1, %ln2_g, %ln2_b eps = 1.0e-05 : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>
  %f = orion.linear %h2, %w_fc, %b_fc : tensor<256x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>
  %g = orion.gelu %f approximate = tanh : tensor<256x3072xf32>
  %m = orion.linear %g, %w_pr, %b_pr : tensor<256x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>
  %r2 = orion.add %r1, %m : tensor<256x768xf32>
  return %r2 : tensor<256x768xf32>
}

// The same block as Hugging Face checkpoints converted per projection:
// separate q, k, v with biases become one fused linear.

// CHECK-LABEL: func.func @gpt2_block_separate_qkv
// CHECK: %[[W:.+]] = orion.param "fused(h.0.attn.q.weight,h.0.attn.k.weight,h.0.attn.v.weight)" {orion.fused_from = ["h.0.attn.q.weight", "h.0.attn.k.weight", "h.0.attn.v.weight"]} : tensor<2304x768xf32>
// CHECK: %[[B:.+]] = orion.param "fused(h.0.attn.q.bias,h.0.attn.k.bias,h.0.attn.v.bias)" {orion.fused_from = ["h.0.attn.q.bias", "h.0.attn.k.bias", "h.0.attn.v.bias"]} : tensor<2304xf32>
// CHECK: %[[QKV:.+]] = orion.linear %{{.+}}, %[[W]], %[[B]]
// CHECK: orion.split %[[QKV]] axis = 1 sizes = [768, 768, 768]
// CHECK: orion.softmax
// CHECK: return
func.func @gpt2_block_separate_qkv(%x: tensor<256x768xf32>) -> tensor<256x768xf32> {
  %ln1_g = orion.param "h.0.ln_1.weight" : tensor<768xf32>
  %ln1_b = orion.param "h.0.ln_1.bias" : tensor<768xf32>
  %w_q = orion.param "h.0.attn.q.weight" : tensor<768x768xf32>
  %b_q = orion.param "h.0.attn.q.bias" : tensor<768xf32>
  %w_k = orion.param "h.0.attn.k.weight" : tensor<768x768xf32>
  %b_k = orion.param "h.0.attn.k.bias" : tensor<768xf32>
  %w_v = orion.param "h.0.attn.v.weight" : tensor<768x768xf32>
  %b_v = orion.param "h.0.attn.v.bias" : tensor<768xf32>
  %w_o = orion.param "h.0.attn.c_proj.weight" : tensor<768x768xf32>
  %b_o = orion.param "h.0.attn.c_proj.bias" : tensor<768xf32>
  %ln2_g = orion.param "h.0.ln_2.weight" : tensor<768xf32>
  %ln2_b = orion.param "h.0.ln_2.bias" : tensor<768xf32>
  %w_fc = orion.param "h.0.mlp.c_fc.weight" : tensor<3072x768xf32>
  %b_fc = orion.param "h.0.mlp.c_fc.bias" : tensor<3072xf32>
  %w_pr = orion.param "h.0.mlp.c_proj.weight" : tensor<768x3072xf32>
  %b_pr = orion.param "h.0.mlp.c_proj.bias" : tensor<768xf32>
  %h = orion.layer_norm %x, %ln1_g, %ln1_b : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>
  %q = orion.linear %h, %w_q, %b_q : tensor<256x768xf32>, tensor<768x768xf32>, tensor<768xf32>
  %k = orion.linear %h, %w_k, %b_k : tensor<256x768xf32>, tensor<768x768xf32>, tensor<768xf32>
  %v = orion.linear %h, %w_v, %b_v : tensor<256x768xf32>, tensor<768x768xf32>, tensor<768xf32>
  %a = orion.attention %q, %k, %v heads = 12 kv_heads = 12 causal : tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>
  %o = orion.linear %a, %w_o, %b_o : tensor<256x768xf32>, tensor<768x768xf32>, tensor<768xf32>
  %r1 = orion.add %x, %o : tensor<256x768xf32>
  %h2 = orion.layer_norm %r1, %ln2_g, %ln2_b : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>
  %f = orion.linear %h2, %w_fc, %b_fc : tensor<256x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>
  %g = orion.gelu %f approximate = tanh : tensor<256x3072xf32>
  %m = orion.linear %g, %w_pr, %b_pr : tensor<256x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>
  %r2 = orion.add %r1, %m : tensor<256x768xf32>
  return %r2 : tensor<256x768xf32>
}
