// RUN: orion-opt %s | orion-opt | FileCheck %s
// RUN: orion-opt %s --mlir-print-op-generic | orion-opt | FileCheck %s
// RUN: orion-opt %s -canonicalize | FileCheck %s --check-prefix=CANON

// A GPT-2 124M transformer block (d = 768, 12 heads of 64, MLP 3072) at
// sequence length 256, with named weights. Checks follow the data flow.

// CHECK-LABEL: func.func @gpt2_block
// CHECK-SAME: (%[[X:.+]]: tensor<256x768xf32>) -> tensor<256x768xf32>
func.func @gpt2_block(%x: tensor<256x768xf32>) -> tensor<256x768xf32> {
  // CHECK-DAG: %[[LN1G:.+]] = orion.param "h.0.ln_1.weight" : tensor<768xf32>
  // CHECK-DAG: %[[LN1B:.+]] = orion.param "h.0.ln_1.bias" : tensor<768xf32>
  // CHECK-DAG: %[[WQKV:.+]] = orion.param "h.0.attn.c_attn.weight" : tensor<2304x768xf32>
  // CHECK-DAG: %[[BQKV:.+]] = orion.param "h.0.attn.c_attn.bias" : tensor<2304xf32>
  // CHECK-DAG: %[[WO:.+]] = orion.param "h.0.attn.c_proj.weight" : tensor<768x768xf32>
  // CHECK-DAG: %[[BO:.+]] = orion.param "h.0.attn.c_proj.bias" : tensor<768xf32>
  // CHECK-DAG: %[[LN2G:.+]] = orion.param "h.0.ln_2.weight" : tensor<768xf32>
  // CHECK-DAG: %[[LN2B:.+]] = orion.param "h.0.ln_2.bias" : tensor<768xf32>
  // CHECK-DAG: %[[WFC:.+]] = orion.param "h.0.mlp.c_fc.weight" : tensor<3072x768xf32>
  // CHECK-DAG: %[[BFC:.+]] = orion.param "h.0.mlp.c_fc.bias" : tensor<3072xf32>
  // CHECK-DAG: %[[WPR:.+]] = orion.param "h.0.mlp.c_proj.weight" : tensor<768x3072xf32>
  // CHECK-DAG: %[[BPR:.+]] = orion.param "h.0.mlp.c_proj.bias" : tensor<768xf32>
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
  // CHECK: %[[H:.+]] = orion.layer_norm %[[X]], %[[LN1G]], %[[LN1B]] : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>
  %h = orion.layer_norm %x, %ln1_g, %ln1_b eps = 1.0e-05 : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>
  // CHECK: %[[QKV:.+]] = orion.linear %[[H]], %[[WQKV]], %[[BQKV]] : tensor<256x768xf32>, tensor<2304x768xf32>, tensor<2304xf32>
  %qkv = orion.linear %h, %w_qkv, %b_qkv : tensor<256x768xf32>, tensor<2304x768xf32>, tensor<2304xf32>
  // CHECK: %[[S:.+]]:3 = orion.split %[[QKV]] axis = 1 sizes = [768, 768, 768] : tensor<256x2304xf32>
  %q, %k, %v = orion.split %qkv axis = 1 sizes = [768, 768, 768] : tensor<256x2304xf32>
  // CHECK: %[[A:.+]] = orion.attention %[[S]]#0, %[[S]]#1, %[[S]]#2 heads = 12 kv_heads = 12 causal : tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>
  %a = orion.attention %q, %k, %v heads = 12 kv_heads = 12 causal : tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>
  // CHECK: %[[O:.+]] = orion.linear %[[A]], %[[WO]], %[[BO]] : tensor<256x768xf32>, tensor<768x768xf32>, tensor<768xf32>
  %o = orion.linear %a, %w_o, %b_o : tensor<256x768xf32>, tensor<768x768xf32>, tensor<768xf32>
  // CHECK: %[[R1:.+]] = orion.add %[[X]], %[[O]] : tensor<256x768xf32>
  %r1 = orion.add %x, %o : tensor<256x768xf32>

  // MLP sub-block.
  // CHECK: %[[H2:.+]] = orion.layer_norm %[[R1]], %[[LN2G]], %[[LN2B]] : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>
  %h2 = orion.layer_norm %r1, %ln2_g, %ln2_b eps = 1.0e-05 : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>
  // CHECK: %[[F:.+]] = orion.linear %[[H2]], %[[WFC]], %[[BFC]] : tensor<256x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>
  %f = orion.linear %h2, %w_fc, %b_fc : tensor<256x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>
  // CHECK: %[[G:.+]] = orion.gelu %[[F]] approximate = tanh : tensor<256x3072xf32>
  %g = orion.gelu %f approximate = tanh : tensor<256x3072xf32>
  // CHECK: %[[M:.+]] = orion.linear %[[G]], %[[WPR]], %[[BPR]] : tensor<256x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>
  %m = orion.linear %g, %w_pr, %b_pr : tensor<256x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>
  // CHECK: %[[R2:.+]] = orion.add %[[R1]], %[[M]] : tensor<256x768xf32>
  %r2 = orion.add %r1, %m : tensor<256x768xf32>
  // CHECK: return %[[R2]] : tensor<256x768xf32>
  return %r2 : tensor<256x768xf32>
}

// The same block with separate q/k/v projections and the attention spelled
// out with matmul, softmax and an explicit causal mask, per head.

