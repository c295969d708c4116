// RUN: orion-opt %s -split-input-file -orion-fuse-projections | FileCheck %s
// RUN: orion-opt %s -split-input-file -orion-fuse-projections='qkv=false' | FileCheck %s --check-prefix=NOQKV
// RUN: orion-opt %s -split-input-file -orion-fuse-projections='gate-up=false' | FileCheck %s --check-prefix=NOGATE
// RUN: orion-opt %s -split-input-file -orion-fuse-projections -orion-fuse-projections | FileCheck %s --check-prefix=TWICE

// GPT-2 style q/k/v with biases: one linear on the rows of wq, wk, wv
// stacked in that order ([out, in] weights concatenate along axis 0), the
// same for the biases, and a split of the result's last dimension back into
// the original widths. Split piece i is exactly linear i's result.

// CHECK-LABEL: func.func @qkv_bias
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK-NOT: orion.param "q.weight"
// CHECK: %[[W:.+]] = orion.param "fused(q.weight,k.weight,v.weight)" {orion.fused_from = ["q.weight", "k.weight", "v.weight"]} : tensor<24x8xf32>
// CHECK: %[[B:.+]] = orion.param "fused(q.bias,k.bias,v.bias)" {orion.fused_from = ["q.bias", "k.bias", "v.bias"]} : tensor<24xf32>
// CHECK: %[[L:.+]] = orion.linear %[[X]], %[[W]], %[[B]] : tensor<4x8xf32>, tensor<24x8xf32>, tensor<24xf32>
// CHECK: %[[S:.+]]:3 = orion.split %[[L]] axis = 1 sizes = [8, 8, 8] : tensor<4x24xf32>
// CHECK-NOT: orion.linear
// CHECK: %[[A:.+]] = orion.attention %[[S]]#0, %[[S]]#1, %[[S]]#2 heads = 2 kv_heads = 2 causal
// CHECK: return %[[A]]
// NOQKV-LABEL: func.func @qkv_bias
// NOQKV-COUNT-3: orion.linear
// NOQKV-NOT: fused
// TWICE-LABEL: func.func @qkv_bias
// TWICE: orion.linear
// TWICE-NOT: orion.linear
// TWICE: return
func.func @qkv_bias(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %wq = orion.param "q.weight" : tensor<8x8xf32>
  %bq = orion.param "q.bias" : tensor<8xf32>
  %wk = orion.param "k.weight" : tensor<8x8xf32>
  %bk = orion.param "k.bias" : tensor<8xf32>
  %wv = orion.param "v.weight" : tensor<8x8xf32>
  %bv = orion.param "v.bias" : tensor<8xf32>
  %q = orion.linear %x, %wq, %bq : tensor<4x8xf32>, tensor<8x8xf32>, tensor<8xf32>
  %k = orion.linear %x, %wk, %bk : tensor<4x8xf32>, tensor<8x8xf32>, tensor<8xf32>
  %v = orion.linear %x, %wv, %bv : tensor<4x8xf32>, tensor<8x8xf32>, tensor<8xf32>
  %a = orion.attention %q, %k, %v heads = 2 kv_heads = 2 causal : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
  return %a : tensor<4x8xf32>
}

// -----

// Llama style: GQA (narrower k/v), no biases, q and k through rope. The
// order follows the attention's operands, not the order of the linears.

