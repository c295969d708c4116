// RUN: not orion-opt %s 2>&1 | FileCheck %s
// RUN: not orion-opt %s --allow-unregistered-dialect 2>&1 | FileCheck %s

// An unknown op of a registered dialect is an error, even with
// --allow-unregistered-dialect (which only covers unregistered dialects).
// CHECK: {{.*}}unknown-op.mlir:[[@LINE+3]]:{{[0-9]+}}: error: custom op 'orion.nope' is unknown
// CHECK-NOT: Stack dump
func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = orion.nope %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}
