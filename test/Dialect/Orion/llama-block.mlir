// RUN: orion-opt %s | orion-opt | FileCheck %s
// RUN: orion-opt %s --mlir-print-op-generic | orion-opt | FileCheck %s
// RUN: orion-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// A Llama transformer block (d = 768, 12 query heads and 4 key/value heads of
// 64, SwiGLU MLP 2048, no biases) at sequence length 256, and the same block
// as a KV-cached decode step. Checks follow the data flow.

// CHECK-LABEL: func.func @llama_block
// CHECK-SAME: (%[[X:.+]]: tensor<256x768xf32>) -> tensor<256x768xf32>
// GENERIC-LABEL: sym_name = "llama_block"
func.func @llama_block(%x: tensor<256x768xf32>) -> tensor<256x768xf32> {
  // CHECK-DAG: %[[ATTN_NORM:.+]] = orion.param "layers.0.attention_norm.weight" : tensor<768xf32>
  // CHECK-DAG: %[[WQ:.+]] = orion.param "layers.0.attention.wq.weight" : tensor<768x768xf32>
  // CHECK-DAG: %[[WK:.+]] = orion.param "layers.0.attention.wk.weight" : tensor<256x768xf32>
  // CHECK-DAG: %[[WV:.+]] = orion.param "layers.0.attention.wv.weight" : tensor<256x768xf32>
  // CHECK-DAG: %[[WO:.+]] = orion.param "layers.0.attention.wo.weight" : tensor<768x768xf32>
  // CHECK-DAG: %[[FFN_NORM:.+]] = orion.param "layers.0.ffn_norm.weight" : tensor<768xf32>
  // CHECK-DAG: %[[W1:.+]] = orion.param "layers.0.feed_forward.w1.weight" : tensor<2048x768xf32>
  // CHECK-DAG: %[[W2:.+]] = orion.param "layers.0.feed_forward.w2.weight" : tensor<768x2048xf32>
  // CHECK-DAG: %[[W3:.+]] = orion.param "layers.0.feed_forward.w3.weight" : tensor<2048x768xf32>
  %attn_norm = orion.param "layers.0.attention_norm.weight" : tensor<768xf32>
  %wq = orion.param "layers.0.attention.wq.weight" : tensor<768x768xf32>
  %wk = orion.param "layers.0.attention.wk.weight" : tensor<256x768xf32>
  %wv = orion.param "layers.0.attention.wv.weight" : tensor<256x768xf32>
  %wo = orion.param "layers.0.attention.wo.weight" : tensor<768x768xf32>
  %ffn_norm = orion.param "layers.0.ffn_norm.weight" : tensor<768xf32>
  %w1 = orion.param "layers.0.feed_forward.w1.weight" : tensor<2048x768xf32>
  %w2 = orion.param "layers.0.feed_forward.w2.weight" : tensor<768x2048xf32>
  %w3 = orion.param "layers.0.feed_forward.w3.weight" : tensor<2048x768xf32>

  // Attention sub-block with grouped-query attention.
  // CHECK: %[[H:.+]] = orion.rms_norm %[[X]], %[[ATTN_NORM]] : tensor<256x768xf32>, tensor<768xf32>
  // GENERIC: "orion.rms_norm"(%{{.+}}, %{{.+}}) <{epsilon = 9.99999974E-6 : f32}> : (tensor<256x768xf32>, tensor<768xf32>) -> tensor<256x768xf32>
  %h = orion.rms_norm %x, %attn_norm eps = 1.0e-05 : tensor<256x768xf32>, tensor<768xf32>
  // CHECK: %[[Q:.+]] = orion.linear %[[H]], %[[WQ]] : tensor<256x768xf32>, tensor<768x768xf32>
  // CHECK: %[[K:.+]] = orion.linear %[[H]], %[[WK]] : tensor<256x768xf32>, tensor<256x768xf32>
  // CHECK: %[[V:.+]] = orion.linear %[[H]], %[[WV]] : tensor<256x768xf32>, tensor<256x768xf32>
  // GENERIC: "orion.linear"(%{{.+}}, %{{.+}}) : (tensor<256x768xf32>, tensor<256x768xf32>) -> tensor<256x256xf32>
  %q = orion.linear %h, %wq : tensor<256x768xf32>, tensor<768x768xf32>
  %k = orion.linear %h, %wk : tensor<256x768xf32>, tensor<256x768xf32>
  %v = orion.linear %h, %wv : tensor<256x768xf32>, tensor<256x768xf32>
  // CHECK: %[[QR:.+]] = orion.rope %[[Q]] head_dim = 64 : tensor<256x768xf32>
  // CHECK: %[[KR:.+]] = orion.rope %[[K]] head_dim = 64 : tensor<256x256xf32>
  // GENERIC: "orion.rope"(%{{.+}}) <{head_dim = 64 : i64, style = 0 : i32, theta = 1.000000e+04 : f32}> : (tensor<256x768xf32>) -> tensor<256x768xf32>
  %qr = orion.rope %q head_dim = 64 : tensor<256x768xf32>
  %kr = orion.rope %k head_dim = 64 : tensor<256x256xf32>
  // CHECK: %[[A:.+]] = orion.attention %[[QR]], %[[KR]], %[[V]] heads = 12 kv_heads = 4 causal : tensor<256x768xf32>, tensor<256x256xf32>, tensor<256x256xf32>
  // GENERIC: "orion.attention"(%{{.+}}, %{{.+}}, %{{.+}}) <{causal, heads = 12 : i64, kv_heads = 4 : i64}> : (tensor<256x768xf32>, tensor<256x256xf32>, tensor<256x256xf32>) -> tensor<256x768xf32>
  %a = orion.attention %qr, %kr, %v heads = 12 kv_heads = 4 causal : tensor<256x768xf32>, tensor<256x256xf32>, tensor<256x256xf32>
  // CHECK: %[[O:.+]] = orion.linear %[[A]], %[[WO]] : tensor<256x768xf32>, tensor<768x768xf32>
  %o = orion.linear %a, %wo : tensor<256x768xf32>, tensor<768x768xf32>
  // CHECK: %[[R1:.+]] = orion.add %[[X]], %[[O]] : tensor<256x768xf32>
  %r1 = orion.add %x, %o : tensor<256x768xf32>

  // SwiGLU MLP: w2(silu(w1 x) * w3 x).
  // CHECK: %[[H2:.+]] = orion.rms_norm %[[R1]], %[[FFN_NORM]] : tensor<256x768xf32>, tensor<768xf32>
  %h2 = orion.rms_norm %r1, %ffn_norm : tensor<256x768xf32>, tensor<768xf32>
  // CHECK: %[[GATE:.+]] = orion.linear %[[H2]], %[[W1]] : tensor<256x768xf32>, tensor<2048x768xf32>
  %gate = orion.linear %h2, %w1 : tensor<256x768xf32>, tensor<2048x768xf32>
  // CHECK: %[[UP:.+]] = orion.linear %[[H2]], %[[W3]] : tensor<256x768xf32>, tensor<2048x768xf32>
  %up = orion.linear %h2, %w3 : tensor<256x768xf32>, tensor<2048x768xf32>
  // CHECK: %[[ACT:.+]] = orion.silu %[[GATE]] : tensor<256x2048xf32>
  %act = orion.silu %gate : tensor<256x2048xf32>
  // CHECK: %[[PROD:.+]] = orion.mul %[[ACT]], %[[UP]] : tensor<256x2048xf32>
  %prod = orion.mul %act, %up : tensor<256x2048xf32>
  // CHECK: %[[DOWN:.+]] = orion.linear %[[PROD]], %[[W2]] : tensor<256x2048xf32>, tensor<768x2048xf32>
  %down = orion.linear %prod, %w2 : tensor<256x2048xf32>, tensor<768x2048xf32>
  // CHECK: %[[R2:.+]] = orion.add %[[R1]], %[[DOWN]] : tensor<256x768xf32>
  %r2 = orion.add %r1, %down : tensor<256x768xf32>
  // CHECK: return %[[R2]] : tensor<256x768xf32>
  return %r2 : tensor<256x768xf32>
}