// CHECK-LABEL: func.func @gpt2_block_explicit
// CHECK-SAME: (%[[X:.+]]: tensor<256x768xf32>, %[[MASK:.+]]: tensor<256x256xf32>) -> tensor<256x768xf32>
func.func @gpt2_block_explicit(%x: tensor<256x768xf32>, %mask: tensor<256x256xf32>) -> tensor<256x768xf32> {
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
  %scale = orion.constant dense<1.250000e-01> : tensor<f32>

  // CHECK: %[[H:.+]] = orion.layer_norm %[[X]]
  %h = orion.layer_norm %x, %ln1_g, %ln1_b : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>
  // CHECK: %[[Q:.+]] = orion.linear %[[H]], %{{.+}}, %{{.+}} : tensor<256x768xf32>, tensor<768x768xf32>, tensor<768xf32>
  // CHECK: %[[K:.+]] = orion.linear %[[H]], %{{.+}}, %{{.+}} : tensor<256x768xf32>, tensor<768x768xf32>, tensor<768xf32>
  // CHECK: %[[V:.+]] = orion.linear %[[H]], %{{.+}}, %{{.+}} : tensor<256x768xf32>, tensor<768x768xf32>, tensor<768xf32>
  %q = orion.linear %h, %w_q, %b_q : tensor<256x768xf32>, tensor<768x768xf32>, tensor<768xf32>
  %k = orion.linear %h, %w_k, %b_k : tensor<256x768xf32>, tensor<768x768xf32>, tensor<768xf32>
  %v = orion.linear %h, %w_v, %b_v : tensor<256x768xf32>, tensor<768x768xf32>, tensor<768xf32>

  // [256, 768] -> [256, 12, 64] -> [12, 256, 64]
  // CHECK: %[[QR:.+]] = orion.reshape %[[Q]] : tensor<256x768xf32> -> tensor<256x12x64xf32>
  // CHECK: %[[QH:.+]] = orion.transpose %[[QR]] [1, 0, 2] : tensor<256x12x64xf32>
  %qr = orion.reshape %q : tensor<256x768xf32> -> tensor<256x12x64xf32>
  %qh = orion.transpose %qr [1, 0, 2] : tensor<256x12x64xf32>
  %kr = orion.reshape %k : tensor<256x768xf32> -> tensor<256x12x64xf32>
  %kh = orion.transpose %kr [1, 0, 2] : tensor<256x12x64xf32>
  %vr = orion.reshape %v : tensor<256x768xf32> -> tensor<256x12x64xf32>
  %vh = orion.transpose %vr [1, 0, 2] : tensor<256x12x64xf32>

  // CHECK: %[[SC:.+]] = orion.matmul %[[QH]], %{{.+}} transpose_rhs : tensor<12x256x64xf32>, tensor<12x256x64xf32>
  %s = orion.matmul %qh, %kh transpose_rhs : tensor<12x256x64xf32>, tensor<12x256x64xf32>
  // CHECK: %[[SS:.+]] = orion.mul %[[SC]], %{{.+}} : tensor<12x256x256xf32>, tensor<f32>
  %ss = orion.mul %s, %scale : tensor<12x256x256xf32>, tensor<f32>
  // CHECK: %[[SM:.+]] = orion.add %[[SS]], %[[MASK]] : tensor<12x256x256xf32>, tensor<256x256xf32>
  %sm = orion.add %ss, %mask : tensor<12x256x256xf32>, tensor<256x256xf32>
  // CHECK: %[[P:.+]] = orion.softmax %[[SM]] : tensor<12x256x256xf32>
  %p = orion.softmax %sm : tensor<12x256x256xf32>
  // CHECK: %[[AH:.+]] = orion.matmul %[[P]], %{{.+}} : tensor<12x256x256xf32>, tensor<12x256x64xf32>
  %ah = orion.matmul %p, %vh : tensor<12x256x256xf32>, tensor<12x256x64xf32>
  // CHECK: %[[AT:.+]] = orion.transpose %[[AH]] [1, 0, 2] : tensor<12x256x64xf32>
  %at = orion.transpose %ah [1, 0, 2] : tensor<12x256x64xf32>
  // CHECK: %[[A:.+]] = orion.reshape %[[AT]] : tensor<256x12x64xf32> -> tensor<256x768xf32>
  %a = orion.reshape %at : tensor<256x12x64xf32> -> tensor<256x768xf32>
  %o = orion.linear %a, %w_o, %b_o : tensor<256x768xf32>, tensor<768x768xf32>, tensor<768xf32>
  // CHECK: %[[R1:.+]] = orion.add %[[X]], %{{.+}} : tensor<256x768xf32>
  %r1 = orion.add %x, %o : tensor<256x768xf32>

  %h2 = orion.layer_norm %r1, %ln2_g, %ln2_b : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>
  %f = orion.linear %h2, %w_fc, %b_fc : tensor<256x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>
  // CHECK: orion.gelu %{{.+}} approximate = tanh : tensor<256x3072xf32>
  %g = orion.gelu %f approximate = tanh : tensor<256x3072xf32>
  %m = orion.linear %g, %w_pr, %b_pr : tensor<256x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>
  // CHECK: %[[R2:.+]] = orion.add %[[R1]], %{{.+}} : tensor<256x768xf32>
  %r2 = orion.add %r1, %m : tensor<256x768xf32>
  // CHECK: return %[[R2]]
  return %r2 : tensor<256x768xf32>
}

// The canonicalizer has nothing to remove from either block.
// CANON-LABEL: func.func @gpt2_block
// CANON-COUNT-12: orion.param
// CANON-COUNT-2: orion.layer_norm
// CANON-LABEL: func.func @gpt2_block_explicit
// CANON-COUNT-4: orion.transpose
// CANON: orion.reshape %{{.+}} : tensor<256x12x64xf32> -> tensor<256x768xf32>