// CHECK-LABEL: func.func @qkv_gqa_rope
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf16>)
// CHECK: %[[W:.+]] = orion.param "fused(wq,wk,wv)" {orion.fused_from = ["wq", "wk", "wv"]} : tensor<16x8xf16>
// CHECK: %[[L:.+]] = orion.linear %[[X]], %[[W]] : tensor<4x8xf16>, tensor<16x8xf16>
// CHECK: %[[S:.+]]:3 = orion.split %[[L]] axis = 1 sizes = [8, 4, 4] : tensor<4x16xf16>
// CHECK: %[[QR:.+]] = orion.rope %[[S]]#0 head_dim = 4
// CHECK: %[[KR:.+]] = orion.rope %[[S]]#1 head_dim = 4
// CHECK: orion.attention %[[QR]], %[[KR]], %[[S]]#2 heads = 2 kv_heads = 1 causal
func.func @qkv_gqa_rope(%x: tensor<4x8xf16>) -> tensor<4x8xf16> {
  %wv = orion.param "wv" : tensor<4x8xf16>
  %wk = orion.param "wk" : tensor<4x8xf16>
  %wq = orion.param "wq" : tensor<8x8xf16>
  %v = orion.linear %x, %wv : tensor<4x8xf16>, tensor<4x8xf16>
  %k = orion.linear %x, %wk : tensor<4x8xf16>, tensor<4x8xf16>
  %q = orion.linear %x, %wq : tensor<4x8xf16>, tensor<8x8xf16>
  %qr = orion.rope %q head_dim = 4 : tensor<4x8xf16>
  %kr = orion.rope %k head_dim = 4 : tensor<4x4xf16>
  %a = orion.attention %qr, %kr, %v heads = 2 kv_heads = 1 causal : tensor<4x8xf16>, tensor<4x4xf16>, tensor<4x4xf16>
  return %a : tensor<4x8xf16>
}

// -----

// A decode step appends the new k and v to a cache: the projections are
// found through the concat.

// CHECK-LABEL: func.func @qkv_kv_cache
// CHECK-SAME: (%[[X:.+]]: tensor<1x8xf32>, %[[KC:.+]]: tensor<5x8xf32>, %[[VC:.+]]: tensor<5x8xf32>)
// CHECK: %[[S:.+]]:3 = orion.split %{{.+}} axis = 1 sizes = [8, 8, 8] : tensor<1x24xf32>
// CHECK: %[[KS:.+]] = orion.concat(%[[KC]], %[[S]]#1) axis = 0
// CHECK: %[[VS:.+]] = orion.concat(%[[VC]], %[[S]]#2) axis = 0
// CHECK: orion.attention %[[S]]#0, %[[KS]], %[[VS]]
func.func @qkv_kv_cache(%x: tensor<1x8xf32>, %kc: tensor<5x8xf32>, %vc: tensor<5x8xf32>) -> tensor<1x8xf32> {
  %wq = orion.param "wq" : tensor<8x8xf32>
  %wk = orion.param "wk" : tensor<8x8xf32>
  %wv = orion.param "wv" : tensor<8x8xf32>
  %q = orion.linear %x, %wq : tensor<1x8xf32>, tensor<8x8xf32>
  %k = orion.linear %x, %wk : tensor<1x8xf32>, tensor<8x8xf32>
  %v = orion.linear %x, %wv : tensor<1x8xf32>, tensor<8x8xf32>
  %ks = orion.concat(%kc, %k) axis = 0 : tensor<5x8xf32>, tensor<1x8xf32>
  %vs = orion.concat(%vc, %v) axis = 0 : tensor<5x8xf32>, tensor<1x8xf32>
  %a = orion.attention %q, %ks, %vs heads = 2 kv_heads = 2 causal : tensor<1x8xf32>, tensor<6x8xf32>, tensor<6x8xf32>
  return %a : tensor<1x8xf32>
}

// -----

// SwiGLU: w2(silu(w1 x) * w3 x). Gate (the activated one) first.

