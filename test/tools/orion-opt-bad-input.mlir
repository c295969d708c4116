// RUN: not orion-opt %s -split-input-file 2>&1 | FileCheck %s

// Malformed IR gives a located diagnostic and a non-zero exit, never a crash.
// Each chunk fails on its own; locations refer to lines of this file.
// (`not` fails if orion-opt crashes instead of exiting with an error.)

// CHECK: {{.*}}bad-input.mlir:[[@LINE+2]]:{{[0-9]+}}: error: expected SSA operand
func.func @syntax_error(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = orion.add %a, : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK: {{.*}}bad-input.mlir:[[@LINE+2]]:{{[0-9]+}}: error: custom op 'orion.nope' is unknown
func.func @unknown_op(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = orion.nope %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK: {{.*}}bad-input.mlir:[[@LINE+2]]:{{[0-9]+}}: error: unregistered operation 'orion.nope' found in dialect ('orion') that does not allow unknown operations
func.func @unknown_op_generic(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "orion.nope"(%a) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// The declared result type of the generic form disagrees with the inferred
// one.
// CHECK: {{.*}}bad-input.mlir:[[@LINE+2]]:{{[0-9]+}}: error: 'orion.matmul' op inferred type(s) 'tensor<4x2xf32>' are incompatible with return type(s) of operation 'tensor<4x8xf32>'
func.func @inferred_type_mismatch(%a: tensor<4x8xf32>, %b: tensor<8x2xf32>) -> tensor<4x8xf32> {
  %0 = "orion.matmul"(%a, %b) : (tensor<4x8xf32>, tensor<8x2xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// A shape error found while parsing the custom form.
// CHECK: {{.*}}bad-input.mlir:[[@LINE+2]]:{{[0-9]+}}: error: weight is [out, in] = [768, 3072] but the input's last dimension is 768
func.func @invalid_shapes(%x: tensor<4x768xf32>, %w: tensor<768x3072xf32>) {
  %0 = orion.linear %x, %w : tensor<4x768xf32>, tensor<768x3072xf32>
  return
}

// -----

// A verifier error, reported with the op in generic form as a note.
// CHECK: {{.*}}bad-input.mlir:[[@LINE+3]]:{{[0-9]+}}: error: 'orion.attention' op scale must be positive, got -1.000000e+00
// CHECK: {{.*}}bad-input.mlir:[[@LINE+2]]:{{[0-9]+}}: note: see current operation: %{{.+}} = "orion.attention"
func.func @verifier_error(%q: tensor<4x64xf32>) {
  %0 = orion.attention %q, %q, %q heads = 1 kv_heads = 1 scale = -1.0 : tensor<4x64xf32>, tensor<4x64xf32>, tensor<4x64xf32>
  return
}

// -----

// A non-tensor operand reaches type inference through the binary ops'
// custom type directive.
// CHECK: {{.*}}bad-input.mlir:[[@LINE+2]]:{{[0-9]+}}: error: operand #0 must be a ranked tensor, got 'f32'
func.func @scalar_operand(%a: f32) {
  %0 = orion.add %a, %a : f32
  return
}

// -----

// An attribute of the wrong kind.
// CHECK: {{.*}}bad-input.mlir:[[@LINE+2]]:{{[0-9]+}}: error: floating point value not valid for specified type
func.func @bad_attribute(%a: tensor<4xf32>) {
  %0 = orion.softmax %a axis = 1.5 : tensor<4xf32>
  return
}

// CHECK-NOT: PLEASE submit a bug report
// CHECK-NOT: Stack dump
