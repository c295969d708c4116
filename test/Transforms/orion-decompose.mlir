// RUN: orion-opt %s -split-input-file -verify-diagnostics -orion-decompose | FileCheck %s
// RUN: orion-opt %s -split-input-file -verify-diagnostics -orion-decompose='exact-gelu=sigmoid inverse-sqrt=rsqrt decompose-softmax max-positions=3' | FileCheck %s --check-prefix=OPT
// RUN: not orion-opt %s -split-input-file -orion-decompose=max-positions=0 2>&1 | FileCheck %s --check-prefix=BADOPT

// BADOPT: error: max-positions must be positive, got 0

// gelu (tanh form), in PyTorch's op order, with sqrt(2/pi) to full f32
// precision (mechramc/Orion's builder used 0.7979).

// CHECK-LABEL: func.func @gelu_tanh
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK-DAG: %[[HALF:.+]] = orion.constant dense<5.000000e-01> : tensor<f32>
// CHECK-DAG: %[[ONE:.+]] = orion.constant dense<1.000000e+00> : tensor<f32>
// CHECK-DAG: %[[C:.+]] = orion.constant dense<0.797884583> : tensor<f32>
// CHECK-DAG: %[[K:.+]] = orion.constant dense<4.471500e-02> : tensor<f32>
// CHECK: %[[X2:.+]] = orion.mul %[[X]], %[[X]] : tensor<4x8xf32>
// CHECK: %[[X3:.+]] = orion.mul %[[X2]], %[[X]] : tensor<4x8xf32>
// CHECK: %[[KX3:.+]] = orion.mul %[[X3]], %[[K]] : tensor<4x8xf32>, tensor<f32>
// CHECK: %[[IN:.+]] = orion.add %[[X]], %[[KX3]] : tensor<4x8xf32>
// CHECK: %[[S:.+]] = orion.mul %[[IN]], %[[C]] : tensor<4x8xf32>, tensor<f32>
// CHECK: %[[T:.+]] = orion.tanh %[[S]] : tensor<4x8xf32>
// CHECK: %[[P:.+]] = orion.add %[[T]], %[[ONE]] : tensor<4x8xf32>, tensor<f32>
// CHECK: %[[HX:.+]] = orion.mul %[[X]], %[[HALF]] : tensor<4x8xf32>, tensor<f32>
// CHECK: %[[Y:.+]] = orion.mul %[[HX]], %[[P]] : tensor<4x8xf32>
// CHECK: return %[[Y]]
// The tanh form is GPT-2's definition: exact-gelu does not change it.
// OPT-LABEL: func.func @gelu_tanh
// OPT: orion.tanh
// OPT-NOT: orion.sigmoid
func.func @gelu_tanh(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = orion.gelu %x approximate = tanh : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// Exact gelu: the tanh form by default (constants rounded once to f16),
// x * sigmoid(1.702 x) with exact-gelu=sigmoid.

// CHECK-LABEL: func.func @gelu_exact
// CHECK-DAG: orion.constant dense<7.978520e-01> : tensor<f16>
// CHECK-DAG: orion.constant dense<4.470830e-02> : tensor<f16>
// CHECK: orion.tanh
// CHECK-NOT: orion.gelu
// OPT-LABEL: func.func @gelu_exact
// OPT-SAME: (%[[X:.+]]: tensor<4x8xf16>)
// OPT: %[[K:.+]] = orion.constant dense<1.702150e+00> : tensor<f16>
// OPT: %[[S:.+]] = orion.mul %[[X]], %[[K]] : tensor<4x8xf16>, tensor<f16>
// OPT: %[[G:.+]] = orion.sigmoid %[[S]] : tensor<4x8xf16>
// OPT: %[[Y:.+]] = orion.mul %[[X]], %[[G]] : tensor<4x8xf16>
// OPT: return %[[Y]]
func.func @gelu_exact(%x: tensor<4x8xf16>) -> tensor<4x8xf16> {
  %y = orion.gelu %x : tensor<4x8xf16>
  return %y : tensor<4x8xf16>
}

// -----

// CHECK-LABEL: func.func @silu
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xbf16>)
// CHECK: %[[S:.+]] = orion.sigmoid %[[X]] : tensor<4x8xbf16>
// CHECK: %[[Y:.+]] = orion.mul %[[X]], %[[S]] : tensor<4x8xbf16>
// CHECK: return %[[Y]]
func.func @silu(%x: tensor<4x8xbf16>) -> tensor<4x8xbf16> {
  %y = orion.silu %x : tensor<4x8xbf16>
  return %y : tensor<4x8xbf16>
}

