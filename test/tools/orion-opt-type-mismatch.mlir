// RUN: not orion-opt %s 2>&1 | FileCheck %s

// The generic form spells a result type that type inference disagrees with.
// CHECK: {{.*}}type-mismatch.mlir:[[@LINE+4]]:{{[0-9]+}}: error: 'orion.attention' op inferred type(s) 'tensor<256x768xf32>' are incompatible with return type(s) of operation 'tensor<256x256xf32>'
// CHECK: {{.*}}type-mismatch.mlir:[[@LINE+3]]:{{[0-9]+}}: error: 'orion.attention' op failed to infer returned types
// CHECK-NOT: Stack dump
func.func @f(%q: tensor<256x768xf32>, %kv: tensor<256x256xf32>) -> tensor<256x256xf32> {
  %0 = "orion.attention"(%q, %kv, %kv) <{heads = 12 : i64, kv_heads = 4 : i64}> : (tensor<256x768xf32>, tensor<256x256xf32>, tensor<256x256xf32>) -> tensor<256x256xf32>
  return %0 : tensor<256x256xf32>
}
