// RUN: orion-opt %s -split-input-file -orion-autodiff | FileCheck %s
// RUN: orion-opt %s -split-input-file -orion-autodiff --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s --check-prefix=LOC
// RUN: orion-opt %s -split-input-file -orion-autodiff=recompute=pointwise | FileCheck %s --check-prefix=RECOMPUTE
// RUN: orion-opt %s -split-input-file -orion-autodiff=loss-scale-input | FileCheck %s --check-prefix=SCALE

// A linear layer with bias under a loss. Each parameter gets one result with
// its own shape; cross_entropy's gradient is (softmax - one_hot) / N, the
// weight's is dy^T x in its [out, in] layout and the bias's is the sum of dy
// over positions.

// CHECK-LABEL: func.func @mlp
// CHECK-SAME: -> (tensor<f32>, tensor<16x8xf32> {orion.gradient_of = "w", orion.name = "grad.w"}, tensor<16xf32> {orion.gradient_of = "b", orion.name = "grad.b"})
// CHECK: %[[Y:.+]] = orion.linear %[[X:arg0]]
// CHECK: %[[S:.+]] = orion.sigmoid %[[Y]]
// CHECK: %[[LOSS:.+]] = orion.cross_entropy %[[S]], %[[T:arg1]]
// CHECK: %[[SEED:.+]] = orion.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[P:.+]] = orion.softmax %[[S]]
// CHECK: %[[H:.+]] = orion.one_hot %[[T]] depth = 16 : tensor<4xi32> -> tensor<4x16xf32>
// CHECK: %[[INVN:.+]] = orion.constant dense<2.500000e-01>
// CHECK: %[[PERPOS:.+]] = orion.mul %[[SEED]], %[[INVN]]
// CHECK: %[[DIFF:.+]] = orion.sub %[[P]], %[[H]]
// CHECK: %[[DS:.+]] = orion.mul %[[DIFF]], %[[PERPOS]]
// sigmoid': y (1 - y)
// CHECK: %[[ONE:.+]] = orion.constant dense<1.000000e+00>
// CHECK: %[[OMY:.+]] = orion.sub %[[ONE]], %[[S]]
// CHECK: %[[DSIG:.+]] = orion.mul %[[S]], %[[OMY]]
// CHECK: %[[DY:.+]] = orion.mul %[[DS]], %[[DSIG]]
// CHECK: %[[DW:.+]] = orion.matmul %[[DY]], %[[X]] transpose_lhs : tensor<4x16xf32>, tensor<4x8xf32>
// CHECK: %[[DB:.+]] = orion.reduce_sum %[[DY]] [0] : tensor<4x16xf32>
// CHECK: return %[[LOSS]], %[[DW]], %[[DB]]

// The backward ops of stage `layer0.mlp` are in stage `layer0_grad.mlp`.
// LOC-LABEL: func.func @mlp
// LOC: orion.one_hot {{.*}} loc("loss_grad"("loss"))
// LOC: orion.matmul {{.*}} transpose_lhs {{.*}} loc("layer0_grad.mlp"("layer0.mlp"))
func.func @mlp(%x: tensor<4x8xf32>, %t: tensor<4xi32>) -> tensor<f32> {
  %w = orion.param "w" : tensor<16x8xf32> loc("layer0.mlp")
  %b = orion.param "b" : tensor<16xf32> loc("layer0.mlp")
  %y = orion.linear %x, %w, %b : tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32> loc("layer0.mlp")
  %s = orion.sigmoid %y : tensor<4x16xf32> loc("layer0.mlp")
  %l = orion.cross_entropy %s, %t : tensor<4x16xf32>, tensor<4xi32> loc("loss")
  return %l : tensor<f32>
}

// -----

// A tied embedding and classifier: one summed gradient for the name, the
// embedding's part a scatter-add of d(rows) by id (no one_hot GEMM over the
// vocabulary), the classifier input's part a linear with the transposed
// weight. An unused parameter gets no gradient; other results are kept.

