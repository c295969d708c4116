// RUN: orion-opt %s -split-input-file -mil-assign-blobs | FileCheck %s
// RUN: orion-opt %s -split-input-file -mil-assign-blobs="path=@model_path/w.bin inline-limit=4" | FileCheck %s --check-prefix=OPTS

// -mil-assign-blobs packs each function's weights into one BLOBFILE laid out
// like coremltools' MILBlob v2: a 64-byte file header, then per blob a
// 64-byte metadata block (whose offset the #mil.blob holds) followed by the
// data, every block 64-byte aligned. So the first blob is at 64 and the next
// at align64(offset + 64 + bytes), in op order.

// 768x768x1x1xf16 = 1179648 bytes:        64 + 64 + 1179648 = 1179776
// 1x768x1x1xf16   = 1536 bytes:      1179776 + 64 + 1536    = 1181376
// 2304x768x1x1xf16 = 3538944 bytes:  1181376 + 64 + 3538944 = 4720384

// CHECK-LABEL: func.func @weights(
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 64> : tensor<768x768x1x1xf16> {mil.name = "q_W", mil.sources = [#mil.source<"layers.0.attention.wq", [768, 768]>]}
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 1179776> : tensor<1x768x1x1xf16> {mil.sources = [#mil.source<"layers.0.attention_norm.weight", [768]>]}
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 1181376> : tensor<2304x768x1x1xf16> {mil.sources = [#mil.source<"h.0.attn.c_attn.weight", [768, 2304], slice = [1, 0, 768], perm = [1, 0]>, #mil.source<"h.0.attn.c_attn.weight", [768, 2304], slice = [1, 768, 1536], perm = [1, 0]>, #mil.source<"h.0.attn.c_attn.weight", [768, 2304], slice = [1, 1536, 2304], perm = [1, 0]>]}
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 4720384> : tensor<1x768x1x1xf16> {mil.sources = [#mil.source<"layers.0.attention_norm.weight", [768]>]}
// CHECK-NEXT:    return

// OPTS-LABEL: func.func @weights(
// OPTS-NEXT:    mil.const #mil.blob<"@model_path/w.bin", 64> : tensor<768x768x1x1xf16>
// OPTS-NEXT:    mil.const #mil.blob<"@model_path/w.bin", 1179776> : tensor<1x768x1x1xf16>
// OPTS-NEXT:    mil.const #mil.blob<"@model_path/w.bin", 1181376> : tensor<2304x768x1x1xf16>
// OPTS-NEXT:    mil.const #mil.blob<"@model_path/w.bin", 4720384> : tensor<1x768x1x1xf16>
func.func @weights() -> (tensor<768x768x1x1xf16>, tensor<1x768x1x1xf16>, tensor<2304x768x1x1xf16>, tensor<1x768x1x1xf16>) {
  %wq = mil.const #mil.weight<[#mil.source<"layers.0.attention.wq", [768, 768]>]> : tensor<768x768x1x1xf16> {mil.name = "q_W"}
  %g = mil.const #mil.weight<[#mil.source<"layers.0.attention_norm.weight", [768]>]> : tensor<1x768x1x1xf16>
  // A fused QKV weight: three slices of one parameter, transposed.
  %qkv = mil.const #mil.weight<[#mil.source<"h.0.attn.c_attn.weight", [768, 2304], slice = [1, 0, 768], perm = [1, 0]>, #mil.source<"h.0.attn.c_attn.weight", [768, 2304], slice = [1, 768, 1536], perm = [1, 0]>, #mil.source<"h.0.attn.c_attn.weight", [768, 2304], slice = [1, 1536, 2304], perm = [1, 0]>]> : tensor<2304x768x1x1xf16>
  // The same parameter twice is two blobs.
  %g2 = mil.const #mil.weight<[#mil.source<"layers.0.attention_norm.weight", [768]>]> : tensor<1x768x1x1xf16>
  return %wq, %g, %qkv, %g2 : tensor<768x768x1x1xf16>, tensor<1x768x1x1xf16>, tensor<2304x768x1x1xf16>, tensor<1x768x1x1xf16>
}

// -----

// Dense fp16/fp32 consts with more than inline-limit (64) elements move to
// the blob, their values kept in `mil.value`; int32, bool and small float
// consts stay inline. Data sizes are padded to 64 bytes:
//   1x1x64x64xf16 (mask) = 8192 bytes at 64:    64 + 64 + 8192 = 8320
//   65xf32 = 260 bytes at 8320:   8320 + 64 + 260 = 8644 -> 8704
//   3x1x1x1xf32 weight = 12 bytes at 8704:  8704 + 64 + 12 = 8780 -> 8832
//   65xf16 = 130 bytes at 8832

// CHECK-LABEL: func.func @dense(
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 64> : tensor<1x1x64x64xf16> {mil.value = dense<-1.000000e+04> : tensor<1x1x64x64xf16>}
// CHECK-NEXT:    mil.const dense<[0, 1, 3, 2]> : tensor<4xi32>
// CHECK-NEXT:    mil.const dense<2> : tensor<100xi32>
// CHECK-NEXT:    mil.const dense<true> : tensor<100xi1>
// CHECK-NEXT:    mil.const dense<1.000000e+00> : tensor<8xf16>
// CHECK-NEXT:    mil.const dense<2.000000e+00> : tensor<64xf16>
// CHECK-NEXT:    mil.const dense<1.001360e-05> : tensor<f16>
// CHECK-NEXT:    mil.const "fp16" : !mil.string
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 8320> : tensor<65xf32> {mil.value = dense<2.000000e+00> : tensor<65xf32>}
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 8704> : tensor<3x1x1x1xf32> {mil.sources = [#mil.source<"b", [3]>]}
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 8832> : tensor<65xf16> {mil.value = dense<[0.000000e+00, 1.000000e+00, {{.*}}]> : tensor<65xf16>}
// CHECK-NEXT:    return

// With inline-limit=4 the 8xf16 and 64xf16 consts move too (the scalar and
// the int32 ones never do):
//   8xf16 = 16 bytes at 8320: 8320 + 64 + 16 = 8400 -> 8448
//   64xf16 = 128 bytes at 8448: 8448 + 64 + 128 = 8640
//   65xf32 at 8640: 8640 + 64 + 260 = 8964 -> 9024;  3xf32 at 9024 -> 9152
// OPTS-LABEL: func.func @dense(
// OPTS-NEXT:    mil.const #mil.blob<"@model_path/w.bin", 64> : tensor<1x1x64x64xf16>
// OPTS-NEXT:    mil.const dense<[0, 1, 3, 2]> : tensor<4xi32>
// OPTS-NEXT:    mil.const dense<2> : tensor<100xi32>
// OPTS-NEXT:    mil.const dense<true> : tensor<100xi1>
// OPTS-NEXT:    mil.const #mil.blob<"@model_path/w.bin", 8320> : tensor<8xf16> {mil.value = dense<1.000000e+00> : tensor<8xf16>}
// OPTS-NEXT:    mil.const #mil.blob<"@model_path/w.bin", 8448> : tensor<64xf16> {mil.value = dense<2.000000e+00> : tensor<64xf16>}
// OPTS-NEXT:    mil.const dense<1.001360e-05> : tensor<f16>
// OPTS-NEXT:    mil.const "fp16" : !mil.string
// OPTS-NEXT:    mil.const #mil.blob<"@model_path/w.bin", 8640> : tensor<65xf32>
// OPTS-NEXT:    mil.const #mil.blob<"@model_path/w.bin", 9024> : tensor<3x1x1x1xf32>
// OPTS-NEXT:    mil.const #mil.blob<"@model_path/w.bin", 9152> : tensor<65xf16>
func.func @dense() {
  %mask = mil.const dense<-1.0e4> : tensor<1x1x64x64xf16>
  %perm = mil.const dense<[0, 1, 3, 2]> : tensor<4xi32>
  %ints = mil.const dense<2> : tensor<100xi32>
  %bools = mil.const dense<true> : tensor<100xi1>
  %small = mil.const dense<1.0> : tensor<8xf16>
  %limit = mil.const dense<2.0> : tensor<64xf16>
  %eps = mil.const dense<1.0e-05> : tensor<f16>
  %dt = mil.const "fp16" : !mil.string
  %f32 = mil.const dense<2.0> : tensor<65xf32>
  %b = mil.const #mil.weight<[#mil.source<"b", [3]>]> : tensor<3x1x1x1xf32>
  %ramp = mil.const dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0, 37.0, 38.0, 39.0, 40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 46.0, 47.0, 48.0, 49.0, 50.0, 51.0, 52.0, 53.0, 54.0, 55.0, 56.0, 57.0, 58.0, 59.0, 60.0, 61.0, 62.0, 63.0, 64.0]> : tensor<65xf16>
  return
}

// -----

// Blobs already in the function's BLOBFILE (e.g. imported MIL) keep their
// offsets, and new ones go after the last of them, whatever the op order.
// Blobs in other files do not count.
//   768x768x1x1xf16 at 1179776 ends at 1179776 + 64 + 1179648 = 2359488
//   4xf16 at 2359488: 2359488 + 64 + 8 = 2359560 -> 2359616

// CHECK-LABEL: func.func @existing(
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 2359488> : tensor<4xf16> {mil.sources = [#mil.source<"new.0", [4]>]}
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 64> : tensor<768x768x1x1xf16>{{$}}
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 1179776> : tensor<768x768x1x1xf16>{{$}}
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/masks/causal_256.bin", 64> : tensor<1x1x256x256xf16>{{$}}
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 2359616> : tensor<4xf16> {mil.sources = [#mil.source<"new.1", [4]>]}
// CHECK-NEXT:    return

// In another path, the existing weight.bin blobs do not count and the new
// blobs start at 64:  4xf16 at 64: 64 + 64 + 8 = 136 -> 192.
// OPTS-LABEL: func.func @existing(
// OPTS-NEXT:    mil.const #mil.blob<"@model_path/w.bin", 64> : tensor<4xf16>
// OPTS-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 64> : tensor<768x768x1x1xf16>
// OPTS-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 1179776> : tensor<768x768x1x1xf16>
// OPTS-NEXT:    mil.const #mil.blob<"@model_path/masks/causal_256.bin", 64> : tensor<1x1x256x256xf16>
// OPTS-NEXT:    mil.const #mil.blob<"@model_path/w.bin", 192> : tensor<4xf16>
func.func @existing() {
  %new0 = mil.const #mil.weight<[#mil.source<"new.0", [4]>]> : tensor<4xf16>
  %a = mil.const #mil.blob<"@model_path/weights/weight.bin", 64> : tensor<768x768x1x1xf16>
  %b = mil.const #mil.blob<"@model_path/weights/weight.bin", 1179776> : tensor<768x768x1x1xf16>
  %mask = mil.const #mil.blob<"@model_path/masks/causal_256.bin", 64> : tensor<1x1x256x256xf16>
  %new1 = mil.const #mil.weight<[#mil.source<"new.1", [4]>]> : tensor<4xf16>
  return
}

// -----

// Offsets depend only on the sequence of blob sizes: functions with the same
// shapes but different weight names and values get identical offsets (what
// lets `orion patch` rewrite weights without recompiling), and each function
// has its own BLOBFILE starting at 64.
//   1x768x1x1xf16 at 64: 64 + 64 + 1536 = 1664
//   1x1x64x64xf16 at 1664: 1664 + 64 + 8192 = 9920

// CHECK-LABEL: func.func @layer0(
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 64> : tensor<1x768x1x1xf16> {mil.sources = [#mil.source<"layers.0.ffn_norm.weight", [768]>]}
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 1664> : tensor<1x1x64x64xf16> {mil.value = dense<0.000000e+00> : tensor<1x1x64x64xf16>}
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 9920> : tensor<768x768x1x1xf16> {mil.sources = [#mil.source<"layers.0.feed_forward.w1", [768, 768]>]}
// CHECK-LABEL: func.func @layer11(
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 64> : tensor<1x768x1x1xf16> {mil.sources = [#mil.source<"layers.11.ffn_norm.weight", [768]>]}
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 1664> : tensor<1x1x64x64xf16> {mil.value = dense<-1.000000e+04> : tensor<1x1x64x64xf16>}
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 9920> : tensor<768x768x1x1xf16> {mil.sources = [#mil.source<"layers.11.feed_forward.w1", [768, 768], slice = [0, 0, 768]>]}
func.func @layer0() {
  %n = mil.const #mil.weight<[#mil.source<"layers.0.ffn_norm.weight", [768]>]> : tensor<1x768x1x1xf16>
  %m = mil.const dense<0.0> : tensor<1x1x64x64xf16>
  %w = mil.const #mil.weight<[#mil.source<"layers.0.feed_forward.w1", [768, 768]>]> : tensor<768x768x1x1xf16>
  return
}
func.func @layer11() {
  %n = mil.const #mil.weight<[#mil.source<"layers.11.ffn_norm.weight", [768]>]> : tensor<1x768x1x1xf16>
  %m = mil.const dense<-1.0e4> : tensor<1x1x64x64xf16>
  %w = mil.const #mil.weight<[#mil.source<"layers.11.feed_forward.w1", [768, 768], slice = [0, 0, 768]>]> : tensor<768x768x1x1xf16>
  return
}

// -----

// Running the pass again changes nothing: no weights are left, and the
// blobs it made are existing blobs.

// CHECK-LABEL: func.func @idempotent(
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 64> : tensor<4xf16> {mil.sources = [#mil.source<"w", [4]>]}
// CHECK-NEXT:    mil.const #mil.blob<"@model_path/weights/weight.bin", 192> : tensor<65xf16> {mil.value = dense<1.000000e+00> : tensor<65xf16>}
func.func @idempotent() {
  %w = mil.const #mil.blob<"@model_path/weights/weight.bin", 64> : tensor<4xf16> {mil.sources = [#mil.source<"w", [4]>]}
  %v = mil.const #mil.blob<"@model_path/weights/weight.bin", 192> : tensor<65xf16> {mil.value = dense<1.0> : tensor<65xf16>}
  return
}
