// RUN: orion-opt %s | orion-opt | FileCheck %s
// RUN: orion-opt %s --mlir-print-debuginfo --mlir-print-local-scope | orion-opt | FileCheck %s

// Every orion op in its custom assembly form, including every optional part.
// The second RUN line makes sure the printed form is stable when locations
// are printed too.

//===----------------------------------------------------------------------===//
// param, constant
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @param
func.func @param() -> (tensor<768x768xf32>, tensor<50257xi32>, tensor<f16>) {
  // CHECK: %{{.+}} = orion.param "layers.0.attention.wq" : tensor<768x768xf32>
  %0 = orion.param "layers.0.attention.wq" : tensor<768x768xf32>
  // CHECK: %{{.+}} = orion.param "ids" : tensor<50257xi32>
  %1 = orion.param "ids" : tensor<50257xi32>
  // CHECK: %{{.+}} = orion.param "scalar with spaces" : tensor<f16>
  %2 = orion.param "scalar with spaces" : tensor<f16>
  return %0, %1, %2 : tensor<768x768xf32>, tensor<50257xi32>, tensor<f16>
}

// CHECK-LABEL: func.func @constant
func.func @constant() -> (tensor<f32>, tensor<2x2xf16>, tensor<3xi32>, tensor<4xbf16>) {
  // CHECK: orion.constant dense<5.000000e-01> : tensor<f32>
  %0 = orion.constant dense<5.000000e-01> : tensor<f32>
  // CHECK: orion.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf16>
  %1 = orion.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf16>
  // CHECK: orion.constant dense<[0, 1, 2]> : tensor<3xi32>
  %2 = orion.constant dense<[0, 1, 2]> : tensor<3xi32>
  // CHECK: orion.constant dense<0xFF80> : tensor<4xbf16>
  %3 = orion.constant dense<0xFF80> : tensor<4xbf16>
  return %0, %1, %2, %3 : tensor<f32>, tensor<2x2xf16>, tensor<3xi32>, tensor<4xbf16>
}

//===----------------------------------------------------------------------===//
// Binary elementwise ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @binary_same_type
// CHECK-SAME: (%[[A:.+]]: tensor<4x8xf32>, %[[B:.+]]: tensor<4x8xf32>)
func.func @binary_same_type(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // When both operand types match, the type is printed once.
  // CHECK: %[[ADD:.+]] = orion.add %[[A]], %[[B]] : tensor<4x8xf32>{{$}}
  %0 = orion.add %a, %b : tensor<4x8xf32>
  // CHECK: %[[SUB:.+]] = orion.sub %[[ADD]], %[[B]] : tensor<4x8xf32>{{$}}
  %1 = orion.sub %0, %b : tensor<4x8xf32>
  // CHECK: %[[MUL:.+]] = orion.mul %[[SUB]], %[[A]] : tensor<4x8xf32>{{$}}
  %2 = orion.mul %1, %a : tensor<4x8xf32>
  // CHECK: %[[DIV:.+]] = orion.div %[[MUL]], %[[B]] : tensor<4x8xf32>{{$}}
  %3 = orion.div %2, %b : tensor<4x8xf32>
  // The long form with both types spelled out is accepted and printed short.
  // CHECK: %[[POW:.+]] = orion.pow %[[DIV]], %[[A]] : tensor<4x8xf32>{{$}}
  %4 = orion.pow %3, %a : tensor<4x8xf32>, tensor<4x8xf32>
  // CHECK: return %[[POW]]
  return %4 : tensor<4x8xf32>
}

// CHECK-LABEL: func.func @binary_broadcast
func.func @binary_broadcast(%x: tensor<256x768xf32>, %b: tensor<768xf32>,
                            %s: tensor<f32>, %c: tensor<4x1x8xf16>,
                            %r: tensor<3x1xf16>, %i: tensor<2x1xi32>,
                            %j: tensor<1x5xi32>, %h: tensor<2xbf16>)
    -> (tensor<256x768xf32>, tensor<256x768xf32>, tensor<4x3x8xf16>, tensor<2x5xi32>, tensor<2xbf16>) {
  // CHECK: orion.add %{{.+}}, %{{.+}} : tensor<256x768xf32>, tensor<768xf32>
  %0 = orion.add %x, %b : tensor<256x768xf32>, tensor<768xf32>
  // CHECK: orion.mul %{{.+}}, %{{.+}} : tensor<f32>, tensor<256x768xf32>
  %1 = orion.mul %s, %x : tensor<f32>, tensor<256x768xf32>
  // CHECK: orion.sub %{{.+}}, %{{.+}} : tensor<4x1x8xf16>, tensor<3x1xf16>
  %2 = orion.sub %c, %r : tensor<4x1x8xf16>, tensor<3x1xf16>
  // CHECK: orion.div %{{.+}}, %{{.+}} : tensor<2x1xi32>, tensor<1x5xi32>
  %3 = orion.div %i, %j : tensor<2x1xi32>, tensor<1x5xi32>
  // CHECK: orion.pow %{{.+}}, %{{.+}} : tensor<2xbf16>
  %4 = orion.pow %h, %h : tensor<2xbf16>
  return %0, %1, %2, %3, %4 : tensor<256x768xf32>, tensor<256x768xf32>, tensor<4x3x8xf16>, tensor<2x5xi32>, tensor<2xbf16>
}

