// RUN: orion-opt %s -split-input-file -orion-fuse-cleanup | FileCheck %s

// A transpose that only moves size-1 dimensions moves no data: it becomes a
// reshape, and the reshape folder merges the whole chain into one.

// CHECK-LABEL: func.func @unit_transpose_chain
// CHECK-SAME: (%[[X:.+]]: tensor<1x12x64xf32>)
// CHECK-NEXT: %[[R:.+]] = orion.reshape %[[X]] : tensor<1x12x64xf32> -> tensor<4x3x64xf32>
// CHECK-NEXT: return %[[R]]
func.func @unit_transpose_chain(%x: tensor<1x12x64xf32>) -> tensor<4x3x64xf32> {
  %t = orion.transpose %x [1, 0, 2] : tensor<1x12x64xf32>
  %r = orion.reshape %t : tensor<12x1x64xf32> -> tensor<4x3x64xf32>
  return %r : tensor<4x3x64xf32>
}

// -----

// A transpose that reorders two non-unit dimensions moves data and stays.

// CHECK-LABEL: func.func @real_transpose
// CHECK: orion.transpose %{{.+}} [1, 0, 2] : tensor<2x12x64xf32>
func.func @real_transpose(%x: tensor<2x12x64xf32>) -> tensor<12x2x64xf32> {
  %t = orion.transpose %x [1, 0, 2] : tensor<2x12x64xf32>
  return %t : tensor<12x2x64xf32>
}

// -----

// Heads out of attention and back into the next one: reshape(reshape) is
// merged by the folder into an identity, which exposes transpose(transpose)
// to the transpose folder. Nothing is left.

// CHECK-LABEL: func.func @heads_round_trip
// CHECK-SAME: (%[[X:.+]]: tensor<12x256x64xf32>)
// CHECK-NEXT: return %[[X]]
func.func @heads_round_trip(%x: tensor<12x256x64xf32>) -> tensor<12x256x64xf32> {
  %t = orion.transpose %x [1, 0, 2] : tensor<12x256x64xf32>
  %p = orion.reshape %t : tensor<256x12x64xf32> -> tensor<256x768xf32>
  %u = orion.reshape %p : tensor<256x768xf32> -> tensor<256x12x64xf32>
  %h = orion.transpose %u [1, 0, 2] : tensor<256x12x64xf32>
  return %h : tensor<12x256x64xf32>
}

// -----

// f16 -> f32 is exact, so f16 -> f32 -> bf16 rounds once either way.

// CHECK-LABEL: func.func @cast_through_widening
// CHECK-SAME: (%[[X:.+]]: tensor<4xf16>)
// CHECK-NEXT: %[[C:.+]] = orion.cast %[[X]] : tensor<4xf16> to tensor<4xbf16>
// CHECK-NEXT: return %[[C]]
func.func @cast_through_widening(%x: tensor<4xf16>) -> tensor<4xbf16> {
  %a = orion.cast %x : tensor<4xf16> to tensor<4xf32>
  %b = orion.cast %a : tensor<4xf32> to tensor<4xbf16>
  return %b : tensor<4xbf16>
}

// -----

// The f16 <-> f32 round trip is the cast folder's case.

// CHECK-LABEL: func.func @cast_round_trip
// CHECK-SAME: (%[[X:.+]]: tensor<4xf16>)
// CHECK-NEXT: return %[[X]]
func.func @cast_round_trip(%x: tensor<4xf16>) -> tensor<4xf16> {
  %a = orion.cast %x : tensor<4xf16> to tensor<4xf32>
  %b = orion.cast %a : tensor<4xf32> to tensor<4xf16>
  return %b : tensor<4xf16>
}

// -----

// f32 -> f16 rounds: both casts stay, whatever the last type.

// CHECK-LABEL: func.func @cast_lossy
// CHECK: orion.cast %{{.+}} : tensor<4xf32> to tensor<4xf16>
// CHECK: orion.cast %{{.+}} : tensor<4xf16> to tensor<4xf32>
// CHECK: orion.cast %{{.+}} : tensor<4xf32> to tensor<4xbf16>
// CHECK: orion.cast %{{.+}} : tensor<4xbf16> to tensor<4xf16>
func.func @cast_lossy(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf16>) {
  %a = orion.cast %x : tensor<4xf32> to tensor<4xf16>
  %b = orion.cast %a : tensor<4xf16> to tensor<4xf32>
  %c = orion.cast %x : tensor<4xf32> to tensor<4xbf16>
  %d = orion.cast %c : tensor<4xbf16> to tensor<4xf16>
  return %b, %d : tensor<4xf32>, tensor<4xf16>
}

// -----

// Reducing only size-1 dimensions without keep_dims is a reshape; with
// keep_dims it is the reduce folder's identity.

