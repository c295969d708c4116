// RUN: orion-opt %s -pass-pipeline='builtin.module(func.func(orion-fuse-projections,orion-decompose))' -mlir-elide-elementsattrs-if-larger=16 \
// RUN:   | FileCheck %s --implicit-check-not='orion.{{(attention|layer_norm|rms_norm|gelu|silu|rope|log_softmax)}}'
// RUN: orion-opt %s -pass-pipeline='builtin.module(func.func(orion-fuse-projections,orion-decompose,orion-fuse-cleanup))' -mlir-elide-elementsattrs-if-larger=16 \
// RUN:   | FileCheck %s --check-prefix=CLEAN

// A Llama block (d = 768, 12 query heads and 4 kv heads of 64, RoPE,
// SwiGLU 2048, no biases, S = 256) and its f16 decode step with a KV cache,
// through projection fusion and decomposition: only primitive ops remain.

// CHECK-LABEL: func.func @llama_block
// CHECK-SAME: (%[[X:.+]]: tensor<256x768xf32>)
// CHECK-DAG: %[[MASK:.+]] = orion.constant dense_resource<__elided__> : tensor<256x256xf32>
// CHECK-DAG: %[[SIN:.+]] = orion.constant dense_resource<__elided__> : tensor<256x1x64xf32>
// CHECK-DAG: %[[COS:.+]] = orion.constant dense_resource<__elided__> : tensor<256x1x64xf32>
// CHECK-DAG: %[[ROT:.+]] = orion.constant dense_resource<__elided__> : tensor<64x64xf32>
// CHECK: %[[WQKV:.+]] = orion.param "fused(layers.0.attention.wq.weight,layers.0.attention.wk.weight,layers.0.attention.wv.weight)" {orion.fused_from = ["layers.0.attention.wq.weight", "layers.0.attention.wk.weight", "layers.0.attention.wv.weight"]} : tensor<1280x768xf32>
// CHECK: %[[QKV:.+]] = orion.linear %{{.+}}, %[[WQKV]] : tensor<256x768xf32>, tensor<1280x768xf32>
// CHECK: %[[S:.+]]:3 = orion.split %[[QKV]] axis = 1 sizes = [768, 256, 256]
// CHECK: %[[QH:.+]] = orion.reshape %[[S]]#0 : tensor<256x768xf32> -> tensor<256x12x64xf32>
// CHECK: %[[QROT:.+]] = orion.linear %[[QH]], %[[ROT]] : tensor<256x12x64xf32>, tensor<64x64xf32>
// CHECK: orion.mul %[[QH]], %[[COS]]
// CHECK: orion.mul %[[QROT]], %[[SIN]]
// CHECK: orion.reshape %[[S]]#1 : tensor<256x256xf32> -> tensor<256x4x64xf32>
// GQA: 3 query heads per kv head folded into the rows.
// CHECK: %[[SC:.+]] = orion.matmul %{{.+}}, %{{.+}} transpose_rhs : tensor<4x768x64xf32>, tensor<4x256x64xf32>
// CHECK: %[[SCH:.+]] = orion.reshape %[[SC]] : tensor<4x768x256xf32> -> tensor<12x256x256xf32>
// CHECK: %[[SS:.+]] = orion.mul %[[SCH]], %{{.+}} : tensor<12x256x256xf32>, tensor<f32>
// CHECK: %[[SM:.+]] = orion.add %[[SS]], %[[MASK]]
// CHECK: orion.softmax %[[SM]] : tensor<12x256x256xf32>
// CHECK: orion.matmul %{{.+}}, %{{.+}} : tensor<4x768x256xf32>, tensor<4x256x64xf32>
// CHECK: %[[WGU:.+]] = orion.param "fused(layers.0.feed_forward.w1.weight,layers.0.feed_forward.w3.weight)" {orion.fused_from = ["layers.0.feed_forward.w1.weight", "layers.0.feed_forward.w3.weight"]} : tensor<4096x768xf32>
// CHECK: %[[GU:.+]] = orion.linear %{{.+}}, %[[WGU]]
// CHECK: %[[P:.+]]:2 = orion.split %[[GU]] axis = 1 sizes = [2048, 2048]
// CHECK: %[[SIG:.+]] = orion.sigmoid %[[P]]#0
// CHECK: %[[ACT:.+]] = orion.mul %[[P]]#0, %[[SIG]]
// CHECK: orion.mul %[[ACT]], %[[P]]#1
// CHECK: return

