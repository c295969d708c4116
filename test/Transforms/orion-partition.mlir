// RUN: orion-opt %s -split-input-file -orion-partition 2>/dev/null | FileCheck %s
// RUN: orion-opt %s -split-input-file -orion-partition='granularity=block' 2>/dev/null | FileCheck %s --check-prefix=BLOCK
// RUN: orion-opt %s -split-input-file -orion-partition='granularity=model' 2>/dev/null | FileCheck %s --check-prefix=MODEL
// RUN: orion-opt %s -split-input-file -orion-partition 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK

// A small decomposed two-layer model with stage locations as the frontend
// writes them: an embedding (CPU, with a cheap position add that stays on
// the CPU), a layer whose MLP kept an undecomposed gelu (CPU, splitting the
// layer), a plain layer, a final norm, logits wider than 65,536 channels
// (CPU) and a loss (CPU).

// CHECK-LABEL: func.func private @embed
// CHECK-SAME: (%[[T:.+]]: tensor<4xi32>) -> tensor<4x8xf32> attributes {orion.device = "cpu"}
// CHECK: %[[E:.+]] = orion.param "emb"
// CHECK: %[[G:.+]] = orion.embedding %[[E]][%[[T]]]
// CHECK: %[[P:.+]] = orion.param "pos"
// CHECK: %[[PS:.+]] = orion.slice %[[P]]
// CHECK: %[[X:.+]] = orion.add %[[G]], %[[PS]]
// CHECK: return %[[X]]

// The first kernel of layer 0 runs until the gelu and returns both the
// residual and the MLP's hidden activation.
// CHECK-LABEL: func.func private @layer0
// CHECK-SAME: (%{{.+}}: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x16xf32>) attributes {orion.device = "ane"}
// CHECK: orion.constant dense<1.250000e-01>
// CHECK: orion.param "l0.wq"
// CHECK: orion.param "l0.fc"
// CHECK: return
// CHECK-LABEL: func.func private @layer0_0
// CHECK-SAME: (%{{.+}}: tensor<4x16xf32>) -> tensor<4x16xf32> attributes {orion.device = "cpu"}
// CHECK-NEXT: orion.gelu
// CHECK-NEXT: return
// CHECK-LABEL: func.func private @layer0_1
// CHECK-SAME: (%{{.+}}: tensor<4x16xf32>, %{{.+}}: tensor<4x8xf32>) -> tensor<4x8xf32> attributes {orion.device = "ane"}
// CHECK: orion.param "l0.proj"
// CHECK-LABEL: func.func private @layer1
// CHECK-SAME: attributes {orion.device = "ane"}
// The scale constant is cloned into every kernel that uses it.
// CHECK: orion.constant dense<1.250000e-01>
// CHECK-LABEL: func.func private @final_norm
// CHECK-SAME: attributes {orion.device = "ane"}
// CHECK-LABEL: func.func private @logits
// CHECK-SAME: (%{{.+}}: tensor<4x8xf32>) -> tensor<4x70000xf32> attributes {orion.device = "cpu"}
// CHECK-LABEL: func.func private @loss
// CHECK-SAME: attributes {orion.device = "cpu"}
// CHECK-NEXT: orion.cross_entropy

// CHECK-LABEL: func.func @forward
// CHECK-SAME: (%[[TOK:.+]]: tensor<4xi32>, %[[TGT:.+]]: tensor<4xi32>) -> (tensor<4x70000xf32>, tensor<f32>) attributes {orion.host}
// CHECK-NEXT: %[[X0:.+]] = call @embed(%[[TOK]])
// CHECK-NEXT: %[[A:.+]]:2 = call @layer0(%[[X0]])
// CHECK-NEXT: %[[GE:.+]] = call @layer0_0(%[[A]]#1)
// CHECK-NEXT: %[[X1:.+]] = call @layer0_1(%[[GE]], %[[A]]#0)
// CHECK-NEXT: %[[X2:.+]] = call @layer1(%[[X1]])
// CHECK-NEXT: %[[N:.+]] = call @final_norm(%[[X2]])
// CHECK-NEXT: %[[L:.+]] = call @logits(%[[N]])
// CHECK-NEXT: %[[LOSS:.+]] = call @loss(%[[L]], %[[TGT]])
// CHECK-NEXT: return %[[L]], %[[LOSS]]

