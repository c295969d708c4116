// RUN: orion-opt %s -split-input-file -verify-diagnostics

// The custom form spells MIL arguments by name, in MIL's order; other orders
// and unknown names do not parse.

func.func @binary_order(%a: tensor<4xf16>) {
  // expected-error @+1 {{expected 'x'}}
  %0 = mil.add(y = %a, x = %a) : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return
}

// -----

func.func @reduce_order(%x: tensor<4x4xf16>) {
  %ax = mil.const dense<[1]> : tensor<1xi32>
  %kd = mil.const dense<true> : tensor<i1>
  // reduce_* is spelled x, axes, keep_dims (not alphabetically).
  // expected-error @+1 {{expected ')'}}
  %0 = mil.reduce_sum(x = %x, keep_dims = %kd, axes = %ax) : (tensor<4x4xf16>, tensor<i1>, tensor<1xi32>) -> tensor<4x1xf16>
  return
}

// -----

func.func @conv_order(%x: tensor<1x4x1x16xf16>, %w: tensor<8x4x1x1xf16>) {
  %gr = mil.const dense<1> : tensor<i32>
  // conv arguments are alphabetical: groups before weight and x.
  // expected-error @+1 {{expected 'weight'}}
  %0 = mil.conv(x = %x, weight = %w, groups = %gr) : (tensor<1x4x1x16xf16>, tensor<8x4x1x1xf16>, tensor<i32>) -> tensor<1x8x1x16xf16>
  return
}

// -----

func.func @matmul_order(%x: tensor<4x4xf16>) {
  %t = mil.const dense<true> : tensor<i1>
  // expected-error @+1 {{expected 'x'}}
  %0 = mil.matmul(transpose_y = %t, transpose_x = %t, x = %x, y = %x) : (tensor<i1>, tensor<i1>, tensor<4x4xf16>, tensor<4x4xf16>) -> tensor<4x4xf16>
  return
}

// -----

func.func @unknown_argument(%x: tensor<4xf16>) {
  %ax = mil.const dense<0> : tensor<i32>
  // expected-error @+1 {{expected 'x'}}
  %0 = mil.softmax(dim = %ax, x = %x) : (tensor<i32>, tensor<4xf16>) -> tensor<4xf16>
  return
}

// -----

func.func @operand_count(%x: tensor<4xf16>) {
  // expected-error @+1 {{number of operands and types do not match: got 1 operands and 2 types}}
  %0 = mil.exp(x = %x) : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return
}
