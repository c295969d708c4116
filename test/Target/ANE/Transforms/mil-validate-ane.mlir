// RUN: orion-opt %s -split-input-file -mil-validate-ane -verify-diagnostics

// -mil-validate-ane reports everything in an ANE program (orion.device =
// "ane", or no orion.device) that the ANE would reject, each error naming
// the rule: its ID in docs/ane-constraints.md, or "compiler-level rule".
// One case per rule. I/O tensors are [1, 768, 1, 64] fp16 (98,304 bytes)
// unless a case is about sizes.

// A valid program: no diagnostics.
func.func @valid(%x: tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16> {
  %0 = mil.relu(x = %x) : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return %0 : tensor<1x768x1x64xf16>
}

// -----

// CPU kernels and the host function are not ANE programs.
func.func private @cpu(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<8xf32> attributes {orion.device = "cpu"} {
  %ax = mil.const dense<0> : tensor<i32>
  %0 = mil.concat(axis = %ax, values = (%a, %b)) : (tensor<i32>, tensor<4xf32>, tensor<4xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
func.func @host(%a: tensor<4xf32>) -> tensor<4xf32> attributes {orion.host} {
  return %a : tensor<4xf32>
}

// -----

// ANE-NO-CONCAT
func.func private @concat(%a: tensor<1x384x1x64xf16>, %b: tensor<1x384x1x64xf16>) -> tensor<1x768x1x64xf16> attributes {orion.device = "ane"} {
  %ax = mil.const dense<1> : tensor<i32>
  // expected-error@+1 {{'mil.concat' op is rejected by the ANE compiler (ANE-NO-CONCAT: ANECCompile fails on concat); use a multi-output program or channel slices}}
  %0 = mil.concat(axis = %ax, values = (%a, %b)) : (tensor<i32>, tensor<1x384x1x64xf16>, tensor<1x384x1x64xf16>) -> tensor<1x768x1x64xf16>
  return %0 : tensor<1x768x1x64xf16>
}

// -----

// ANE-NO-GELU-SILU
func.func @gelu(%x: tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16> {
  // expected-error@+1 {{'mil.gelu' op is rejected by the ANE compiler (ANE-NO-GELU-SILU: gelu and silu are not valid ANE MIL ops); run -mil-legalize-ane to expand it into tanh/sigmoid arithmetic}}
  %0 = mil.gelu(x = %x) : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return %0 : tensor<1x768x1x64xf16>
}

// -----

// ANE-NO-GELU-SILU
func.func @silu(%x: tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16> {
  // expected-error@+1 {{'mil.silu' op is rejected by the ANE compiler (ANE-NO-GELU-SILU}}
  %0 = mil.silu(x = %x) : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return %0 : tensor<1x768x1x64xf16>
}

// -----

// ANE-SDPA-MASK
func.func @sdpa(%q: tensor<1x12x64x64xf16>, %k: tensor<1x12x64x64xf16>, %v: tensor<1x12x64x64xf16>) -> tensor<1x12x64x64xf16> {
  // expected-error@+1 {{'mil.scaled_dot_product_attention' op ignores causal masks on the ANE (ANE-SDPA-MASK: SDPA compiles and runs but drops the mask); decompose attention into matmul, add and softmax}}
  %0 = mil.scaled_dot_product_attention(key = %k, query = %q, value = %v) : (tensor<1x12x64x64xf16>, tensor<1x12x64x64xf16>, tensor<1x12x64x64xf16>) -> tensor<1x12x64x64xf16>
  return %0 : tensor<1x12x64x64xf16>
}

// -----

// ANE-OP-SET (compiler-level): mechramc/Orion's codegen has no split.
func.func @split(%x: tensor<1x1536x1x64xf16>) -> (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) {
  %ax = mil.const dense<1> : tensor<i32>
  %n = mil.const dense<2> : tensor<i32>
  // expected-error@+1 {{'mil.split' op is not in the ANE op set (compiler-level rule: Orion's codegen has no split); run -mil-legalize-ane to turn it into slice_by_index ops}}
  %0:2 = mil.split(axis = %ax, num_splits = %n, x = %x) : (tensor<i32>, tensor<i32>, tensor<1x1536x1x64xf16>) -> (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>)
  return %0#0, %0#1 : tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>
}

// -----

// ANE-OP-SET (compiler-level): no gather on the ANE.
func.func @gather(%ids: tensor<64xi32> {orion.surface = #orion.surface<bytes = 98304>}) -> tensor<64x768xf16> {
  %wte = mil.const #mil.weight<[#mil.source<"wte", [1000, 768]>]> : tensor<1000x768xf16>
  // expected-error@+1 {{'mil.gather' op is not in the ANE op set (compiler-level rule: Orion's ANE kernels never use it); embedding lookups belong in a "cpu" kernel}}
  %0 = mil.gather(indices = %ids, x = %wte) : (tensor<64xi32>, tensor<1000x768xf16>) -> tensor<64x768xf16>
  return %0 : tensor<64x768xf16>
}

// -----

// ANE-OP-SET: no one_hot on the ANE either (cross_entropy runs on the CPU).
func.func @one_hot(%ids: tensor<64xi32> {orion.surface = #orion.surface<bytes = 98304>}) -> tensor<64x768xf16> {
  %n = mil.const dense<768> : tensor<i32>
  %on = mil.const dense<1.0> : tensor<f16>
  %off = mil.const dense<0.0> : tensor<f16>
  // expected-error@+1 {{'mil.one_hot' op is not in the ANE op set (compiler-level rule: Orion's ANE kernels never use it); one_hot (cross_entropy's target pick) belongs in a "cpu" kernel}}
  %0 = mil.one_hot(indices = %ids, off_value = %off, on_value = %on, one_hot_vector_size = %n) : (tensor<64xi32>, tensor<f16>, tensor<f16>, tensor<i32>) -> tensor<64x768xf16>
  return %0 : tensor<64x768xf16>
}

// -----

// Nor fill and scatter (an embedding's gradient runs on the CPU).
func.func @scatter(%ids: tensor<64xi32> {orion.surface = #orion.surface<bytes = 98304>}, %d: tensor<64x768xf16> {orion.surface = #orion.surface<bytes = 98304>}) -> tensor<1000x768xf16> {
  %s = mil.const dense<[1000, 768]> : tensor<2xi32>
  %zero = mil.const dense<0.0> : tensor<f16>
  // expected-error@+1 {{'mil.fill' op is not in the ANE op set (compiler-level rule: Orion's ANE kernels never use it); fill and scatter (an embedding's gradient) belong in a "cpu" kernel}}
  %z = mil.fill(shape = %s, value = %zero) : (tensor<2xi32>, tensor<f16>) -> tensor<1000x768xf16>
  // expected-error@+1 {{'mil.scatter' op is not in the ANE op set (compiler-level rule: Orion's ANE kernels never use it); fill and scatter (an embedding's gradient) belong in a "cpu" kernel}}
  %0 = mil.scatter(data = %z, indices = %ids, updates = %d) : (tensor<1000x768xf16>, tensor<64xi32>, tensor<64x768xf16>) -> tensor<1000x768xf16>
  return %0 : tensor<1000x768xf16>
}

// -----

func.func @erf(%x: tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16> {
  // expected-error@+1 {{'mil.erf' op is not in the ANE op set (compiler-level rule: Orion's ANE kernels never use it); use the tanh form of gelu}}
  %0 = mil.erf(x = %x) : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return %0 : tensor<1x768x1x64xf16>
}

// -----

func.func @layer_norm(%x: tensor<64x768xf16>) -> tensor<64x768xf16> {
  %ax = mil.const dense<-1> : tensor<1xi32>
  // expected-error@+1 {{'mil.layer_norm' op is not in the ANE op set (compiler-level rule: Orion's ANE kernels never use it); use reduce_mean and pow(-0.5) (orion-decompose)}}
  %0 = mil.layer_norm(axes = %ax, x = %x) : (tensor<1xi32>, tensor<64x768xf16>) -> tensor<64x768xf16>
  return %0 : tensor<64x768xf16>
}

// -----

func.func @linear(%x: tensor<64x768xf16>) -> tensor<64x768xf16> {
  %w = mil.const #mil.weight<[#mil.source<"w", [768, 768]>]> : tensor<768x768xf16>
  // expected-error@+1 {{'mil.linear' op is not in the ANE op set (compiler-level rule: Orion's ANE kernels never use it); use a 1x1 conv}}
  %0 = mil.linear(weight = %w, x = %x) : (tensor<768x768xf16>, tensor<64x768xf16>) -> tensor<64x768xf16>
  return %0 : tensor<64x768xf16>
}

// -----

func.func @select(%c: tensor<1x768x1x64xi1> {orion.surface = #orion.surface<bytes = 98304>}, %x: tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16> {
  // expected-error@+1 {{'mil.select' op is not in the ANE op set (compiler-level rule: Orion's ANE kernels never use it); use an additive mask const}}
  %0 = mil.select(a = %x, b = %x, cond = %c) : (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>, tensor<1x768x1x64xi1>) -> tensor<1x768x1x64xf16>
  return %0 : tensor<1x768x1x64xf16>
}

// -----

func.func @band_part(%x: tensor<1x12x64x64xf16>) -> tensor<1x12x64x64xf16> {
  // expected-error@+1 {{'mil.band_part' op is not in the ANE op set (compiler-level rule: Orion's ANE kernels never use it); use an additive mask const}}
  %0 = mil.band_part(x = %x) : (tensor<1x12x64x64xf16>) -> tensor<1x12x64x64xf16>
  return %0 : tensor<1x12x64x64xf16>
}

// -----

// ANE-CONV-NO-BIAS (compiler-level): the ANE's conv takes no bias.
func.func @conv_bias(%x: tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16> {
  %w = mil.const #mil.weight<[#mil.source<"w", [768, 768]>]> : tensor<768x768x1x1xf16>
  %b = mil.const #mil.weight<[#mil.source<"b", [768]>]> : tensor<768xf16>
  %pt = mil.const "valid" : !mil.string
  %st = mil.const dense<1> : tensor<2xi32>
  %pd = mil.const dense<0> : tensor<4xi32>
  %dl = mil.const dense<1> : tensor<2xi32>
  %gr = mil.const dense<1> : tensor<i32>
  // expected-error@+1 {{'mil.conv' op has a bias, which the ANE's conv does not take (compiler-level rule: conv has no bias=); run -mil-legalize-ane to make it a separate add}}
  %0 = mil.conv(bias = %b, dilations = %dl, groups = %gr, pad = %pd, pad_type = %pt, strides = %st, weight = %w, x = %x) : (tensor<768xf16>, tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<768x768x1x1xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return %0 : tensor<1x768x1x64xf16>
}

// -----

// ANE-NAMED-CONST-ARGS (compiler-level): bool (and int) compile-time
// arguments are named const refs, never left to MIL's defaults.
func.func @implicit_bools(%x: tensor<1x12x64x64xf16>) -> tensor<1x12x64x64xf16> {
  %tx = mil.const dense<false> : tensor<i1>
  // expected-error@+1 {{'mil.matmul' op leaves 'transpose_y' implicit (compiler-level rule: the ANE's MIL parser wants compile-time bool and int arguments as named mil.const refs, as Orion always spells them); run -mil-legalize-ane}}
  %0 = mil.matmul(transpose_x = %tx, x = %x, y = %x) : (tensor<i1>, tensor<1x12x64x64xf16>, tensor<1x12x64x64xf16>) -> tensor<1x12x64x64xf16>
  return %0 : tensor<1x12x64x64xf16>
}

// -----

func.func @implicit_reduce_and_softmax(%x: tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16> {
  %ax = mil.const dense<1> : tensor<1xi32>
  // expected-error@+1 {{'mil.reduce_sum' op leaves 'keep_dims' implicit}}
  %0 = mil.reduce_sum(x = %x, axes = %ax) : (tensor<1x768x1x64xf16>, tensor<1xi32>) -> tensor<1x1x64xf16>
  // expected-error@+1 {{'mil.softmax' op leaves 'axis' implicit}}
  %1 = mil.softmax(x = %x) : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return %1 : tensor<1x768x1x64xf16>
}

// -----

func.func @implicit_conv_args(%x: tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16> {
  %w = mil.const #mil.weight<[#mil.source<"w", [768, 768]>]> : tensor<768x768x1x1xf16>
  %gr = mil.const dense<1> : tensor<i32>
  // expected-error@+4 {{'mil.conv' op leaves 'dilations' implicit}}
  // expected-error@+3 {{'mil.conv' op leaves 'pad' implicit}}
  // expected-error@+2 {{'mil.conv' op leaves 'pad_type' implicit}}
  // expected-error@+1 {{'mil.conv' op leaves 'strides' implicit}}
  %0 = mil.conv(groups = %gr, weight = %w, x = %x) : (tensor<i32>, tensor<768x768x1x1xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return %0 : tensor<1x768x1x64xf16>
}

// -----

// ANE-LIVE-OUTPUTS (compiler-level): every output names a live op.
func.func @returns_argument(%x: tensor<1x768x1x64xf16>) -> (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) {
  %0 = mil.relu(x = %x) : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  // expected-error@+1 {{output #1 is argument #0, which no op produces (compiler-level rule: output names must reference live ops, else the program is an InvalidMILProgram); run -mil-legalize-ane to return it through an identity}}
  return %0, %x : tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>
}

// -----

func.func @returns_twice(%x: tensor<1x768x1x64xf16>) -> (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) {
  %0 = mil.relu(x = %x) : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  // expected-error@+1 {{outputs #0 and #1 are the same value, so they would share one MIL name (compiler-level rule: each output names its own live op); run -mil-legalize-ane}}
  return %0, %0 : tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>
}

// -----

// ANE-UNIFORM-OUTPUTS, from the types: [1, 768, 1, 64] and
// [1, 2048, 1, 64] fp16.
// expected-error@+1 {{output surfaces have different sizes (98304, 262144 bytes) (ANE-UNIFORM-OUTPUTS: a multi-output program needs every output buffer the same size, else eval fails with status 0x1d); allocate each at 262144 bytes and record it in orion.surface}}
func.func @outputs_not_uniform(%x: tensor<1x768x1x64xf16> {orion.surface = #orion.surface<bytes = 262144>}, %h: tensor<1x2048x1x64xf16>) -> (tensor<1x768x1x64xf16>, tensor<1x2048x1x64xf16>) attributes {orion.device = "ane"} {
  %0 = mil.relu(x = %x) : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  %1 = mil.relu(x = %h) : (tensor<1x2048x1x64xf16>) -> tensor<1x2048x1x64xf16>
  return %0, %1 : tensor<1x768x1x64xf16>, tensor<1x2048x1x64xf16>
}

// -----

// ANE-UNIFORM-OUTPUTS again, with padded outputs recorded in
// orion.surface: no error.
func.func @outputs_padded(%x: tensor<1x768x1x64xf16> {orion.surface = #orion.surface<bytes = 262144>}, %h: tensor<1x2048x1x64xf16>) -> (tensor<1x768x1x64xf16> {orion.surface = #orion.surface<bytes = 262144>}, tensor<1x2048x1x64xf16>) attributes {orion.device = "ane"} {
  %0 = mil.relu(x = %x) : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  %1 = mil.relu(x = %h) : (tensor<1x2048x1x64xf16>) -> tensor<1x2048x1x64xf16>
  return %0, %1 : tensor<1x768x1x64xf16>, tensor<1x2048x1x64xf16>
}

// -----

// ANE-UNIFORM-INPUTS, from orion.surface.
// expected-error@+1 {{input surfaces have different sizes (98304, 65536 bytes) (ANE-UNIFORM-INPUTS: a multi-input program needs every input buffer the same size, else eval fails with status 0x1d); allocate each at 98304 bytes and record it in orion.surface}}
func.func @inputs_not_uniform(%x: tensor<1x768x1x32xf16> {orion.surface = #orion.surface<bytes = 98304>}, %a: tensor<1x768x1x16xf16> {orion.surface = #orion.surface<bytes = 65536>}) -> tensor<1x768x1x32xf16> {
  %0 = mil.relu(x = %x) : (tensor<1x768x1x32xf16>) -> tensor<1x768x1x32xf16>
  return %0 : tensor<1x768x1x32xf16>
}

// -----

// ANE-MIN-SURFACE: seq = 1 x 768 fp32 = 3,072 bytes.
// expected-error@+2 {{input #0 is a 3072-byte surface (ANE-MIN-SURFACE: the ANE evaluates only surfaces of at least 49,152 bytes, smaller ones fail with status 0x1d); pad the sequence to a larger bucket or the channels}}
// expected-error@+1 {{output #0 is a 3072-byte surface (ANE-MIN-SURFACE}}
func.func @too_small(%x: tensor<1x768x1x1xf32>) -> tensor<1x768x1x1xf32> {
  %0 = mil.relu(x = %x) : (tensor<1x768x1x1xf32>) -> tensor<1x768x1x1xf32>
  return %0 : tensor<1x768x1x1xf32>
}

// -----

// ANE-OUTPUT-ORDER: outputs come back sorted by MIL name.
// expected-error@+1 {{output names (q32, k32) are not in alphabetical order (ANE-OUTPUT-ORDER: the ANE returns outputs sorted by MIL name, so surfaces would silently swap); name them so that alphabetical order is return order, e.g. out_0, out_1}}
func.func @outputs_not_alphabetical(%x: tensor<1x768x1x64xf16> {mil.name = "x"}) -> (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) {
  %0 = mil.relu(x = %x) {mil.name = "q32"} : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  %1 = mil.tanh(x = %x) {mil.name = "k32"} : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return %0, %1 : tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>
}

// -----

// ANE-INPUT-ORDER: inputs are bound sorted by MIL name.
// expected-error@+1 {{input names (x, lora_A) are not in alphabetical order (ANE-INPUT-ORDER: the ANE binds inputs sorted by MIL name); name them so that alphabetical order is argument order}}
func.func @inputs_not_alphabetical(%x: tensor<1x768x1x64xf16> {mil.name = "x"}, %a: tensor<1x768x1x64xf16> {mil.name = "lora_A"}) -> tensor<1x768x1x64xf16> {
  %0 = mil.add(x = %x, y = %a) {mil.name = "y"} : (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return %0 : tensor<1x768x1x64xf16>
}

// -----

// ANE-MAX-CHANNELS: at most 65,536 channels per tensor (a 70,000-word
// vocabulary's logits).
func.func @too_many_channels(%x: tensor<1x768x1x64xf16>) -> tensor<1x70000x1x64xf16> {
  %w = mil.const #mil.weight<[#mil.source<"wte", [70000, 768]>]> : tensor<70000x768x1x1xf16>
  %pt = mil.const "valid" : !mil.string
  %st = mil.const dense<1> : tensor<2xi32>
  %pd = mil.const dense<0> : tensor<4xi32>
  %dl = mil.const dense<1> : tensor<2xi32>
  %gr = mil.const dense<1> : tensor<i32>
  // expected-warning@+2 {{working set of 116578340 bytes (112 MB) exceeds the 32 MB SRAM budget}}
  // expected-error@+1 {{result #0 'tensor<1x70000x1x64xf16>' has 70000 channels (ANE limit: at most 65,536 channels per tensor); orion-partition must place this computation in a "cpu" kernel}}
  %0 = mil.conv(dilations = %dl, groups = %gr, pad = %pd, pad_type = %pt, strides = %st, weight = %w, x = %x) : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<70000x768x1x1xf16>, tensor<1x768x1x64xf16>) -> tensor<1x70000x1x64xf16>
  return %0 : tensor<1x70000x1x64xf16>
}

// -----

// ANE-SRAM-BUDGET (a warning): x * x on [1, 4096, 1, 4096] fp16 reads 32 MB
// and writes 32 MB.
func.func @sram(%x: tensor<1x4096x1x4096xf16>) -> tensor<1x4096x1x4096xf16> {
  // expected-warning@+1 {{working set of 67108864 bytes (64 MB) exceeds the 32 MB SRAM budget (ANE limit: a working set that spills out of SRAM runs about 30% slower); split the op or shorten the sequence}}
  %0 = mil.mul(x = %x, y = %x) : (tensor<1x4096x1x4096xf16>, tensor<1x4096x1x4096xf16>) -> tensor<1x4096x1x4096xf16>
  return %0 : tensor<1x4096x1x4096xf16>
}