// One decode step in f16: a single new token at position %pos attends to a
// 257-entry key/value cache (256 earlier tokens and itself). Rotary
// embeddings use the Hugging Face pairing and Llama 3's theta.

// CHECK-LABEL: func.func @llama_decode_step
// CHECK-SAME: (%[[X:.+]]: tensor<1x768xf16>, %[[POS:.+]]: tensor<1xi32>, %[[KC:.+]]: tensor<256x256xf16>, %[[VC:.+]]: tensor<256x256xf16>)
// CHECK-SAME: -> (tensor<1x768xf16>, tensor<257x256xf16>, tensor<257x256xf16>)
func.func @llama_decode_step(%x: tensor<1x768xf16>, %pos: tensor<1xi32>,
                             %k_cache: tensor<256x256xf16>, %v_cache: tensor<256x256xf16>)
    -> (tensor<1x768xf16>, tensor<257x256xf16>, tensor<257x256xf16>) {
  %attn_norm = orion.param "layers.0.attention_norm.weight" : tensor<768xf16>
  %wq = orion.param "layers.0.attention.wq.weight" : tensor<768x768xf16>
  %wk = orion.param "layers.0.attention.wk.weight" : tensor<256x768xf16>
  %wv = orion.param "layers.0.attention.wv.weight" : tensor<256x768xf16>
  %wo = orion.param "layers.0.attention.wo.weight" : tensor<768x768xf16>

  // CHECK: %[[H:.+]] = orion.rms_norm %[[X]], %{{.+}} : tensor<1x768xf16>, tensor<768xf16>
  %h = orion.rms_norm %x, %attn_norm eps = 1.0e-05 : tensor<1x768xf16>, tensor<768xf16>
  %q = orion.linear %h, %wq : tensor<1x768xf16>, tensor<768x768xf16>
  %k = orion.linear %h, %wk : tensor<1x768xf16>, tensor<256x768xf16>
  %v = orion.linear %h, %wv : tensor<1x768xf16>, tensor<256x768xf16>
  // CHECK: %[[QR:.+]] = orion.rope %{{.+}}, %[[POS]] head_dim = 64 theta = 5.000000e+05 style = half : tensor<1x768xf16>, tensor<1xi32>
  // CHECK: %[[KR:.+]] = orion.rope %{{.+}}, %[[POS]] head_dim = 64 theta = 5.000000e+05 style = half : tensor<1x256xf16>, tensor<1xi32>
  %qr = orion.rope %q, %pos head_dim = 64 theta = 5.0e+05 style = half : tensor<1x768xf16>, tensor<1xi32>
  %kr = orion.rope %k, %pos head_dim = 64 theta = 5.0e+05 style = half : tensor<1x256xf16>, tensor<1xi32>
  // CHECK: %[[KS:.+]] = orion.concat(%[[KC]], %[[KR]]) axis = 0 : tensor<256x256xf16>, tensor<1x256xf16>
  // CHECK: %[[VS:.+]] = orion.concat(%[[VC]], %{{.+}}) axis = 0 : tensor<256x256xf16>, tensor<1x256xf16>
  %ks = orion.concat(%k_cache, %kr) axis = 0 : tensor<256x256xf16>, tensor<1x256xf16>
  %vs = orion.concat(%v_cache, %v) axis = 0 : tensor<256x256xf16>, tensor<1x256xf16>
  // CHECK: %[[A:.+]] = orion.attention %[[QR]], %[[KS]], %[[VS]] heads = 12 kv_heads = 4 causal scale = 1.250000e-01 : tensor<1x768xf16>, tensor<257x256xf16>, tensor<257x256xf16>
  %a = orion.attention %qr, %ks, %vs heads = 12 kv_heads = 4 causal scale = 0.125 : tensor<1x768xf16>, tensor<257x256xf16>, tensor<257x256xf16>
  %o = orion.linear %a, %wo : tensor<1x768xf16>, tensor<768x768xf16>
  // CHECK: %[[R:.+]] = orion.add %[[X]], %{{.+}} : tensor<1x768xf16>
  %r = orion.add %x, %o : tensor<1x768xf16>
  // CHECK: return %[[R]], %[[KS]], %[[VS]]
  return %r, %ks, %vs : tensor<1x768xf16>, tensor<257x256xf16>, tensor<257x256xf16>
}