// BLOCK-LABEL: func.func private @embed
// BLOCK: func.func private @layer0_attn(
// BLOCK: func.func private @layer0_mlp(
// BLOCK-SAME: orion.device = "ane"
// BLOCK: func.func private @layer0_mlp_0(
// BLOCK-SAME: orion.device = "cpu"
// BLOCK: func.func private @layer0_mlp_1(
// BLOCK-SAME: orion.device = "ane"
// BLOCK: func.func private @layer1_attn(
// BLOCK: func.func private @layer1_mlp(
// BLOCK: func.func private @final_norm(
// BLOCK: func.func private @logits(
// BLOCK: func.func private @loss(
// BLOCK-LABEL: func.func @forward

// The ANE work on either side of the CPU gelu stays in two kernels: one
// kernel would both feed and consume the gelu.
// MODEL-LABEL: func.func private @embed
// MODEL: func.func private @model(
// MODEL-SAME: orion.device = "ane"
// MODEL: func.func private @layer0(
// MODEL-SAME: orion.device = "cpu"
// MODEL: func.func private @model_0(
// MODEL-SAME: orion.device = "ane"
// MODEL-NOT: func.func private @final_norm
// MODEL: func.func private @logits(
// MODEL: func.func private @loss(
// MODEL-LABEL: func.func @forward
// MODEL-COUNT-6: call
// MODEL-NEXT: return

// The same numbers are pass statistics (-mlir-pass-statistics, in builds
// with LLVM statistics enabled).
// REMARK: remark: partitioned @forward into 8 kernels (4 ANE, 4 CPU): 4 ANE dispatches and 4 CPU/ANE transfers per call
// REMARK: remark: partitioned @f into 2 kernels (1 ANE, 1 CPU): 1 ANE dispatches and 1 CPU/ANE transfers per call

func.func @forward(%tokens: tensor<4xi32>, %targets: tensor<4xi32>) -> (tensor<4x70000xf32>, tensor<f32>) {
  %emb = orion.param "emb" : tensor<70000x8xf32> loc("embed")
  %g = orion.embedding %emb[%tokens] : tensor<70000x8xf32>, tensor<4xi32> loc("embed")
  %pos = orion.param "pos" : tensor<16x8xf32> loc("embed")
  %ps = orion.slice %pos [0, 0] to [4, 8] : tensor<16x8xf32> loc("embed")
  %x0 = orion.add %g, %ps : tensor<4x8xf32> loc("embed")

  %scale = orion.constant dense<0.125> : tensor<f32> loc("layer0.attn")
  %wq = orion.param "l0.wq" : tensor<8x8xf32> loc("layer0.attn")
  %s0 = orion.mul %x0, %scale : tensor<4x8xf32>, tensor<f32> loc("layer0.attn")
  %q0 = orion.linear %s0, %wq : tensor<4x8xf32>, tensor<8x8xf32> loc("layer0.attn")
  %x1 = orion.add %x0, %q0 : tensor<4x8xf32> loc("layer0.attn")
  %fc = orion.param "l0.fc" : tensor<16x8xf32> loc("layer0.mlp")
  %h = orion.linear %x1, %fc : tensor<4x8xf32>, tensor<16x8xf32> loc("layer0.mlp")
  %a = orion.gelu %h approximate = tanh : tensor<4x16xf32> loc("layer0.mlp")
  %proj = orion.param "l0.proj" : tensor<8x16xf32> loc("layer0.mlp")
  %d = orion.linear %a, %proj : tensor<4x16xf32>, tensor<8x16xf32> loc("layer0.mlp")
  %x2 = orion.add %x1, %d : tensor<4x8xf32> loc("layer0.mlp")

  %wq1 = orion.param "l1.wq" : tensor<8x8xf32> loc("layer1.attn")
  %s1 = orion.mul %x2, %scale : tensor<4x8xf32>, tensor<f32> loc("layer1.attn")
  %q1 = orion.linear %s1, %wq1 : tensor<4x8xf32>, tensor<8x8xf32> loc("layer1.attn")
  %x3 = orion.add %x2, %q1 : tensor<4x8xf32> loc("layer1.attn")
  %fc1 = orion.param "l1.fc" : tensor<8x8xf32> loc("layer1.mlp")
  %h1 = orion.linear %x3, %fc1 : tensor<4x8xf32>, tensor<8x8xf32> loc("layer1.mlp")
  %r1 = orion.relu %h1 : tensor<4x8xf32> loc("layer1.mlp")
  %x4 = orion.add %x3, %r1 : tensor<4x8xf32> loc("layer1.mlp")

  %m = orion.reduce_mean %x4 [1] keep_dims : tensor<4x8xf32> loc("final_norm")
  %n = orion.sub %x4, %m : tensor<4x8xf32>, tensor<4x1xf32> loc("final_norm")
  %logits = orion.linear %n, %emb : tensor<4x8xf32>, tensor<70000x8xf32> loc("logits")
  %loss = orion.cross_entropy %logits, %targets : tensor<4x70000xf32>, tensor<4xi32> loc("loss")
  return %logits, %loss : tensor<4x70000xf32>, tensor<f32>
}

