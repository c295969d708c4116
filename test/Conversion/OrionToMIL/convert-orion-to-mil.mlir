// RUN: orion-opt %s -split-input-file -convert-orion-to-mil -verify-diagnostics | FileCheck %s

// -convert-orion-to-mil turns the body of every kernel (a func.func with
// orion.device) into mil ops, one to one in shape; fp16 on "ane" kernels,
// fp32 on "cpu" kernels. Every MIL compile-time argument is a mil.const,
// spelled as mechramc/Orion's codegen does.

// Functions without orion.device (the host) are left alone.

// CHECK-LABEL: func.func @host(
// CHECK-NEXT:    orion.neg
// CHECK-NEXT:    return
func.func @host(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = orion.neg %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Binary ops broadcast like numpy: the [C] operand stays [C].

// CHECK-LABEL: func.func private @binary(
// CHECK-SAME:    %[[X:.+]]: tensor<256x768xf16>, %[[B:.+]]: tensor<768xf16>) -> tensor<256x768xf16>
// CHECK:         %[[ADD:.+]] = mil.add(x = %[[X]], y = %[[B]]) : (tensor<256x768xf16>, tensor<768xf16>) -> tensor<256x768xf16>
// CHECK:         %[[SUB:.+]] = mil.sub(x = %[[ADD]], y = %[[X]])
// CHECK:         %[[MUL:.+]] = mil.mul(x = %[[SUB]], y = %[[X]])
// CHECK:         %[[DIV:.+]] = mil.real_div(x = %[[MUL]], y = %[[X]])
// CHECK:         %[[HALF:.+]] = mil.const dense<-5.000000e-01> : tensor<f16>
// CHECK:         %[[POW:.+]] = mil.pow(x = %[[DIV]], y = %[[HALF]]) : (tensor<256x768xf16>, tensor<f16>) -> tensor<256x768xf16>
// CHECK:         return %[[POW]]
func.func private @binary(%x: tensor<256x768xf32>, %b: tensor<768xf32>) -> tensor<256x768xf32> attributes {orion.device = "ane"} {
  %0 = orion.add %x, %b : tensor<256x768xf32>, tensor<768xf32>
  %1 = orion.sub %0, %x : tensor<256x768xf32>
  %2 = orion.mul %1, %x : tensor<256x768xf32>
  %3 = orion.div %2, %x : tensor<256x768xf32>
  %h = orion.constant dense<-5.000000e-01> : tensor<f32>
  %4 = orion.pow %3, %h : tensor<256x768xf32>, tensor<f32>
  return %4 : tensor<256x768xf32>
}

// -----

// CHECK-LABEL: func.func private @unary(
// CHECK-SAME:    %[[X:.+]]: tensor<64x768xf16>
// CHECK:         %[[A:.+]] = mil.neg(x = %[[X]])
// CHECK:         %[[B:.+]] = mil.exp(x = %[[A]])
// CHECK:         %[[C:.+]] = mil.log(x = %[[B]])
// CHECK:         %[[D:.+]] = mil.sqrt(x = %[[C]])
// CHECK:         %[[E:.+]] = mil.rsqrt(x = %[[D]])
// CHECK:         %[[F:.+]] = mil.tanh(x = %[[E]])
// CHECK:         %[[G:.+]] = mil.sigmoid(x = %[[F]])
// CHECK:         %[[H:.+]] = mil.relu(x = %[[G]]) : (tensor<64x768xf16>) -> tensor<64x768xf16>
// CHECK:         %[[I:.+]] = mil.silu(x = %[[H]])
// CHECK:         %[[MODE:.+]] = mil.const "TANH_APPROXIMATION" : !mil.string
// CHECK:         %[[J:.+]] = mil.gelu(mode = %[[MODE]], x = %[[I]])
// CHECK:         %[[EXACT:.+]] = mil.const "EXACT" : !mil.string
// CHECK:         mil.gelu(mode = %[[EXACT]], x = %[[J]])
func.func private @unary(%x: tensor<64x768xf32>) -> tensor<64x768xf32> attributes {orion.device = "ane"} {
  %0 = orion.neg %x : tensor<64x768xf32>
  %1 = orion.exp %0 : tensor<64x768xf32>
  %2 = orion.log %1 : tensor<64x768xf32>
  %3 = orion.sqrt %2 : tensor<64x768xf32>
  %4 = orion.rsqrt %3 : tensor<64x768xf32>
  %5 = orion.tanh %4 : tensor<64x768xf32>
  %6 = orion.sigmoid %5 : tensor<64x768xf32>
  %7 = orion.relu %6 : tensor<64x768xf32>
  %8 = orion.silu %7 : tensor<64x768xf32>
  %9 = orion.gelu %8 approximate = tanh : tensor<64x768xf32>
  %10 = orion.gelu %9 : tensor<64x768xf32>
  return %10 : tensor<64x768xf32>
}

// -----

// linear is mechramc/Orion's 1x1 conv: [S, in] -> transpose -> [1, in, 1, S], conv
// with the five named consts and an [out, in, 1, 1] #mil.weight, the bias
// as a separate add of a [1, out, 1, 1] #mil.weight, and back to [S, out].

// CHECK-LABEL: func.func private @linear(
// CHECK-SAME:    %[[X:.+]]: tensor<256x768xf16>) -> tensor<256x3072xf16>
// CHECK-NEXT:    %[[W:.+]] = mil.const #mil.weight<[<"h.0.mlp.c_fc.weight", [3072, 768]>]> : tensor<3072x768x1x1xf16>
// CHECK-NEXT:    %[[PM:.+]] = mil.const dense<[1, 0]> : tensor<2xi32>
// CHECK-NEXT:    %[[XT:.+]] = mil.transpose(perm = %[[PM]], x = %[[X]]) : (tensor<2xi32>, tensor<256x768xf16>) -> tensor<768x256xf16>
// CHECK-NEXT:    %[[SH:.+]] = mil.const dense<[1, 768, 1, 256]> : tensor<4xi32>
// CHECK-NEXT:    %[[X4:.+]] = mil.reshape(shape = %[[SH]], x = %[[XT]]) : (tensor<4xi32>, tensor<768x256xf16>) -> tensor<1x768x1x256xf16>
// CHECK-NEXT:    %[[PT:.+]] = mil.const "valid" : !mil.string
// CHECK-NEXT:    %[[ST:.+]] = mil.const dense<1> : tensor<2xi32>
// CHECK-NEXT:    %[[PD:.+]] = mil.const dense<0> : tensor<4xi32>
// CHECK-NEXT:    %[[DL:.+]] = mil.const dense<1> : tensor<2xi32>
// CHECK-NEXT:    %[[GR:.+]] = mil.const dense<1> : tensor<i32>
// CHECK-NEXT:    %[[CONV:.+]] = mil.conv(dilations = %[[DL]], groups = %[[GR]], pad = %[[PD]], pad_type = %[[PT]], strides = %[[ST]], weight = %[[W]], x = %[[X4]]) : ({{.*}}) -> tensor<1x3072x1x256xf16>
// CHECK-NEXT:    %[[B:.+]] = mil.const #mil.weight<[<"h.0.mlp.c_fc.bias", [3072]>]> : tensor<1x3072x1x1xf16>
// CHECK-NEXT:    %[[ADD:.+]] = mil.add(x = %[[CONV]], y = %[[B]]) : (tensor<1x3072x1x256xf16>, tensor<1x3072x1x1xf16>) -> tensor<1x3072x1x256xf16>
// CHECK-NEXT:    %[[SH2:.+]] = mil.const dense<[3072, 256]> : tensor<2xi32>
// CHECK-NEXT:    %[[YR:.+]] = mil.reshape(shape = %[[SH2]], x = %[[ADD]]) : (tensor<2xi32>, tensor<1x3072x1x256xf16>) -> tensor<3072x256xf16>
// CHECK-NEXT:    %[[PM2:.+]] = mil.const dense<[1, 0]> : tensor<2xi32>
// CHECK-NEXT:    %[[Y:.+]] = mil.transpose(perm = %[[PM2]], x = %[[YR]]) : (tensor<2xi32>, tensor<3072x256xf16>) -> tensor<256x3072xf16>
// CHECK-NEXT:    return %[[Y]]
func.func private @linear(%x: tensor<256x768xf16>) -> tensor<256x3072xf16> attributes {orion.device = "ane"} {
  %w = orion.param "h.0.mlp.c_fc.weight" : tensor<3072x768xf32>
  %b = orion.param "h.0.mlp.c_fc.bias" : tensor<3072xf32>
  %0 = orion.cast %x : tensor<256x768xf16> to tensor<256x768xf32>
  %1 = orion.linear %0, %w, %b : tensor<256x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>
  %2 = orion.cast %1 : tensor<256x3072xf32> to tensor<256x3072xf16>
  return %2 : tensor<256x3072xf16>
}

// -----

// Other input ranks are flattened to [S, in] first and reshaped back last;
// a constant weight is reshaped into the conv's [out, in, 1, 1] in place.

// CHECK-LABEL: func.func private @linear_rank3(
// CHECK:         mil.reshape({{.+}}) : (tensor<2xi32>, tensor<2x8x4xf16>) -> tensor<16x4xf16>
// CHECK:         %[[W:.+]] = mil.const dense<{{.+}}> : tensor<2x4x1x1xf16>
// CHECK:         mil.conv({{.+}}weight = %[[W]]{{.+}}) : ({{.*}}) -> tensor<1x2x1x16xf16>
// CHECK-NOT:     mil.add
// CHECK:         %[[Y:.+]] = mil.reshape({{.+}}) : (tensor<3xi32>, tensor<16x2xf16>) -> tensor<2x8x2xf16>
// CHECK-NEXT:    return %[[Y]]
func.func private @linear_rank3(%x: tensor<2x8x4xf16>) -> tensor<2x8x2xf16> attributes {orion.device = "ane"} {
  %w = orion.constant dense<[[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]]> : tensor<2x4xf16>
  %0 = orion.linear %x, %w : tensor<2x8x4xf16>, tensor<2x4xf16>
  return %0 : tensor<2x8x2xf16>
}

// -----

// A weight computed at run time is a matmul against the transposed weight.

// CHECK-LABEL: func.func @linear_runtime_weight(
// CHECK-SAME:    %[[X:.+]]: tensor<16x64xf32>, %[[W:.+]]: tensor<32x64xf32>, %[[B:.+]]: tensor<32xf32>)
// CHECK:         %[[TX:.+]] = mil.const dense<false> : tensor<i1>
// CHECK:         %[[TY:.+]] = mil.const dense<true> : tensor<i1>
// CHECK:         %[[MM:.+]] = mil.matmul(transpose_x = %[[TX]], transpose_y = %[[TY]], x = %[[X]], y = %[[W]]) : ({{.*}}) -> tensor<16x32xf32>
// CHECK:         mil.add(x = %[[MM]], y = %[[B]]) : (tensor<16x32xf32>, tensor<32xf32>) -> tensor<16x32xf32>
func.func @linear_runtime_weight(%x: tensor<16x64xf32>, %w: tensor<32x64xf32>, %b: tensor<32xf32>) -> tensor<16x32xf32> attributes {orion.device = "cpu"} {
  %0 = orion.linear %x, %w, %b : tensor<16x64xf32>, tensor<32x64xf32>, tensor<32xf32>
  return %0 : tensor<16x32xf32>
}

// -----

// A linear's input gradient, dy @ W = linear(dy, W^T): the transposed param
// is still a conv weight, whose blob the weight table stores transposed.
// CHECK-LABEL: func.func private @linear_transposed_param(
// CHECK:         mil.const #mil.weight<[<"w", [32, 64], perm = [1, 0]>]> : tensor<64x32x1x1xf16>
// CHECK:         mil.conv
// CHECK-NOT:     mil.matmul
func.func private @linear_transposed_param(%dy: tensor<16x32xf16>) -> tensor<16x64xf16> attributes {orion.device = "ane"} {
  %w = orion.param "w" : tensor<32x64xf16>
  %wt = orion.transpose %w [1, 0] : tensor<32x64xf16>
  %0 = orion.linear %dy, %wt : tensor<16x32xf16>, tensor<64x32xf16>
  return %0 : tensor<16x64xf16>
}

// -----

// A fused param has one weight source per orion.fused_from name; the
// shapes (GQA: q is wider than k and v) come from the split that takes the
// fused linear's result apart, and are recorded on nothing but the weight.

// CHECK-LABEL: func.func private @fused_qkv(
// CHECK:         mil.const #mil.weight<[<"wq", [768, 768]>, <"wk", [256, 768]>, <"wv", [256, 768]>]> : tensor<1280x768x1x1xf16>
// CHECK:         mil.conv
// CHECK:         %[[AX:.+]] = mil.const dense<1> : tensor<i32>
// CHECK:         %[[SZ:.+]] = mil.const dense<[768, 256, 256]> : tensor<3xi32>
// CHECK:         %{{.+}}:3 = mil.split(axis = %[[AX]], split_sizes = %[[SZ]], x = %{{.+}}) : (tensor<i32>, tensor<3xi32>, tensor<64x1280xf16>) -> (tensor<64x768xf16>, tensor<64x256xf16>, tensor<64x256xf16>)
func.func private @fused_qkv(%x: tensor<64x768xf16>) -> (tensor<64x768xf16>, tensor<64x256xf16>, tensor<64x256xf16>) attributes {orion.device = "ane"} {
  %w = orion.param "fused(wq,wk,wv)" {orion.fused_from = ["wq", "wk", "wv"]} : tensor<1280x768xf16>
  %0 = orion.linear %x, %w : tensor<64x768xf16>, tensor<1280x768xf16>
  %q, %k, %v = orion.split %0 axis = 1 sizes = [768, 256, 256] : tensor<64x1280xf16>
  return %q, %k, %v : tensor<64x768xf16>, tensor<64x256xf16>, tensor<64x256xf16>
}

// -----

// Recorded shapes (orion.fused_shapes) are used as they are.

// CHECK-LABEL: func.func private @fused_recorded(
// CHECK:         mil.const #mil.weight<[<"gate", [512, 64]>, <"up", [512, 64]>]> : tensor<1024x64xf16>
func.func private @fused_recorded() -> tensor<1024x64xf16> attributes {orion.device = "ane"} {
  %w = orion.param "fused(gate,up)" {orion.fused_from = ["gate", "up"], orion.fused_shapes = [array<i64: 512, 64>, array<i64: 512, 64>]} : tensor<1024x64xf16>
  %0 = orion.relu %w : tensor<1024x64xf16>
  return %0 : tensor<1024x64xf16>
}

// -----

// matmul's transposes are named bool consts, always both.

// CHECK-LABEL: func.func private @matmul(
// CHECK-SAME:    %[[Q:.+]]: tensor<12x256x64xf16>, %[[K:.+]]: tensor<12x256x64xf16>
// CHECK-NEXT:    %[[TX:.+]] = mil.const dense<false> : tensor<i1>
// CHECK-NEXT:    %[[TY:.+]] = mil.const dense<true> : tensor<i1>
// CHECK-NEXT:    mil.matmul(transpose_x = %[[TX]], transpose_y = %[[TY]], x = %[[Q]], y = %[[K]]) : (tensor<i1>, tensor<i1>, tensor<12x256x64xf16>, tensor<12x256x64xf16>) -> tensor<12x256x256xf16>
func.func private @matmul(%q: tensor<12x256x64xf16>, %k: tensor<12x256x64xf16>) -> tensor<12x256x256xf16> attributes {orion.device = "ane"} {
  %0 = orion.matmul %q, %k transpose_rhs : tensor<12x256x64xf16>, tensor<12x256x64xf16>
  return %0 : tensor<12x256x256xf16>
}

// -----

// Reductions take an int32 axes vector and a bool keep_dims; softmax an
// int32 scalar axis.

// CHECK-LABEL: func.func private @reductions(
// CHECK-SAME:    %[[X:.+]]: tensor<256x768xf16>
// CHECK-NEXT:    %[[AX:.+]] = mil.const dense<1> : tensor<1xi32>
// CHECK-NEXT:    %[[KD:.+]] = mil.const dense<true> : tensor<i1>
// CHECK-NEXT:    %[[SUM:.+]] = mil.reduce_sum(x = %[[X]], axes = %[[AX]], keep_dims = %[[KD]]) : (tensor<256x768xf16>, tensor<1xi32>, tensor<i1>) -> tensor<256x1xf16>
// CHECK-NEXT:    %[[AX2:.+]] = mil.const dense<-1> : tensor<1xi32>
// CHECK-NEXT:    %[[KD2:.+]] = mil.const dense<false> : tensor<i1>
// CHECK-NEXT:    mil.reduce_mean(x = %[[X]], axes = %[[AX2]], keep_dims = %[[KD2]]) : (tensor<256x768xf16>, tensor<1xi32>, tensor<i1>) -> tensor<256xf16>
// CHECK:         mil.reduce_max(x = %[[X]], axes = {{.+}}, keep_dims = {{.+}}) : (tensor<256x768xf16>, tensor<2xi32>, tensor<i1>) -> tensor<1x1xf16>
// CHECK-NEXT:    %[[SAX:.+]] = mil.const dense<-1> : tensor<i32>
// CHECK-NEXT:    mil.softmax(axis = %[[SAX]], x = %[[X]]) : (tensor<i32>, tensor<256x768xf16>) -> tensor<256x768xf16>
func.func private @reductions(%x: tensor<256x768xf16>) -> (tensor<256x1xf16>, tensor<256xf16>, tensor<1x1xf16>, tensor<256x768xf16>) attributes {orion.device = "ane"} {
  %0 = orion.reduce_sum %x [1] keep_dims : tensor<256x768xf16>
  %1 = orion.reduce_mean %x [-1] : tensor<256x768xf16>
  %2 = orion.reduce_max %x [0, 1] keep_dims : tensor<256x768xf16>
  %3 = orion.softmax %x : tensor<256x768xf16>
  return %0, %1, %2, %3 : tensor<256x1xf16>, tensor<256xf16>, tensor<1x1xf16>, tensor<256x768xf16>
}

// -----

// CHECK-LABEL: func.func private @shapes(
// CHECK-SAME:    %[[X:.+]]: tensor<256x768xf16>
// CHECK-NEXT:    %[[SH:.+]] = mil.const dense<[256, 12, 64]> : tensor<3xi32>
// CHECK-NEXT:    %[[R:.+]] = mil.reshape(shape = %[[SH]], x = %[[X]]) : (tensor<3xi32>, tensor<256x768xf16>) -> tensor<256x12x64xf16>
// CHECK-NEXT:    %[[PM:.+]] = mil.const dense<[1, 0, 2]> : tensor<3xi32>
// CHECK-NEXT:    %[[T:.+]] = mil.transpose(perm = %[[PM]], x = %[[R]]) : (tensor<3xi32>, tensor<256x12x64xf16>) -> tensor<12x256x64xf16>
// CHECK-NEXT:    %[[BEGIN:.+]] = mil.const dense<0> : tensor<3xi32>
// CHECK-NEXT:    %[[END:.+]] = mil.const dense<[12, 128, 64]> : tensor<3xi32>
// CHECK-NEXT:    %[[S:.+]] = mil.slice_by_index(begin = %[[BEGIN]], end = %[[END]], x = %[[T]]) : (tensor<3xi32>, tensor<3xi32>, tensor<12x256x64xf16>) -> tensor<12x128x64xf16>
// CHECK-NEXT:    %[[BEGIN2:.+]] = mil.const dense<0> : tensor<3xi32>
// CHECK-NEXT:    %[[END2:.+]] = mil.const dense<[12, 128, 64]> : tensor<3xi32>
// CHECK-NEXT:    %[[STRIDE:.+]] = mil.const dense<[1, 2, 1]> : tensor<3xi32>
// CHECK-NEXT:    mil.slice_by_index(begin = %[[BEGIN2]], end = %[[END2]], stride = %[[STRIDE]], x = %[[S]]) : (tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<12x128x64xf16>) -> tensor<12x64x64xf16>
func.func private @shapes(%x: tensor<256x768xf16>) -> tensor<12x64x64xf16> attributes {orion.device = "ane"} {
  %0 = orion.reshape %x : tensor<256x768xf16> -> tensor<256x12x64xf16>
  %1 = orion.transpose %0 [1, 0, 2] : tensor<256x12x64xf16>
  %2 = orion.slice %1 [0, 0, 0] to [12, 128, 64] : tensor<12x256x64xf16>
  %3 = orion.slice %2 [0, 0, 0] to [12, 128, 64] step [1, 2, 1] : tensor<12x128x64xf16>
  return %3 : tensor<12x64x64xf16>
}

// -----

// split and concat convert on every device (mil-validate-ane reports them
// on the ANE); embedding is a gather on CPU kernels.

// CHECK-LABEL: func.func @cpu_kernel(
// CHECK-SAME:    %[[TOK:.+]]: tensor<16xi32>) -> tensor<16x8xf32>
// CHECK-NEXT:    %[[WTE:.+]] = mil.const #mil.weight<[<"wte", [100, 8]>]> : tensor<100x8xf32>
// CHECK-NEXT:    %[[GAX:.+]] = mil.const dense<0> : tensor<i32>
// CHECK-NEXT:    %[[E:.+]] = mil.gather(axis = %[[GAX]], indices = %[[TOK]], x = %[[WTE]]) : (tensor<i32>, tensor<16xi32>, tensor<100x8xf32>) -> tensor<16x8xf32>
// CHECK-NEXT:    %[[SAX:.+]] = mil.const dense<1> : tensor<i32>
// CHECK-NEXT:    %[[SZ:.+]] = mil.const dense<[3, 5]> : tensor<2xi32>
// CHECK-NEXT:    %[[P:.+]]:2 = mil.split(axis = %[[SAX]], split_sizes = %[[SZ]], x = %[[E]])
// CHECK-NEXT:    %[[CAX:.+]] = mil.const dense<1> : tensor<i32>
// CHECK-NEXT:    mil.concat(axis = %[[CAX]], values = (%[[P]]#1, %[[P]]#0)) : (tensor<i32>, tensor<16x5xf32>, tensor<16x3xf32>) -> tensor<16x8xf32>
func.func @cpu_kernel(%tok: tensor<16xi32>) -> tensor<16x8xf32> attributes {orion.device = "cpu"} {
  %wte = orion.param "wte" : tensor<100x8xf32>
  %0 = orion.embedding %wte[%tok] : tensor<100x8xf32>, tensor<16xi32>
  %a, %b = orion.split %0 axis = 1 sizes = [3, 5] : tensor<16x8xf32>
  %1 = orion.concat(%b, %a) axis = 1 : tensor<16x5xf32>, tensor<16x3xf32>
  return %1 : tensor<16x8xf32>
}

// -----

// CHECK-LABEL: func.func private @ane_concat(
// CHECK:         mil.concat
func.func private @ane_concat(%a: tensor<4x8xf16>, %b: tensor<4x8xf16>) -> tensor<4x16xf16> attributes {orion.device = "ane"} {
  %0 = orion.concat(%a, %b) axis = 1 : tensor<4x8xf16>, tensor<4x8xf16>
  return %0 : tensor<4x16xf16>
}

// -----

// Casts: one the compute type makes an identity disappears; others are
// mil.cast with a dtype string const. Constants are rounded to the compute
// type.

// CHECK-LABEL: func.func @casts(
// CHECK-SAME:    %[[X:.+]]: tensor<4xf32>) -> tensor<4xi32>
// CHECK-NEXT:    %[[DT:.+]] = mil.const "int32" : !mil.string
// CHECK-NEXT:    mil.cast(dtype = %[[DT]], x = %[[X]]) : (!mil.string, tensor<4xf32>) -> tensor<4xi32>
func.func @casts(%x: tensor<4xf32>) -> tensor<4xi32> attributes {orion.device = "cpu"} {
  %0 = orion.cast %x : tensor<4xf32> to tensor<4xf32>
  %1 = orion.cast %0 : tensor<4xf32> to tensor<4xi32>
  return %1 : tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func private @constants(
// CHECK-NEXT:    %[[C:.+]] = mil.const dense<[1.000000e+00, 3.332520e-01, 6.550400e+04]> : tensor<3xf16>
// CHECK-NEXT:    %[[I:.+]] = mil.const dense<[1, 2, 3]> : tensor<3xi32>
// CHECK-NEXT:    %[[DT:.+]] = mil.const "fp16" : !mil.string
// CHECK-NEXT:    %[[F:.+]] = mil.cast(dtype = %[[DT]], x = %[[I]]) : (!mil.string, tensor<3xi32>) -> tensor<3xf16>
// CHECK-NEXT:    mil.add(x = %[[C]], y = %[[F]])
func.func private @constants() -> tensor<3xf16> attributes {orion.device = "ane"} {
  %c = orion.constant dense<[1.0, 0.33333333, 65504.0]> : tensor<3xf32>
  %i = orion.constant dense<[1, 2, 3]> : tensor<3xi32>
  %f = orion.cast %i : tensor<3xi32> to tensor<3xf32>
  %0 = orion.add %c, %f : tensor<3xf32>
  %1 = orion.cast %0 : tensor<3xf32> to tensor<3xf16>
  return %1 : tensor<3xf16>
}

// -----

// An fp32 kernel called by the host keeps its signature: the ANE kernel
// computes in fp16 between casts at the boundary (keep-io-type is not needed
// when nothing changes, and the signature of the call stays valid).

// CHECK-LABEL: func.func private @kernel(
// CHECK-SAME:    tensor<1x768x1x64xf16>
// CHECK-LABEL: func.func @forward(
// CHECK:         call @kernel
func.func private @kernel(%x: tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16> attributes {orion.device = "ane"} {
  %0 = orion.relu %x : tensor<1x768x1x64xf16>
  return %0 : tensor<1x768x1x64xf16>
}
func.func @forward(%x: tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16> attributes {orion.host} {
  %0 = call @kernel(%x) : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return %0 : tensor<1x768x1x64xf16>
}

// -----

// Ops without a MIL form fail to legalize with a note saying why.

func.func private @composite(%x: tensor<4x8xf32>, %g: tensor<8xf32>) -> tensor<4x8xf32> attributes {orion.device = "ane"} {
  // expected-error@+2 {{failed to legalize operation 'orion.rms_norm'}}
  // expected-note@+1 {{composite op with no MIL form the ANE accepts; run -orion-decompose first}}
  %0 = orion.rms_norm %x, %g : tensor<4x8xf32>, tensor<8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

func.func private @ane_embedding(%t: tensor<16xi32>) -> tensor<16x8xf32> attributes {orion.device = "ane"} {
  %wte = orion.param "wte" : tensor<100x8xf32>
  // expected-error@+2 {{failed to legalize operation 'orion.embedding'}}
  // expected-note@+1 {{embedding is a gather, which the ANE does not run; orion-partition must place it in a "cpu" kernel}}
  %0 = orion.embedding %wte[%t] : tensor<100x8xf32>, tensor<16xi32>
  return %0 : tensor<16x8xf32>
}

// -----

// The loss converts on CPU kernels only (convert-orion-to-mil-loss.mlir).
func.func private @ane_loss(%l: tensor<4x10xf16>, %t: tensor<4xi32>) -> tensor<f16> attributes {orion.device = "ane"} {
  // expected-error@+2 {{failed to legalize operation 'orion.cross_entropy'}}
  // expected-note@+1 {{cross_entropy's target pick is a one_hot, which the ANE does not run; orion-partition must place the loss in a "cpu" kernel}}
  %0 = orion.cross_entropy %l, %t : tensor<4x10xf16>, tensor<4xi32>
  return %0 : tensor<f16>
}

// -----

func.func private @ane_one_hot(%t: tensor<4xi32>) -> tensor<4x10xf16> attributes {orion.device = "ane"} {
  // expected-error@+2 {{failed to legalize operation 'orion.one_hot'}}
  // expected-note@+1 {{the ANE has no one_hot; orion-partition must place it in a "cpu" kernel}}
  %0 = orion.one_hot %t depth = 10 : tensor<4xi32> -> tensor<4x10xf16>
  return %0 : tensor<4x10xf16>
}

// -----

func.func private @ane_embedding_grad(%d: tensor<4x8xf16>, %t: tensor<4xi32>) -> tensor<10x8xf16> attributes {orion.device = "ane"} {
  // expected-error@+2 {{failed to legalize operation 'orion.embedding_grad'}}
  // expected-note@+1 {{embedding_grad is a scatter-add, which the ANE does not run; orion-partition must place it in a "cpu" kernel}}
  %0 = orion.embedding_grad %d[%t] rows = 10 : tensor<4x8xf16>, tensor<4xi32> -> tensor<10x8xf16>
  return %0 : tensor<10x8xf16>
}

// -----

func.func @dynamic(%x: tensor<?x8xf32>) -> tensor<?x8xf32> attributes {orion.device = "cpu"} {
  // expected-error@+2 {{failed to legalize operation 'orion.relu'}}
  // expected-note@+1 {{MIL tensors have static shapes, and this op has a dynamic one}}
  %0 = orion.relu %x : tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

func.func private @fused_unknown(%x: tensor<4x64xf16>) -> tensor<4x96xf16> attributes {orion.device = "ane"} {
  // expected-error@+2 {{failed to legalize operation 'orion.param'}}
  // expected-note@+1 {{cannot tell the shapes of the 2 sources of this fused param: it does not feed linears whose results are split back into one piece per source; record them in orion.fused_shapes}}
  %w = orion.param "fused(a,b)" {orion.fused_from = ["a", "b"]} : tensor<96x64xf16>
  %0 = orion.linear %x, %w : tensor<4x64xf16>, tensor<96x64xf16>
  return %0 : tensor<4x96xf16>
}

// -----

func.func private @fused_bad_shapes() -> tensor<96x64xf16> attributes {orion.device = "ane"} {
  // expected-error@+2 {{failed to legalize operation 'orion.param'}}
  // expected-note@+1 {{orion.fused_shapes must hold one shape per orion.fused_from name, concatenating along axis 0 to the param's shape}}
  %w = orion.param "fused(a,b)" {orion.fused_from = ["a", "b"], orion.fused_shapes = [array<i64: 32, 64>, array<i64: 32, 64>]} : tensor<96x64xf16>
  return %w : tensor<96x64xf16>
}

// -----

func.func private @int_param() -> tensor<4xi32> attributes {orion.device = "cpu"} {
  // expected-error@+2 {{failed to legalize operation 'orion.param'}}
  // expected-note@+1 {{a #mil.weight holds fp16 or fp32 values; integer parameters have no MIL form}}
  %0 = orion.param "ids" : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// expected-error@+1 {{orion.device must be "ane" or "cpu", got "gpu"}}
func.func private @gpu(%x: tensor<4xf32>) -> tensor<4xf32> attributes {orion.device = "gpu"} {
  return %x : tensor<4xf32>
}

// -----

// Converting an fp32 ANE kernel to fp16 would break the host's call.

// expected-error@+1 {{converting this kernel changes its signature to '(tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>', which would break its call sites; run orion-assign-layout first (ANE kernels take fp16 surfaces) or keep fp32 I/O with keep-io-type=true}}
func.func private @fp32_kernel(%x: tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf32> attributes {orion.device = "ane"} {
  %0 = orion.relu %x : tensor<1x768x1x64xf32>
  return %0 : tensor<1x768x1x64xf32>
}
func.func @caller(%x: tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf32> attributes {orion.host} {
  %0 = call @fp32_kernel(%x) : (tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf32>
  return %0 : tensor<1x768x1x64xf32>
}
