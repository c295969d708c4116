// RUN: not orion-opt %s 2>&1 | FileCheck %s
// RUN: not orion-opt %s -o %t.out 2>&1 | FileCheck %s

// Without -split-input-file the first error ends the run.
// CHECK: {{.*}}syntax-error.mlir:[[@LINE+2]]:{{[0-9]+}}: error: expected ':'
func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = orion.relu %a tensor<4xf32>
  return %0 : tensor<4xf32>
}
// CHECK-NOT: error:
// CHECK-NOT: Stack dump
