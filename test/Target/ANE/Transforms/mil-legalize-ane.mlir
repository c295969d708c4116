// RUN: orion-opt %s -split-input-file -mil-legalize-ane | FileCheck %s
// RUN: orion-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(mil-legalize-ane,mil-validate-ane))' -verify-diagnostics -o /dev/null

// -mil-legalize-ane rewrites what the ANE rejects into what it accepts; the
// second RUN line checks that mil-validate-ane accepts every result (only
// the concat it cannot remove is reported). One case per rule. I/O tensors
// are [1, 768, 1, 64] fp16 (98,304 bytes) so that the surface rules hold.

// ANE-NO-GELU-SILU: gelu is the tanh form built from mul/add/tanh, named
// after the op as mechramc/Orion's builder names it; an assigned mil.name
// stays on the result.

// CHECK-LABEL: func.func @gelu(
// CHECK-SAME:    %[[X:.+]]: tensor<1x768x1x64xf16>
// CHECK-NOT:     mil.gelu
// CHECK:         %[[X2:.+]] = mil.mul(x = %[[X]], y = %[[X]])
// CHECK-NEXT:    %[[X3:.+]] = mil.mul(x = %[[X2]], y = %[[X]])
// CHECK-NEXT:    %[[C1:.+]] = mil.const dense<4.470830e-02> : tensor<f16>
// CHECK-NEXT:    %[[CX3:.+]] = mil.mul(x = %[[X3]], y = %[[C1]])
// CHECK-NEXT:    %[[INNER:.+]] = mil.add(x = %[[X]], y = %[[CX3]])
// CHECK-NEXT:    %[[C2:.+]] = mil.const dense<7.978520e-01> : tensor<f16>
// CHECK-NEXT:    %[[SCALED:.+]] = mil.mul(x = %[[INNER]], y = %[[C2]])
// CHECK-NEXT:    %[[TH:.+]] = mil.tanh(x = %[[SCALED]])
// CHECK-NEXT:    %[[ONE:.+]] = mil.const dense<1.000000e+00> : tensor<f16>
// CHECK-NEXT:    %[[ONEP:.+]] = mil.add(x = %[[TH]], y = %[[ONE]])
// CHECK-NEXT:    %[[HALF:.+]] = mil.const dense<5.000000e-01> : tensor<f16>
// CHECK-NEXT:    %[[HX:.+]] = mil.mul(x = %[[X]], y = %[[HALF]])
// CHECK-NEXT:    %[[OUT:.+]] = mil.mul(x = %[[HX]], y = %[[ONEP]]) {mil.name = "ffn_act"}
// CHECK-NEXT:    return %[[OUT]]
func.func @gelu(%x: tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16> {
  %m = mil.const "TANH_APPROXIMATION" : !mil.string
  %0 = mil.gelu(mode = %m, x = %x) {mil.name = "ffn_act"} : (!mil.string, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return %0 : tensor<1x768x1x64xf16>
}

// -----

// ANE-NO-GELU-SILU: gelu's sigmoid approximation is x * sigmoid(1.702 x).

// CHECK-LABEL: func.func @gelu_sigmoid(
// CHECK-SAME:    %[[X:.+]]: tensor<1x768x1x64xf16>
// CHECK-NEXT:    %[[K:.+]] = mil.const dense<1.702150e+00> : tensor<f16>
// CHECK-NEXT:    %[[SX:.+]] = mil.mul(x = %[[X]], y = %[[K]])
// CHECK-NEXT:    %[[SIG:.+]] = mil.sigmoid(x = %[[SX]])
// CHECK-NEXT:    %[[OUT:.+]] = mil.mul(x = %[[X]], y = %[[SIG]])
// CHECK-NEXT:    return %[[OUT]]
func.func @gelu_sigmoid(%x: tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16> {
  %m = mil.const "SIGMOID_APPROXIMATION" : !mil.string
  %0 = mil.gelu(mode = %m, x = %x) : (!mil.string, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return %0 : tensor<1x768x1x64xf16>
}

// -----

// ANE-NO-GELU-SILU: silu is x * sigmoid(x).

// CHECK-LABEL: func.func @silu(
// CHECK-SAME:    %[[X:.+]]: tensor<1x768x1x64xf16>
// CHECK-NEXT:    %[[SIG:.+]] = mil.sigmoid(x = %[[X]])
// CHECK-NEXT:    %[[OUT:.+]] = mil.mul(x = %[[X]], y = %[[SIG]])
// CHECK-NEXT:    return %[[OUT]]
func.func @silu(%x: tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16> {
  %0 = mil.silu(x = %x) : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return %0 : tensor<1x768x1x64xf16>
}

// -----

// ANE-CONV-NO-BIAS: conv takes no bias; the bias becomes a [1, Cout, 1, 1]
// const added after the conv.

// CHECK-LABEL: func.func @conv_bias(
// CHECK-DAG:     %[[W:.+]] = mil.const #mil.weight<[<"w", [768, 768]>]> : tensor<768x768x1x1xf16>
// CHECK-DAG:     %[[B:.+]] = mil.const #mil.weight<[<"b", [768]>]> : tensor<1x768x1x1xf16>
// CHECK:         %[[CONV:.+]] = mil.conv(dilations = %{{.+}}, groups = %{{.+}}, pad = %{{.+}}, pad_type = %{{.+}}, strides = %{{.+}}, weight = %[[W]], x = %{{.+}})
// CHECK-NOT:     bias
// CHECK-NEXT:    %[[ADD:.+]] = mil.add(x = %[[CONV]], y = %[[B]]) : (tensor<1x768x1x64xf16>, tensor<1x768x1x1xf16>) -> tensor<1x768x1x64xf16>
// CHECK-NEXT:    return %[[ADD]]
func.func @conv_bias(%x: tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16> {
  %w = mil.const #mil.weight<[#mil.source<"w", [768, 768]>]> : tensor<768x768x1x1xf16>
  %b = mil.const #mil.weight<[#mil.source<"b", [768]>]> : tensor<768xf16>
  %pt = mil.const "valid" : !mil.string
  %st = mil.const dense<1> : tensor<2xi32>
  %pd = mil.const dense<0> : tensor<4xi32>
  %dl = mil.const dense<1> : tensor<2xi32>
  %gr = mil.const dense<1> : tensor<i32>
  %0 = mil.conv(bias = %b, dilations = %dl, groups = %gr, pad = %pd, pad_type = %pt, strides = %st, weight = %w, x = %x) : (tensor<768xf16>, tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<768x768x1x1xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return %0 : tensor<1x768x1x64xf16>
}

// -----

// ANE-NO-CONCAT: a concat read only by slices that each fall inside one
// input goes; each slice reads its input (or is its input). The second
// output is padded to the first's size (ANE-UNIFORM-OUTPUTS) through
// orion.surface.

// CHECK-LABEL: func.func @concat_of_slices(
// CHECK-SAME:    %[[A:.+]]: tensor<1x768x1x64xf16>, %[[B:.+]]: tensor<1x768x1x64xf16>
// CHECK-NOT:     mil.concat
// CHECK:         %[[BEGIN:.+]] = mil.const dense<[0, 100, 0, 0]> : tensor<4xi32>
// CHECK-NEXT:    %[[END:.+]] = mil.const dense<[1, 484, 1, 64]> : tensor<4xi32>
// CHECK-NEXT:    %[[S:.+]] = mil.slice_by_index(begin = %[[BEGIN]], end = %[[END]], x = %[[A]]) : (tensor<4xi32>, tensor<4xi32>, tensor<1x768x1x64xf16>) -> tensor<1x384x1x64xf16>
// CHECK:         %[[ID:.+]] = mil.identity(x = %[[B]])
// CHECK-NEXT:    return %[[ID]], %[[S]]
func.func @concat_of_slices(%a: tensor<1x768x1x64xf16>, %b: tensor<1x768x1x64xf16>) -> (tensor<1x768x1x64xf16>, tensor<1x384x1x64xf16> {orion.surface = #orion.surface<bytes = 98304>}) {
  %ax = mil.const dense<1> : tensor<i32>
  %c = mil.concat(axis = %ax, values = (%a, %b)) : (tensor<i32>, tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) -> tensor<1x1536x1x64xf16>
  %b0 = mil.const dense<[0, 768, 0, 0]> : tensor<4xi32>
  %e0 = mil.const dense<[1, 1536, 1, 64]> : tensor<4xi32>
  %s0 = mil.slice_by_index(begin = %b0, end = %e0, x = %c) : (tensor<4xi32>, tensor<4xi32>, tensor<1x1536x1x64xf16>) -> tensor<1x768x1x64xf16>
  %b1 = mil.const dense<[0, 100, 0, 0]> : tensor<4xi32>
  %e1 = mil.const dense<[1, 484, 1, 64]> : tensor<4xi32>
  %s1 = mil.slice_by_index(begin = %b1, end = %e1, x = %c) : (tensor<4xi32>, tensor<4xi32>, tensor<1x1536x1x64xf16>) -> tensor<1x384x1x64xf16>
  return %s0, %s1 : tensor<1x768x1x64xf16>, tensor<1x384x1x64xf16>
}

// -----

// ANE-NO-CONCAT: a concat something else reads stays, and mil-validate-ane
// reports it.

// CHECK-LABEL: func.func @concat_kept(
// CHECK:         mil.concat
func.func @concat_kept(%a: tensor<1x384x1x64xf16>, %b: tensor<1x384x1x64xf16>) -> tensor<1x768x1x64xf16> {
  %ax = mil.const dense<1> : tensor<i32>
  // expected-error@+1 {{'mil.concat' op is rejected by the ANE compiler (ANE-NO-CONCAT}}
  %c = mil.concat(axis = %ax, values = (%a, %b)) : (tensor<i32>, tensor<1x384x1x64xf16>, tensor<1x384x1x64xf16>) -> tensor<1x768x1x64xf16>
  %0 = mil.relu(x = %c) : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return %0 : tensor<1x768x1x64xf16>
}

// -----

// ANE-OP-SET: split is one slice_by_index per piece, named like the
// split's results.

// CHECK-LABEL: func.func @split(
// CHECK-SAME:    %[[X:.+]]: tensor<1x1536x1x64xf16>
// CHECK-NEXT:    %[[B0:.+]] = mil.const dense<0> : tensor<4xi32>
// CHECK-NEXT:    %[[E0:.+]] = mil.const dense<[1, 768, 1, 64]> : tensor<4xi32>
// CHECK-NEXT:    %[[S0:.+]] = mil.slice_by_index(begin = %[[B0]], end = %[[E0]], x = %[[X]]) {mil.name = "qk"}
// CHECK-NEXT:    %[[B1:.+]] = mil.const dense<[0, 768, 0, 0]> : tensor<4xi32>
// CHECK-NEXT:    %[[E1:.+]] = mil.const dense<[1, 1536, 1, 64]> : tensor<4xi32>
// CHECK-NEXT:    %[[S1:.+]] = mil.slice_by_index(begin = %[[B1]], end = %[[E1]], x = %[[X]]) {mil.name = "qk_1"}
// CHECK-NEXT:    return %[[S0]], %[[S1]]
func.func @split(%x: tensor<1x1536x1x64xf16>) -> (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) {
  %ax = mil.const dense<1> : tensor<i32>
  %n = mil.const dense<2> : tensor<i32>
  %0:2 = mil.split(axis = %ax, num_splits = %n, x = %x) {mil.name = "qk"} : (tensor<i32>, tensor<i32>, tensor<1x1536x1x64xf16>) -> (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>)
  return %0#0, %0#1 : tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>
}

// -----

// ANE-NAMED-CONST-ARGS: compile-time arguments are explicit named consts with
// MIL's defaults (the ANE parser wants bools as named const refs).

// CHECK-LABEL: func.func @implicit_arguments(
// CHECK-SAME:    %[[X:.+]]: tensor<1x768x1x64xf16>
// CHECK:         %[[W:.+]] = mil.const #mil.weight
// CHECK-NEXT:    %[[PT:.+]] = mil.const "valid" : !mil.string
// CHECK-NEXT:    %[[ST:.+]] = mil.const dense<1> : tensor<2xi32>
// CHECK-NEXT:    %[[PD:.+]] = mil.const dense<0> : tensor<4xi32>
// CHECK-NEXT:    %[[DL:.+]] = mil.const dense<1> : tensor<2xi32>
// CHECK-NEXT:    %[[GR:.+]] = mil.const dense<1> : tensor<i32>
// CHECK-NEXT:    %[[CONV:.+]] = mil.conv(dilations = %[[DL]], groups = %[[GR]], pad = %[[PD]], pad_type = %[[PT]], strides = %[[ST]], weight = %[[W]], x = %[[X]])
// CHECK:         %[[TX:.+]] = mil.const dense<false> : tensor<i1>
// CHECK-NEXT:    %[[TY:.+]] = mil.const dense<false> : tensor<i1>
// CHECK-NEXT:    %[[MM:.+]] = mil.matmul(transpose_x = %[[TX]], transpose_y = %[[TY]], x = %[[CONV]], y = %{{.+}})
// CHECK-NEXT:    %[[AX:.+]] = mil.const dense<[0, 1, 2, 3]> : tensor<4xi32>
// CHECK-NEXT:    %[[KD:.+]] = mil.const dense<false> : tensor<i1>
// CHECK-NEXT:    %[[SUM:.+]] = mil.reduce_sum(x = %[[MM]], axes = %[[AX]], keep_dims = %[[KD]]) : (tensor<1x768x1x64xf16>, tensor<4xi32>, tensor<i1>) -> tensor<f16>
// CHECK-NEXT:    %[[SAX:.+]] = mil.const dense<-1> : tensor<i32>
// CHECK-NEXT:    mil.softmax(axis = %[[SAX]], x = %[[MM]])
func.func @implicit_arguments(%x: tensor<1x768x1x64xf16>) -> (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) {
  %w = mil.const #mil.weight<[#mil.source<"w", [768, 768]>]> : tensor<768x768x1x1xf16>
  %0 = mil.conv(weight = %w, x = %x) : (tensor<768x768x1x1xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  %eye = mil.const dense<1.0> : tensor<64x64xf16>
  %1 = mil.matmul(x = %0, y = %eye) : (tensor<1x768x1x64xf16>, tensor<64x64xf16>) -> tensor<1x768x1x64xf16>
  %2 = mil.reduce_sum(x = %1) : (tensor<1x768x1x64xf16>) -> tensor<f16>
  %3 = mil.softmax(x = %1) : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  %4 = mil.mul(x = %3, y = %2) : (tensor<1x768x1x64xf16>, tensor<f16>) -> tensor<1x768x1x64xf16>
  return %1, %4 : tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>
}

// -----

// ANE-LIVE-OUTPUTS: every output names its own live op. A returned argument
// and a value returned twice go through an identity.

// CHECK-LABEL: func.func @outputs(
// CHECK-SAME:    %[[X:.+]]: tensor<1x768x1x64xf16>
// CHECK-NEXT:    %[[R:.+]] = mil.relu(x = %[[X]])
// CHECK-NEXT:    %[[ID1:.+]] = mil.identity(x = %[[R]])
// CHECK-NEXT:    %[[ID2:.+]] = mil.identity(x = %[[X]])
// CHECK-NEXT:    return %[[R]], %[[ID1]], %[[ID2]]
func.func @outputs(%x: tensor<1x768x1x64xf16>) -> (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) {
  %0 = mil.relu(x = %x) : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return %0, %0, %x : tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>
}

// -----

// CPU kernels are left alone.

// CHECK-LABEL: func.func private @cpu(
// CHECK-NEXT:    mil.gelu
func.func private @cpu(%x: tensor<4xf32>) -> tensor<4xf32> attributes {orion.device = "cpu"} {
  %0 = mil.gelu(x = %x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