//===----------------------------------------------------------------------===//
// Unary elementwise ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @unary
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>, %[[H:.+]]: tensor<5xf16>, %[[B:.+]]: tensor<bf16>, %[[I:.+]]: tensor<4xi32>)
func.func @unary(%x: tensor<2x3xf32>, %h: tensor<5xf16>, %b: tensor<bf16>, %i: tensor<4xi32>) {
  // CHECK: orion.neg %[[X]] : tensor<2x3xf32>
  %0 = orion.neg %x : tensor<2x3xf32>
  // neg also takes integers.
  // CHECK: orion.neg %[[I]] : tensor<4xi32>
  %1 = orion.neg %i : tensor<4xi32>
  // CHECK: orion.exp %[[H]] : tensor<5xf16>
  %2 = orion.exp %h : tensor<5xf16>
  // CHECK: orion.log %[[B]] : tensor<bf16>
  %3 = orion.log %b : tensor<bf16>
  // CHECK: orion.sqrt %[[X]] : tensor<2x3xf32>
  %4 = orion.sqrt %x : tensor<2x3xf32>
  // CHECK: orion.square %[[X]] : tensor<2x3xf32>
  %sq = orion.square %x : tensor<2x3xf32>
  // CHECK: orion.rsqrt %[[X]] : tensor<2x3xf32>
  %5 = orion.rsqrt %x : tensor<2x3xf32>
  // CHECK: orion.tanh %[[X]] : tensor<2x3xf32>
  %6 = orion.tanh %x : tensor<2x3xf32>
  // CHECK: orion.sigmoid %[[H]] : tensor<5xf16>
  %7 = orion.sigmoid %h : tensor<5xf16>
  // CHECK: orion.relu %[[X]] : tensor<2x3xf32>
  %8 = orion.relu %x : tensor<2x3xf32>
  // CHECK: orion.silu %[[X]] : tensor<2x3xf32>
  %9 = orion.silu %x : tensor<2x3xf32>
  return
}

// CHECK-LABEL: func.func @gelu
// CHECK-SAME: (%[[X:.+]]: tensor<256x3072xf32>)
func.func @gelu(%x: tensor<256x3072xf32>) {
  // The default (exact erf) is not printed, whether spelled or not.
  // CHECK: orion.gelu %[[X]] : tensor<256x3072xf32>
  %0 = orion.gelu %x : tensor<256x3072xf32>
  // CHECK-NEXT: orion.gelu %[[X]] : tensor<256x3072xf32>
  %1 = orion.gelu %x approximate = none : tensor<256x3072xf32>
  // CHECK-NEXT: orion.gelu %[[X]] approximate = tanh : tensor<256x3072xf32>
  %2 = orion.gelu %x approximate = tanh : tensor<256x3072xf32>
  return
}

//===----------------------------------------------------------------------===//
// Softmax and normalizations
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.+]]: tensor<12x256x256xf32>)
func.func @softmax(%x: tensor<12x256x256xf32>) {
  // CHECK: orion.softmax %[[X]] : tensor<12x256x256xf32>
  %0 = orion.softmax %x : tensor<12x256x256xf32>
  // axis = -1 is the default and is elided.
  // CHECK-NEXT: orion.softmax %[[X]] : tensor<12x256x256xf32>
  %1 = orion.softmax %x axis = -1 : tensor<12x256x256xf32>
  // CHECK-NEXT: orion.softmax %[[X]] axis = 0 : tensor<12x256x256xf32>
  %2 = orion.softmax %x axis = 0 : tensor<12x256x256xf32>
  // CHECK-NEXT: orion.softmax %[[X]] axis = -3 : tensor<12x256x256xf32>
  %3 = orion.softmax %x axis = -3 : tensor<12x256x256xf32>
  // CHECK-NEXT: orion.log_softmax %[[X]] : tensor<12x256x256xf32>
  %4 = orion.log_softmax %x : tensor<12x256x256xf32>
  // CHECK-NEXT: orion.log_softmax %[[X]] axis = 1 : tensor<12x256x256xf32>
  %5 = orion.log_softmax %x axis = 1 : tensor<12x256x256xf32>
  return
}

// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:.+]]: tensor<256x768xf32>, %[[G:.+]]: tensor<768xf32>, %[[B:.+]]: tensor<768xf32>, %[[H:.+]]: tensor<8xf16>, %[[HG:.+]]: tensor<8xf16>)
func.func @layer_norm(%x: tensor<256x768xf32>, %g: tensor<768xf32>, %b: tensor<768xf32>,
                      %h: tensor<8xf16>, %hg: tensor<8xf16>) {
  // With bias; the default epsilon (1e-5) is elided.
  // CHECK: orion.layer_norm %[[X]], %[[G]], %[[B]] : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>
  %0 = orion.layer_norm %x, %g, %b eps = 1.0e-05 : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>
  // Without bias.
  // CHECK-NEXT: orion.layer_norm %[[X]], %[[G]] : tensor<256x768xf32>, tensor<768xf32>
  %1 = orion.layer_norm %x, %g : tensor<256x768xf32>, tensor<768xf32>
  // A non-default epsilon is printed.
  // CHECK-NEXT: orion.layer_norm %[[X]], %[[G]], %[[B]] eps = 1.000000e-03 : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>
  %2 = orion.layer_norm %x, %g, %b eps = 1.0e-03 : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>
  // CHECK-NEXT: orion.layer_norm %[[X]], %[[G]] eps = 0.000000e+00 : tensor<256x768xf32>, tensor<768xf32>
  %3 = orion.layer_norm %x, %g eps = 0.0 : tensor<256x768xf32>, tensor<768xf32>
  // A 1-D input is its own feature dimension.
  // CHECK-NEXT: orion.layer_norm %[[H]], %[[HG]], %[[HG]] : tensor<8xf16>, tensor<8xf16>, tensor<8xf16>
  %4 = orion.layer_norm %h, %hg, %hg : tensor<8xf16>, tensor<8xf16>, tensor<8xf16>
  return
}

