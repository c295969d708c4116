// RUN: orion-opt %s -split-input-file -verify-diagnostics

// The orion dialect's discardable attributes (OrionDialect.td) are verified
// wherever they appear.

// expected-error@+1 {{orion.device must be "ane" or "cpu", got 3 : i64}}
func.func private @device_not_a_string() attributes {orion.device = 3}

// -----

// expected-error@+1 {{orion.device must be "ane" or "cpu", got "gpu"}}
func.func private @device_unknown() attributes {orion.device = "gpu"}

// -----

func.func @device_not_on_a_func(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'orion.device' belongs on a func.func}}
  %0 = orion.neg %x {orion.device = "ane"} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// expected-error@+1 {{'orion.host' must be a unit attribute on a func.func}}
func.func private @host_not_unit() attributes {orion.host = "yes"}

// -----

func.func @fused_from_not_names() -> tensor<8x4xf32> {
  // expected-error@+1 {{'orion.fused_from' must be an array of parameter names on an orion.param}}
  %0 = orion.param "w" {orion.fused_from = [1, 2]} : tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

func.func @fused_from_not_on_a_param(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'orion.fused_from' must be an array of parameter names on an orion.param}}
  %0 = orion.neg %x {orion.fused_from = ["a"]} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @fused_shapes_not_shapes() -> tensor<8x4xf32> {
  // expected-error@+1 {{'orion.fused_shapes' must be an array of array<i64> shapes on an orion.param}}
  %0 = orion.param "w" {orion.fused_from = ["a", "b"], orion.fused_shapes = ["4x4", "4x4"]} : tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

func.func @recomputed_not_unit(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'orion.recomputed' must be a unit attribute}}
  %0 = orion.neg %x {orion.recomputed = 1} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// expected-error@+1 {{'orion.surface' belongs on function arguments and results}}
func.func private @surface_on_a_func() attributes {orion.surface = #orion.surface<bytes = 49152>}

// -----

// expected-error@+1 {{'orion.surface' on argument #0 must be #orion.surface<bytes = N>, got {bytes = 49152 : i64}}}
func.func private @surface_untyped(tensor<1x8x1x8xf16> {orion.surface = {bytes = 49152 : i64}})

// -----

// expected-error@+1 {{'orion.surface' on result #0: 'tensor<1x768x1x64xf16>' needs 98304 bytes, more than the surface's 49152}}
func.func private @surface_too_small() -> (tensor<1x768x1x64xf16> {orion.surface = #orion.surface<bytes = 49152>})

// -----

// expected-error@+1 {{'orion.surface' on argument #0 needs a static tensor, got 'tensor<?x8xf16>'}}
func.func private @surface_dynamic(tensor<?x8xf16> {orion.surface = #orion.surface<bytes = 49152>})

// -----

// expected-error@+1 {{surface bytes must be positive, got 0}}
func.func private @surface_empty(tensor<4xf16> {orion.surface = #orion.surface<bytes = 0>})

// -----

// expected-error@+1 {{'orion.name' on argument #0 must be a string, got 7 : i64}}
func.func private @name_not_a_string(tensor<4xf32> {orion.name = 7})

// -----

// expected-error@+1 {{'orion.gradient_of' on result #0 must be a string, got unit}}
func.func private @gradient_of_not_a_string() -> (tensor<4xf32> {orion.gradient_of})

// -----

// expected-error@+1 {{'orion.device' is an operation attribute, not one of argument #0}}
func.func private @device_on_an_argument(tensor<4xf32> {orion.device = "ane"})
