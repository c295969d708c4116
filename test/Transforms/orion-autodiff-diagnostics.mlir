// RUN: orion-opt %s -split-input-file -verify-diagnostics -orion-autodiff
// RUN: not orion-opt %s -split-input-file -orion-autodiff='loss-result=5' 2>&1 | FileCheck %s --check-prefix=INDEX

// INDEX: error: orion-autodiff: loss-result 5 is out of range: the function has 1 results

// expected-error @below {{orion-autodiff: result #0 must be a rank-0 float loss, got 'tensor<4xf32>'}}
// expected-note @below {{differentiate a loss function, e.g. `orion build-model --step train`, or pick the loss with loss-result}}
func.func @not_scalar(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// expected-error @below {{orion-autodiff: result #0 must be a rank-0 float loss, got 'tensor<i32>'}}
// expected-note @below {{differentiate a loss function}}
func.func @integer(%x: tensor<i32>) -> tensor<i32> {
  return %x : tensor<i32>
}

// -----

func.func @relu(%x: tensor<4xf32>) -> tensor<f32> {
  %w = orion.param "w" : tensor<4xf32>
  %m = orion.mul %x, %w : tensor<4xf32>
  // expected-error @+2 {{orion-autodiff: no derivative rule for 'orion.relu'}}
  // expected-note @+1 {{its derivative selects elements by comparison, and orion has no comparison op}}
  %r = orion.relu %m : tensor<4xf32>
  %l = orion.reduce_sum %r [0] : tensor<4xf32>
  return %l : tensor<f32>
}

// -----

func.func @composite(%x: tensor<4x8xf32>) -> tensor<f32> {
  %g = orion.param "g" : tensor<8xf32>
  // expected-error @+2 {{orion-autodiff: no derivative rule for 'orion.rms_norm'}}
  // expected-note @+1 {{it is a composite op; run -orion-decompose first and differentiate its primitives}}
  %n = orion.rms_norm %x, %g : tensor<4x8xf32>, tensor<8xf32>
  %l = orion.reduce_sum %n [0, 1] : tensor<4x8xf32>
  return %l : tensor<f32>
}

// -----

// A relu the loss does not depend on through a parameter needs no rule. The
// remark reports the gradients and the forward values the backward reads.
// expected-remark @below {{differentiated @inactive: 1 parameter gradients; the backward pass reads 1 forward values (0.0 MiB)}}
func.func @inactive(%x: tensor<4xf32>) -> tensor<f32> {
  %r = orion.relu %x : tensor<4xf32>
  %w = orion.param "w" : tensor<4xf32>
  %m = orion.mul %r, %w : tensor<4xf32>
  %l = orion.reduce_sum %m [0] : tensor<4xf32>
  return %l : tensor<f32>
}

// -----

// A loss that is an argument depends on no parameter: no gradients.
// expected-remark @below {{differentiated @argument_loss: 0 parameter gradients; the backward pass reads 0 forward values (0.0 MiB)}}
func.func @argument_loss(%l: tensor<f32>) -> tensor<f32> {
  return %l : tensor<f32>
}
