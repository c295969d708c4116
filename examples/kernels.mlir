// Two hand-written ANE kernels in the mil dialect, as convert-orion-to-mil
// will produce them: a fused QKV projection (one blob built from three
// parameters) and an MLP projection with a transposed and a sliced weight.
// `orion compile examples/kernels.mlir -o pkg` makes a package of them;
// `orion patch pkg --weights STORE` fills the weights.
func.func @attn(%x: tensor<1x64x1x32xf16>) -> tensor<1x192x1x32xf16> {
  %w = mil.const #mil.weight<[#mil.source<"layers.0.wq", [64, 64]>, #mil.source<"layers.0.wk", [64, 64]>, #mil.source<"layers.0.wv", [64, 64]>]> : tensor<192x64x1x1xf16> {mil.name = "qkv_W"}
  %g = mil.const #mil.weight<[#mil.source<"layers.0.norm", [64]>]> : tensor<1x64x1x1xf16> {mil.name = "norm_w"}
  %n = mil.mul(x = %x, y = %g) {mil.name = "normed"} : (tensor<1x64x1x32xf16>, tensor<1x64x1x1xf16>) -> tensor<1x64x1x32xf16>
  %c = mil.conv(weight = %w, x = %n) {mil.name = "qkv"} : (tensor<192x64x1x1xf16>, tensor<1x64x1x32xf16>) -> tensor<1x192x1x32xf16>
  return %c : tensor<1x192x1x32xf16>
}

func.func @ffn(%x: tensor<1x64x1x32xf16>) -> (tensor<1x128x1x32xf16>, tensor<1x64x1x32xf16>) {
  %w1 = mil.const #mil.weight<[#mil.source<"layers.0.w1", [128, 64]>]> : tensor<128x64x1x1xf16> {mil.name = "w1_W"}
  %wk = mil.const #mil.weight<[#mil.source<"fused.c_attn", [64, 192], slice = [1, 64, 128], perm = [1, 0]>]> : tensor<64x64x1x1xf16> {mil.name = "k_W"}
  %h = mil.conv(weight = %w1, x = %x) {mil.name = "hidden"} : (tensor<128x64x1x1xf16>, tensor<1x64x1x32xf16>) -> tensor<1x128x1x32xf16>
  %k = mil.conv(weight = %wk, x = %x) {mil.name = "key"} : (tensor<64x64x1x1xf16>, tensor<1x64x1x32xf16>) -> tensor<1x64x1x32xf16>
  return %h, %k : tensor<1x128x1x32xf16>, tensor<1x64x1x32xf16>
}
