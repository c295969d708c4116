// RUN: orion-opt %s -split-input-file -verify-diagnostics

// The mil dialect's discardable attributes (MILDialect.td) are verified
// wherever they appear.

func.func @name_not_a_string(%x: tensor<4xf16>) -> tensor<4xf16> {
  // expected-error@+1 {{'mil.name' must be a string, got 1 : i64}}
  %0 = mil.relu(x = %x) {mil.name = 1} : (tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// expected-error@+1 {{'mil.name' on argument #0 must be a string, got ["x"]}}
func.func private @argument_name_not_a_string(tensor<4xf16> {mil.name = ["x"]})

// -----

// expected-error@+1 {{'mil.name' on result #0 must be a string, got 0 : i64}}
func.func private @result_name_not_a_string() -> (tensor<4xf16> {mil.name = 0})

// -----

func.func @result_names_not_strings(%x: tensor<4xf16>) -> tensor<4xf16> {
  // expected-error@+1 {{'mil.result_names' must be an array of strings, got [1]}}
  %0 = mil.relu(x = %x) {mil.name = "r", mil.result_names = [1]} : (tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @sources_not_weight_sources() -> tensor<4xf16> {
  // expected-error@+1 {{'mil.sources' must be an array of #mil.weight_source on a mil.const}}
  %0 = mil.const dense<0.0> : tensor<4xf16> {mil.sources = ["w"]}
  return %0 : tensor<4xf16>
}

// -----

func.func @value_not_dense(%x: tensor<4xf16>) -> tensor<4xf16> {
  // expected-error@+1 {{'mil.value' must be a dense value on a mil.const}}
  %0 = mil.relu(x = %x) {mil.value = dense<0.0> : tensor<4xf16>} : (tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// expected-error@+1 {{'mil.sources' is an operation attribute, not one of argument #0}}
func.func private @sources_on_an_argument(tensor<4xf16> {mil.sources = []})
