// RUN: not orion-translate --mlir-to-mil -split-input-file %s 2>&1 | FileCheck %s

// The emitter checks `mil.name` values instead of printing them as they are,
// so IR that did not go through -mil-assign-names cannot yield MIL that does
// not parse: two values named `a`, or a name that is no identifier (here one
// that would close the string and the statement) are diagnostics.

// CHECK: within split at {{.*}}mlir-to-mil-invalid-names.mlir:1 offset :11:8: error: MIL name 'a' is defined twice in the function
func.func @duplicate(%x: tensor<4xf16> {mil.name = "x"}) -> tensor<4xf16> {
  %0 = mil.relu(x = %x) {mil.name = "a"} : (tensor<4xf16>) -> tensor<4xf16>
  %1 = mil.relu(x = %0) {mil.name = "a"} : (tensor<4xf16>) -> tensor<4xf16>
  return %1 : tensor<4xf16>
}

// -----

// CHECK: within split at {{.*}}mlir-to-mil-invalid-names.mlir:15 offset :5:8: error: MIL name 'b") x' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)
func.func @not_an_identifier(%x: tensor<4xf16> {mil.name = "x"}) -> tensor<4xf16> {
  %0 = mil.relu(x = %x) {mil.name = "b\") x"} : (tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}
