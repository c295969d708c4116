// RUN: orion-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// #mil.blob<"path", offset> : tensor<...> names a blob of a MILBlob v2
// BLOBFILE; the offset is that of the blob's 64-byte metadata block.

// CHECK-LABEL: func.func @weights(
// CHECK: mil.const #mil.blob<"@model_path/layer0/wq.bin", 64> : tensor<768x768x1x1xf16>
// CHECK: mil.const #mil.blob<"@model_path/masks/causal_256.bin", 64> : tensor<1x1x256x256xf16>
// CHECK: mil.const #mil.blob<"@model_path/weights/weight.bin", 1179776> : tensor<3072x768x1x1xf16>
// CHECK: mil.const #mil.blob<"@model_path/weights/weight.bin", 0> : tensor<f32>
func.func @weights() -> (tensor<768x768x1x1xf16>, tensor<1x1x256x256xf16>, tensor<3072x768x1x1xf16>, tensor<f32>) {
  %0 = mil.const #mil.blob<"@model_path/layer0/wq.bin", 64> : tensor<768x768x1x1xf16>
  %1 = mil.const #mil.blob<"@model_path/masks/causal_256.bin", 64> : tensor<1x1x256x256xf16>
  %2 = mil.const #mil.blob<"@model_path/weights/weight.bin", 1179776> : tensor<3072x768x1x1xf16>
  %3 = mil.const #mil.blob<"@model_path/weights/weight.bin", 0> : tensor<f32>
  return %0, %1, %2, %3 : tensor<768x768x1x1xf16>, tensor<1x1x256x256xf16>, tensor<3072x768x1x1xf16>, tensor<f32>
}

// -----

// The attribute also stands alone, e.g. as a discardable attribute.
// CHECK-LABEL: func.func @attr_only(
// CHECK-SAME: mil.weight = #mil.blob<"@model_path/w.bin", 128> : tensor<4xf16>
func.func @attr_only() attributes {mil.weight = #mil.blob<"@model_path/w.bin", 128> : tensor<4xf16>} {
  return
}

// -----

func.func @unaligned() {
  // expected-error @+1 {{BLOBFILE offset 100 is not 64-byte aligned (it names a blob's metadata block)}}
  %0 = mil.const #mil.blob<"@model_path/w.bin", 100> : tensor<4xf16>
  return
}

// -----

func.func @empty_path() {
  // expected-error @+1 {{BLOBFILE path must not be empty}}
  %0 = mil.const #mil.blob<"", 64> : tensor<4xf16>
  return
}

// -----

func.func @dynamic() {
  // expected-error @+1 {{BLOBFILE value needs a static tensor type, got 'tensor<?x4xf16>'}}
  %0 = mil.const #mil.blob<"@model_path/w.bin", 64> : tensor<?x4xf16>
  return
}

// -----

func.func @not_a_tensor() {
  // expected-error @+1 {{BLOBFILE value needs a static tensor type, got 'f16'}}
  %0 = mil.const #mil.blob<"@model_path/w.bin", 64> : f16
  return
}

// -----

func.func @missing_offset() {
  // expected-error @+1 {{expected ','}}
  %0 = mil.const #mil.blob<"@model_path/w.bin"> : tensor<4xf16>
  return
}
