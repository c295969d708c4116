// RUN: orion-translate --mlir-to-mil -verify-diagnostics -split-input-file --allow-unregistered-dialect %s

// The emitter never invents names or offsets and prints only mil ops:
// anything missing or foreign is a diagnostic.

func.func @op_without_name(%x: tensor<4xf16> {mil.name = "x"}) -> tensor<4xf16> {
  // expected-error @+1 {{has no MIL name (mil.name); run -mil-assign-names first}}
  %0 = mil.relu(x = %x) : (tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @const_without_name(%x: tensor<4xf16> {mil.name = "x"}) -> tensor<4xf16> {
  // expected-error @+1 {{has no MIL name (mil.name); run -mil-assign-names first}}
  %c = mil.const dense<1.0> : tensor<f16>
  %0 = mil.mul(x = %x, y = %c) {mil.name = "m"} : (tensor<4xf16>, tensor<f16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// expected-error @+1 {{argument #1 has no MIL name (mil.name); run -mil-assign-names first}}
func.func @argument_without_name(%x: tensor<4xf16> {mil.name = "x"}, %y: tensor<4xf16>) -> tensor<4xf16> {
  %0 = mil.add(x = %x, y = %y) {mil.name = "a"} : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @unassigned_weight(%x: tensor<1x4x1x8xf16> {mil.name = "x"}) -> tensor<1x4x1x8xf16> {
  // expected-error @+1 {{weight has no BLOBFILE offset yet; run -mil-assign-blobs before emitting MIL}}
  %w = mil.const #mil.weight<[#mil.source<"layers.0.attention_norm.weight", [4]>]> : tensor<1x4x1x1xf16> {mil.name = "rms1_w"}
  %0 = mil.mul(x = %x, y = %w) {mil.name = "m"} : (tensor<1x4x1x8xf16>, tensor<1x4x1x1xf16>) -> tensor<1x4x1x8xf16>
  return %0 : tensor<1x4x1x8xf16>
}

// -----

func.func @returns_argument(%x: tensor<4xf16> {mil.name = "x"}) -> (tensor<4xf16>, tensor<4xf16>) {
  %0 = mil.relu(x = %x) {mil.name = "r"} : (tensor<4xf16>) -> tensor<4xf16>
  // expected-error @+1 {{returns a function argument directly; MIL outputs must be produced by an op (add an identity)}}
  return %0, %x : tensor<4xf16>, tensor<4xf16>
}

// -----

func.func @non_mil_op(%x: tensor<4xf16> {mil.name = "x"}) -> tensor<4xf16> {
  // expected-error @+1 {{is not a mil op and has no MIL spelling}}
  %0 = builtin.unrealized_conversion_cast %x : tensor<4xf16> to tensor<4xf16>
  %1 = mil.relu(x = %0) {mil.name = "r"} : (tensor<4xf16>) -> tensor<4xf16>
  return %1 : tensor<4xf16>
}

// -----

func.func @unregistered_op(%x: tensor<4xf16> {mil.name = "x"}) -> tensor<4xf16> {
  // expected-error @+1 {{is not a mil op and has no MIL spelling}}
  %0 = "arith.constant"() {mil.name = "c", value = dense<1.0> : tensor<4xf16>} : () -> tensor<4xf16>
  %1 = mil.add(x = %x, y = %0) {mil.name = "a"} : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return %1 : tensor<4xf16>
}

// -----

// expected-error @+1 {{type 'tensor<?xf16>' has no MIL spelling}}
func.func @dynamic_argument(%x: tensor<?xf16> {mil.name = "x"}) -> tensor<4xf16> {
  %0 = mil.const dense<1.0> : tensor<4xf16> {mil.name = "c"}
  %1 = mil.identity(x = %0) {mil.name = "r"} : (tensor<4xf16>) -> tensor<4xf16>
  return %1 : tensor<4xf16>
}

// -----

// expected-error @+1 {{type 'f16' has no MIL spelling}}
func.func @scalar_argument(%x: f16 {mil.name = "x"}) -> tensor<4xf16> {
  %0 = mil.const dense<1.0> : tensor<4xf16> {mil.name = "c"}
  %1 = mil.identity(x = %0) {mil.name = "r"} : (tensor<4xf16>) -> tensor<4xf16>
  return %1 : tensor<4xf16>
}

// -----

// expected-error @+1 {{a MIL function has exactly one block}}
func.func @two_blocks(%x: tensor<4xf16> {mil.name = "x"}) -> tensor<4xf16> {
  %0 = mil.relu(x = %x) {mil.name = "r"} : (tensor<4xf16>) -> tensor<4xf16>
  "test.br"()[^bb1] : () -> ()
^bb1:
  return %0 : tensor<4xf16>
}

// -----

// expected-error @+1 {{no func.func to emit as a MIL function}}
module {
}
