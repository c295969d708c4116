// RUN: orion-opt %s -split-input-file -verify-diagnostics -orion-assign-layout
// RUN: not orion-opt %s -orion-assign-layout='min-surface-bytes=0' 2>&1 | FileCheck %s --check-prefix=OPT

// OPT: error: min-surface-bytes must be positive

// expected-error @below {{ANE kernel argument #0 must be a static float tensor, got 'tensor<?x16xf32>'}}
func.func private @bad_arg(%x: tensor<?x16xf32>) -> tensor<?x16xf32> attributes {orion.device = "ane"} {
  return %x : tensor<?x16xf32>
}

// -----

// expected-error @below {{ANE kernel result #0 must be a static float tensor, got 'tensor<8x16xi32>'}}
func.func private @bad_result(%x: tensor<8x16xf32>) -> tensor<8x16xi32> attributes {orion.device = "ane"} {
  %0 = orion.cast %x : tensor<8x16xf32> to tensor<8x16xi32>
  return %0 : tensor<8x16xi32>
}