// -----

// Weights above max-weight-mb go to the CPU; without stage locations
// everything else is one kernel. A host input feeds an ANE op directly.

// CHECK-LABEL: func.func private @kernel
// CHECK-SAME: (%{{.+}}: tensor<64x512xf32>) -> tensor<64x512xf32> attributes {orion.device = "ane"}
// CHECK-LABEL: func.func private @kernel_0
// CHECK-SAME: (%{{.+}}: tensor<64x512xf32>) -> tensor<64x40000xf32> attributes {orion.device = "cpu"}
// CHECK: orion.param "big"
// CHECK-LABEL: func.func @f
// CHECK-NEXT: call @kernel(%arg0)
// CHECK-NEXT: call @kernel_0(
func.func @f(%x: tensor<64x512xf32>) -> tensor<64x40000xf32> {
  %w = orion.param "w" : tensor<512x512xf32>
  %y = orion.linear %x, %w : tensor<64x512xf32>, tensor<512x512xf32>
  %big = orion.param "big" : tensor<40000x512xf32>
  %z = orion.linear %y, %big : tensor<64x512xf32>, tensor<40000x512xf32>
  return %z : tensor<64x40000xf32>
}

// -----

// An already partitioned module is left alone.
// CHECK-LABEL: func.func private @k
// CHECK-LABEL: func.func @host
// CHECK-NEXT: call @k
func.func private @k(%x: tensor<4x8xf32>) -> tensor<4x8xf32> attributes {orion.device = "ane"} {
  return %x : tensor<4x8xf32>
}
func.func @host(%x: tensor<4x8xf32>) -> tensor<4x8xf32> attributes {orion.host} {
  %0 = call @k(%x) : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// A decode step's RoPE rows: a gather computed only from an argument, in the
// middle of layer 0 and shared (after CSE) with layer 1. It runs first, so
// each layer stays one ANE kernel, and the rank-3 view of the rows is
// re-made inside each layer (kernel boundaries are [S, C]).

// CHECK-LABEL: func.func private @layer0
// CHECK-SAME: (%{{.+}}: tensor<1xi32>) -> tensor<1x4xf32> attributes {orion.device = "cpu"}
// CHECK-NEXT: orion.param "table"
// CHECK-NEXT: orion.embedding
// CHECK-LABEL: func.func private @layer0_0
// CHECK-SAME: (%{{.+}}: tensor<1x8xf32>, %{{.+}}: tensor<1x4xf32>) -> tensor<1x8xf32> attributes {orion.device = "ane"}
// CHECK: orion.reshape %{{.+}} : tensor<1x4xf32> -> tensor<1x1x4xf32>
// CHECK-LABEL: func.func private @layer1
// CHECK-SAME: (%{{.+}}: tensor<1x8xf32>, %{{.+}}: tensor<1x4xf32>) -> tensor<1x8xf32> attributes {orion.device = "ane"}
// CHECK: orion.reshape %{{.+}} : tensor<1x4xf32> -> tensor<1x1x4xf32>
// CHECK-LABEL: func.func @decode
// CHECK-NEXT: %[[ROWS:.+]] = call @layer0(%arg1)
// CHECK-NEXT: %[[X1:.+]] = call @layer0_0(%arg0, %[[ROWS]])
// CHECK-NEXT: call @layer1(%[[X1]], %[[ROWS]])
func.func @decode(%x: tensor<1x8xf32>, %pos: tensor<1xi32>) -> tensor<1x8xf32> {
  %w0 = orion.param "w0" : tensor<8x8xf32> loc("layer0.attn")
  %a = orion.linear %x, %w0 : tensor<1x8xf32>, tensor<8x8xf32> loc("layer0.attn")
  %t = orion.param "table" : tensor<16x4xf32> loc("layer0.attn")
  %rows = orion.embedding %t[%pos] : tensor<16x4xf32>, tensor<1xi32> loc("layer0.attn")
  %r3 = orion.reshape %rows : tensor<1x4xf32> -> tensor<1x1x4xf32> loc("layer0.attn")
  %h = orion.reshape %a : tensor<1x8xf32> -> tensor<1x2x4xf32> loc("layer0.attn")
  %m = orion.mul %h, %r3 : tensor<1x2x4xf32>, tensor<1x1x4xf32> loc("layer0.attn")
  %y = orion.reshape %m : tensor<1x2x4xf32> -> tensor<1x8xf32> loc("layer0.attn")
  %w1 = orion.param "w1" : tensor<8x8xf32> loc("layer1.attn")
  %b = orion.linear %y, %w1 : tensor<1x8xf32>, tensor<8x8xf32> loc("layer1.attn")
  %h1 = orion.reshape %b : tensor<1x8xf32> -> tensor<1x2x4xf32> loc("layer1.attn")
  %m1 = orion.mul %h1, %r3 : tensor<1x2x4xf32>, tensor<1x1x4xf32> loc("layer1.attn")
  %z = orion.reshape %m1 : tensor<1x2x4xf32> -> tensor<1x8xf32> loc("layer1.attn")
  return %z : tensor<1x8xf32>
}

// -----

// An embedding's gradient is a scatter-add, which has no ANE lowering: it
// gets a "cpu" kernel of its own after the ANE linear that feeds it.

// CHECK-LABEL: func.func private @kernel
// CHECK-SAME: (%{{.+}}: tensor<4x8xf32>) -> tensor<4x8xf32> attributes {orion.device = "ane"}
// CHECK-NEXT: orion.param "w"
// CHECK-NEXT: orion.linear
// CHECK-LABEL: func.func private @kernel_0
// CHECK-SAME: (%{{.+}}: tensor<4x8xf32>, %{{.+}}: tensor<4xi32>) -> tensor<16x8xf32> attributes {orion.device = "cpu"}
// CHECK-NEXT: orion.embedding_grad
// CHECK-LABEL: func.func @grad
// CHECK-NEXT: %[[DY:.+]] = call @kernel(%arg0)
// CHECK-NEXT: call @kernel_0(%[[DY]], %arg1)
func.func @grad(%d: tensor<4x8xf32>, %ids: tensor<4xi32>) -> tensor<16x8xf32> {
  %w = orion.param "w" : tensor<8x8xf32>
  %dy = orion.linear %d, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %g = orion.embedding_grad %dy[%ids] rows = 16 : tensor<4x8xf32>, tensor<4xi32> -> tensor<16x8xf32>
  return %g : tensor<16x8xf32>
}
