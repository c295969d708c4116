// RUN: orion-opt %s -split-input-file -verify-diagnostics -orion-partition='sram-budget-mb=0.25'

// A kernel whose fp16 weights and I/O exceed the SRAM budget gets a warning.
// expected-remark @below {{partitioned @f into 1 kernels (1 ANE, 0 CPU): 1 ANE dispatches and 0 CPU/ANE transfers per call}}
func.func @f(%x: tensor<64x512xf32>) -> tensor<64x512xf32> {
  // The kernel is located at its first op.
  %w = orion.param "w" : tensor<512x512xf32>
  // expected-warning @below {{working set of about 0.6 MiB (fp16 weights and I/O) exceeds the 0.2 MiB SRAM budget; expect DRAM spills}}
  %y = orion.linear %x, %w : tensor<64x512xf32>, tensor<512x512xf32>
  return %y : tensor<64x512xf32>
}

// -----

func.func @a(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
// expected-error @below {{orion-partition expects one public model function, found @a and @b}}
func.func @b(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

func.func @f() -> tensor<4xf32> {
  %w = orion.param "w" : tensor<4xf32>
  // expected-error @below {{the model returns a parameter or constant; no kernel computes it}}
  return %w : tensor<4xf32>
}