// -----

// layer_norm: mean, centre, biased variance, (var + eps)^-0.5, scale, bias.

// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x8xf32>, %[[G:.+]]: tensor<8xf32>, %[[B:.+]]: tensor<8xf32>)
// CHECK-DAG: %[[NH:.+]] = orion.constant dense<-5.000000e-01> : tensor<f32>
// CHECK-DAG: %[[EPS:.+]] = orion.constant dense<9.99999974E-6> : tensor<f32>
// CHECK: %[[M:.+]] = orion.reduce_mean %[[X]] [2] keep_dims : tensor<2x3x8xf32>
// CHECK: %[[C:.+]] = orion.sub %[[X]], %[[M]] : tensor<2x3x8xf32>, tensor<2x3x1xf32>
// CHECK: %[[SQ:.+]] = orion.mul %[[C]], %[[C]] : tensor<2x3x8xf32>
// CHECK: %[[V:.+]] = orion.reduce_mean %[[SQ]] [2] keep_dims : tensor<2x3x8xf32>
// CHECK: %[[VE:.+]] = orion.add %[[V]], %[[EPS]] : tensor<2x3x1xf32>, tensor<f32>
// CHECK: %[[R:.+]] = orion.pow %[[VE]], %[[NH]] : tensor<2x3x1xf32>, tensor<f32>
// CHECK: %[[N:.+]] = orion.mul %[[C]], %[[R]] : tensor<2x3x8xf32>, tensor<2x3x1xf32>
// CHECK: %[[S:.+]] = orion.mul %[[N]], %[[G]] : tensor<2x3x8xf32>, tensor<8xf32>
// CHECK: %[[Y:.+]] = orion.add %[[S]], %[[B]] : tensor<2x3x8xf32>, tensor<8xf32>
// CHECK: return %[[Y]]
// OPT-LABEL: func.func @layer_norm
// OPT-DAG: %[[EPS:.+]] = orion.constant dense<9.99999974E-6> : tensor<f32>
// OPT: %[[VE:.+]] = orion.add %{{.+}}, %[[EPS]] : tensor<2x3x1xf32>, tensor<f32>
// OPT: orion.rsqrt %[[VE]] : tensor<2x3x1xf32>
// OPT-NOT: orion.pow
func.func @layer_norm(%x: tensor<2x3x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<2x3x8xf32> {
  %y = orion.layer_norm %x, %g, %b : tensor<2x3x8xf32>, tensor<8xf32>, tensor<8xf32>
  return %y : tensor<2x3x8xf32>
}

// -----

// Without a bias there is no final add; eps comes from the attribute.

// CHECK-LABEL: func.func @layer_norm_no_bias
// CHECK: orion.constant dense<1.000000e-03> : tensor<f32>
// CHECK: %[[Y:.+]] = orion.mul %{{.+}}, %{{.+}} : tensor<3x8xf32>, tensor<8xf32>
// CHECK-NEXT: return %[[Y]]
func.func @layer_norm_no_bias(%x: tensor<3x8xf32>, %g: tensor<8xf32>) -> tensor<3x8xf32> {
  %y = orion.layer_norm %x, %g eps = 1.0e-03 : tensor<3x8xf32>, tensor<8xf32>
  return %y : tensor<3x8xf32>
}

// -----

// rms_norm: x * (mean(x^2) + eps)^-0.5 * w.

// CHECK-LABEL: func.func @rms_norm
// CHECK-SAME: (%[[X:.+]]: tensor<3x8xf16>, %[[W:.+]]: tensor<8xf16>)
// CHECK-DAG: %[[NH:.+]] = orion.constant dense<-5.000000e-01> : tensor<f16>
// CHECK-DAG: %[[EPS:.+]] = orion.constant dense<1.001360e-05> : tensor<f16>
// CHECK: %[[SQ:.+]] = orion.mul %[[X]], %[[X]] : tensor<3x8xf16>
// CHECK: %[[MS:.+]] = orion.reduce_mean %[[SQ]] [1] keep_dims : tensor<3x8xf16>
// CHECK: %[[MSE:.+]] = orion.add %[[MS]], %[[EPS]] : tensor<3x1xf16>, tensor<f16>
// CHECK: %[[R:.+]] = orion.pow %[[MSE]], %[[NH]] : tensor<3x1xf16>, tensor<f16>
// CHECK: %[[XR:.+]] = orion.mul %[[X]], %[[R]] : tensor<3x8xf16>, tensor<3x1xf16>
// CHECK: %[[Y:.+]] = orion.mul %[[XR]], %[[W]] : tensor<3x8xf16>, tensor<8xf16>
// CHECK: return %[[Y]]
// OPT-LABEL: func.func @rms_norm
// OPT: orion.rsqrt %{{.+}} : tensor<3x1xf16>
func.func @rms_norm(%x: tensor<3x8xf16>, %w: tensor<8xf16>) -> tensor<3x8xf16> {
  %y = orion.rms_norm %x, %w : tensor<3x8xf16>, tensor<8xf16>
  return %y : tensor<3x8xf16>
}

// -----

// softmax is an ANE primitive and stays unless decompose-softmax is set.

// CHECK-LABEL: func.func @softmax
// CHECK: %[[Y:.+]] = orion.softmax %{{.+}} axis = 0 : tensor<5x7xf32>
// CHECK-NEXT: return %[[Y]]
// OPT-LABEL: func.func @softmax
// OPT-SAME: (%[[X:.+]]: tensor<5x7xf32>)
// OPT: %[[M:.+]] = orion.reduce_max %[[X]] [0] keep_dims : tensor<5x7xf32>
// OPT: %[[S:.+]] = orion.sub %[[X]], %[[M]] : tensor<5x7xf32>, tensor<1x7xf32>
// OPT: %[[E:.+]] = orion.exp %[[S]] : tensor<5x7xf32>
// OPT: %[[Z:.+]] = orion.reduce_sum %[[E]] [0] keep_dims : tensor<5x7xf32>
// OPT: %[[Y:.+]] = orion.div %[[E]], %[[Z]] : tensor<5x7xf32>, tensor<1x7xf32>
// OPT: return %[[Y]]
func.func @softmax(%x: tensor<5x7xf32>) -> tensor<5x7xf32> {
  %y = orion.softmax %x axis = 0 : tensor<5x7xf32>
  return %y : tensor<5x7xf32>
}

// -----

// log_softmax (no MIL op): (x - max) - log(sum(exp(x - max))).

// CHECK-LABEL: func.func @log_softmax
// CHECK-SAME: (%[[X:.+]]: tensor<5x7xf32>)
// CHECK: %[[M:.+]] = orion.reduce_max %[[X]] [1] keep_dims : tensor<5x7xf32>
// CHECK: %[[S:.+]] = orion.sub %[[X]], %[[M]] : tensor<5x7xf32>, tensor<5x1xf32>
// CHECK: %[[E:.+]] = orion.exp %[[S]] : tensor<5x7xf32>
// CHECK: %[[Z:.+]] = orion.reduce_sum %[[E]] [1] keep_dims : tensor<5x7xf32>
// CHECK: %[[L:.+]] = orion.log %[[Z]] : tensor<5x1xf32>
// CHECK: %[[Y:.+]] = orion.sub %[[S]], %[[L]] : tensor<5x7xf32>, tensor<5x1xf32>
// CHECK: return %[[Y]]
func.func @log_softmax(%x: tensor<5x7xf32>) -> tensor<5x7xf32> {
  %y = orion.log_softmax %x : tensor<5x7xf32>
  return %y : tensor<5x7xf32>
}

// -----

// Causal multi-head attention, 2 heads of 2, 3 positions. The mask is an
// additive constant: 0 on and below the diagonal, -1e4 above it.

// CHECK-LABEL: func.func @attention_causal
// CHECK-SAME: (%[[Q:.+]]: tensor<3x4xf32>, %[[K:.+]]: tensor<3x4xf32>, %[[V:.+]]: tensor<3x4xf32>)
// CHECK-DAG: %[[MASK:.+]] = orion.constant dense<{{\[}}[0.000000e+00, -1.000000e+04, -1.000000e+04], [0.000000e+00, 0.000000e+00, -1.000000e+04], [0.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<3x3xf32>
// CHECK-DAG: %[[SCALE:.+]] = orion.constant dense<0.707106769> : tensor<f32>
// CHECK: %[[QR:.+]] = orion.reshape %[[Q]] : tensor<3x4xf32> -> tensor<3x2x2xf32>
// CHECK: %[[QH:.+]] = orion.transpose %[[QR]] [1, 0, 2] : tensor<3x2x2xf32>
// CHECK: %[[KR:.+]] = orion.reshape %[[K]] : tensor<3x4xf32> -> tensor<3x2x2xf32>
// CHECK: %[[KH:.+]] = orion.transpose %[[KR]] [1, 0, 2] : tensor<3x2x2xf32>
// CHECK: %[[VR:.+]] = orion.reshape %[[V]] : tensor<3x4xf32> -> tensor<3x2x2xf32>
// CHECK: %[[VH:.+]] = orion.transpose %[[VR]] [1, 0, 2] : tensor<3x2x2xf32>
// CHECK: %[[S:.+]] = orion.matmul %[[QH]], %[[KH]] transpose_rhs : tensor<2x3x2xf32>, tensor<2x3x2xf32>
// CHECK: %[[SS:.+]] = orion.mul %[[S]], %[[SCALE]] : tensor<2x3x3xf32>, tensor<f32>
// CHECK: %[[SM:.+]] = orion.add %[[SS]], %[[MASK]] : tensor<2x3x3xf32>, tensor<3x3xf32>
// CHECK: %[[P:.+]] = orion.softmax %[[SM]] : tensor<2x3x3xf32>
// CHECK: %[[C:.+]] = orion.matmul %[[P]], %[[VH]] : tensor<2x3x3xf32>, tensor<2x3x2xf32>
// CHECK: %[[CT:.+]] = orion.transpose %[[C]] [1, 0, 2] : tensor<2x3x2xf32>
// CHECK: %[[O:.+]] = orion.reshape %[[CT]] : tensor<3x2x2xf32> -> tensor<3x4xf32>
// CHECK: return %[[O]]
// OPT-LABEL: func.func @attention_causal
// OPT-NOT: orion.softmax
// OPT: orion.reduce_max
// OPT: orion.exp
func.func @attention_causal(%q: tensor<3x4xf32>, %k: tensor<3x4xf32>, %v: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %o = orion.attention %q, %k, %v heads = 2 kv_heads = 2 causal : tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>
  return %o : tensor<3x4xf32>
}

// -----

// Without causal there is no mask.

// CHECK-LABEL: func.func @attention_full
// CHECK-NOT: orion.add
// CHECK: orion.softmax
// CHECK-NOT: orion.attention
func.func @attention_full(%q: tensor<3x4xf32>, %k: tensor<6x4xf32>, %v: tensor<6x4xf32>) -> tensor<3x4xf32> {
  %o = orion.attention %q, %k, %v heads = 2 kv_heads = 2 : tensor<3x4xf32>, tensor<6x4xf32>, tensor<6x4xf32>
  return %o : tensor<3x4xf32>
}

// -----

// A decode step's mask operand is added to the scaled scores of every head
// ([1, 5] broadcasts over [2, 1, 5]); no causal mask for one query.

// CHECK-LABEL: func.func @attention_cache_mask
// CHECK-SAME: %[[MASK:[^:]+]]: tensor<1x5xf32>
// CHECK: %[[S:.+]] = orion.matmul
// CHECK: %[[SS:.+]] = orion.mul %[[S]]
// CHECK-NEXT: %[[SM:.+]] = orion.add %[[SS]], %[[MASK]] : tensor<2x1x5xf32>, tensor<1x5xf32>
// CHECK-NEXT: orion.softmax %[[SM]]
func.func @attention_cache_mask(%q: tensor<1x4xf32>, %k: tensor<5x4xf32>, %v: tensor<5x4xf32>, %mask: tensor<1x5xf32>) -> tensor<1x4xf32> {
  %o = orion.attention %q, %k, %v mask %mask heads = 2 kv_heads = 2 : tensor<1x4xf32>, tensor<5x4xf32>, tensor<5x4xf32>, tensor<1x5xf32>
  return %o : tensor<1x4xf32>
}

// -----

// GQA with a batch dimension: 4 query heads share 2 kv heads. Each group of
// 2 query heads folds into the rows ([2, 2, 2*3, D]) so one matmul uses the
// unrepeated key. Queries are the last 3 of 5 keys: query i sees j <= i + 2.

// CHECK-LABEL: func.func @attention_gqa
// CHECK-SAME: (%[[Q:.+]]: tensor<2x3x8xf32>, %[[K:.+]]: tensor<2x5x4xf32>, %[[V:.+]]: tensor<2x5x4xf32>)
// CHECK-DAG: %[[MASK:.+]] = orion.constant dense<{{\[}}[0.000000e+00, 0.000000e+00, 0.000000e+00, -1.000000e+04, -1.000000e+04], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, -1.000000e+04], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<3x5xf32>
// CHECK-DAG: %[[SCALE:.+]] = orion.constant dense<5.000000e-01> : tensor<f32>
// CHECK: %[[QR:.+]] = orion.reshape %[[Q]] : tensor<2x3x8xf32> -> tensor<2x3x4x2xf32>
// CHECK: %[[QH:.+]] = orion.transpose %[[QR]] [0, 2, 1, 3] : tensor<2x3x4x2xf32>
// CHECK: %[[KR:.+]] = orion.reshape %[[K]] : tensor<2x5x4xf32> -> tensor<2x5x2x2xf32>
// CHECK: %[[KH:.+]] = orion.transpose %[[KR]] [0, 2, 1, 3] : tensor<2x5x2x2xf32>
// CHECK: %[[VR:.+]] = orion.reshape %[[V]] : tensor<2x5x4xf32> -> tensor<2x5x2x2xf32>
// CHECK: %[[VH:.+]] = orion.transpose %[[VR]] [0, 2, 1, 3] : tensor<2x5x2x2xf32>
// CHECK: %[[QG:.+]] = orion.reshape %[[QH]] : tensor<2x4x3x2xf32> -> tensor<2x2x6x2xf32>
// CHECK: %[[SG:.+]] = orion.matmul %[[QG]], %[[KH]] transpose_rhs : tensor<2x2x6x2xf32>, tensor<2x2x5x2xf32>
// CHECK: %[[S:.+]] = orion.reshape %[[SG]] : tensor<2x2x6x5xf32> -> tensor<2x4x3x5xf32>
// CHECK: %[[SS:.+]] = orion.mul %[[S]], %[[SCALE]] : tensor<2x4x3x5xf32>, tensor<f32>
// CHECK: %[[SM:.+]] = orion.add %[[SS]], %[[MASK]] : tensor<2x4x3x5xf32>, tensor<3x5xf32>
// CHECK: %[[P:.+]] = orion.softmax %[[SM]] : tensor<2x4x3x5xf32>
// CHECK: %[[PG:.+]] = orion.reshape %[[P]] : tensor<2x4x3x5xf32> -> tensor<2x2x6x5xf32>
// CHECK: %[[CG:.+]] = orion.matmul %[[PG]], %[[VH]] : tensor<2x2x6x5xf32>, tensor<2x2x5x2xf32>
// CHECK: %[[C:.+]] = orion.reshape %[[CG]] : tensor<2x2x6x2xf32> -> tensor<2x4x3x2xf32>
// CHECK: %[[CT:.+]] = orion.transpose %[[C]] [0, 2, 1, 3] : tensor<2x4x3x2xf32>
// CHECK: %[[O:.+]] = orion.reshape %[[CT]] : tensor<2x3x4x2xf32> -> tensor<2x3x8xf32>
// CHECK: return %[[O]]
func.func @attention_gqa(%q: tensor<2x3x8xf32>, %k: tensor<2x5x4xf32>, %v: tensor<2x5x4xf32>) -> tensor<2x3x8xf32> {
  %o = orion.attention %q, %k, %v heads = 4 kv_heads = 2 causal scale = 0.5 : tensor<2x3x8xf32>, tensor<2x5x4xf32>, tensor<2x5x4xf32>
  return %o : tensor<2x3x8xf32>
}

// -----

// A decode step: one query aligned to the end of the keys sees them all, so
// a causal mask would be all zeros and is left out.

// CHECK-LABEL: func.func @attention_decode
// CHECK-NOT: orion.add
// CHECK: orion.softmax %{{.+}} : tensor<2x1x9xf16>
// CHECK-NOT: orion.add
// CHECK: return
func.func @attention_decode(%q: tensor<1x8xf16>, %k: tensor<9x8xf16>, %v: tensor<9x8xf16>) -> tensor<1x8xf16> {
  %o = orion.attention %q, %k, %v heads = 2 kv_heads = 2 causal : tensor<1x8xf16>, tensor<9x8xf16>, tensor<9x8xf16>
  return %o : tensor<1x8xf16>
}

// -----

// rope, interleaved pairs (2i, 2i+1), head_dim 4, 2 heads, theta 1e4:
// frequencies 1 and 0.01. rot(x) = [-x1, x0, -x3, x2] is a linear with a
// signed permutation; the tables are [S, 1, D] for positions 0 and 1.

// CHECK-LABEL: func.func @rope_interleaved
// CHECK-SAME: (%[[X:.+]]: tensor<2x8xf32>)
// CHECK-DAG: %[[SIN:.+]] = orion.constant dense<{{\[}}{{\[}}[0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]], {{\[}}[0.841470957, 0.841470957, 0.00999983306, 0.00999983306]]]> : tensor<2x1x4xf32>
// CHECK-DAG: %[[COS:.+]] = orion.constant dense<{{\[}}{{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00]], {{\[}}[0.540302277, 0.540302277, 0.999949991, 0.999949991]]]> : tensor<2x1x4xf32>
// CHECK-DAG: %[[ROT:.+]] = orion.constant dense<{{\[}}[0.000000e+00, -1.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, -1.000000e+00], [0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00]]> : tensor<4x4xf32>
// CHECK: %[[XH:.+]] = orion.reshape %[[X]] : tensor<2x8xf32> -> tensor<2x2x4xf32>
// CHECK: %[[XR:.+]] = orion.linear %[[XH]], %[[ROT]] : tensor<2x2x4xf32>, tensor<4x4xf32>
// CHECK: %[[A:.+]] = orion.mul %[[XH]], %[[COS]] : tensor<2x2x4xf32>, tensor<2x1x4xf32>
// CHECK: %[[B:.+]] = orion.mul %[[XR]], %[[SIN]] : tensor<2x2x4xf32>, tensor<2x1x4xf32>
// CHECK: %[[S:.+]] = orion.add %[[A]], %[[B]] : tensor<2x2x4xf32>
// CHECK: %[[Y:.+]] = orion.reshape %[[S]] : tensor<2x2x4xf32> -> tensor<2x8xf32>
// CHECK: return %[[Y]]
func.func @rope_interleaved(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %y = orion.rope %x head_dim = 4 : tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// rope, half pairs (i, i + D/2) as Hugging Face's rotate_half, theta 100:
// frequencies 1 and 0.1 repeat across the halves; rot(x) = [-x2, -x3, x0, x1].

// CHECK-LABEL: func.func @rope_half
// CHECK-DAG: orion.constant dense<{{\[}}{{\[}}[0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]], {{\[}}[0.841470957, 0.0998334139, 0.841470957, 0.0998334139]]]> : tensor<2x1x4xf32>
// CHECK-DAG: orion.constant dense<{{\[}}{{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00]], {{\[}}[0.540302277, 0.995004177, 0.540302277, 0.995004177]]]> : tensor<2x1x4xf32>
// CHECK-DAG: orion.constant dense<{{\[}}[0.000000e+00, 0.000000e+00, -1.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, -1.000000e+00], [1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<4x4xf32>
// CHECK: orion.linear
// CHECK-NOT: orion.rope
func.func @rope_half(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %y = orion.rope %x head_dim = 4 theta = 100.0 style = half : tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// With a positions operand the tables are [max-positions, D] and gathered
// (max-positions = 2048 by default, 3 in the OPT run).

// CHECK-LABEL: func.func @rope_positions
// CHECK-SAME: (%[[X:.+]]: tensor<1x4xf32>, %[[POS:.+]]: tensor<1xi32>)
// CHECK-DAG: %[[SIN:.+]] = orion.constant dense<{{.+}}> : tensor<2048x4xf32>
// CHECK-DAG: %[[COS:.+]] = orion.constant dense<{{.+}}> : tensor<2048x4xf32>
// CHECK: %[[C:.+]] = orion.embedding %[[COS]][%[[POS]]] : tensor<2048x4xf32>, tensor<1xi32>
// CHECK: %[[CR:.+]] = orion.reshape %[[C]] : tensor<1x4xf32> -> tensor<1x1x4xf32>
// CHECK: %[[S:.+]] = orion.embedding %[[SIN]][%[[POS]]] : tensor<2048x4xf32>, tensor<1xi32>
// CHECK: %[[SR:.+]] = orion.reshape %[[S]] : tensor<1x4xf32> -> tensor<1x1x4xf32>
// OPT-LABEL: func.func @rope_positions
// OPT-DAG: orion.constant dense<{{\[}}[0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [0.841470957, 0.841470957, 0.00999983306, 0.00999983306], [0.909297406, 0.909297406, 0.0199986659, 0.0199986659]]> : tensor<3x4xf32>
// OPT-DAG: orion.constant dense<{{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00], [0.540302277, 0.540302277, 0.999949991, 0.999949991], [-0.416146845, -0.416146845, 9.998000e-01, 9.998000e-01]]> : tensor<3x4xf32>
// OPT: orion.embedding %{{.+}}[%{{.+}}] : tensor<3x4xf32>, tensor<1xi32>
func.func @rope_positions(%x: tensor<1x4xf32>, %pos: tensor<1xi32>) -> tensor<1x4xf32> {
  %y = orion.rope %x, %pos head_dim = 4 : tensor<1x4xf32>, tensor<1xi32>
  return %y : tensor<1x4xf32>
}

// -----

// cross_entropy stays: its gather has no static primitive form and the
// partitioner runs the loss on the CPU. Primitive ops are left alone.

// CHECK-LABEL: func.func @untouched
// CHECK: %[[E:.+]] = orion.exp
// CHECK: %[[L:.+]] = orion.linear %[[E]]
// CHECK: orion.cross_entropy %[[L]], %{{.+}} : tensor<4x16xf32>, tensor<4xi32>
func.func @untouched(%x: tensor<4x8xf32>, %w: tensor<16x8xf32>, %t: tensor<4xi32>) -> tensor<f32> {
  %e = orion.exp %x : tensor<4x8xf32>
  %l = orion.linear %e, %w : tensor<4x8xf32>, tensor<16x8xf32>
  %loss = orion.cross_entropy %l, %t : tensor<4x16xf32>, tensor<4xi32>
  return %loss : tensor<f32>
}

// -----

// Attention must be reshaped into heads, which needs static shapes.

func.func @dynamic_attention(%q: tensor<?x4xf32>, %k: tensor<?x4xf32>, %v: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{cannot decompose: operands need static shapes}}
  %o = orion.attention %q, %k, %v heads = 2 kv_heads = 2 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>
  return %o : tensor<?x4xf32>
}

// -----

// Norms reduce and broadcast, which dynamic shapes allow.

// CHECK-LABEL: func.func @dynamic_rms_norm
// CHECK: orion.reduce_mean %{{.+}} [1] keep_dims : tensor<?x8xf32>
// CHECK-NOT: orion.rms_norm
func.func @dynamic_rms_norm(%x: tensor<?x8xf32>, %w: tensor<8xf32>) -> tensor<?x8xf32> {
  %y = orion.rms_norm %x, %w : tensor<?x8xf32>, tensor<8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// A decode step's channel-major cache with its rank-one update (the new key
// or value times the one-hot slot) is folded into attention instead of
// being materialised: q.(K + k s) = q.K + (q.k) s, p.(V + v s)^T =
// p.V^T + (p.s) v. The [C, T] sums disappear.

// CHECK-LABEL: func.func @attention_cache_update
// CHECK-SAME: (%[[Q:[^:]+]]: tensor<1x4xf32>, %[[KC:[^:]+]]: tensor<4x6xf32>, %[[VC:[^:]+]]: tensor<4x6xf32>, %[[K:[^:]+]]: tensor<4x1xf32>, %[[V:[^:]+]]: tensor<4x1xf32>, %[[SLOT:[^:]+]]: tensor<1x6xf32>, %[[MASK:[^:]+]]: tensor<1x6xf32>)
// CHECK-NOT: tensor<4x6xf32>, tensor<4x6xf32>
// CHECK-DAG: %[[KH:.+]] = orion.reshape %[[KC]] : tensor<4x6xf32> -> tensor<2x2x6xf32>
// CHECK-DAG: %[[KN:.+]] = orion.reshape %[[K]] : tensor<4x1xf32> -> tensor<2x2x1xf32>
// CHECK-DAG: %[[SC:.+]] = orion.matmul %{{.+}}, %[[KH]] : tensor<2x1x2xf32>, tensor<2x2x6xf32>
// CHECK-DAG: %[[SN:.+]] = orion.matmul %{{.+}}, %[[KN]] : tensor<2x1x2xf32>, tensor<2x2x1xf32>
// CHECK: %[[SS:.+]] = orion.mul %[[SN]], %[[SLOT]] : tensor<2x1x1xf32>, tensor<1x6xf32>
// CHECK: orion.add %[[SC]], %[[SS]] : tensor<2x1x6xf32>
// CHECK: %[[P:.+]] = orion.softmax
// CHECK-DAG: %[[CC:.+]] = orion.matmul %[[P]], %{{.+}} transpose_rhs : tensor<2x1x6xf32>, tensor<2x2x6xf32>
// CHECK-DAG: %[[PS:.+]] = orion.mul %[[P]], %[[SLOT]] : tensor<2x1x6xf32>, tensor<1x6xf32>
// CHECK-DAG: %[[W:.+]] = orion.reduce_sum %[[PS]] [-1] keep_dims
// CHECK-DAG: %[[VR:.+]] = orion.reshape %[[V]] : tensor<4x1xf32> -> tensor<2x1x2xf32>
// CHECK: %[[VW:.+]] = orion.mul %[[W]], %[[VR]]
// CHECK: orion.add %[[CC]], %[[VW]] : tensor<2x1x2xf32>
func.func @attention_cache_update(%q: tensor<1x4xf32>, %kc: tensor<4x6xf32>, %vc: tensor<4x6xf32>, %k: tensor<4x1xf32>, %v: tensor<4x1xf32>, %slot: tensor<1x6xf32>, %mask: tensor<1x6xf32>) -> tensor<1x4xf32> {
  %ks = orion.mul %k, %slot : tensor<4x1xf32>, tensor<1x6xf32>
  %ka = orion.add %kc, %ks : tensor<4x6xf32>
  %vs = orion.mul %v, %slot : tensor<4x1xf32>, tensor<1x6xf32>
  %va = orion.add %vc, %vs : tensor<4x6xf32>
  %o = orion.attention %q, %ka, %va mask %mask heads = 2 kv_heads = 2 transposed_kv : tensor<1x4xf32>, tensor<4x6xf32>, tensor<4x6xf32>, tensor<1x6xf32>
  return %o : tensor<1x4xf32>
}
