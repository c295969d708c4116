// RUN: not orion-opt %s 2>&1 | FileCheck %s
// RUN: not orion-opt %s -canonicalize 2>&1 | FileCheck %s

// An op that parses but fails its verifier: the whole module is rejected
// before any pass runs, and nothing is printed on stdout.
// CHECK: {{.*}}verifier-error.mlir:[[@LINE+4]]:{{[0-9]+}}: error: 'orion.reshape' op cannot reshape [4, 8] (32 elements) into [4, 4] (16 elements)
// CHECK-NOT: module
// CHECK-NOT: Stack dump
func.func @f(%a: tensor<4x8xf32>) -> tensor<4x4xf32> {
  %0 = orion.reshape %a : tensor<4x8xf32> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}
