// RUN: orion-opt %s -split-input-file -verify-diagnostics

// One case per verifier message of the mil dialect (MILOps.cpp,
// MILVerifiers.cpp) and per ODS constraint kind used by its ops.

func.func @f() {
  // expected-error @+1 {{a string value needs type !mil.string, got 'tensor<i32>'}}
  %0 = "mil.const"() <{val = "fp16"}> : () -> tensor<i32>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{value type 'tensor<2xi32>' differs from result type 'tensor<3xi32>'}}
  %0 = "mil.const"() <{val = dense<[1, 2]> : tensor<2xi32>}> : () -> tensor<3xi32>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{BLOBFILE type 'tensor<4xf16>' differs from result type 'tensor<8xf16>'}}
  %0 = "mil.const"() <{val = #mil.blob<"@model_path/w.bin", 64> : tensor<4xf16>}> : () -> tensor<8xf16>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{value must be a dense tensor, a string, a #mil.blob or a #mil.weight, got 1 : i32}}
  %0 = "mil.const"() <{val = 1 : i32}> : () -> tensor<i32>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{expected ': !mil.string' after a string value}}
  %0 = mil.const "fp16"
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{expected a dense tensor, a string or a #mil.blob value with its type}}
  %0 = mil.const [1, 2]
  return
}

// -----

func.func @f(%x: tensor<4x4xf16>, %b: tensor<i32>) {
  // expected-error @+1 {{operand #0 must be MIL bool (tensor<i1>), but got 'tensor<i32>'}}
  %0 = mil.matmul(transpose_x = %b, x = %x, y = %x) : (tensor<i32>, tensor<4x4xf16>, tensor<4x4xf16>) -> tensor<4x4xf16>
  return
}

// -----

func.func @f(%x: tensor<4x4xf16>, %a: tensor<1xi32>) {
  // expected-error @+1 {{operand #0 must be MIL int32 (tensor<i32>), but got 'tensor<1xi32>'}}
  %0 = mil.softmax(axis = %a, x = %x) : (tensor<1xi32>, tensor<4x4xf16>) -> tensor<4x4xf16>
  return
}

// -----

func.func @f(%x: tensor<4x4xf16>, %s: tensor<i32>) {
  // expected-error @+1 {{operand #0 must be MIL string, but got 'tensor<i32>'}}
  %0 = mil.cast(dtype = %s, x = %x) : (tensor<i32>, tensor<4x4xf16>) -> tensor<4x4xf16>
  return
}

// -----

func.func @f(%x: tensor<?x4xf16>) {
  // expected-error @+1 {{operand #0 must be static tensor of fp16 or fp32, but got 'tensor<?x4xf16>'}}
  %0 = mil.exp(x = %x) : (tensor<?x4xf16>) -> tensor<?x4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf16>, %y: tensor<4xf32>) {
  // expected-error @+1 {{'x' and 'y' must share a dtype, got 'f16' and 'f32'}}
  %0 = mil.add(x = %x, y = %y) : (tensor<4xf16>, tensor<4xf32>) -> tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf16>, %y: tensor<4xf16>) {
  // expected-error @+1 {{'x' and 'result' must share a dtype, got 'f16' and 'f32'}}
  %0 = mil.sub(x = %x, y = %y) : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<1x768x1x64xf16>, %y: tensor<1x512x1x64xf16>) {
  // expected-error @+1 {{shapes of 'x' [1, 768, 1, 64], 'y' [1, 512, 1, 64] are not broadcast-compatible}}
  %0 = mil.mul(x = %x, y = %y) : (tensor<1x768x1x64xf16>, tensor<1x512x1x64xf16>) -> tensor<1x768x1x64xf16>
  return
}

// -----