// The cleanup merges rope's reshape back to [S, C] with attention's reshape
// into heads, so the rotated q and k go straight to the head transposes.
// CLEAN-LABEL: func.func @llama_block
// CLEAN: %[[Q:.+]] = orion.add %{{.+}}, %{{.+}} : tensor<256x12x64xf32>
// CLEAN: %[[K:.+]] = orion.add %{{.+}}, %{{.+}} : tensor<256x4x64xf32>
// CLEAN-NEXT: orion.transpose %[[Q]] [1, 0, 2] : tensor<256x12x64xf32>
// CLEAN-NEXT: orion.transpose %[[K]] [1, 0, 2] : tensor<256x4x64xf32>
func.func @llama_block(%x: tensor<256x768xf32>) -> tensor<256x768xf32> {
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
  %h = orion.rms_norm %x, %attn_norm eps = 1.0e-05 : tensor<256x768xf32>, tensor<768xf32>
  %q = orion.linear %h, %wq : tensor<256x768xf32>, tensor<768x768xf32>
  %k = orion.linear %h, %wk : tensor<256x768xf32>, tensor<256x768xf32>
  %v = orion.linear %h, %wv : tensor<256x768xf32>, tensor<256x768xf32>
  %qr = orion.rope %q head_dim = 64 : tensor<256x768xf32>
  %kr = orion.rope %k head_dim = 64 : tensor<256x256xf32>
  %a = orion.attention %qr, %kr, %v heads = 12 kv_heads = 4 causal : tensor<256x768xf32>, tensor<256x256xf32>, tensor<256x256xf32>
  %o = orion.linear %a, %wo : tensor<256x768xf32>, tensor<768x768xf32>
  %r1 = orion.add %x, %o : tensor<256x768xf32>

  // SwiGLU MLP: w2(silu(w1 x) * w3 x).
  %h2 = orion.rms_norm %r1, %ffn_norm : tensor<256x768xf32>, tensor<768xf32>
  %gate = orion.linear %h2, %w1 : tensor<256x768xf32>, tensor<2048x768xf32>
  %up = orion.linear %h2, %w3 : tensor<256x768xf32>, tensor<2048x768xf32>
  %act = orion.silu %gate : tensor<256x2048xf32>
  %prod = orion.mul %act, %up : tensor<256x2048xf32>
  %down = orion.linear %prod, %w2 : tensor<256x2048xf32>, tensor<768x2048xf32>
  %r2 = orion.add %r1, %down : tensor<256x768xf32>
  return %r2 : tensor<256x768xf32>
}

// The decode step: rope with a positions operand gathers rows of
// [max-positions, 64] tables; the new k and v pass through the cache concat
// and still fuse; one query needs no causal mask.

// CHECK-LABEL: func.func @llama_decode_step
// CHECK-SAME: (%[[X:.+]]: tensor<1x768xf16>, %[[POS:.+]]: tensor<1xi32>
// CHECK-NOT: tensor<1x257xf16>
// CHECK: orion.param "fused(layers.0.attention.wq.weight,layers.0.attention.wk.weight,layers.0.attention.wv.weight)"{{.*}} : tensor<1280x768xf16>
// CHECK: orion.embedding %{{.+}}[%[[POS]]] : tensor<2048x64xf16>, tensor<1xi32>
// CHECK: orion.softmax %{{.+}} : tensor<12x1x257xf16>
// CHECK: return
// With one query position, the head transposes only move size-1
// dimensions; the cleanup turns them into reshapes and merges them.
// CLEAN-LABEL: func.func @llama_decode_step
// CLEAN: orion.reshape %{{.+}} : tensor<1x12x64xf16> -> tensor<4x3x64xf16>
// CLEAN: orion.reshape %{{.+}} : tensor<4x3x64xf16> -> tensor<1x768xf16>
func.func @llama_decode_step(%x: tensor<1x768xf16>, %pos: tensor<1xi32>,
                             %k_cache: tensor<256x256xf16>, %v_cache: tensor<256x256xf16>)
    -> (tensor<1x768xf16>, tensor<257x256xf16>, tensor<257x256xf16>) {
  %attn_norm = orion.param "layers.0.attention_norm.weight" : tensor<768xf16>
  %wq = orion.param "layers.0.attention.wq.weight" : tensor<768x768xf16>
  %wk = orion.param "layers.0.attention.wk.weight" : tensor<256x768xf16>
  %wv = orion.param "layers.0.attention.wv.weight" : tensor<256x768xf16>
  %wo = orion.param "layers.0.attention.wo.weight" : tensor<768x768xf16>

  %h = orion.rms_norm %x, %attn_norm eps = 1.0e-05 : tensor<1x768xf16>, tensor<768xf16>
  %q = orion.linear %h, %wq : tensor<1x768xf16>, tensor<768x768xf16>
  %k = orion.linear %h, %wk : tensor<1x768xf16>, tensor<256x768xf16>
  %v = orion.linear %h, %wv : tensor<1x768xf16>, tensor<256x768xf16>
  %qr = orion.rope %q, %pos head_dim = 64 theta = 5.0e+05 style = half : tensor<1x768xf16>, tensor<1xi32>
  %kr = orion.rope %k, %pos head_dim = 64 theta = 5.0e+05 style = half : tensor<1x256xf16>, tensor<1xi32>
  %ks = orion.concat(%k_cache, %kr) axis = 0 : tensor<256x256xf16>, tensor<1x256xf16>
  %vs = orion.concat(%v_cache, %v) axis = 0 : tensor<256x256xf16>, tensor<1x256xf16>
  %a = orion.attention %qr, %ks, %vs heads = 12 kv_heads = 4 causal scale = 0.125 : tensor<1x768xf16>, tensor<257x256xf16>, tensor<257x256xf16>
  %o = orion.linear %a, %wo : tensor<1x768xf16>, tensor<768x768xf16>
  %r = orion.add %x, %o : tensor<1x768xf16>
  return %r, %ks, %vs : tensor<1x768xf16>, tensor<257x256xf16>, tensor<257x256xf16>
}