// CHECK-LABEL: func.func @unit_reduce
// CHECK-SAME: (%[[X:.+]]: tensor<4x1x8xf32>)
// CHECK-NEXT: %[[R:.+]] = orion.reshape %[[X]] : tensor<4x1x8xf32> -> tensor<4x8xf32>
// CHECK-NEXT: return %[[R]], %[[X]]
func.func @unit_reduce(%x: tensor<4x1x8xf32>) -> (tensor<4x8xf32>, tensor<4x1x8xf32>) {
  %s = orion.reduce_sum %x [1] : tensor<4x1x8xf32>
  %m = orion.reduce_max %x [-2] keep_dims : tensor<4x1x8xf32>
  return %s, %m : tensor<4x8xf32>, tensor<4x1x8xf32>
}

// -----

// CHECK-LABEL: func.func @real_reduce
// CHECK: orion.reduce_mean %{{.+}} [1, 2] : tensor<4x1x8xf32>
func.func @real_reduce(%x: tensor<4x1x8xf32>) -> tensor<4xf32> {
  %m = orion.reduce_mean %x [1, 2] : tensor<4x1x8xf32>
  return %m : tensor<4xf32>
}

// -----

// A one-piece split is its input; concat of a split's pieces, in order on
// the same axis, is the split's input.

// CHECK-LABEL: func.func @split_identities
// CHECK-SAME: (%[[X:.+]]: tensor<4x24xf32>)
// CHECK-NEXT: return %[[X]], %[[X]]
func.func @split_identities(%x: tensor<4x24xf32>) -> (tensor<4x24xf32>, tensor<4x24xf32>) {
  %one = orion.split %x axis = 1 sizes = [24] : tensor<4x24xf32>
  %a, %b, %c = orion.split %x axis = -1 sizes = [8, 8, 8] : tensor<4x24xf32>
  %y = orion.concat(%a, %b, %c) axis = 1 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
  return %one, %y : tensor<4x24xf32>, tensor<4x24xf32>
}

// -----

// Pieces out of order are a real permutation of the data.

// CHECK-LABEL: func.func @concat_reordered
// CHECK: %[[S:.+]]:2 = orion.split
// CHECK: orion.concat(%[[S]]#1, %[[S]]#0) axis = 1
func.func @concat_reordered(%x: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %a, %b = orion.split %x axis = 1 sizes = [8, 8] : tensor<4x16xf32>
  %y = orion.concat(%b, %a) axis = 1 : tensor<4x8xf32>, tensor<4x8xf32>
  return %y : tensor<4x16xf32>
}

// -----

// split(concat(a, b)) into the concatenated pieces is (a, b); other sizes
// are a real re-cut and stay.

// CHECK-LABEL: func.func @split_of_concat
// CHECK-SAME: (%[[A:.+]]: tensor<4x8xf32>, %[[B:.+]]: tensor<4x4xf32>)
// CHECK: %[[C:.+]] = orion.concat(%[[A]], %[[B]]) axis = 1
// CHECK: %[[S:.+]]:2 = orion.split %[[C]] axis = 1 sizes = [6, 6]
// CHECK: return %[[B]], %[[A]], %[[S]]#0
func.func @split_of_concat(%a: tensor<4x8xf32>, %b: tensor<4x4xf32>) -> (tensor<4x4xf32>, tensor<4x8xf32>, tensor<4x6xf32>) {
  %c = orion.concat(%a, %b) axis = 1 : tensor<4x8xf32>, tensor<4x4xf32>
  %x, %y = orion.split %c axis = 1 sizes = [8, 4] : tensor<4x12xf32>
  %p, %q = orion.split %c axis = 1 sizes = [6, 6] : tensor<4x12xf32>
  return %y, %x, %p : tensor<4x4xf32>, tensor<4x8xf32>, tensor<4x6xf32>
}

// -----

// The ops' own folders and patterns run too (x + 0, neg(neg x)), and dead
// ops, including unused parameters, go.

// CHECK-LABEL: func.func @identities_and_dead_code
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK-NOT: orion.
// CHECK: return %[[X]]
func.func @identities_and_dead_code(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %zero = orion.constant dense<0.0> : tensor<f32>
  %unused = orion.param "unused" : tensor<8x8xf32>
  %dead = orion.exp %x : tensor<4x8xf32>
  %a = orion.add %x, %zero : tensor<4x8xf32>, tensor<f32>
  %n = orion.neg %a : tensor<4x8xf32>
  %y = orion.neg %n : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// Adding zero that widens x by broadcasting is not an identity.

// CHECK-LABEL: func.func @broadcast_add_zero
// CHECK: orion.add
func.func @broadcast_add_zero(%x: tensor<8xf32>) -> tensor<4x8xf32> {
  %zero = orion.constant dense<0.0> : tensor<4x8xf32>
  %a = orion.add %x, %zero : tensor<8xf32>, tensor<4x8xf32>
  return %a : tensor<4x8xf32>
}
