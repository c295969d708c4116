// RUN: orion-opt %s -canonicalize -split-input-file | FileCheck %s

// Every folder and canonicalization pattern of the orion dialect, each with a
// case where it must apply and one where it must not.

//===----------------------------------------------------------------------===//
// orion.transpose
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @transpose_transpose_identity
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK-NOT: orion.transpose
// CHECK: return %[[X]]
func.func @transpose_transpose_identity(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = orion.transpose %x [1, 2, 0] : tensor<2x3x4xf32>
  %1 = orion.transpose %0 [2, 0, 1] : tensor<3x4x2xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

// transpose(transpose(x, [1, 0, 2]), [2, 0, 1]) == transpose(x, [2, 1, 0]).
// CHECK-LABEL: func.func @transpose_transpose_composed
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK: %[[T:.+]] = orion.transpose %[[X]] [2, 1, 0] : tensor<2x3x4xf32>
// CHECK-NOT: orion.transpose
// CHECK: return %[[T]] : tensor<4x3x2xf32>
func.func @transpose_transpose_composed(%x: tensor<2x3x4xf32>) -> tensor<4x3x2xf32> {
  %0 = orion.transpose %x [1, 0, 2] : tensor<2x3x4xf32>
  %1 = orion.transpose %0 [2, 0, 1] : tensor<3x2x4xf32>
  return %1 : tensor<4x3x2xf32>
}

// -----

// The inner transpose has another user, so it stays; the outer one is still
// rewritten to read the original input.
// CHECK-LABEL: func.func @transpose_transpose_shared
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK: %[[T:.+]] = orion.transpose %[[X]] [1, 0] : tensor<2x3xf32>
// CHECK-NOT: orion.transpose
// CHECK: return %[[X]], %[[T]]
func.func @transpose_transpose_shared(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<3x2xf32>) {
  %0 = orion.transpose %x [1, 0] : tensor<2x3xf32>
  %1 = orion.transpose %0 [1, 0] : tensor<3x2xf32>
  return %1, %0 : tensor<2x3xf32>, tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_identity
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK-NOT: orion.transpose
// CHECK: return %[[X]]
func.func @transpose_identity(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = orion.transpose %x [0, 1, 2] : tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// A permutation that swaps two equal dimensions keeps the type but moves
// data: it must not fold.
// CHECK-LABEL: func.func @transpose_same_type_not_identity
// CHECK-SAME: (%[[X:.+]]: tensor<4x4xf32>)
// CHECK: %[[T:.+]] = orion.transpose %[[X]] [1, 0] : tensor<4x4xf32>
// CHECK: return %[[T]]
func.func @transpose_same_type_not_identity(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %0 = orion.transpose %x [1, 0] : tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

//===----------------------------------------------------------------------===//
// orion.reshape
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @reshape_reshape_to_input
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK-NOT: orion.reshape
// CHECK: return %[[X]]
func.func @reshape_reshape_to_input(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = orion.reshape %x : tensor<4x8xf32> -> tensor<32xf32>
  %1 = orion.reshape %0 : tensor<32xf32> -> tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_reshape_to_single
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK: %[[R:.+]] = orion.reshape %[[X]] : tensor<4x8xf32> -> tensor<2x16xf32>
// CHECK-NOT: orion.reshape
// CHECK: return %[[R]]
func.func @reshape_reshape_to_single(%x: tensor<4x8xf32>) -> tensor<2x16xf32> {
  %0 = orion.reshape %x : tensor<4x8xf32> -> tensor<32xf32>
  %1 = orion.reshape %0 : tensor<32xf32> -> tensor<2x16xf32>
  return %1 : tensor<2x16xf32>
}

// -----

// A chain of three collapses to one reshape.
// CHECK-LABEL: func.func @reshape_chain
// CHECK-SAME: (%[[X:.+]]: tensor<256x768xf16>)
// CHECK: %[[R:.+]] = orion.reshape %[[X]] : tensor<256x768xf16> -> tensor<12x256x64xf16>
// CHECK-NOT: orion.reshape
// CHECK: return %[[R]]
func.func @reshape_chain(%x: tensor<256x768xf16>) -> tensor<12x256x64xf16> {
  %0 = orion.reshape %x : tensor<256x768xf16> -> tensor<256x12x64xf16>
  %1 = orion.reshape %0 : tensor<256x12x64xf16> -> tensor<196608xf16>
  %2 = orion.reshape %1 : tensor<196608xf16> -> tensor<12x256x64xf16>
  return %2 : tensor<12x256x64xf16>
}

// -----

// CHECK-LABEL: func.func @reshape_identity
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xi32>)
// CHECK-NOT: orion.reshape
// CHECK: return %[[X]]
func.func @reshape_identity(%x: tensor<4x8xi32>) -> tensor<4x8xi32> {
  %0 = orion.reshape %x : tensor<4x8xi32> -> tensor<4x8xi32>
  return %0 : tensor<4x8xi32>
}

// -----

// CHECK-LABEL: func.func @reshape_kept
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK: %[[R:.+]] = orion.reshape %[[X]] : tensor<4x8xf32> -> tensor<8x4xf32>
// CHECK: return %[[R]]
func.func @reshape_kept(%x: tensor<4x8xf32>) -> tensor<8x4xf32> {
  %0 = orion.reshape %x : tensor<4x8xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// A reshape of a transpose is not a reshape of a reshape.
// CHECK-LABEL: func.func @reshape_of_transpose_kept
// CHECK: orion.transpose
// CHECK: orion.reshape
func.func @reshape_of_transpose_kept(%x: tensor<4x8xf32>) -> tensor<32xf32> {
  %0 = orion.transpose %x [1, 0] : tensor<4x8xf32>
  %1 = orion.reshape %0 : tensor<8x4xf32> -> tensor<32xf32>
  return %1 : tensor<32xf32>
}

//===----------------------------------------------------------------------===//
// orion.cast
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @cast_same_type
// CHECK-SAME: (%[[X:.+]]: tensor<4xf16>)
// CHECK-NOT: orion.cast
// CHECK: return %[[X]]
func.func @cast_same_type(%x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = orion.cast %x : tensor<4xf16> to tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// f32 holds every f16 value, so the round trip is exact.
// CHECK-LABEL: func.func @cast_f16_f32_f16
// CHECK-SAME: (%[[X:.+]]: tensor<4xf16>)
// CHECK-NOT: orion.cast
// CHECK: return %[[X]]
func.func @cast_f16_f32_f16(%x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = orion.cast %x : tensor<4xf16> to tensor<4xf32>
  %1 = orion.cast %0 : tensor<4xf32> to tensor<4xf16>
  return %1 : tensor<4xf16>
}

// -----

// CHECK-LABEL: func.func @cast_bf16_f32_bf16
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xbf16>)
// CHECK-NOT: orion.cast
// CHECK: return %[[X]]
func.func @cast_bf16_f32_bf16(%x: tensor<2x3xbf16>) -> tensor<2x3xbf16> {
  %0 = orion.cast %x : tensor<2x3xbf16> to tensor<2x3xf32>
  %1 = orion.cast %0 : tensor<2x3xf32> to tensor<2x3xbf16>
  return %1 : tensor<2x3xbf16>
}

// -----

// The intermediate f16 rounds: the round trip is lossy and must stay.
// CHECK-LABEL: func.func @cast_f32_f16_f32_kept
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK: %[[H:.+]] = orion.cast %[[X]] : tensor<4xf32> to tensor<4xf16>
// CHECK: %[[F:.+]] = orion.cast %[[H]] : tensor<4xf16> to tensor<4xf32>
// CHECK: return %[[F]]
func.func @cast_f32_f16_f32_kept(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = orion.cast %x : tensor<4xf32> to tensor<4xf16>
  %1 = orion.cast %0 : tensor<4xf16> to tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// bf16 has fewer mantissa bits than f16 (and f16 a smaller range than bf16):
// neither round trip is exact.
// CHECK-LABEL: func.func @cast_f16_bf16_f16_kept
// CHECK-COUNT-4: orion.cast
func.func @cast_f16_bf16_f16_kept(%x: tensor<4xf16>, %y: tensor<4xbf16>) -> (tensor<4xf16>, tensor<4xbf16>) {
  %0 = orion.cast %x : tensor<4xf16> to tensor<4xbf16>
  %1 = orion.cast %0 : tensor<4xbf16> to tensor<4xf16>
  %2 = orion.cast %y : tensor<4xbf16> to tensor<4xf16>
  %3 = orion.cast %2 : tensor<4xf16> to tensor<4xbf16>
  return %1, %3 : tensor<4xf16>, tensor<4xbf16>
}

// -----

// float -> int truncates, and f32 does not hold every i32: both kept.
// CHECK-LABEL: func.func @cast_int_round_trips_kept
// CHECK-COUNT-4: orion.cast
func.func @cast_int_round_trips_kept(%x: tensor<4xf32>, %i: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xi32>) {
  %0 = orion.cast %x : tensor<4xf32> to tensor<4xi32>
  %1 = orion.cast %0 : tensor<4xi32> to tensor<4xf32>
  %2 = orion.cast %i : tensor<4xi32> to tensor<4xf32>
  %3 = orion.cast %2 : tensor<4xf32> to tensor<4xi32>
  return %1, %3 : tensor<4xf32>, tensor<4xi32>
}

// -----

// Two widening casts that do not come back to the input type are kept.
// CHECK-LABEL: func.func @cast_chain_different_end_kept
// CHECK-SAME: (%[[X:.+]]: tensor<4xf16>)
// CHECK: %[[A:.+]] = orion.cast %[[X]] : tensor<4xf16> to tensor<4xf32>
// CHECK: %[[B:.+]] = orion.cast %[[A]] : tensor<4xf32> to tensor<4xbf16>
// CHECK: return %[[B]]
func.func @cast_chain_different_end_kept(%x: tensor<4xf16>) -> tensor<4xbf16> {
  %0 = orion.cast %x : tensor<4xf16> to tensor<4xf32>
  %1 = orion.cast %0 : tensor<4xf32> to tensor<4xbf16>
  return %1 : tensor<4xbf16>
}

//===----------------------------------------------------------------------===//
// Binary ops with an identity operand
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @mul_one
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK-NOT: orion.mul
// CHECK: return %[[X]], %[[X]], %[[X]]
func.func @mul_one(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) {
  %one = orion.constant dense<1.0> : tensor<f32>
  %ones = orion.constant dense<1.0> : tensor<4x8xf32>
  %0 = orion.mul %x, %one : tensor<4x8xf32>, tensor<f32>
  %1 = orion.mul %one, %x : tensor<f32>, tensor<4x8xf32>
  %2 = orion.mul %x, %ones : tensor<4x8xf32>
  return %0, %1, %2 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// CHECK-LABEL: func.func @add_zero
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf16>)
// CHECK-NOT: orion.add
// CHECK: return %[[X]], %[[X]]
func.func @add_zero(%x: tensor<4x8xf16>) -> (tensor<4x8xf16>, tensor<4x8xf16>) {
  %zero = orion.constant dense<0.0> : tensor<8xf16>
  %0 = orion.add %x, %zero : tensor<4x8xf16>, tensor<8xf16>
  %1 = orion.add %zero, %x : tensor<8xf16>, tensor<4x8xf16>
  return %0, %1 : tensor<4x8xf16>, tensor<4x8xf16>
}

// -----

// CHECK-LABEL: func.func @sub_div_pow_identity
// CHECK-SAME: (%[[X:.+]]: tensor<4xbf16>)
// CHECK-NOT: orion.sub
// CHECK-NOT: orion.div
// CHECK-NOT: orion.pow
// CHECK: return %[[X]], %[[X]], %[[X]]
func.func @sub_div_pow_identity(%x: tensor<4xbf16>) -> (tensor<4xbf16>, tensor<4xbf16>, tensor<4xbf16>) {
  %zero = orion.constant dense<0.0> : tensor<bf16>
  %one = orion.constant dense<1.0> : tensor<bf16>
  %0 = orion.sub %x, %zero : tensor<4xbf16>, tensor<bf16>
  %1 = orion.div %x, %one : tensor<4xbf16>, tensor<bf16>
  %2 = orion.pow %x, %one : tensor<4xbf16>, tensor<bf16>
  return %0, %1, %2 : tensor<4xbf16>, tensor<4xbf16>, tensor<4xbf16>
}

// -----

// Integer identities fold too.
// CHECK-LABEL: func.func @integer_identities
// CHECK-SAME: (%[[X:.+]]: tensor<4xi32>)
// CHECK-NOT: orion.add
// CHECK-NOT: orion.mul
// CHECK-NOT: orion.div
// CHECK: return %[[X]], %[[X]], %[[X]]
func.func @integer_identities(%x: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %zero = orion.constant dense<0> : tensor<i32>
  %one = orion.constant dense<1> : tensor<4xi32>
  %0 = orion.add %zero, %x : tensor<i32>, tensor<4xi32>
  %1 = orion.mul %one, %x : tensor<4xi32>
  %2 = orion.div %x, %one : tensor<4xi32>
  return %0, %1, %2 : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}

// -----

// A constant written out element by element is still a splat.
// CHECK-LABEL: func.func @mul_ones_written_out
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK-NOT: orion.mul
// CHECK: return %[[X]]
func.func @mul_ones_written_out(%x: tensor<4xf32>) -> tensor<4xf32> {
  %ones = orion.constant dense<[1.0, 1.0, 1.0, 1.0]> : tensor<4xf32>
  %0 = orion.mul %x, %ones : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Broadcasting widens x: the result is a [2, 4] tensor, so x * 1 is not x.
// CHECK-LABEL: func.func @mul_one_broadcast_kept
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK: %[[ONE:.+]] = orion.constant dense<1.000000e+00> : tensor<2x4xf32>
// CHECK: %[[M:.+]] = orion.mul %[[X]], %[[ONE]] : tensor<4xf32>, tensor<2x4xf32>
// CHECK: return %[[M]]
func.func @mul_one_broadcast_kept(%x: tensor<4xf32>) -> tensor<2x4xf32> {
  %ones = orion.constant dense<1.0> : tensor<2x4xf32>
  %0 = orion.mul %x, %ones : tensor<4xf32>, tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @add_zero_broadcast_kept
// CHECK-COUNT-2: orion.add
func.func @add_zero_broadcast_kept(%s: tensor<f32>, %x: tensor<1x8xf32>) -> (tensor<8xf32>, tensor<3x8xf32>) {
  %zeros = orion.constant dense<0.0> : tensor<8xf32>
  %zeros2 = orion.constant dense<0.0> : tensor<3x1xf32>
  %0 = orion.add %s, %zeros : tensor<f32>, tensor<8xf32>
  %1 = orion.add %zeros2, %x : tensor<3x1xf32>, tensor<1x8xf32>
  return %0, %1 : tensor<8xf32>, tensor<3x8xf32>
}

// -----

// CHECK-LABEL: func.func @not_identity_constant_kept
// CHECK: orion.mul
// CHECK: orion.add
// CHECK: orion.div
// CHECK: orion.pow
// CHECK: orion.sub
func.func @not_identity_constant_kept(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %two = orion.constant dense<2.0> : tensor<f32>
  %one = orion.constant dense<1.0> : tensor<f32>
  %0 = orion.mul %x, %two : tensor<4xf32>, tensor<f32>
  // x + 1 and x - 1 are not identities; x / 2 and x ^ 2 neither.
  %1 = orion.add %x, %one : tensor<4xf32>, tensor<f32>
  %2 = orion.div %x, %two : tensor<4xf32>, tensor<f32>
  %3 = orion.pow %x, %two : tensor<4xf32>, tensor<f32>
  %4 = orion.sub %x, %one : tensor<4xf32>, tensor<f32>
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @non_splat_kept
// CHECK-DAG: %[[C:.+]] = orion.constant dense<[1.000000e+00, 1.000000e+00, 1.000000e+00, 2.000000e+00]> : tensor<4xf32>
// CHECK-DAG: %[[Z:.+]] = orion.constant dense<[0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00]> : tensor<4xf32>
// CHECK: orion.mul %{{.+}}, %[[C]]
// CHECK: orion.add %{{.+}}, %[[Z]]
func.func @non_splat_kept(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %c = orion.constant dense<[1.0, 1.0, 1.0, 2.0]> : tensor<4xf32>
  %0 = orion.mul %x, %c : tensor<4xf32>
  %z = orion.constant dense<[0.0, 1.0, 0.0, 0.0]> : tensor<4xf32>
  %1 = orion.add %x, %z : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Only the right operand of sub, div and pow is an identity: 0 - x, 1 / x
// and 1 ^ x are not x.
// CHECK-LABEL: func.func @identity_on_wrong_side_kept
// CHECK: orion.sub
// CHECK: orion.div
// CHECK: orion.pow
func.func @identity_on_wrong_side_kept(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %zero = orion.constant dense<0.0> : tensor<4xf32>
  %one = orion.constant dense<1.0> : tensor<4xf32>
  %0 = orion.sub %zero, %x : tensor<4xf32>
  %1 = orion.div %one, %x : tensor<4xf32>
  %2 = orion.pow %one, %x : tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// x * 0 is not 0 for NaN or infinities: no fold.
// CHECK-LABEL: func.func @mul_zero_kept
// CHECK: orion.mul
func.func @mul_zero_kept(%x: tensor<4xf32>) -> tensor<4xf32> {
  %zero = orion.constant dense<0.0> : tensor<4xf32>
  %0 = orion.mul %x, %zero : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A parameter is not a constant, whatever its name.
// CHECK-LABEL: func.func @param_not_folded
// CHECK: orion.param "ones"
// CHECK: orion.mul
func.func @param_not_folded(%x: tensor<4xf32>) -> tensor<4xf32> {
  %ones = orion.param "ones" : tensor<4xf32>
  %0 = orion.mul %x, %ones : tensor<4xf32>
  return %0 : tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// orion.neg
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @neg_neg
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>, %[[I:.+]]: tensor<4xi32>)
// CHECK-NOT: orion.neg
// CHECK: return %[[X]], %[[I]]
func.func @neg_neg(%x: tensor<4xf32>, %i: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xi32>) {
  %0 = orion.neg %x : tensor<4xf32>
  %1 = orion.neg %0 : tensor<4xf32>
  %2 = orion.neg %i : tensor<4xi32>
  %3 = orion.neg %2 : tensor<4xi32>
  return %1, %3 : tensor<4xf32>, tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @neg_neg_neg
// CHECK-SAME: (%[[X:.+]]: tensor<4xf16>)
// CHECK: %[[N:.+]] = orion.neg %[[X]] : tensor<4xf16>
// CHECK-NOT: orion.neg
// CHECK: return %[[N]]
func.func @neg_neg_neg(%x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = orion.neg %x : tensor<4xf16>
  %1 = orion.neg %0 : tensor<4xf16>
  %2 = orion.neg %1 : tensor<4xf16>
  return %2 : tensor<4xf16>
}

// -----

// CHECK-LABEL: func.func @neg_kept
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK: %[[N:.+]] = orion.neg %[[X]] : tensor<4xf32>
// CHECK: %[[E:.+]] = orion.exp %[[N]] : tensor<4xf32>
// CHECK: %[[M:.+]] = orion.neg %[[E]] : tensor<4xf32>
// CHECK: return %[[M]]
func.func @neg_kept(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = orion.neg %x : tensor<4xf32>
  %1 = orion.exp %0 : tensor<4xf32>
  %2 = orion.neg %1 : tensor<4xf32>
  return %2 : tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// orion.slice, orion.concat
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @slice_full
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>, %[[Y:.+]]: tensor<1x8xf32>)
// CHECK-NOT: orion.slice
// CHECK: return %[[X]], %[[Y]]
func.func @slice_full(%x: tensor<4x8xf32>, %y: tensor<1x8xf32>) -> (tensor<4x8xf32>, tensor<1x8xf32>) {
  %0 = orion.slice %x [0, 0] to [4, 8] : tensor<4x8xf32>
  // A step over a dimension of size 1 still takes the whole tensor.
  %1 = orion.slice %y [0, 0] to [1, 8] step [2, 1] : tensor<1x8xf32>
  return %0, %1 : tensor<4x8xf32>, tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func.func @slice_partial_kept
// CHECK-COUNT-2: orion.slice
func.func @slice_partial_kept(%x: tensor<4x8xf32>) -> (tensor<4x4xf32>, tensor<2x8xf32>) {
  %0 = orion.slice %x [0, 4] to [4, 8] : tensor<4x8xf32>
  %1 = orion.slice %x [0, 0] to [4, 8] step [2, 1] : tensor<4x8xf32>
  return %0, %1 : tensor<4x4xf32>, tensor<2x8xf32>
}

// -----

// CHECK-LABEL: func.func @concat_single
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK-NOT: orion.concat
// CHECK: return %[[X]]
func.func @concat_single(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = orion.concat(%x) axis = 1 : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// CHECK-LABEL: func.func @concat_kept
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK: %[[C:.+]] = orion.concat(%[[X]], %[[X]]) axis = 1 : tensor<4x8xf32>, tensor<4x8xf32>
// CHECK: return %[[C]]
func.func @concat_kept(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %0 = orion.concat(%x, %x) axis = 1 : tensor<4x8xf32>, tensor<4x8xf32>
  return %0 : tensor<4x16xf32>
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// -----

// Reducing size-1 dimensions while keeping them changes nothing.
// CHECK-LABEL: func.func @reduce_trivial
// CHECK-SAME: (%[[X:.+]]: tensor<4x1x8x1xf32>)
// CHECK-NOT: orion.reduce
// CHECK: return %[[X]], %[[X]], %[[X]]
func.func @reduce_trivial(%x: tensor<4x1x8x1xf32>) -> (tensor<4x1x8x1xf32>, tensor<4x1x8x1xf32>, tensor<4x1x8x1xf32>) {
  %0 = orion.reduce_sum %x [1] keep_dims : tensor<4x1x8x1xf32>
  %1 = orion.reduce_mean %x [1, 3] keep_dims : tensor<4x1x8x1xf32>
  %2 = orion.reduce_max %x [-1] keep_dims : tensor<4x1x8x1xf32>
  return %0, %1, %2 : tensor<4x1x8x1xf32>, tensor<4x1x8x1xf32>, tensor<4x1x8x1xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_kept
// CHECK-SAME: (%[[X:.+]]: tensor<4x1x8xf32>)
// CHECK: orion.reduce_sum %[[X]] [1] : tensor<4x1x8xf32>
// CHECK: orion.reduce_mean %[[X]] [2] keep_dims : tensor<4x1x8xf32>
// CHECK: orion.reduce_max %[[X]] [1, 2] keep_dims : tensor<4x1x8xf32>
func.func @reduce_kept(%x: tensor<4x1x8xf32>) -> (tensor<4x8xf32>, tensor<4x1x1xf32>, tensor<4x1x1xf32>) {
  // Without keep_dims the size-1 dimension is dropped: the type changes.
  %0 = orion.reduce_sum %x [1] : tensor<4x1x8xf32>
  // A real reduction over 8 elements.
  %1 = orion.reduce_mean %x [2] keep_dims : tensor<4x1x8xf32>
  %2 = orion.reduce_max %x [1, 2] keep_dims : tensor<4x1x8xf32>
  return %0, %1, %2 : tensor<4x8xf32>, tensor<4x1x1xf32>, tensor<4x1x1xf32>
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

// -----

// The canonicalizer deduplicates equal constants, hoists them to the top of
// the block and erases unused ones.
// CHECK-LABEL: func.func @constants_deduplicated
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK-NEXT: %[[C:.+]] = orion.constant dense<2.000000e+00> : tensor<4xf32>
// CHECK-NOT: orion.constant
// CHECK: %[[A:.+]] = orion.mul %[[X]], %[[C]] : tensor<4xf32>
// CHECK: %[[B:.+]] = orion.add %[[A]], %[[C]] : tensor<4xf32>
// CHECK: return %[[B]]
func.func @constants_deduplicated(%x: tensor<4xf32>) -> tensor<4xf32> {
  %unused = orion.constant dense<7.0> : tensor<3xf32>
  %c1 = orion.constant dense<2.0> : tensor<4xf32>
  %0 = orion.mul %x, %c1 : tensor<4xf32>
  %c2 = orion.constant dense<2.0> : tensor<4xf32>
  %1 = orion.add %0, %c2 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Equal values of different types stay separate constants.
// CHECK-LABEL: func.func @constants_different_types
// CHECK-DAG: orion.constant dense<2.000000e+00> : tensor<4xf32>
// CHECK-DAG: orion.constant dense<2.000000e+00> : tensor<4xf16>
// CHECK-DAG: orion.constant dense<2> : tensor<4xi32>
func.func @constants_different_types() -> (tensor<4xf32>, tensor<4xf16>, tensor<4xi32>) {
  %0 = orion.constant dense<2.0> : tensor<4xf32>
  %1 = orion.constant dense<2.0> : tensor<4xf16>
  %2 = orion.constant dense<2> : tensor<4xi32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf16>, tensor<4xi32>
}

// -----

// Pure ops without users are erased; params, too.
// CHECK-LABEL: func.func @dead_ops_erased
// CHECK-NEXT: return
func.func @dead_ops_erased(%x: tensor<4x8xf32>) {
  %w = orion.param "w" : tensor<8x8xf32>
  %0 = orion.linear %x, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %1 = orion.softmax %0 : tensor<4x8xf32>
  return
}

// -----

// Folds compose across a graph: everything here is the input.
// CHECK-LABEL: func.func @folds_compose
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf16>)
// CHECK-NEXT: return %[[X]]
func.func @folds_compose(%x: tensor<2x3xf16>) -> tensor<2x3xf16> {
  %one = orion.constant dense<1.0> : tensor<f32>
  %zero = orion.constant dense<0.0> : tensor<3x2xf32>
  %0 = orion.cast %x : tensor<2x3xf16> to tensor<2x3xf32>
  %1 = orion.transpose %0 [1, 0] : tensor<2x3xf32>
  %2 = orion.mul %1, %one : tensor<3x2xf32>, tensor<f32>
  %3 = orion.add %zero, %2 : tensor<3x2xf32>
  %4 = orion.reshape %3 : tensor<3x2xf32> -> tensor<6xf32>
  %5 = orion.reshape %4 : tensor<6xf32> -> tensor<3x2xf32>
  %6 = orion.neg %5 : tensor<3x2xf32>
  %7 = orion.neg %6 : tensor<3x2xf32>
  %8 = orion.transpose %7 [1, 0] : tensor<3x2xf32>
  %9 = orion.concat(%8) axis = 0 : tensor<2x3xf32>
  %10 = orion.slice %9 [0, 0] to [2, 3] : tensor<2x3xf32>
  %11 = orion.cast %10 : tensor<2x3xf32> to tensor<2x3xf16>
  return %11 : tensor<2x3xf16>
}