// CHECK-LABEL: func.func @gate_up
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK: %[[W:.+]] = orion.param "fused(w1,w3)" {orion.fused_from = ["w1", "w3"]} : tensor<32x8xf32>
// CHECK: %[[L:.+]] = orion.linear %[[X]], %[[W]] : tensor<4x8xf32>, tensor<32x8xf32>
// CHECK: %[[S:.+]]:2 = orion.split %[[L]] axis = 1 sizes = [16, 16] : tensor<4x32xf32>
// CHECK: %[[G:.+]] = orion.silu %[[S]]#0
// CHECK: %[[P:.+]] = orion.mul %[[S]]#1, %[[G]]
// CHECK: orion.linear %[[P]], %{{.+}} : tensor<4x16xf32>, tensor<8x16xf32>
// NOGATE-LABEL: func.func @gate_up
// NOGATE-NOT: "fused(w1,w3)"
// NOQKV-LABEL: func.func @gate_up
// NOQKV: orion.param "fused(w1,w3)"
func.func @gate_up(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %w1 = orion.param "w1" : tensor<16x8xf32>
  %w2 = orion.param "w2" : tensor<8x16xf32>
  %w3 = orion.param "w3" : tensor<16x8xf32>
  %up = orion.linear %x, %w3 : tensor<4x8xf32>, tensor<16x8xf32>
  %gate = orion.linear %x, %w1 : tensor<4x8xf32>, tensor<16x8xf32>
  %act = orion.silu %gate : tensor<4x16xf32>
  %prod = orion.mul %up, %act : tensor<4x16xf32>
  %down = orion.linear %prod, %w2 : tensor<4x16xf32>, tensor<8x16xf32>
  return %down : tensor<4x8xf32>
}

// -----

// GeGLU with biases.

// CHECK-LABEL: func.func @gate_up_gelu_bias
// CHECK: orion.param "fused(g,u)" {orion.fused_from = ["g", "u"]} : tensor<12x8xf32>
// CHECK: orion.param "fused(gb,ub)" {orion.fused_from = ["gb", "ub"]} : tensor<12xf32>
// CHECK: orion.split %{{.+}} axis = 2 sizes = [6, 6] : tensor<2x4x12xf32>
func.func @gate_up_gelu_bias(%x: tensor<2x4x8xf32>) -> tensor<2x4x6xf32> {
  %g = orion.param "g" : tensor<6x8xf32>
  %gb = orion.param "gb" : tensor<6xf32>
  %u = orion.param "u" : tensor<6x8xf32>
  %ub = orion.param "ub" : tensor<6xf32>
  %a = orion.linear %x, %g, %gb : tensor<2x4x8xf32>, tensor<6x8xf32>, tensor<6xf32>
  %b = orion.linear %x, %u, %ub : tensor<2x4x8xf32>, tensor<6x8xf32>, tensor<6xf32>
  %act = orion.gelu %a approximate = tanh : tensor<2x4x6xf32>
  %y = orion.mul %act, %b : tensor<2x4x6xf32>
  return %y : tensor<2x4x6xf32>
}

// -----

// A weight that is not a named parameter cannot be rebuilt from the weight
// store, so nothing fuses.

// CHECK-LABEL: func.func @weight_not_param
// CHECK-NOT: fused
// CHECK-COUNT-3: orion.linear
func.func @weight_not_param(%x: tensor<4x8xf32>, %wv: tensor<8x8xf32>) -> tensor<4x8xf32> {
  %wq = orion.param "wq" : tensor<8x8xf32>
  %wk = orion.param "wk" : tensor<8x8xf32>
  %q = orion.linear %x, %wq : tensor<4x8xf32>, tensor<8x8xf32>
  %k = orion.linear %x, %wk : tensor<4x8xf32>, tensor<8x8xf32>
  %v = orion.linear %x, %wv : tensor<4x8xf32>, tensor<8x8xf32>
  %a = orion.attention %q, %k, %v heads = 2 kv_heads = 2 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
  return %a : tensor<4x8xf32>
}

// -----

// A bias that is not a parameter blocks the whole group.