// CHECK-LABEL: func.func @tied
// CHECK-SAME: -> (tensor<f32>, tensor<4x10xf32>, tensor<10x8xf32> {orion.gradient_of = "emb", orion.name = "grad.emb"})
// CHECK: %[[E:.+]] = orion.param "emb"
// CHECK: %[[X:.+]] = orion.embedding %[[E]][%[[IDS:arg0]]]
// CHECK: %[[E2:.+]] = orion.param "emb"
// CHECK: %[[LOGITS:.+]] = orion.linear %[[X]], %[[E2]]
// CHECK: %[[DL:.+]] = orion.mul %{{.+}}, %{{.+}} : tensor<4x10xf32>, tensor<f32>
// CHECK: %[[ET:.+]] = orion.transpose %[[E2]] [1, 0] : tensor<10x8xf32>
// CHECK: %[[DX:.+]] = orion.linear %[[DL]], %[[ET]] : tensor<4x10xf32>, tensor<8x10xf32>
// CHECK: %[[DCLS:.+]] = orion.matmul %[[DL]], %[[X]] transpose_lhs
// CHECK-NOT: orion.one_hot
// CHECK: %[[DEMB:.+]] = orion.embedding_grad %[[DX]][%[[IDS]]] rows = 10 : tensor<4x8xf32>, tensor<4xi32> -> tensor<10x8xf32>
// CHECK: %[[SUM:.+]] = orion.add %[[DEMB]], %[[DCLS]] : tensor<10x8xf32>
// CHECK: return %{{.+}}, %[[LOGITS]], %[[SUM]]
func.func @tied(%ids: tensor<4xi32>, %t: tensor<4xi32>) -> (tensor<f32>, tensor<4x10xf32>) {
  %e = orion.param "emb" : tensor<10x8xf32>
  %x = orion.embedding %e[%ids] : tensor<10x8xf32>, tensor<4xi32>
  %e2 = orion.param "emb" : tensor<10x8xf32>
  %logits = orion.linear %x, %e2 : tensor<4x8xf32>, tensor<10x8xf32>
  %unused = orion.param "unused" : tensor<10x8xf32>
  %l = orion.cross_entropy %logits, %t : tensor<4x10xf32>, tensor<4xi32>
  return %l, %logits : tensor<f32>, tensor<4x10xf32>
}

// -----

// Broadcasting: the [4, 1] mean's gradient is summed over the stretched
// axis, the [8] scale's over rows (then reshaped to its rank). A negative
// constant exponent differentiates as ((d e) y) / x, never forming the
// x^(e - 1) that overflows fp16 for a small variance; others as
// d e x^(e - 1).

// CHECK-LABEL: func.func @norm
// CHECK-SAME: -> (tensor<f32>, tensor<8xf32> {orion.gradient_of = "g", orion.name = "grad.g"})
// CHECK: %[[C:.+]] = orion.sub %arg0, %{{.+}} : tensor<4x8xf32>, tensor<4x1xf32>
// CHECK: %[[P:.+]] = orion.mul %[[C]], %[[G:.+]] : tensor<4x8xf32>, tensor<8xf32>
// CHECK: %[[E:.+]] = orion.constant dense<-5.000000e-01>
// CHECK: %[[Y:.+]] = orion.pow %[[P]], %[[E]]
// CHECK: %[[D:.+]] = orion.reshape %{{.+}} : tensor<f32> -> tensor<1x1xf32>
// CHECK: %[[DE:.+]] = orion.mul %[[D]], %[[E]] : tensor<1x1xf32>, tensor<f32>
// CHECK: %[[DEY:.+]] = orion.mul %[[DE]], %[[Y]] : tensor<1x1xf32>, tensor<4x8xf32>
// CHECK: %[[DP:.+]] = orion.div %[[DEY]], %[[P]] : tensor<4x8xf32>
// CHECK: %[[DG:.+]] = orion.mul %[[DP]], %[[C]]
// CHECK: %[[SUMG:.+]] = orion.reduce_sum %[[DG]] [0] keep_dims : tensor<4x8xf32>
// CHECK: %[[GRAD:.+]] = orion.reshape %[[SUMG]] : tensor<1x8xf32> -> tensor<8xf32>
// CHECK: return %{{.+}}, %[[GRAD]]
func.func @norm(%x: tensor<4x8xf32>) -> tensor<f32> {
  %g = orion.param "g" : tensor<8xf32>
  %m = orion.reduce_mean %x [1] keep_dims : tensor<4x8xf32>
  %c = orion.sub %x, %m : tensor<4x8xf32>, tensor<4x1xf32>
  %p = orion.mul %c, %g : tensor<4x8xf32>, tensor<8xf32>
  %half = orion.constant dense<-5.000000e-01> : tensor<f32>
  %q = orion.pow %p, %half : tensor<4x8xf32>, tensor<f32>
  %l = orion.reduce_sum %q [0, 1] : tensor<4x8xf32>
  return %l : tensor<f32>
}

