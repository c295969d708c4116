// RUN: orion-opt %s --mlir-print-op-generic | orion-opt | FileCheck %s
// RUN: orion-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC
// RUN: orion-opt %s --mlir-print-op-generic | orion-opt --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// Printing in generic form and parsing it back yields the same ops: every
// attribute, including defaulted and unit ones, lives in the properties.

// CHECK-LABEL: func.func @generic
// GENERIC-LABEL: sym_name = "generic"
func.func @generic(%x: tensor<256x768xf32>, %g: tensor<768xf32>,
                   %w: tensor<2304x768xf32>, %b: tensor<2304xf32>,
                   %pos: tensor<256xi32>) -> tensor<256x768xf32> {
  // CHECK: %[[P:.+]] = orion.param "h.0.attn.c_proj.weight" : tensor<768x768xf32>
  // GENERIC: %[[P:.+]] = "orion.param"() <{name = "h.0.attn.c_proj.weight"}> : () -> tensor<768x768xf32>
  %p = orion.param "h.0.attn.c_proj.weight" : tensor<768x768xf32>

  // CHECK: %[[C:.+]] = orion.constant dense<5.000000e-01> : tensor<f32>
  // GENERIC: %[[C:.+]] = "orion.constant"() <{value = dense<5.000000e-01> : tensor<f32>}> : () -> tensor<f32>
  %c = orion.constant dense<5.000000e-01> : tensor<f32>

  // The inferred result type is spelled out in the generic form.
  // CHECK: %[[MUL:.+]] = orion.mul %{{.+}}, %[[C]] : tensor<256x768xf32>, tensor<f32>
  // GENERIC: %[[MUL:.+]] = "orion.mul"(%{{.+}}, %[[C]]) : (tensor<256x768xf32>, tensor<f32>) -> tensor<256x768xf32>
  %m = orion.mul %x, %c : tensor<256x768xf32>, tensor<f32>

  // Default-valued attributes are materialized.
  // CHECK: %[[LN:.+]] = orion.layer_norm %[[MUL]], %{{.+}} : tensor<256x768xf32>, tensor<768xf32>
  // GENERIC: %[[LN:.+]] = "orion.layer_norm"(%[[MUL]], %{{.+}}) <{epsilon = 9.99999974E-6 : f32}> : (tensor<256x768xf32>, tensor<768xf32>) -> tensor<256x768xf32>
  %ln = orion.layer_norm %m, %g : tensor<256x768xf32>, tensor<768xf32>

  // CHECK: %[[QKV:.+]] = orion.linear %[[LN]], %{{.+}}, %{{.+}} : tensor<256x768xf32>, tensor<2304x768xf32>, tensor<2304xf32>
  // GENERIC: %[[QKV:.+]] = "orion.linear"(%[[LN]], %{{.+}}, %{{.+}}) : (tensor<256x768xf32>, tensor<2304x768xf32>, tensor<2304xf32>) -> tensor<256x2304xf32>
  %qkv = orion.linear %ln, %w, %b : tensor<256x768xf32>, tensor<2304x768xf32>, tensor<2304xf32>

  // CHECK: %[[S:.+]]:3 = orion.split %[[QKV]] axis = 1 sizes = [768, 768, 768] : tensor<256x2304xf32>
  // GENERIC: %[[S:.+]]:3 = "orion.split"(%[[QKV]]) <{axis = 1 : i64, sizes = array<i64: 768, 768, 768>}> : (tensor<256x2304xf32>) -> (tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>)
  %q, %k, %v = orion.split %qkv axis = 1 sizes = [768, 768, 768] : tensor<256x2304xf32>

  // CHECK: %[[Q:.+]] = orion.rope %[[S]]#0, %{{.+}} head_dim = 64 style = half : tensor<256x768xf32>, tensor<256xi32>
  // GENERIC: %[[Q:.+]] = "orion.rope"(%[[S]]#0, %{{.+}}) <{head_dim = 64 : i64, style = 1 : i32, theta = 1.000000e+04 : f32}> : (tensor<256x768xf32>, tensor<256xi32>) -> tensor<256x768xf32>
  %qr = orion.rope %q, %pos head_dim = 64 style = half : tensor<256x768xf32>, tensor<256xi32>

  // Unit attributes appear by name; absent optional ones do not appear.
  // CHECK: %[[A:.+]] = orion.attention %[[Q]], %[[S]]#1, %[[S]]#2 heads = 12 kv_heads = 12 causal : tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>
  // GENERIC: %[[A:.+]] = "orion.attention"(%[[Q]], %[[S]]#1, %[[S]]#2) <{causal, heads = 12 : i64, kv_heads = 12 : i64}> : (tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>) -> tensor<256x768xf32>
  %a = orion.attention %qr, %k, %v heads = 12 kv_heads = 12 causal : tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>

  // CHECK: %[[MM:.+]] = orion.matmul %[[A]], %[[P]] transpose_rhs : tensor<256x768xf32>, tensor<768x768xf32>
  // GENERIC: %[[MM:.+]] = "orion.matmul"(%[[A]], %[[P]]) <{transpose_rhs}> : (tensor<256x768xf32>, tensor<768x768xf32>) -> tensor<256x768xf32>
  %o = orion.matmul %a, %p transpose_rhs : tensor<256x768xf32>, tensor<768x768xf32>

  // CHECK: %[[G:.+]] = orion.gelu %[[MM]] approximate = tanh : tensor<256x768xf32>
  // GENERIC: %[[G:.+]] = "orion.gelu"(%[[MM]]) <{approximate = 1 : i32}> : (tensor<256x768xf32>) -> tensor<256x768xf32>
  %gl = orion.gelu %o approximate = tanh : tensor<256x768xf32>

  // CHECK: %[[SM:.+]] = orion.softmax %[[G]] : tensor<256x768xf32>
  // GENERIC: %[[SM:.+]] = "orion.softmax"(%[[G]]) <{axis = -1 : i64}> : (tensor<256x768xf32>) -> tensor<256x768xf32>
  %sm = orion.softmax %gl : tensor<256x768xf32>

  // CHECK: %[[R:.+]] = orion.reshape %[[SM]] : tensor<256x768xf32> -> tensor<256x12x64xf32>
  // GENERIC: %[[R:.+]] = "orion.reshape"(%[[SM]]) : (tensor<256x768xf32>) -> tensor<256x12x64xf32>
  %r = orion.reshape %sm : tensor<256x768xf32> -> tensor<256x12x64xf32>

  // CHECK: %[[T:.+]] = orion.transpose %[[R]] [1, 0, 2] : tensor<256x12x64xf32>
  // GENERIC: %[[T:.+]] = "orion.transpose"(%[[R]]) <{perm = array<i64: 1, 0, 2>}> : (tensor<256x12x64xf32>) -> tensor<12x256x64xf32>
  %t = orion.transpose %r [1, 0, 2] : tensor<256x12x64xf32>

  // CHECK: %[[SL:.+]] = orion.slice %[[T]] [0, 0, 0] to [12, 256, 64] step [1, 2, 1] : tensor<12x256x64xf32>
  // GENERIC: %[[SL:.+]] = "orion.slice"(%[[T]]) <{begin = array<i64: 0, 0, 0>, end = array<i64: 12, 256, 64>, step = array<i64: 1, 2, 1>}> : (tensor<12x256x64xf32>) -> tensor<12x128x64xf32>
  %sl = orion.slice %t [0, 0, 0] to [12, 256, 64] step [1, 2, 1] : tensor<12x256x64xf32>

  // CHECK: %[[CC:.+]] = orion.concat(%[[SL]], %[[SL]]) axis = 1 : tensor<12x128x64xf32>, tensor<12x128x64xf32>
  // GENERIC: %[[CC:.+]] = "orion.concat"(%[[SL]], %[[SL]]) <{axis = 1 : i64}> : (tensor<12x128x64xf32>, tensor<12x128x64xf32>) -> tensor<12x256x64xf32>
  %cc = orion.concat(%sl, %sl) axis = 1 : tensor<12x128x64xf32>, tensor<12x128x64xf32>

  // CHECK: %[[RS:.+]] = orion.reduce_sum %[[CC]] [0] keep_dims : tensor<12x256x64xf32>
  // GENERIC: %[[RS:.+]] = "orion.reduce_sum"(%[[CC]]) <{axes = array<i64: 0>, keep_dims}> : (tensor<12x256x64xf32>) -> tensor<1x256x64xf32>
  %rs = orion.reduce_sum %cc [0] keep_dims : tensor<12x256x64xf32>

  // CHECK: %[[CAST:.+]] = orion.cast %[[RS]] : tensor<1x256x64xf32> to tensor<1x256x64xf16>
  // GENERIC: %[[CAST:.+]] = "orion.cast"(%[[RS]]) : (tensor<1x256x64xf32>) -> tensor<1x256x64xf16>
  %h = orion.cast %rs : tensor<1x256x64xf32> to tensor<1x256x64xf16>

  // CHECK: %[[RM:.+]] = orion.reduce_mean %[[CAST]] [0, 2] : tensor<1x256x64xf16>
  // GENERIC: %[[RM:.+]] = "orion.reduce_mean"(%[[CAST]]) <{axes = array<i64: 0, 2>}> : (tensor<1x256x64xf16>) -> tensor<256xf16>
  %rm = orion.reduce_mean %h [0, 2] : tensor<1x256x64xf16>

  // CHECK: %[[E:.+]] = orion.embedding %{{.+}}[%{{.+}}] : tensor<2304x768xf32>, tensor<256xi32>
  // GENERIC: %[[E:.+]] = "orion.embedding"(%{{.+}}, %{{.+}}) : (tensor<2304x768xf32>, tensor<256xi32>) -> tensor<256x768xf32>
  %e = orion.embedding %w[%pos] : tensor<2304x768xf32>, tensor<256xi32>

  // CHECK: orion.cross_entropy %[[E]], %{{.+}} : tensor<256x768xf32>, tensor<256xi32>
  // GENERIC: "orion.cross_entropy"(%[[E]], %{{.+}}) : (tensor<256x768xf32>, tensor<256xi32>) -> tensor<f32>
  %loss = orion.cross_entropy %e, %pos : tensor<256x768xf32>, tensor<256xi32>

  // CHECK: return %[[E]]
  // GENERIC: "func.return"(%[[E]])
  return %e : tensor<256x768xf32>
}

// The generic form is accepted as input, with properties or (for older
// producers) with the inherent attributes in the attribute dictionary.
// CHECK-LABEL: func.func @generic_input
// GENERIC-LABEL: sym_name = "generic_input"
func.func @generic_input(%x: tensor<4x8xf32>) -> (tensor<8x4xf32>, tensor<4x8xf32>) {
  // CHECK: orion.transpose %{{.+}} [1, 0] : tensor<4x8xf32>
  // GENERIC: "orion.transpose"(%{{.+}}) <{perm = array<i64: 1, 0>}> : (tensor<4x8xf32>) -> tensor<8x4xf32>
  %0 = "orion.transpose"(%x) <{perm = array<i64: 1, 0>}> : (tensor<4x8xf32>) -> tensor<8x4xf32>
  // CHECK: orion.softmax %{{.+}} axis = 0 : tensor<4x8xf32>
  // GENERIC: "orion.softmax"(%{{.+}}) <{axis = 0 : i64}> : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %1 = "orion.softmax"(%x) {axis = 0 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0, %1 : tensor<8x4xf32>, tensor<4x8xf32>
}
