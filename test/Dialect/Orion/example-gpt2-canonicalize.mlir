// RUN: orion-opt %orion_src_root/examples/gpt2-block.mlir | FileCheck %s --check-prefix=PARSE
// RUN: orion-opt %orion_src_root/examples/gpt2-block.mlir -canonicalize | FileCheck %s

// The example `make demo` runs: it parses, and the canonicalizer removes the
// multiply by one (and its constant) between the gelu and the projection.

// PARSE-LABEL: func.func @gpt2_block
// PARSE: orion.constant dense<1.000000e+00> : tensor<f32>
// PARSE: orion.mul

// CHECK-LABEL: func.func @gpt2_block
// CHECK-NOT: orion.constant
// CHECK: %[[G:.+]] = orion.gelu %{{.+}} approximate = tanh : tensor<256x3072xf32>
// CHECK-NOT: orion.mul
// CHECK: %[[M:.+]] = orion.linear %[[G]], %{{.+}}, %{{.+}} : tensor<256x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>
// CHECK: %[[R:.+]] = orion.add %{{.+}}, %[[M]] : tensor<256x768xf32>
// CHECK: return %[[R]]