// -----

// CHECK-LABEL: func.func @cube
// CHECK: %[[E:.+]] = orion.constant dense<3.000000e+00>
// CHECK: %[[DE:.+]] = orion.mul %{{.+}}, %[[E]]
// CHECK: %[[EM1:.+]] = orion.sub %[[E]], %{{.+}} : tensor<f32>
// CHECK: %[[X2:.+]] = orion.pow %{{.+}}, %[[EM1]]
// CHECK: orion.mul %[[DE]], %[[X2]]
func.func @cube(%x: tensor<4xf32>) -> tensor<f32> {
  %w = orion.param "w" : tensor<4xf32>
  %p = orion.mul %x, %w : tensor<4xf32>
  %three = orion.constant dense<3.000000e+00> : tensor<f32>
  %q = orion.pow %p, %three : tensor<4xf32>, tensor<f32>
  %l = orion.reduce_sum %q [0] : tensor<4xf32>
  return %l : tensor<f32>
}

// -----

// softmax' = y * (d - sum(d * y)); a batched matmul against a shared
// [4, 8] operand sums its gradient over the batch.

// CHECK-LABEL: func.func @heads
// CHECK: %[[S:.+]] = orion.matmul %[[Q:arg0]], %[[K:.+]] transpose_rhs
// CHECK: %[[Y:.+]] = orion.softmax %[[S]]
// CHECK: %[[D:.+]] = orion.mul %{{.+}}, %{{.+}} : tensor<1x1x1xf32>, tensor<f32>
// CHECK: %[[DY:.+]] = orion.mul %[[D]], %[[Y]] : tensor<1x1x1xf32>, tensor<2x4x4xf32>
// CHECK: %[[DOT:.+]] = orion.reduce_sum %[[DY]] [-1] keep_dims
// CHECK: %[[DIFF:.+]] = orion.sub %[[D]], %[[DOT]] : tensor<1x1x1xf32>, tensor<2x4x1xf32>
// CHECK: %[[DS:.+]] = orion.mul %[[Y]], %[[DIFF]] : tensor<2x4x4xf32>, tensor<2x4x1xf32>
// CHECK: %[[DKB:.+]] = orion.matmul %[[DS]], %[[Q]] transpose_lhs : tensor<2x4x4xf32>, tensor<2x4x8xf32>
// CHECK: %[[DKS:.+]] = orion.reduce_sum %[[DKB]] [0] keep_dims : tensor<2x4x8xf32>
// CHECK: %[[DK:.+]] = orion.reshape %[[DKS]] : tensor<1x4x8xf32> -> tensor<4x8xf32>
// CHECK: return %{{.+}}, %[[DK]]
func.func @heads(%q: tensor<2x4x8xf32>) -> tensor<f32> {
  %k = orion.param "k" : tensor<4x8xf32>
  %s = orion.matmul %q, %k transpose_rhs : tensor<2x4x8xf32>, tensor<4x8xf32>
  %p = orion.softmax %s : tensor<2x4x4xf32>
  %l = orion.reduce_mean %p [0, 1, 2] : tensor<2x4x4xf32>
  return %l : tensor<f32>
}

// -----

// A split's gradient joins the pieces (zeros for the unused ones); a
// slice's places the slice into zeros.