// CHECK-LABEL: func.func @rms_norm
// CHECK-SAME: (%[[X:.+]]: tensor<2x256x768xbf16>, %[[W:.+]]: tensor<768xbf16>)
func.func @rms_norm(%x: tensor<2x256x768xbf16>, %w: tensor<768xbf16>) {
  // CHECK: orion.rms_norm %[[X]], %[[W]] : tensor<2x256x768xbf16>, tensor<768xbf16>
  %0 = orion.rms_norm %x, %w : tensor<2x256x768xbf16>, tensor<768xbf16>
  // CHECK-NEXT: orion.rms_norm %[[X]], %[[W]] : tensor<2x256x768xbf16>, tensor<768xbf16>
  %1 = orion.rms_norm %x, %w eps = 1.0e-05 : tensor<2x256x768xbf16>, tensor<768xbf16>
  // 1e-6 is not exact in f32; it prints with 9 significant digits.
  // CHECK-NEXT: orion.rms_norm %[[X]], %[[W]] eps = 9.99999997E-7 : tensor<2x256x768xbf16>, tensor<768xbf16>
  %2 = orion.rms_norm %x, %w eps = 1.0e-06 : tensor<2x256x768xbf16>, tensor<768xbf16>
  return
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @linear
// CHECK-SAME: (%[[X:.+]]: tensor<256x768xf32>, %[[W:.+]]: tensor<3072x768xf32>, %[[B:.+]]: tensor<3072xf32>, %[[V:.+]]: tensor<768xf32>, %[[Y:.+]]: tensor<2x4x768xf32>)
func.func @linear(%x: tensor<256x768xf32>, %w: tensor<3072x768xf32>, %b: tensor<3072xf32>,
                  %v: tensor<768xf32>, %y: tensor<2x4x768xf32>)
    -> (tensor<256x3072xf32>, tensor<256x3072xf32>, tensor<3072xf32>, tensor<2x4x3072xf32>) {
  // CHECK: orion.linear %[[X]], %[[W]], %[[B]] : tensor<256x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>
  %0 = orion.linear %x, %w, %b : tensor<256x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>
  // CHECK-NEXT: orion.linear %[[X]], %[[W]] : tensor<256x768xf32>, tensor<3072x768xf32>
  %1 = orion.linear %x, %w : tensor<256x768xf32>, tensor<3072x768xf32>
  // CHECK-NEXT: orion.linear %[[V]], %[[W]] : tensor<768xf32>, tensor<3072x768xf32>
  %2 = orion.linear %v, %w : tensor<768xf32>, tensor<3072x768xf32>
  // CHECK-NEXT: orion.linear %[[Y]], %[[W]], %[[B]] : tensor<2x4x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>
  %3 = orion.linear %y, %w, %b : tensor<2x4x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>
  return %0, %1, %2, %3 : tensor<256x3072xf32>, tensor<256x3072xf32>, tensor<3072xf32>, tensor<2x4x3072xf32>
}

// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[Q:.+]]: tensor<12x256x64xf32>, %[[K:.+]]: tensor<12x128x64xf32>, %[[P:.+]]: tensor<64x32xf32>, %[[P2:.+]]: tensor<32x256xf32>, %[[I:.+]]: tensor<3x4xi32>)
func.func @matmul(%q: tensor<12x256x64xf32>, %k: tensor<12x128x64xf32>,
                  %p: tensor<64x32xf32>, %p2: tensor<32x256xf32>, %i: tensor<3x4xi32>)
    -> (tensor<12x256x128xf32>, tensor<12x64x64xf32>, tensor<12x256x32xf32>,
        tensor<12x64x32xf32>, tensor<4x4xi32>) {
  // CHECK: orion.matmul %[[Q]], %[[K]] transpose_rhs : tensor<12x256x64xf32>, tensor<12x128x64xf32>
  %0 = orion.matmul %q, %k transpose_rhs : tensor<12x256x64xf32>, tensor<12x128x64xf32>
  // CHECK-NEXT: orion.matmul %[[Q]], %[[Q]] transpose_lhs : tensor<12x256x64xf32>, tensor<12x256x64xf32>
  %1 = orion.matmul %q, %q transpose_lhs : tensor<12x256x64xf32>, tensor<12x256x64xf32>
  // Batch dimensions broadcast.
  // CHECK-NEXT: orion.matmul %[[Q]], %[[P]] : tensor<12x256x64xf32>, tensor<64x32xf32>
  %2 = orion.matmul %q, %p : tensor<12x256x64xf32>, tensor<64x32xf32>
  // CHECK-NEXT: orion.matmul %[[Q]], %[[P2]] transpose_lhs transpose_rhs : tensor<12x256x64xf32>, tensor<32x256xf32>
  %3 = orion.matmul %q, %p2 transpose_lhs transpose_rhs : tensor<12x256x64xf32>, tensor<32x256xf32>
  // CHECK-NEXT: orion.matmul %[[I]], %[[I]] transpose_lhs : tensor<3x4xi32>, tensor<3x4xi32>
  %4 = orion.matmul %i, %i transpose_lhs : tensor<3x4xi32>, tensor<3x4xi32>
  return %0, %1, %2, %3, %4 : tensor<12x256x128xf32>, tensor<12x64x64xf32>, tensor<12x256x32xf32>, tensor<12x64x32xf32>, tensor<4x4xi32>
}

//===----------------------------------------------------------------------===//
// Transformer blocks
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @rope
// CHECK-SAME: (%[[X:.+]]: tensor<256x768xf32>, %[[P:.+]]: tensor<256xi32>, %[[D:.+]]: tensor<1x1x256xf16>, %[[DP:.+]]: tensor<1xi32>)
func.func @rope(%x: tensor<256x768xf32>, %pos: tensor<256xi32>,
                %d: tensor<1x1x256xf16>, %dpos: tensor<1xi32>) {
  // CHECK: orion.rope %[[X]] head_dim = 64 : tensor<256x768xf32>
  %0 = orion.rope %x head_dim = 64 : tensor<256x768xf32>
  // Defaults (theta = 10000, interleaved) are elided.
  // CHECK-NEXT: orion.rope %[[X]] head_dim = 64 : tensor<256x768xf32>
  %1 = orion.rope %x head_dim = 64 theta = 1.0e+04 style = interleaved : tensor<256x768xf32>
  // CHECK-NEXT: orion.rope %[[X]], %[[P]] head_dim = 64 : tensor<256x768xf32>, tensor<256xi32>
  %2 = orion.rope %x, %pos head_dim = 64 : tensor<256x768xf32>, tensor<256xi32>
  // CHECK-NEXT: orion.rope %[[X]] head_dim = 128 theta = 5.000000e+05 : tensor<256x768xf32>
  %3 = orion.rope %x head_dim = 128 theta = 5.0e+05 : tensor<256x768xf32>
  // CHECK-NEXT: orion.rope %[[X]] head_dim = 64 style = half : tensor<256x768xf32>
  %4 = orion.rope %x head_dim = 64 style = half : tensor<256x768xf32>
  // A decode step: one position, taken from the positions operand.
  // CHECK-NEXT: orion.rope %[[D]], %[[DP]] head_dim = 64 theta = 5.000000e+05 style = half : tensor<1x1x256xf16>, tensor<1xi32>
  %5 = orion.rope %d, %dpos head_dim = 64 theta = 5.0e+05 style = half : tensor<1x1x256xf16>, tensor<1xi32>
  return
}

// CHECK-LABEL: func.func @attention
// CHECK-SAME: (%[[Q:.+]]: tensor<256x768xf32>, %[[K:.+]]: tensor<256x768xf32>, %[[V:.+]]: tensor<256x768xf32>, %[[KG:.+]]: tensor<256x256xf32>, %[[VG:.+]]: tensor<256x256xf32>, %[[Q1:.+]]: tensor<2x1x768xf16>, %[[KC:.+]]: tensor<2x300x768xf16>)
func.func @attention(%q: tensor<256x768xf32>, %k: tensor<256x768xf32>, %v: tensor<256x768xf32>,
                     %kg: tensor<256x256xf32>, %vg: tensor<256x256xf32>,
                     %q1: tensor<2x1x768xf16>, %kc: tensor<2x300x768xf16>)
    -> (tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>, tensor<2x1x768xf16>) {
  // CHECK: orion.attention %[[Q]], %[[K]], %[[V]] heads = 12 kv_heads = 12 : tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>
  %0 = orion.attention %q, %k, %v heads = 12 kv_heads = 12 : tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>
  // CHECK-NEXT: orion.attention %[[Q]], %[[K]], %[[V]] heads = 12 kv_heads = 12 causal : tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>
  %1 = orion.attention %q, %k, %v heads = 12 kv_heads = 12 causal : tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>
  // CHECK-NEXT: orion.attention %[[Q]], %[[K]], %[[V]] heads = 12 kv_heads = 12 causal scale = 1.250000e-01 : tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>
  %2 = orion.attention %q, %k, %v heads = 12 kv_heads = 12 causal scale = 0.125 : tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>
  // Grouped-query attention: 12 query heads share 4 key/value heads of 64.
  // CHECK-NEXT: orion.attention %[[Q]], %[[KG]], %[[VG]] heads = 12 kv_heads = 4 scale = 2.500000e-01 : tensor<256x768xf32>, tensor<256x256xf32>, tensor<256x256xf32>
  %3 = orion.attention %q, %kg, %vg heads = 12 kv_heads = 4 scale = 0.25 : tensor<256x768xf32>, tensor<256x256xf32>, tensor<256x256xf32>
  // A KV-cached decode step: one query against 300 cached keys, batch 2.
  // CHECK-NEXT: orion.attention %[[Q1]], %[[KC]], %[[KC]] heads = 12 kv_heads = 12 causal : tensor<2x1x768xf16>, tensor<2x300x768xf16>, tensor<2x300x768xf16>
  %4 = orion.attention %q1, %kc, %kc heads = 12 kv_heads = 12 causal : tensor<2x1x768xf16>, tensor<2x300x768xf16>, tensor<2x300x768xf16>
  return %0, %1, %2, %3, %4 : tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>, tensor<2x1x768xf16>
}

// CHECK-LABEL: func.func @embedding
// CHECK-SAME: (%[[T:.+]]: tensor<50257x768xf32>, %[[I:.+]]: tensor<256xi32>, %[[I2:.+]]: tensor<2x8xi32>, %[[I0:.+]]: tensor<i32>)
func.func @embedding(%t: tensor<50257x768xf32>, %i: tensor<256xi32>, %i2: tensor<2x8xi32>, %i0: tensor<i32>)
    -> (tensor<256x768xf32>, tensor<2x8x768xf32>, tensor<768xf32>) {
  // CHECK: orion.embedding %[[T]][%[[I]]] : tensor<50257x768xf32>, tensor<256xi32>
  %0 = orion.embedding %t[%i] : tensor<50257x768xf32>, tensor<256xi32>
  // CHECK-NEXT: orion.embedding %[[T]][%[[I2]]] : tensor<50257x768xf32>, tensor<2x8xi32>
  %1 = orion.embedding %t[%i2] : tensor<50257x768xf32>, tensor<2x8xi32>
  // CHECK-NEXT: orion.embedding %[[T]][%[[I0]]] : tensor<50257x768xf32>, tensor<i32>
  %2 = orion.embedding %t[%i0] : tensor<50257x768xf32>, tensor<i32>
  return %0, %1, %2 : tensor<256x768xf32>, tensor<2x8x768xf32>, tensor<768xf32>
}

// Any ids shape: updates are ids.shape + [D]; rank-0 ids scatter one row.
// CHECK-LABEL: func.func @embedding_grad
// CHECK-SAME: (%[[D:.+]]: tensor<256x288xf32>, %[[I:.+]]: tensor<256xi32>, %[[D2:.+]]: tensor<2x8x16xf16>, %[[I2:.+]]: tensor<2x8xi32>, %[[D0:.+]]: tensor<4xf32>, %[[I0:.+]]: tensor<i32>)
func.func @embedding_grad(%d: tensor<256x288xf32>, %i: tensor<256xi32>, %d2: tensor<2x8x16xf16>, %i2: tensor<2x8xi32>, %d0: tensor<4xf32>, %i0: tensor<i32>)
    -> (tensor<32000x288xf32>, tensor<10x16xf16>, tensor<3x4xf32>) {
  // CHECK: orion.embedding_grad %[[D]][%[[I]]] rows = 32000 : tensor<256x288xf32>, tensor<256xi32> -> tensor<32000x288xf32>
  %0 = orion.embedding_grad %d[%i] rows = 32000 : tensor<256x288xf32>, tensor<256xi32> -> tensor<32000x288xf32>
  // CHECK-NEXT: orion.embedding_grad %[[D2]][%[[I2]]] rows = 10 : tensor<2x8x16xf16>, tensor<2x8xi32> -> tensor<10x16xf16>
  %1 = orion.embedding_grad %d2[%i2] rows = 10 : tensor<2x8x16xf16>, tensor<2x8xi32> -> tensor<10x16xf16>
  // CHECK-NEXT: orion.embedding_grad %[[D0]][%[[I0]]] rows = 3 : tensor<4xf32>, tensor<i32> -> tensor<3x4xf32>
  %2 = orion.embedding_grad %d0[%i0] rows = 3 : tensor<4xf32>, tensor<i32> -> tensor<3x4xf32>
  return %0, %1, %2 : tensor<32000x288xf32>, tensor<10x16xf16>, tensor<3x4xf32>
}

// CHECK-LABEL: func.func @cross_entropy
// CHECK-SAME: (%[[L:.+]]: tensor<256x32000xf32>, %[[T:.+]]: tensor<256xi32>, %[[L1:.+]]: tensor<10xf16>, %[[T0:.+]]: tensor<i32>)
func.func @cross_entropy(%l: tensor<256x32000xf32>, %t: tensor<256xi32>,
                         %l1: tensor<10xf16>, %t0: tensor<i32>) -> (tensor<f32>, tensor<f16>) {
  // CHECK: orion.cross_entropy %[[L]], %[[T]] : tensor<256x32000xf32>, tensor<256xi32>
  %0 = orion.cross_entropy %l, %t : tensor<256x32000xf32>, tensor<256xi32>
  // CHECK-NEXT: orion.cross_entropy %[[L1]], %[[T0]] : tensor<10xf16>, tensor<i32>
  %1 = orion.cross_entropy %l1, %t0 : tensor<10xf16>, tensor<i32>
  return %0, %1 : tensor<f32>, tensor<f16>
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reshape_transpose
// CHECK-SAME: (%[[X:.+]]: tensor<256x768xf32>)
func.func @reshape_transpose(%x: tensor<256x768xf32>) -> tensor<256x768xf32> {
  // CHECK: %[[R:.+]] = orion.reshape %[[X]] : tensor<256x768xf32> -> tensor<256x12x64xf32>
  %0 = orion.reshape %x : tensor<256x768xf32> -> tensor<256x12x64xf32>
  // CHECK-NEXT: %[[T:.+]] = orion.transpose %[[R]] [1, 0, 2] : tensor<256x12x64xf32>
  %1 = orion.transpose %0 [1, 0, 2] : tensor<256x12x64xf32>
  // CHECK-NEXT: %[[T2:.+]] = orion.transpose %[[T]] [1, 0, 2] : tensor<12x256x64xf32>
  %2 = orion.transpose %1 [1, 0, 2] : tensor<12x256x64xf32>
  // CHECK-NEXT: %[[R2:.+]] = orion.reshape %[[T2]] : tensor<256x12x64xf32> -> tensor<256x768xf32>
  %3 = orion.reshape %2 : tensor<256x12x64xf32> -> tensor<256x768xf32>
  // CHECK-NEXT: return %[[R2]]
  return %3 : tensor<256x768xf32>
}

// CHECK-LABEL: func.func @reshape_scalar
func.func @reshape_scalar(%x: tensor<1x1xi32>) -> tensor<i32> {
  // CHECK: orion.reshape %{{.+}} : tensor<1x1xi32> -> tensor<i32>
  %0 = orion.reshape %x : tensor<1x1xi32> -> tensor<i32>
  return %0 : tensor<i32>
}

// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[X:.+]]: tensor<256x2304xf32>)
func.func @slice(%x: tensor<256x2304xf32>) -> (tensor<256x768xf32>, tensor<128x768xf32>, tensor<85x1xf32>) {
  // CHECK: orion.slice %[[X]] [0, 768] to [256, 1536] : tensor<256x2304xf32>
  %0 = orion.slice %x [0, 768] to [256, 1536] : tensor<256x2304xf32>
  // CHECK-NEXT: orion.slice %[[X]] [0, 0] to [255, 1536] step [2, 2] : tensor<256x2304xf32>
  // ceil(255 / 2) = 128 rows.
  %1 = orion.slice %x [0, 0] to [255, 1536] step [2, 2] : tensor<256x2304xf32>
  // ceil((256 - 1) / 3) = 85 rows; ceil(1 / 1) = 1 column.
  // CHECK-NEXT: orion.slice %[[X]] [1, 5] to [256, 6] step [3, 1] : tensor<256x2304xf32>
  %2 = orion.slice %x [1, 5] to [256, 6] step [3, 1] : tensor<256x2304xf32>
  return %0, %1, %2 : tensor<256x768xf32>, tensor<128x768xf32>, tensor<85x1xf32>
}

// A step larger than the dimension takes one element (and must not overflow).
// CHECK-LABEL: func.func @slice_huge_step
func.func @slice_huge_step(%x: tensor<4x8xf32>) -> tensor<1x3xf32> {
  // CHECK: orion.slice %{{.+}} [0, 0] to [4, 8] step [9223372036854775807, 3] : tensor<4x8xf32>
  %0 = orion.slice %x [0, 0] to [4, 8] step [9223372036854775807, 3] : tensor<4x8xf32>
  return %0 : tensor<1x3xf32>
}

// A dynamic extent along the axis makes the result's extent dynamic.
// CHECK-LABEL: func.func @concat_dynamic
// CHECK-SAME: (%[[A:.+]]: tensor<?x4xf32>, %[[B:.+]]: tensor<3x4xf32>)
func.func @concat_dynamic(%a: tensor<?x4xf32>, %b: tensor<3x4xf32>)
    -> (tensor<?x4xf32>, tensor<?x4xf32>, tensor<3x8xf32>) {
  // CHECK: orion.concat(%[[B]], %[[A]]) axis = 0 : tensor<3x4xf32>, tensor<?x4xf32>
  %0 = orion.concat(%b, %a) axis = 0 : tensor<3x4xf32>, tensor<?x4xf32>
  // CHECK-NEXT: orion.concat(%[[A]], %[[A]], %[[B]]) axis = 0 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<3x4xf32>
  %1 = orion.concat(%a, %a, %b) axis = 0 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<3x4xf32>
  // CHECK-NEXT: orion.concat(%[[B]], %[[B]]) axis = 1 : tensor<3x4xf32>, tensor<3x4xf32>
  %2 = orion.concat(%b, %b) axis = 1 : tensor<3x4xf32>, tensor<3x4xf32>
  return %0, %1, %2 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<3x8xf32>
}

// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.+]]: tensor<4x8xf32>, %[[B:.+]]: tensor<4x2xf32>, %[[C:.+]]: tensor<1x8xf32>)
func.func @concat(%a: tensor<4x8xf32>, %b: tensor<4x2xf32>, %c: tensor<1x8xf32>)
    -> (tensor<4x10xf32>, tensor<9x8xf32>, tensor<4x8xf32>, tensor<4x12xf32>) {
  // CHECK: orion.concat(%[[A]], %[[B]]) axis = 1 : tensor<4x8xf32>, tensor<4x2xf32>
  %0 = orion.concat(%a, %b) axis = 1 : tensor<4x8xf32>, tensor<4x2xf32>
  // CHECK-NEXT: orion.concat(%[[A]], %[[C]], %[[A]]) axis = -2 : tensor<4x8xf32>, tensor<1x8xf32>, tensor<4x8xf32>
  %1 = orion.concat(%a, %c, %a) axis = -2 : tensor<4x8xf32>, tensor<1x8xf32>, tensor<4x8xf32>
  // CHECK-NEXT: orion.concat(%[[A]]) axis = 0 : tensor<4x8xf32>
  %2 = orion.concat(%a) axis = 0 : tensor<4x8xf32>
  // CHECK-NEXT: orion.concat(%[[B]], %[[A]], %[[B]]) axis = 1 : tensor<4x2xf32>, tensor<4x8xf32>, tensor<4x2xf32>
  %3 = orion.concat(%b, %a, %b) axis = 1 : tensor<4x2xf32>, tensor<4x8xf32>, tensor<4x2xf32>
  return %0, %1, %2, %3 : tensor<4x10xf32>, tensor<9x8xf32>, tensor<4x8xf32>, tensor<4x12xf32>
}

// CHECK-LABEL: func.func @split
// CHECK-SAME: (%[[X:.+]]: tensor<256x2304xf32>)
func.func @split(%x: tensor<256x2304xf32>)
    -> (tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>, tensor<100x2304xf32>, tensor<156x2304xf32>, tensor<256x2304xf32>) {
  // CHECK: %[[S:.+]]:3 = orion.split %[[X]] axis = 1 sizes = [768, 768, 768] : tensor<256x2304xf32>
  %0:3 = orion.split %x axis = 1 sizes = [768, 768, 768] : tensor<256x2304xf32>
  // CHECK-NEXT: %[[T:.+]]:2 = orion.split %[[X]] axis = -2 sizes = [100, 156] : tensor<256x2304xf32>
  %1:2 = orion.split %x axis = -2 sizes = [100, 156] : tensor<256x2304xf32>
  // CHECK-NEXT: %[[U:.+]] = orion.split %[[X]] axis = 0 sizes = [256] : tensor<256x2304xf32>
  %2 = orion.split %x axis = 0 sizes = [256] : tensor<256x2304xf32>
  // CHECK-NEXT: return %[[S]]#0, %[[S]]#1, %[[S]]#2, %[[T]]#0, %[[T]]#1, %[[U]]
  return %0#0, %0#1, %0#2, %1#0, %1#1, %2 : tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>, tensor<100x2304xf32>, tensor<156x2304xf32>, tensor<256x2304xf32>
}

// CHECK-LABEL: func.func @cast
// CHECK-SAME: (%[[X:.+]]: tensor<256x768xf32>, %[[I:.+]]: tensor<4xi32>)
func.func @cast(%x: tensor<256x768xf32>, %i: tensor<4xi32>) {
  // CHECK: %[[H:.+]] = orion.cast %[[X]] : tensor<256x768xf32> to tensor<256x768xf16>
  %0 = orion.cast %x : tensor<256x768xf32> to tensor<256x768xf16>
  // CHECK-NEXT: orion.cast %[[H]] : tensor<256x768xf16> to tensor<256x768xbf16>
  %1 = orion.cast %0 : tensor<256x768xf16> to tensor<256x768xbf16>
  // CHECK-NEXT: orion.cast %[[X]] : tensor<256x768xf32> to tensor<256x768xi32>
  %2 = orion.cast %x : tensor<256x768xf32> to tensor<256x768xi32>
  // CHECK-NEXT: orion.cast %[[I]] : tensor<4xi32> to tensor<4xf32>
  %3 = orion.cast %i : tensor<4xi32> to tensor<4xf32>
  return
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reductions
// CHECK-SAME: (%[[X:.+]]: tensor<4x8x16xf32>, %[[I:.+]]: tensor<3x5xi32>)
func.func @reductions(%x: tensor<4x8x16xf32>, %i: tensor<3x5xi32>)
    -> (tensor<4x8x1xf32>, tensor<8xf32>, tensor<f32>, tensor<1x1x16xf32>, tensor<3xi32>) {
  // CHECK: orion.reduce_sum %[[X]] [-1] keep_dims : tensor<4x8x16xf32>
  %0 = orion.reduce_sum %x [-1] keep_dims : tensor<4x8x16xf32>
  // CHECK-NEXT: orion.reduce_mean %[[X]] [0, 2] : tensor<4x8x16xf32>
  %1 = orion.reduce_mean %x [0, 2] : tensor<4x8x16xf32>
  // CHECK-NEXT: orion.reduce_max %[[X]] [2, 0, 1] : tensor<4x8x16xf32>
  %2 = orion.reduce_max %x [2, 0, 1] : tensor<4x8x16xf32>
  // CHECK-NEXT: orion.reduce_max %[[X]] [0, -2] keep_dims : tensor<4x8x16xf32>
  %3 = orion.reduce_max %x [0, -2] keep_dims : tensor<4x8x16xf32>
  // CHECK-NEXT: orion.reduce_sum %[[I]] [1] : tensor<3x5xi32>
  %4 = orion.reduce_sum %i [1] : tensor<3x5xi32>
  return %0, %1, %2, %3, %4 : tensor<4x8x1xf32>, tensor<8xf32>, tensor<f32>, tensor<1x1x16xf32>, tensor<3xi32>
}

// Discardable attributes survive the round trip next to the op's own.
// CHECK-LABEL: func.func @discardable_attrs
func.func @discardable_attrs(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // CHECK: orion.softmax %{{.+}} axis = 0 {orion.tag = "s"} : tensor<4x8xf32>
  %0 = orion.softmax %x axis = 0 {orion.tag = "s"} : tensor<4x8xf32>
  // CHECK: orion.add %{{.+}}, %{{.+}} {fused} : tensor<4x8xf32>
  %1 = orion.add %0, %x {fused} : tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}

// Host-side surface layout: a [S, C] tensor at a channel range of a
// [1, Ct, 1, S] fp16 surface. A zero offset is the default and is elided.
// CHECK-LABEL: func.func @surfaces
// CHECK-SAME: (%[[X:.+]]: tensor<64x768xf32>, %[[Y:.+]]: tensor<64x256xf32>)
func.func @surfaces(%x: tensor<64x768xf32>, %y: tensor<64x256xf32>) -> (tensor<64x768xf32>, tensor<64x256xf32>) {
  // CHECK: %[[S:.+]] = orion.to_surface %[[X]] : tensor<64x768xf32> -> tensor<1x1024x1x64xf16>
  %s = orion.to_surface %x {channel_offset = 0} : tensor<64x768xf32> -> tensor<1x1024x1x64xf16>
  // CHECK: %[[T:.+]] = orion.to_surface %[[Y]] {channel_offset = 768 : i64} : tensor<64x256xf32> -> tensor<1x1024x1x64xf16>
  %t = orion.to_surface %y {channel_offset = 768} : tensor<64x256xf32> -> tensor<1x1024x1x64xf16>
  // CHECK: orion.from_surface %[[S]] : tensor<1x1024x1x64xf16> -> tensor<64x768xf32>
  %a = orion.from_surface %s : tensor<1x1024x1x64xf16> -> tensor<64x768xf32>
  // CHECK: orion.from_surface %[[T]] {channel_offset = 768 : i64} : tensor<1x1024x1x64xf16> -> tensor<64x256xf32>
  %b = orion.from_surface %t {channel_offset = 768} : tensor<1x1024x1x64xf16> -> tensor<64x256xf32>
  return %a, %b : tensor<64x768xf32>, tensor<64x256xf32>
}

// A KV-cache decode step: one query against 64 slots with an additive mask.
// CHECK-LABEL: func.func @attention_with_mask
// CHECK: orion.attention %{{.+}}, %{{.+}}, %{{.+}} mask %{{.+}} heads = 4 kv_heads = 2 : tensor<1x256xf32>, tensor<64x128xf32>, tensor<64x128xf32>, tensor<1x64xf32>
func.func @attention_with_mask(%q: tensor<1x256xf32>, %k: tensor<64x128xf32>, %m: tensor<1x64xf32>) -> tensor<1x256xf32> {
  %0 = orion.attention %q, %k, %k mask %m heads = 4 kv_heads = 2 : tensor<1x256xf32>, tensor<64x128xf32>, tensor<64x128xf32>, tensor<1x64xf32>
  return %0 : tensor<1x256xf32>
}

// CHECK-LABEL: func.func @pack_surface
// CHECK: orion.pack_surface %{{.+}}, %{{.+}} : tensor<1x768xf32>, tensor<1x256xf32> -> tensor<1x1024x1x1xf16>
func.func @pack_surface(%x: tensor<1x768xf32>, %m: tensor<1x256xf32>) -> tensor<1x1024x1x1xf16> {
  %s = orion.pack_surface %x, %m : tensor<1x768xf32>, tensor<1x256xf32> -> tensor<1x1024x1x1xf16>
  return %s : tensor<1x1024x1x1xf16>
}

// CHECK-LABEL: func.func @one_hot
// CHECK-SAME: (%[[T:.+]]: tensor<2x3xi32>)
func.func @one_hot(%t: tensor<2x3xi32>) -> tensor<2x3x5xf16> {
  // CHECK: orion.one_hot %[[T]] depth = 5 : tensor<2x3xi32> -> tensor<2x3x5xf16>
  %0 = orion.one_hot %t depth = 5 : tensor<2x3xi32> -> tensor<2x3x5xf16>
  return %0 : tensor<2x3x5xf16>
}