func.func @f(%x: tensor<1x768x1x64xf16>, %s: tensor<f16>) {
  // expected-error @+1 {{result shape [1, 768, 1, 1] must be [1, 768, 1, 64] (the broadcast of x and y)}}
  %0 = mil.pow(x = %x, y = %s) : (tensor<1x768x1x64xf16>, tensor<f16>) -> tensor<1x768x1x1xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf16>) {
  // expected-error @+1 {{result shape [2, 2] must be [4] (the shape of x)}}
  %0 = mil.tanh(x = %x) : (tensor<4xf16>) -> tensor<2x2xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf16>) {
  // expected-error @+1 {{'x' and 'result' must share a dtype, got 'f16' and 'f32'}}
  %0 = mil.relu(x = %x) : (tensor<4xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf16>, %e: tensor<f16>) {
  // expected-error @+1 {{'epsilon' must be a mil.const (MIL needs it at compile time)}}
  %0 = mil.rsqrt(epsilon = %e, x = %x) : (tensor<f16>, tensor<4xf16>) -> tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf16>) {
  %e = mil.const dense<1.0e-4> : tensor<f32>
  // expected-error @+1 {{'epsilon' and 'x' must share a dtype, got 'f32' and 'f16'}}
  %0 = mil.inverse(epsilon = %e, x = %x) : (tensor<f32>, tensor<4xf16>) -> tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<1x12x256x256xf16>) {
  %ax = mil.const dense<4> : tensor<i32>
  // expected-error @+1 {{'axis' value 4 is out of range [-4, 4)}}
  %0 = mil.softmax(axis = %ax, x = %x) : (tensor<i32>, tensor<1x12x256x256xf16>) -> tensor<1x12x256x256xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf16>, %ax: tensor<i32>) {
  // expected-error @+1 {{'axis' must be a mil.const (MIL needs it at compile time)}}
  %0 = mil.softmax(axis = %ax, x = %x) : (tensor<i32>, tensor<4xf16>) -> tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf16>) {
  %m = mil.const "tanh" : !mil.string
  // expected-error @+1 {{'mode' must be one of EXACT, TANH_APPROXIMATION, SIGMOID_APPROXIMATION, got "tanh"}}
  %0 = mil.gelu(mode = %m, x = %x) : (!mil.string, tensor<4xf16>) -> tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<1x768x1x64xf16>, %g: tensor<768xf16>) {
  %ax = mil.const dense<[1]> : tensor<1xi32>
  // expected-error @+1 {{'gamma' must be a mil.const (MIL needs it at compile time)}}
  %0 = mil.layer_norm(axes = %ax, gamma = %g, x = %x) : (tensor<1xi32>, tensor<768xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return
}

// -----

func.func @f(%x: tensor<1x768x1x64xf16>) {
  %ax = mil.const dense<[1, 3]> : tensor<2xi32>
  %b = mil.const dense<0.0> : tensor<768xf16>
  // expected-error @+1 {{'beta' shape [768] must be [768, 64] (x's dims at 'axes')}}
  %0 = mil.layer_norm(axes = %ax, beta = %b, x = %x) : (tensor<2xi32>, tensor<768xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return
}

// -----

func.func @f(%x: tensor<4x16xf16>, %w: tensor<8x4xf16>) {
  // expected-error @+1 {{'x' must have rank 3 to 5 ([N, Cin, *spatial]), got 2}}
  %0 = mil.conv(weight = %w, x = %x) : (tensor<8x4xf16>, tensor<4x16xf16>) -> tensor<4x8xf16>
  return
}

// -----

func.func @f(%x: tensor<1x4x1x16xf16>, %w: tensor<8x4x1xf16>) {
  // expected-error @+1 {{'weight' must have the rank of x, 4 ([Cout, Cin/groups, *kernel]), got 3}}
  %0 = mil.conv(weight = %w, x = %x) : (tensor<8x4x1xf16>, tensor<1x4x1x16xf16>) -> tensor<1x8x1x16xf16>
  return
}

// -----

func.func @f(%x: tensor<1x4x1x16xf16>, %w: tensor<8x4x1x1xf32>) {
  // expected-error @+1 {{'weight' and 'x' must share a dtype, got 'f32' and 'f16'}}
  %0 = mil.conv(weight = %w, x = %x) : (tensor<8x4x1x1xf32>, tensor<1x4x1x16xf16>) -> tensor<1x8x1x16xf16>
  return
}

// -----

func.func @f(%x: tensor<1x4x1x16xf16>, %w: tensor<8x4x1x1xf16>, %gr: tensor<i32>) {
  // expected-error @+1 {{'groups' must be a mil.const (MIL needs it at compile time)}}
  %0 = mil.conv(groups = %gr, weight = %w, x = %x) : (tensor<i32>, tensor<8x4x1x1xf16>, tensor<1x4x1x16xf16>) -> tensor<1x8x1x16xf16>
  return
}

// -----

func.func @f(%x: tensor<1x4x1x16xf16>, %w: tensor<8x4x1x1xf16>) {
  %gr = mil.const dense<3> : tensor<i32>
  // expected-error @+1 {{'groups' (3) must be positive and divide x's Cin (4)}}
  %0 = mil.conv(groups = %gr, weight = %w, x = %x) : (tensor<i32>, tensor<8x4x1x1xf16>, tensor<1x4x1x16xf16>) -> tensor<1x8x1x16xf16>
  return
}

// -----

func.func @f(%x: tensor<1x4x1x16xf16>, %w: tensor<8x4x1x1xf16>) {
  %gr = mil.const dense<2> : tensor<i32>
  // expected-error @+1 {{weight dim 1 must be Cin/groups = 2, got weight [8, 4, 1, 1]}}
  %0 = mil.conv(groups = %gr, weight = %w, x = %x) : (tensor<i32>, tensor<8x4x1x1xf16>, tensor<1x4x1x16xf16>) -> tensor<1x8x1x16xf16>
  return
}

// -----

func.func @f(%x: tensor<1x4x1x16xf16>, %w: tensor<8x4x1x1xf16>) {
  %b = mil.const dense<0.0> : tensor<4xf16>
  // expected-error @+1 {{'bias' shape [4] must be [8] ([Cout])}}
  %0 = mil.conv(bias = %b, weight = %w, x = %x) : (tensor<4xf16>, tensor<8x4x1x1xf16>, tensor<1x4x1x16xf16>) -> tensor<1x8x1x16xf16>
  return
}

// -----

func.func @f(%x: tensor<1x4x1x16xf16>, %w: tensor<8x4x1x1xf16>) {
  %pt = mil.const "SAME" : !mil.string
  // expected-error @+1 {{'pad_type' must be one of valid, same, same_lower, custom, got "SAME"}}
  %0 = mil.conv(pad_type = %pt, weight = %w, x = %x) : (!mil.string, tensor<8x4x1x1xf16>, tensor<1x4x1x16xf16>) -> tensor<1x8x1x16xf16>
  return
}

// -----

func.func @f(%x: tensor<1x4x1x16xf16>, %w: tensor<8x4x1x1xf16>, %pt: !mil.string) {
  // expected-error @+1 {{'pad_type' must be a mil.const (MIL needs it at compile time)}}
  %0 = mil.conv(pad_type = %pt, weight = %w, x = %x) : (!mil.string, tensor<8x4x1x1xf16>, tensor<1x4x1x16xf16>) -> tensor<1x8x1x16xf16>
  return
}

// -----

func.func @f(%x: tensor<1x4x1x16xf16>, %w: tensor<8x4x1x1xf16>) {
  %st = mil.const dense<[1, 1, 1]> : tensor<3xi32>
  // expected-error @+1 {{'strides' must have 2 entries (one per spatial dim), got 3}}
  %0 = mil.conv(strides = %st, weight = %w, x = %x) : (tensor<3xi32>, tensor<8x4x1x1xf16>, tensor<1x4x1x16xf16>) -> tensor<1x8x1x16xf16>
  return
}

// -----

func.func @f(%x: tensor<1x4x1x16xf16>, %w: tensor<8x4x1x1xf16>) {
  %pd = mil.const dense<[0, 0]> : tensor<2xi32>
  // expected-error @+1 {{'pad' must have 4 entries (two per spatial dim), got 2}}
  %0 = mil.conv(pad = %pd, weight = %w, x = %x) : (tensor<2xi32>, tensor<8x4x1x1xf16>, tensor<1x4x1x16xf16>) -> tensor<1x8x1x16xf16>
  return
}

// -----

func.func @f(%x: tensor<1x4x1x16xf16>, %w: tensor<8x4x1x1xf16>) {
  %dl = mil.const dense<[1, 0]> : tensor<2xi32>
  // expected-error @+1 {{'dilations' entries must be >= 1, got [1, 0]}}
  %0 = mil.conv(dilations = %dl, weight = %w, x = %x) : (tensor<2xi32>, tensor<8x4x1x1xf16>, tensor<1x4x1x16xf16>) -> tensor<1x8x1x16xf16>
  return
}

// -----

func.func @f(%x: tensor<1x4x1x16xf16>, %w: tensor<8x4x1x1xf16>) {
  %pd = mil.const dense<[0, 0, -1, 0]> : tensor<4xi32>
  // expected-error @+1 {{'pad' entries must be >= 0, got [0, 0, -1, 0]}}
  %0 = mil.conv(pad = %pd, weight = %w, x = %x) : (tensor<4xi32>, tensor<8x4x1x1xf16>, tensor<1x4x1x16xf16>) -> tensor<1x8x1x16xf16>
  return
}

// -----

func.func @f(%x: tensor<1x4x1x16xf16>, %w: tensor<8x4x3x3xf16>) {
  // expected-error @+1 {{dilated kernel 3 is larger than the padded input 1 in spatial dim 0}}
  %0 = mil.conv(weight = %w, x = %x) : (tensor<8x4x3x3xf16>, tensor<1x4x1x16xf16>) -> tensor<1x8x1x14xf16>
  return
}

// -----

func.func @f(%x: tensor<1x768x1x256xf16>) {
  %w = mil.const #mil.blob<"@model_path/w.bin", 64> : tensor<768x768x1x1xf16>
  %pt = mil.const "valid" : !mil.string
  %st = mil.const dense<[1, 1]> : tensor<2xi32>
  %pd = mil.const dense<[0, 0, 0, 0]> : tensor<4xi32>
  %dl = mil.const dense<[1, 1]> : tensor<2xi32>
  %gr = mil.const dense<1> : tensor<i32>
  // expected-error @+1 {{result shape [1, 768, 1, 255] must be [1, 768, 1, 256] (conv of x [1, 768, 1, 256] with weight [768, 768, 1, 1], pad_type "valid")}}
  %0 = mil.conv(dilations = %dl, groups = %gr, pad = %pd, pad_type = %pt, strides = %st, weight = %w, x = %x) : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<768x768x1x1xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x255xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf16>, %y: tensor<f16>) {
  // expected-error @+1 {{'y' must have rank >= 1, got 0}}
  %0 = mil.matmul(x = %x, y = %y) : (tensor<4xf16>, tensor<f16>) -> tensor<4xf16>
  return
}

// -----

func.func @f(%q: tensor<1x12x256x64xf16>, %k: tensor<1x12x256x64xf16>, %t: tensor<i1>) {
  // expected-error @+1 {{'transpose_y' must be a mil.const (MIL needs it at compile time)}}
  %0 = mil.matmul(transpose_y = %t, x = %q, y = %k) : (tensor<i1>, tensor<1x12x256x64xf16>, tensor<1x12x256x64xf16>) -> tensor<1x12x256x256xf16>
  return
}

// -----

func.func @f(%q: tensor<1x12x256x64xf16>, %k: tensor<1x12x256x64xf16>) {
  %f = mil.const dense<false> : tensor<i1>
  // expected-error @+1 {{contracted dims differ: 64 vs 256 (x [1, 12, 256, 64] @ y [1, 12, 256, 64] with transpose_x = false, transpose_y = false)}}
  %0 = mil.matmul(transpose_x = %f, transpose_y = %f, x = %q, y = %k) : (tensor<i1>, tensor<i1>, tensor<1x12x256x64xf16>, tensor<1x12x256x64xf16>) -> tensor<1x12x256x256xf16>
  return
}

// -----

func.func @f(%x: tensor<2x3x4xf32>, %y: tensor<5x4x6xf32>) {
  // expected-error @+1 {{batch dims [2] and [5] are not broadcast-compatible}}
  %0 = mil.matmul(x = %x, y = %y) : (tensor<2x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x3x6xf32>
  return
}

// -----

func.func @f(%q: tensor<1x12x256x64xf16>, %k: tensor<1x12x256x64xf16>) {
  %t = mil.const dense<true> : tensor<i1>
  // expected-error @+1 {{result shape [1, 12, 256, 64] must be [1, 12, 256, 256] (x [1, 12, 256, 64] @ y [1, 12, 256, 64] with transpose_x = false, transpose_y = true)}}
  %0 = mil.matmul(transpose_y = %t, x = %q, y = %k) : (tensor<i1>, tensor<1x12x256x64xf16>, tensor<1x12x256x64xf16>) -> tensor<1x12x256x64xf16>
  return
}

// -----

func.func @f(%x: tensor<16x768xf32>, %w: tensor<3072x768xf32>) {
  // expected-error @+1 {{'weight' must be a mil.const (MIL needs it at compile time)}}
  %0 = mil.linear(weight = %w, x = %x) : (tensor<3072x768xf32>, tensor<16x768xf32>) -> tensor<16x3072xf32>
  return
}

// -----

func.func @f(%x: tensor<16x768xf32>) {
  %w = mil.const #mil.blob<"@model_path/w.bin", 64> : tensor<3072x768x1xf32>
  // expected-error @+1 {{'weight' must have rank 2 ([Cout, Cin]), got 3}}
  %0 = mil.linear(weight = %w, x = %x) : (tensor<3072x768x1xf32>, tensor<16x768xf32>) -> tensor<16x3072xf32>
  return
}

// -----

func.func @f(%x: tensor<16x512xf32>) {
  %w = mil.const #mil.blob<"@model_path/w.bin", 64> : tensor<3072x768xf32>
  // expected-error @+1 {{x's last dim 512 must equal weight's Cin 768}}
  %0 = mil.linear(weight = %w, x = %x) : (tensor<3072x768xf32>, tensor<16x512xf32>) -> tensor<16x3072xf32>
  return
}

// -----

func.func @f(%x: tensor<16x768xf32>) {
  %w = mil.const #mil.blob<"@model_path/w.bin", 64> : tensor<3072x768xf32>
  // expected-error @+1 {{result shape [16, 768] must be [16, 3072] (x [*, Cin] @ weight^T [Cin, Cout])}}
  %0 = mil.linear(weight = %w, x = %x) : (tensor<3072x768xf32>, tensor<16x768xf32>) -> tensor<16x768xf32>
  return
}

// -----

func.func @f(%q: tensor<256x64xf16>, %k: tensor<1x128x64xf16>, %v: tensor<1x128x64xf16>) {
  // expected-error @+1 {{'query' must have rank >= 3, got 2}}
  %0 = mil.scaled_dot_product_attention(key = %k, query = %q, value = %v) : (tensor<1x128x64xf16>, tensor<256x64xf16>, tensor<1x128x64xf16>) -> tensor<256x64xf16>
  return
}

// -----

func.func @f(%q: tensor<2x256x64xf16>, %k: tensor<1x128x64xf16>, %v: tensor<1x128x64xf16>) {
  // expected-error @+1 {{query, key and value must share batch dims, got [2, 256, 64], [1, 128, 64] and [1, 128, 64]}}
  %0 = mil.scaled_dot_product_attention(key = %k, query = %q, value = %v) : (tensor<1x128x64xf16>, tensor<2x256x64xf16>, tensor<1x128x64xf16>) -> tensor<2x256x64xf16>
  return
}

// -----

func.func @f(%q: tensor<1x256x64xf16>, %k: tensor<1x128x32xf16>, %v: tensor<1x128x64xf16>) {
  // expected-error @+1 {{need query [*B, L, E], key [*B, S, E] and value [*B, S, EV], got [1, 256, 64], [1, 128, 32] and [1, 128, 64]}}
  %0 = mil.scaled_dot_product_attention(key = %k, query = %q, value = %v) : (tensor<1x128x32xf16>, tensor<1x256x64xf16>, tensor<1x128x64xf16>) -> tensor<1x256x64xf16>
  return
}

// -----

func.func @f(%q: tensor<1x256x64xf16>, %k: tensor<1x128x64xf16>, %v: tensor<1x128x64xf16>, %m: tensor<256x256xf16>) {
  // expected-error @+1 {{'attn_mask' shape [256, 256] does not broadcast to [1, 256, 128] ([*B, L, S])}}
  %0 = mil.scaled_dot_product_attention(attn_mask = %m, key = %k, query = %q, value = %v) : (tensor<256x256xf16>, tensor<1x128x64xf16>, tensor<1x256x64xf16>, tensor<1x128x64xf16>) -> tensor<1x256x64xf16>
  return
}

// -----

func.func @f(%q: tensor<1x256x64xf16>, %k: tensor<1x128x64xf16>, %v: tensor<1x128x64xf16>, %m: tensor<256x128xi32>) {
  // expected-error @+1 {{'attn_mask' and 'query' must share a dtype, got 'i32' and 'f16'}}
  %0 = mil.scaled_dot_product_attention(attn_mask = %m, key = %k, query = %q, value = %v) : (tensor<256x128xi32>, tensor<1x128x64xf16>, tensor<1x256x64xf16>, tensor<1x128x64xf16>) -> tensor<1x256x64xf16>
  return
}

// -----

func.func @f(%q: tensor<1x256x64xf16>, %k: tensor<1x128x64xf16>, %v: tensor<1x128x32xf16>) {
  // expected-error @+1 {{result shape [1, 256, 64] must be [1, 256, 32] ([*B, L, EV])}}
  %0 = mil.scaled_dot_product_attention(key = %k, query = %q, value = %v) : (tensor<1x128x64xf16>, tensor<1x256x64xf16>, tensor<1x128x32xf16>) -> tensor<1x256x64xf16>
  return
}

// -----

func.func @f(%x: tensor<1x768x1x256xf16>, %ax: tensor<1xi32>) {
  // expected-error @+1 {{'axes' must be a mil.const (MIL needs it at compile time)}}
  %0 = mil.reduce_sum(x = %x, axes = %ax) : (tensor<1x768x1x256xf16>, tensor<1xi32>) -> tensor<1x1x256xf16>
  return
}

// -----

func.func @f(%x: tensor<1x768x1x256xf16>) {
  %ax = mil.const #mil.blob<"@model_path/axes.bin", 64> : tensor<1xi32>
  // expected-error @+1 {{'axes' must be an inline mil.const value, not a BLOBFILE reference}}
  %0 = mil.reduce_sum(x = %x, axes = %ax) : (tensor<1x768x1x256xf16>, tensor<1xi32>) -> tensor<1x1x256xf16>
  return
}

// -----

func.func @f(%x: tensor<1x768x1x256xf16>) {
  %ax = mil.const dense<[1, -3]> : tensor<2xi32>
  // expected-error @+1 {{'axes' [1, -3] names axis 1 twice}}
  %0 = mil.reduce_mean(x = %x, axes = %ax) : (tensor<1x768x1x256xf16>, tensor<2xi32>) -> tensor<1x1x256xf16>
  return
}

// -----

func.func @f(%x: tensor<1x768x1x256xf16>) {
  %ax = mil.const dense<[-5]> : tensor<1xi32>
  // expected-error @+1 {{'axes' value -5 is out of range [-4, 4)}}
  %0 = mil.reduce_max(x = %x, axes = %ax) : (tensor<1x768x1x256xf16>, tensor<1xi32>) -> tensor<1x768x1xf16>
  return
}

// -----

func.func @f(%x: tensor<1x768x1x256xf16>, %kd: tensor<i1>) {
  %ax = mil.const dense<[1]> : tensor<1xi32>
  // expected-error @+1 {{'keep_dims' must be a mil.const (MIL needs it at compile time)}}
  %0 = mil.reduce_min(x = %x, axes = %ax, keep_dims = %kd) : (tensor<1x768x1x256xf16>, tensor<1xi32>, tensor<i1>) -> tensor<1x1x1x256xf16>
  return
}

// -----

func.func @f(%x: tensor<1x768x1x256xf16>) {
  %ax = mil.const dense<[1]> : tensor<1xi32>
  %kd = mil.const dense<false> : tensor<i1>
  // expected-error @+1 {{result shape [1, 1, 1, 256] must be [1, 1, 256] (reducing x [1, 768, 1, 256] over axes [1] with keep_dims = false)}}
  %0 = mil.reduce_sum(x = %x, axes = %ax, keep_dims = %kd) : (tensor<1x768x1x256xf16>, tensor<1xi32>, tensor<i1>) -> tensor<1x1x1x256xf16>
  return
}

// -----

func.func @f(%x: tensor<1x768x1x256xf16>, %sh: tensor<4xi32>) {
  // expected-error @+1 {{'shape' must be a mil.const (MIL needs it at compile time)}}
  %0 = mil.reshape(shape = %sh, x = %x) : (tensor<4xi32>, tensor<1x768x1x256xf16>) -> tensor<1x12x64x256xf16>
  return
}

// -----

func.func @f(%x: tensor<4x3x2xf16>) {
  %sh = mil.const dense<[0, -1]> : tensor<2xi32>
  // expected-error @+1 {{'shape' entries must be positive, one -1, or 0 with rank(x) entries, got 'shape' [0, -1] for x [4, 3, 2]}}
  %0 = mil.reshape(shape = %sh, x = %x) : (tensor<2xi32>, tensor<4x3x2xf16>) -> tensor<4x6xf16>
  return
}

// -----

func.func @f(%x: tensor<1x768x1x256xf16>) {
  %sh = mil.const dense<[1, 12, 64, 255]> : tensor<4xi32>
  // expected-error @+1 {{reshape must keep the element count 196608 of x, got 'shape' [1, 12, 64, 255] for x [1, 768, 1, 256]}}
  %0 = mil.reshape(shape = %sh, x = %x) : (tensor<4xi32>, tensor<1x768x1x256xf16>) -> tensor<1x12x64x255xf16>
  return
}

// -----

func.func @f(%x: tensor<1x768x1x256xf16>) {
  %sh = mil.const dense<[1, 12, 64, 256]> : tensor<4xi32>
  // expected-error @+1 {{result shape [1, 12, 256, 64] must be [1, 12, 64, 256] ('shape' [1, 12, 64, 256] for x [1, 768, 1, 256])}}
  %0 = mil.reshape(shape = %sh, x = %x) : (tensor<4xi32>, tensor<1x768x1x256xf16>) -> tensor<1x12x256x64xf16>
  return
}

// -----

func.func @f(%x: tensor<1x768x1x256xf16>) {
  %sh = mil.const dense<[1, 12, 64, 256]> : tensor<4xi32>
  // expected-error @+1 {{'result' and 'x' must share a dtype, got 'f32' and 'f16'}}
  %0 = mil.reshape(shape = %sh, x = %x) : (tensor<4xi32>, tensor<1x768x1x256xf16>) -> tensor<1x12x64x256xf32>
  return
}

// -----

func.func @f(%x: tensor<1x12x64x256xf16>, %pm: tensor<4xi32>) {
  // expected-error @+1 {{'perm' must be a mil.const (MIL needs it at compile time)}}
  %0 = mil.transpose(perm = %pm, x = %x) : (tensor<4xi32>, tensor<1x12x64x256xf16>) -> tensor<1x12x256x64xf16>
  return
}

// -----

func.func @f(%x: tensor<1x12x64x256xf16>) {
  %pm = mil.const dense<[0, 1, 2]> : tensor<3xi32>
  // expected-error @+1 {{'perm' must have 4 entries (the rank of x), got 3}}
  %0 = mil.transpose(perm = %pm, x = %x) : (tensor<3xi32>, tensor<1x12x64x256xf16>) -> tensor<1x12x64xf16>
  return
}

// -----

func.func @f(%x: tensor<1x12x64x256xf16>) {
  %pm = mil.const dense<[0, 1, 3, 3]> : tensor<4xi32>
  // expected-error @+1 {{'perm' [0, 1, 3, 3] is not a permutation of [0, 4)}}
  %0 = mil.transpose(perm = %pm, x = %x) : (tensor<4xi32>, tensor<1x12x64x256xf16>) -> tensor<1x12x256x256xf16>
  return
}

// -----

func.func @f(%x: tensor<1x12x64x256xf16>) {
  %pm = mil.const dense<[0, 1, 3, 2]> : tensor<4xi32>
  // expected-error @+1 {{result shape [1, 12, 64, 256] must be [1, 12, 256, 64] (x [1, 12, 64, 256] permuted by 'perm' [0, 1, 3, 2])}}
  %0 = mil.transpose(perm = %pm, x = %x) : (tensor<4xi32>, tensor<1x12x64x256xf16>) -> tensor<1x12x64x256xf16>
  return
}

// -----

func.func @f(%x: tensor<1x2304x1x256xf16>, %e: tensor<4xi32>) {
  %b = mil.const dense<[0, 0, 0, 0]> : tensor<4xi32>
  // expected-error @+1 {{'end' must be a mil.const (MIL needs it at compile time)}}
  %0 = mil.slice_by_index(begin = %b, end = %e, x = %x) : (tensor<4xi32>, tensor<4xi32>, tensor<1x2304x1x256xf16>) -> tensor<1x768x1x256xf16>
  return
}

// -----

func.func @f(%x: tensor<1x2304x1x256xf16>) {
  %b = mil.const dense<[0, 0]> : tensor<2xi32>
  %e = mil.const dense<[1, 768, 1, 256]> : tensor<4xi32>
  // expected-error @+1 {{'begin' must have 4 entries (the rank of x), got 2}}
  %0 = mil.slice_by_index(begin = %b, end = %e, x = %x) : (tensor<2xi32>, tensor<4xi32>, tensor<1x2304x1x256xf16>) -> tensor<1x768x1x256xf16>
  return
}

// -----

func.func @f(%x: tensor<1x2304x1x256xf16>) {
  %b = mil.const dense<[0, 0, 0, 0]> : tensor<4xi32>
  %e = mil.const dense<[1, 768, 1, 256]> : tensor<4xi32>
  %s = mil.const dense<[1, 0, 1, 1]> : tensor<4xi32>
  // expected-error @+1 {{'stride' entries must be nonzero, got [1, 0, 1, 1]}}
  %0 = mil.slice_by_index(begin = %b, end = %e, stride = %s, x = %x) : (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<1x2304x1x256xf16>) -> tensor<1x768x1x256xf16>
  return
}

// -----

func.func @f(%x: tensor<1x2304x1x256xf16>) {
  %b = mil.const dense<[0, 0, 1, 0]> : tensor<4xi32>
  %e = mil.const dense<[1, 768, 1, 256]> : tensor<4xi32>
  %sq = mil.const dense<[false, false, true, false]> : tensor<4xi1>
  // expected-error @+1 {{'begin' index 1 is out of range for squeezed dim 2 of size 1}}
  %0 = mil.slice_by_index(begin = %b, end = %e, squeeze_mask = %sq, x = %x) : (tensor<4xi32>, tensor<4xi32>, tensor<4xi1>, tensor<1x2304x1x256xf16>) -> tensor<1x768x256xf16>
  return
}

// -----

func.func @f(%x: tensor<1x2304x1x256xf16>) {
  %b = mil.const dense<[0, 768, 0, 0]> : tensor<4xi32>
  %e = mil.const dense<[1, 1536, 1, -1]> : tensor<4xi32>
  // expected-error @+1 {{result shape [1, 768, 1, 256] must be [1, 768, 1, 255] (x [1, 2304, 1, 256] sliced by begin [0, 768, 0, 0], end [1, 1536, 1, -1], stride [1, 1, 1, 1])}}
  %0 = mil.slice_by_index(begin = %b, end = %e, x = %x) : (tensor<4xi32>, tensor<4xi32>, tensor<1x2304x1x256xf16>) -> tensor<1x768x1x256xf16>
  return
}

// -----

func.func @f(%x: tensor<1x2304x1x256xf16>) {
  %b = mil.const dense<[0, 2000, 0, 0]> : tensor<4xi32>
  %sz = mil.const dense<[1, 768, 1, -1]> : tensor<4xi32>
  // expected-error @+1 {{slice of dim 1 (begin 2000, size 768) is out of range for size 2304}}
  %0 = mil.slice_by_size(begin = %b, size = %sz, x = %x) : (tensor<4xi32>, tensor<4xi32>, tensor<1x2304x1x256xf16>) -> tensor<1x768x1x256xf16>
  return
}

// -----

func.func @f(%x: tensor<1x2304x1x256xf16>) {
  %b = mil.const dense<[0, 0, 0, 0]> : tensor<4xi32>
  %sz = mil.const dense<[1, 768, 1, -1]> : tensor<4xi32>
  // expected-error @+1 {{result shape [1, 768, 1, 128] must be [1, 768, 1, 256] (x [1, 2304, 1, 256] sliced at begin [0, 0, 0, 0] with size [1, 768, 1, -1])}}
  %0 = mil.slice_by_size(begin = %b, size = %sz, x = %x) : (tensor<4xi32>, tensor<4xi32>, tensor<1x2304x1x256xf16>) -> tensor<1x768x1x128xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %dt: !mil.string) {
  // expected-error @+1 {{'dtype' must be a mil.const (MIL needs it at compile time)}}
  %0 = mil.cast(dtype = %dt, x = %x) : (!mil.string, tensor<4xf32>) -> tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  %dt = mil.const "float16" : !mil.string
  // expected-error @+1 {{'dtype' "float16" is not a MIL dtype (fp16, fp32, int32, bool, int8, uint8)}}
  %0 = mil.cast(dtype = %dt, x = %x) : (!mil.string, tensor<4xf32>) -> tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  %dt = mil.const "fp16" : !mil.string
  // expected-error @+1 {{result dtype 'f32' does not match 'dtype' "fp16" ('f16')}}
  %0 = mil.cast(dtype = %dt, x = %x) : (!mil.string, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  %dt = mil.const "int32" : !mil.string
  // expected-error @+1 {{result shape [2, 2] must be [4] (the shape of x)}}
  %0 = mil.cast(dtype = %dt, x = %x) : (!mil.string, tensor<4xf32>) -> tensor<2x2xi32>
  return
}

// -----

func.func @f(%x: tensor<768x256xf16>) {
  %ax = mil.const dense<[0, 1]> : tensor<2xi32>
  // expected-error @+1 {{result shape [1, 768, 1, 256] must be [1, 1, 768, 256] (x [768, 256] with size-1 dims at 'axes' [0, 1])}}
  %0 = mil.expand_dims(axes = %ax, x = %x) : (tensor<2xi32>, tensor<768x256xf16>) -> tensor<1x768x1x256xf16>
  return
}

// -----

func.func @f(%x: tensor<1x768x1x256xf16>) {
  %ax = mil.const dense<[1]> : tensor<1xi32>
  // expected-error @+1 {{cannot squeeze dim 1 of size 768 (x [1, 768, 1, 256])}}
  %0 = mil.squeeze(axes = %ax, x = %x) : (tensor<1xi32>, tensor<1x768x1x256xf16>) -> tensor<1x1x256xf16>
  return
}

// -----

func.func @f(%x: tensor<1x768x1x256xf16>) {
  // expected-error @+1 {{result shape [1, 768, 256] must be [768, 256] (x [1, 768, 1, 256] without dims [0, 2])}}
  %0 = mil.squeeze(x = %x) : (tensor<1x768x1x256xf16>) -> tensor<1x768x256xf16>
  return
}

// -----

func.func @f() {
  %ax = mil.const dense<1> : tensor<i32>
  // expected-error @+1 {{'values' must not be empty}}
  %0 = mil.concat(axis = %ax, values = ()) : (tensor<i32>) -> tensor<1x4xf16>
  return
}

// -----

func.func @f(%a: tensor<1x4x1x64xf16>, %b: tensor<1x4x1x32xf16>) {
  %ax = mil.const dense<1> : tensor<i32>
  // expected-error @+1 {{values #1 shape [1, 4, 1, 32] does not match values #0 [1, 4, 1, 64] outside axis 1}}
  %0 = mil.concat(axis = %ax, values = (%a, %b)) : (tensor<i32>, tensor<1x4x1x64xf16>, tensor<1x4x1x32xf16>) -> tensor<1x8x1x64xf16>
  return
}

// -----

func.func @f(%a: tensor<1x4x1x64xf16>, %b: tensor<1x12x1x64xf16>) {
  %ax = mil.const dense<1> : tensor<i32>
  %il = mil.const dense<true> : tensor<i1>
  // expected-error @+1 {{values #1 shape [1, 12, 1, 64] does not match values #0 [1, 4, 1, 64] axis 1}}
  %0 = mil.concat(axis = %ax, interleave = %il, values = (%a, %b)) : (tensor<i32>, tensor<i1>, tensor<1x4x1x64xf16>, tensor<1x12x1x64xf16>) -> tensor<1x16x1x64xf16>
  return
}

// -----

func.func @f(%a: tensor<1x4x1x64xf16>, %b: tensor<1x4x1x64xf32>) {
  %ax = mil.const dense<1> : tensor<i32>
  // expected-error @+1 {{'values #1' and 'values #0' must share a dtype, got 'f32' and 'f16'}}
  %0 = mil.concat(axis = %ax, values = (%a, %b)) : (tensor<i32>, tensor<1x4x1x64xf16>, tensor<1x4x1x64xf32>) -> tensor<1x8x1x64xf16>
  return
}

// -----

func.func @f(%a: tensor<1x4x1x64xf16>, %b: tensor<1x12x1x64xf16>) {
  %ax = mil.const dense<-3> : tensor<i32>
  // expected-error @+1 {{result shape [1, 4, 1, 64] must be [1, 16, 1, 64] (values concatenated along axis 1)}}
  %0 = mil.concat(axis = %ax, values = (%a, %b)) : (tensor<i32>, tensor<1x4x1x64xf16>, tensor<1x12x1x64xf16>) -> tensor<1x4x1x64xf16>
  return
}

// -----

func.func @f(%x: tensor<1x16x1x64xf16>) {
  %ax = mil.const dense<1> : tensor<i32>
  %n = mil.const dense<2> : tensor<i32>
  // expected-error @+1 {{must have at least one result}}
  mil.split(axis = %ax, num_splits = %n, x = %x) : (tensor<i32>, tensor<i32>, tensor<1x16x1x64xf16>) -> ()
  return
}

// -----

func.func @f(%x: tensor<1x16x1x64xf16>) {
  %ax = mil.const dense<1> : tensor<i32>
  // expected-error @+1 {{exactly one of 'num_splits' and 'split_sizes' must be given}}
  %0:2 = mil.split(axis = %ax, x = %x) : (tensor<i32>, tensor<1x16x1x64xf16>) -> (tensor<1x8x1x64xf16>, tensor<1x8x1x64xf16>)
  return
}

// -----

func.func @f(%x: tensor<1x16x1x64xf16>) {
  %ax = mil.const dense<1> : tensor<i32>
  %n = mil.const dense<3> : tensor<i32>
  // expected-error @+1 {{'num_splits' (3) must equal the number of results (2) and divide x dim 1 (16)}}
  %0:2 = mil.split(axis = %ax, num_splits = %n, x = %x) : (tensor<i32>, tensor<i32>, tensor<1x16x1x64xf16>) -> (tensor<1x8x1x64xf16>, tensor<1x8x1x64xf16>)
  return
}

// -----

func.func @f(%x: tensor<1x16x1x64xf16>) {
  %ax = mil.const dense<1> : tensor<i32>
  %sz = mil.const dense<[4, 4, 8]> : tensor<3xi32>
  // expected-error @+1 {{'split_sizes' must have 2 entries (one per result), got 3}}
  %0:2 = mil.split(axis = %ax, split_sizes = %sz, x = %x) : (tensor<i32>, tensor<3xi32>, tensor<1x16x1x64xf16>) -> (tensor<1x8x1x64xf16>, tensor<1x8x1x64xf16>)
  return
}

// -----

func.func @f(%x: tensor<1x16x1x64xf16>) {
  %ax = mil.const dense<1> : tensor<i32>
  %sz = mil.const dense<[4, 8]> : tensor<2xi32>
  // expected-error @+1 {{'split_sizes' [4, 8] must be positive and sum to x dim 1 (16)}}
  %0:2 = mil.split(axis = %ax, split_sizes = %sz, x = %x) : (tensor<i32>, tensor<2xi32>, tensor<1x16x1x64xf16>) -> (tensor<1x4x1x64xf16>, tensor<1x8x1x64xf16>)
  return
}

// -----

func.func @f(%x: tensor<1x16x1x64xf16>) {
  %ax = mil.const dense<1> : tensor<i32>
  %sz = mil.const dense<[4, 12]> : tensor<2xi32>
  // expected-error @+1 {{result #1 shape [1, 8, 1, 64] must be [1, 12, 1, 64] (piece 1 of x [1, 16, 1, 64] along axis 1)}}
  %0:2 = mil.split(axis = %ax, split_sizes = %sz, x = %x) : (tensor<i32>, tensor<2xi32>, tensor<1x16x1x64xf16>) -> (tensor<1x4x1x64xf16>, tensor<1x8x1x64xf16>)
  return
}

// -----

func.func @f(%emb: tensor<50257x768xf16>, %ids: tensor<1x16xi32>) {
  %ax = mil.const dense<0> : tensor<i32>
  // expected-error @+1 {{result shape [16, 768] must be [1, 16, 768] (x.shape[:axis] + indices.shape + x.shape[axis+1:])}}
  %0 = mil.gather(axis = %ax, indices = %ids, x = %emb) : (tensor<i32>, tensor<1x16xi32>, tensor<50257x768xf16>) -> tensor<16x768xf16>
  return
}

// -----

func.func @f(%a: tensor<1x12x4x4xf16>, %c: tensor<1x1x4x3xi1>) {
  // expected-error @+1 {{shapes of 'a' [1, 12, 4, 4], 'b' [1, 12, 4, 4], 'cond' [1, 1, 4, 3] are not broadcast-compatible}}
  %0 = mil.select(a = %a, b = %a, cond = %c) : (tensor<1x12x4x4xf16>, tensor<1x12x4x4xf16>, tensor<1x1x4x3xi1>) -> tensor<1x12x4x4xf16>
  return
}

// -----

func.func @f(%a: tensor<4x4xf16>, %c: tensor<1x4x4xi1>) {
  // expected-error @+1 {{result shape [4, 4] must be [1, 4, 4] (the broadcast of a, b and cond)}}
  %0 = mil.select(a = %a, b = %a, cond = %c) : (tensor<4x4xf16>, tensor<4x4xf16>, tensor<1x4x4xi1>) -> tensor<4x4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf16>) {
  // expected-error @+1 {{'x' must have rank >= 2, got 1}}
  %0 = mil.band_part(x = %x) : (tensor<4xf16>) -> tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<4x4xf16>, %lo: tensor<i32>) {
  // expected-error @+1 {{'lower' must be a mil.const (MIL needs it at compile time)}}
  %0 = mil.band_part(lower = %lo, x = %x) : (tensor<i32>, tensor<4x4xf16>) -> tensor<4x4xf16>
  return
}

// -----

func.func @f(%ids: tensor<2x3xi32>) {
  %n = mil.const dense<5> : tensor<i32>
  %ax = mil.const dense<1> : tensor<i32>
  // expected-error @+1 {{result shape [2, 3, 5] must be [2, 5, 3] (indices.shape with one_hot_vector_size inserted at axis 1)}}
  %0 = mil.one_hot(axis = %ax, indices = %ids, one_hot_vector_size = %n) : (tensor<i32>, tensor<2x3xi32>, tensor<i32>) -> tensor<2x3x5xi32>
  return
}

// -----

func.func @f(%ids: tensor<2x3xi32>) {
  %n = mil.const dense<5> : tensor<i32>
  %ax = mil.const dense<3> : tensor<i32>
  // expected-error @+1 {{'axis' value 3 is out of range [-3, 3)}}
  %0 = mil.one_hot(axis = %ax, indices = %ids, one_hot_vector_size = %n) : (tensor<i32>, tensor<2x3xi32>, tensor<i32>) -> tensor<2x3x5xi32>
  return
}

// -----

func.func @f(%ids: tensor<4xi32>) {
  %n = mil.const dense<5> : tensor<i32>
  %on = mil.const dense<1.0> : tensor<f32>
  // expected-error @+1 {{'on_value' and 'off_value' must share a dtype, got 'f32' and 'i32'}}
  %0 = mil.one_hot(indices = %ids, on_value = %on, one_hot_vector_size = %n) : (tensor<4xi32>, tensor<f32>, tensor<i32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @f(%ids: tensor<4xi32>) {
  %n = mil.const dense<5> : tensor<i32>
  %on = mil.const dense<1.0> : tensor<f32>
  %off = mil.const dense<0.0> : tensor<f32>
  // expected-error @+1 {{result dtype must be on_value's ('f32'), got 'f16'}}
  %0 = mil.one_hot(indices = %ids, off_value = %off, on_value = %on, one_hot_vector_size = %n) : (tensor<4xi32>, tensor<f32>, tensor<f32>, tensor<i32>) -> tensor<4x5xf16>
  return
}

// -----

func.func @f(%ids: tensor<4xi32>, %n: tensor<i32>) {
  // expected-error @+1 {{'one_hot_vector_size' must be a mil.const (MIL needs it at compile time)}}
  %0 = mil.one_hot(indices = %ids, one_hot_vector_size = %n) : (tensor<4xi32>, tensor<i32>) -> tensor<4x5xi32>
  return
}

// -----

func.func @f(%ids: tensor<4xi32>) {
  %n = mil.const dense<-1> : tensor<i32>
  // expected-error @+1 {{'one_hot_vector_size' must be non-negative, got -1}}
  %0 = mil.one_hot(indices = %ids, one_hot_vector_size = %n) : (tensor<4xi32>, tensor<i32>) -> tensor<4x5xi32>
  return
}

// -----

func.func @f() {
  %s = mil.const dense<[10, 8]> : tensor<2xi32>
  // expected-error @+1 {{result shape [10, 4] must be [10, 8] (the values of shape)}}
  %0 = mil.fill(shape = %s) : (tensor<2xi32>) -> tensor<10x4xf32>
  return
}

// -----

func.func @f() {
  %s = mil.const dense<[10, 8]> : tensor<2xi32>
  // expected-error @+1 {{result dtype must be value's ('f32'), got 'f16'}}
  %0 = mil.fill(shape = %s) : (tensor<2xi32>) -> tensor<10x8xf16>
  return
}

// -----

func.func @f(%s: tensor<2xi32>) {
  // expected-error @+1 {{'shape' must be a mil.const (MIL needs it at compile time)}}
  %0 = mil.fill(shape = %s) : (tensor<2xi32>) -> tensor<10x8xf32>
  return
}

// -----

func.func @f(%x: tensor<10x8xf32>, %ids: tensor<4xi32>, %d: tensor<5x8xf32>) {
  // expected-error @+1 {{updates shape [5, 8] must be [4, 8] (data.shape[:axis] + indices.shape + data.shape[axis+1:])}}
  %0 = mil.scatter(data = %x, indices = %ids, updates = %d) : (tensor<10x8xf32>, tensor<4xi32>, tensor<5x8xf32>) -> tensor<10x8xf32>
  return
}

// -----

func.func @f(%x: tensor<10x8xf32>, %ids: tensor<4xi32>, %d: tensor<4x8xf16>) {
  // expected-error @+1 {{'updates' and 'data' must share a dtype, got 'f16' and 'f32'}}
  %0 = mil.scatter(data = %x, indices = %ids, updates = %d) : (tensor<10x8xf32>, tensor<4xi32>, tensor<4x8xf16>) -> tensor<10x8xf32>
  return
}

// -----

func.func @f(%x: tensor<10x8xf32>, %ids: tensor<4xi32>, %d: tensor<4x8xf32>) {
  // expected-error @+1 {{result shape [10, 9] must be [10, 8] (the shape of data)}}
  %0 = mil.scatter(data = %x, indices = %ids, updates = %d) : (tensor<10x8xf32>, tensor<4xi32>, tensor<4x8xf32>) -> tensor<10x9xf32>
  return
}

// -----

func.func @f(%x: tensor<10x8xf32>, %ids: tensor<4xi32>, %d: tensor<4x8xf32>) {
  %m = mil.const "sum" : !mil.string
  // expected-error @+1 {{'mode' must be one of update, add, sub, mul, div, max, min, got "sum"}}
  %0 = mil.scatter(data = %x, indices = %ids, mode = %m, updates = %d) : (tensor<10x8xf32>, tensor<4xi32>, !mil.string, tensor<4x8xf32>) -> tensor<10x8xf32>
  return
}

// -----

func.func @f(%x: tensor<10x8xf32>, %ids: tensor<4xi32>, %d: tensor<4x8xf32>) {
  %ax = mil.const dense<2> : tensor<i32>
  // expected-error @+1 {{'axis' value 2 is out of range [-2, 2)}}
  %0 = mil.scatter(axis = %ax, data = %x, indices = %ids, updates = %d) : (tensor<i32>, tensor<10x8xf32>, tensor<4xi32>, tensor<4x8xf32>) -> tensor<10x8xf32>
  return
}

// -----

// MIL's scatter takes 1-D indices.
func.func @f(%x: tensor<10x8xf32>, %ids: tensor<2x2xi32>, %d: tensor<2x2x8xf32>) {
  // expected-error @+1 {{operand #1 must be MIL int32 vector (tensor<Nxi32>), but got 'tensor<2x2xi32>'}}
  %0 = mil.scatter(data = %x, indices = %ids, updates = %d) : (tensor<10x8xf32>, tensor<2x2xi32>, tensor<2x2x8xf32>) -> tensor<10x8xf32>
  return
}