// CHECK-LABEL: func.func @pieces
// CHECK: %[[SLICE:.+]] = orion.slice
// CHECK: %[[DA:.+]] = orion.mul %[[ONE:[0-9]+]], %[[SLICE]]
// CHECK: %[[DPS:.+]] = orion.mul %[[ONE]], %{{.+}}#0
// CHECK: %[[Z0:.+]] = orion.constant dense<0.000000e+00> : tensor<2x4xf32>
// CHECK: %[[Z1:.+]] = orion.constant dense<0.000000e+00> : tensor<4x4xf32>
// CHECK: %[[DP:.+]] = orion.concat(%[[Z0]], %[[DPS]], %[[Z1]]) axis = 0
// CHECK: %[[DY:.+]] = orion.concat(%[[DA]], %{{.+}}, %{{.+}}) axis = 1
// CHECK: %[[DW:.+]] = orion.matmul %[[DY]], %arg0 transpose_lhs
// CHECK: return %{{.+}}, %[[DW]], %[[DP]]
func.func @pieces(%x: tensor<4x8xf32>) -> tensor<f32> {
  %w = orion.param "w" : tensor<12x8xf32>
  %y = orion.linear %x, %w : tensor<4x8xf32>, tensor<12x8xf32>
  %a, %b, %c = orion.split %y axis = 1 sizes = [4, 4, 4] : tensor<4x12xf32>
  %p = orion.param "p" : tensor<10x4xf32>
  %ps = orion.slice %p [2, 0] to [6, 4] : tensor<10x4xf32>
  %m = orion.mul %a, %ps : tensor<4x4xf32>
  %l = orion.reduce_sum %m [0, 1] : tensor<4x4xf32>
  return %l : tensor<f32>
}

// -----

// Private functions (kernels) are left alone.

// CHECK-LABEL: func.func private @kernel
// CHECK-SAME: -> tensor<4x8xf32>
func.func private @kernel(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  return %x : tensor<4x8xf32>
}

// -----

// recompute=pointwise: sigmoid(x) is computed again in the backward pass
// (marked, so CSE keeps the copy) from the saved x, instead of being saved.

// RECOMPUTE-LABEL: func.func @silu_like
// RECOMPUTE: %[[H:.+]] = orion.linear
// RECOMPUTE: %[[S:.+]] = orion.sigmoid %[[H]] : tensor<4x8xf32>
// RECOMPUTE: %[[G:.+]] = orion.mul %[[H]], %[[S]]
// RECOMPUTE: orion.reduce_sum %[[G]]
// RECOMPUTE: %[[S2:.+]] = orion.sigmoid %[[H]] {orion.recomputed} : tensor<4x8xf32>
// RECOMPUTE-NOT: %[[S]]
// RECOMPUTE: return
func.func @silu_like(%x: tensor<4x8xf32>) -> tensor<f32> {
  %w = orion.param "w" : tensor<8x8xf32>
  %h = orion.linear %x, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %s = orion.sigmoid %h : tensor<4x8xf32>
  %g = orion.mul %h, %s : tensor<4x8xf32>
  %l = orion.reduce_sum %g [0, 1] : tensor<4x8xf32>
  return %l : tensor<f32>
}

// -----

// loss-scale-input: a last argument `loss_scale` seeds the backward pass,
// so every gradient comes out multiplied by it.

// SCALE-LABEL: func.func @scaled
// SCALE-SAME: (%[[X:.+]]: tensor<4xf32>, %[[SCALE:.+]]: tensor<f32> {orion.name = "loss_scale"})
// SCALE: %[[D:.+]] = orion.reshape %[[SCALE]] : tensor<f32> -> tensor<1xf32>
// SCALE: %[[DW:.+]] = orion.mul %[[D]], %[[X]]
// SCALE: return %{{.+}}, %[[DW]]
func.func @scaled(%x: tensor<4xf32>) -> tensor<f32> {
  %w = orion.param "w" : tensor<4xf32>
  %m = orion.mul %x, %w : tensor<4xf32>
  %l = orion.reduce_sum %m [0] : tensor<4xf32>
  return %l : tensor<f32>
}

// -----

// square' = 2 x.

// CHECK-LABEL: func.func @square
// CHECK: %[[W:.+]] = orion.param "w" : tensor<4xf32>
// CHECK: %[[SEED:.+]] = orion.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[TWO:.+]] = orion.constant dense<2.000000e+00> : tensor<f32>
// CHECK: %[[D2:.+]] = orion.mul %{{.+}}, %[[TWO]]
// CHECK: %[[DW:.+]] = orion.mul %[[D2]], %[[W]]
// CHECK: return %{{.+}}, %{{.+}} : tensor<f32>, tensor<4xf32>
func.func @square() -> tensor<f32> {
  %w = orion.param "w" : tensor<4xf32>
  %y = orion.square %w : tensor<4xf32>
  %l = orion.reduce_sum %y [0] : tensor<4xf32>
  return %l : tensor<f32>
}