// CHECK-LABEL: func.func @bias_not_param
// CHECK-NOT: fused
func.func @bias_not_param(%x: tensor<4x8xf32>, %b: tensor<16xf32>) -> tensor<4x16xf32> {
  %w1 = orion.param "w1" : tensor<16x8xf32>
  %w3 = orion.param "w3" : tensor<16x8xf32>
  %b3 = orion.param "b3" : tensor<16xf32>
  %gate = orion.linear %x, %w1, %b : tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>
  %up = orion.linear %x, %w3, %b3 : tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>
  %act = orion.silu %gate : tensor<4x16xf32>
  %y = orion.mul %act, %up : tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// -----

// Cross-attention: q reads the decoder state, k and v the encoder output.
// Only k and v share an input; q stays on its own. A linear with a bias
// does not join linears without one.

// CHECK-LABEL: func.func @cross_attention
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>, %[[E:.+]]: tensor<6x8xf32>)
// CHECK: %[[Q:.+]] = orion.linear %[[X]], %{{.+}} : tensor<4x8xf32>, tensor<8x8xf32>
// CHECK: orion.param "fused(wk,wv)"
// CHECK: %[[KV:.+]] = orion.linear %[[E]], %{{.+}} : tensor<6x8xf32>, tensor<16x8xf32>
// CHECK: %[[S:.+]]:2 = orion.split %[[KV]] axis = 1 sizes = [8, 8]
// CHECK: orion.attention %[[Q]], %[[S]]#0, %[[S]]#1
// CHECK-LABEL: func.func @mixed_bias
// CHECK-NOT: fused
func.func @cross_attention(%x: tensor<4x8xf32>, %enc: tensor<6x8xf32>) -> tensor<4x8xf32> {
  %wq = orion.param "wq" : tensor<8x8xf32>
  %wk = orion.param "wk" : tensor<8x8xf32>
  %wv = orion.param "wv" : tensor<8x8xf32>
  %q = orion.linear %x, %wq : tensor<4x8xf32>, tensor<8x8xf32>
  %k = orion.linear %enc, %wk : tensor<6x8xf32>, tensor<8x8xf32>
  %v = orion.linear %enc, %wv : tensor<6x8xf32>, tensor<8x8xf32>
  %a = orion.attention %q, %k, %v heads = 2 kv_heads = 2 : tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x8xf32>
  return %a : tensor<4x8xf32>
}
func.func @mixed_bias(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %wq = orion.param "wq" : tensor<8x8xf32>
  %bq = orion.param "bq" : tensor<8xf32>
  %wk = orion.param "wk" : tensor<8x8xf32>
  %q = orion.linear %x, %wq, %bq : tensor<4x8xf32>, tensor<8x8xf32>, tensor<8xf32>
  %k = orion.linear %x, %wk : tensor<4x8xf32>, tensor<8x8xf32>
  %a = orion.attention %q, %k, %k heads = 2 kv_heads = 2 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
  return %a : tensor<4x8xf32>
}

// -----

// Linears that share an input but feed neither an attention nor a gated
// product are not a projection group.

// CHECK-LABEL: func.func @unrelated
// CHECK-NOT: fused
// CHECK-COUNT-2: orion.linear
func.func @unrelated(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w1 = orion.param "w1" : tensor<16x8xf32>
  %w2 = orion.param "w2" : tensor<16x8xf32>
  %a = orion.linear %x, %w1 : tensor<4x8xf32>, tensor<16x8xf32>
  %b = orion.linear %x, %w2 : tensor<4x8xf32>, tensor<16x8xf32>
  %y = orion.add %a, %b : tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// -----

// A source parameter that something else still reads stays; the fused one
// is a separate entry of the weight table.

// CHECK-LABEL: func.func @source_still_used
// CHECK: %[[WQ:.+]] = orion.param "wq" : tensor<8x8xf32>
// CHECK-NOT: orion.param "wk"
// CHECK: orion.param "fused(wq,wk,wv)"
// CHECK: return %{{.+}}, %[[WQ]]
func.func @source_still_used(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<8x8xf32>) {
  %wq = orion.param "wq" : tensor<8x8xf32>
  %wk = orion.param "wk" : tensor<8x8xf32>
  %wv = orion.param "wv" : tensor<8x8xf32>
  %q = orion.linear %x, %wq : tensor<4x8xf32>, tensor<8x8xf32>
  %k = orion.linear %x, %wk : tensor<4x8xf32>, tensor<8x8xf32>
  %v = orion.linear %x, %wv : tensor<4x8xf32>, tensor<8x8xf32>
  %a = orion.attention %q, %k, %v heads = 2 kv_heads = 2 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
  return %a, %wq : tensor<4x8xf32>, tensor<8x8xf32>
}
