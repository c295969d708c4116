// RUN: orion-opt %s -split-input-file -mil-assign-names -verify-diagnostics | FileCheck %s

// -mil-assign-names gives every mil op and function argument a `mil.name`:
// kept when present, else the op's NameLoc, else `<mnemonic>_<counter>`;
// arguments default to `x`. Names are sanitized to MIL identifiers
// ([A-Za-z_][A-Za-z0-9_]*) and made unique within the function; explicit
// names that are not unique identifiers are errors.

// CHECK-LABEL: func.func @mnemonic_counter(
// CHECK-SAME:    %{{.*}}: tensor<1x768x1x64xf32> {mil.name = "x"}
// CHECK-NEXT:    mil.const "fp16" : !mil.string {mil.name = "const_0"}
// CHECK-NEXT:    mil.cast({{.*}}) {mil.name = "cast_0"}
// CHECK-NEXT:    mil.add({{.*}}) {mil.name = "add_0"}
// CHECK-NEXT:    mil.add({{.*}}) {mil.name = "add_1"}
// CHECK-NEXT:    mil.const "fp32" : !mil.string {mil.name = "const_1"}
// CHECK-NEXT:    mil.cast({{.*}}) {mil.name = "cast_1"}
// CHECK-NEXT:    return
func.func @mnemonic_counter(%x: tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf32> {
  %dt = mil.const "fp16" : !mil.string
  %0 = mil.cast(dtype = %dt, x = %x) : (!mil.string, tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf16>
  %1 = mil.add(x = %0, y = %0) : (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  %2 = mil.add(x = %1, y = %1) : (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  %dt2 = mil.const "fp32" : !mil.string
  %3 = mil.cast(dtype = %dt2, x = %2) : (!mil.string, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf32>
  return %3 : tensor<1x768x1x64xf32>
}

// -----

// A NameLoc names the op; a repeated one gets a counter. A NameLoc wrapping
// a child location (`loc("n"("file":1:2))`) names it too; other locations
// fall back to the mnemonic.

// CHECK-LABEL: func.func @name_loc(
// CHECK-NEXT:    mil.relu({{.*}}) {mil.name = "q_conv"}
// CHECK-NEXT:    mil.relu({{.*}}) {mil.name = "q_conv_0"}
// CHECK-NEXT:    mil.relu({{.*}}) {mil.name = "q_conv_1"}
// CHECK-NEXT:    mil.relu({{.*}}) {mil.name = "wrapped"}
// CHECK-NEXT:    mil.relu({{.*}}) {mil.name = "relu_0"}
// CHECK-NEXT:    mil.relu({{.*}}) {mil.name = "relu_1"}
// CHECK-NEXT:    return
func.func @name_loc(%x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = mil.relu(x = %x) : (tensor<4xf16>) -> tensor<4xf16> loc("q_conv")
  %1 = mil.relu(x = %0) : (tensor<4xf16>) -> tensor<4xf16> loc("q_conv")
  %2 = mil.relu(x = %1) : (tensor<4xf16>) -> tensor<4xf16> loc("q_conv")
  %3 = mil.relu(x = %2) : (tensor<4xf16>) -> tensor<4xf16> loc("wrapped"("model.py":12:3))
  %4 = mil.relu(x = %3) : (tensor<4xf16>) -> tensor<4xf16> loc("model.py":13:3)
  %5 = mil.relu(x = %4) : (tensor<4xf16>) -> tensor<4xf16> loc(fused["a", "b"])
  return %5 : tensor<4xf16>
}

// -----

// Arguments default to `x`, then `x_0`, `x_1`, ...; a NameLoc on an
// argument names it.

// CHECK-LABEL: func.func @arguments(
// CHECK-SAME:    %{{.*}}: tensor<4xf16> {mil.name = "x"},
// CHECK-SAME:    %{{.*}}: tensor<4xf16> {mil.name = "x_0"},
// CHECK-SAME:    %{{.*}}: tensor<4xf16> {mil.name = "x_1"},
// CHECK-SAME:    %{{.*}}: tensor<4xf16> {mil.name = "lora_A"})
// CHECK-NEXT:    mil.add({{.*}}) {mil.name = "add_0"}
func.func @arguments(%a: tensor<4xf16>, %b: tensor<4xf16>, %c: tensor<4xf16>, %d: tensor<4xf16> loc("lora_A")) -> tensor<4xf16> {
  %0 = mil.add(x = %a, y = %d) : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// Existing names are kept, and generated names go around them, wherever
// they appear in the function.

// CHECK-LABEL: func.func @existing_kept(
// CHECK-SAME:    %{{.*}}: tensor<4xf16> {mil.name = "x_1"},
// CHECK-SAME:    %{{.*}}: tensor<4xf16> {mil.name = "x_0"},
// CHECK-SAME:    %{{.*}}: tensor<4xf16> {mil.name = "x"})
// CHECK-NEXT:    mil.add({{.*}}) {mil.name = "add_1"}
// CHECK-NEXT:    mil.add({{.*}}) {mil.name = "add_2"}
// CHECK-NEXT:    mil.add({{.*}}) {mil.name = "add_0"}
// CHECK-NEXT:    mil.add({{.*}}) {mil.name = "q_conv_0"}
// CHECK-NEXT:    mil.add({{.*}}) {mil.name = "q_conv"}
// CHECK-NEXT:    return
func.func @existing_kept(%a: tensor<4xf16>, %b: tensor<4xf16> {mil.name = "x_0"}, %c: tensor<4xf16> {mil.name = "x"}) -> tensor<4xf16> {
  %0 = mil.add(x = %a, y = %b) : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  %1 = mil.add(x = %0, y = %c) : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  %2 = mil.add(x = %1, y = %c) {mil.name = "add_0"} : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  %3 = mil.add(x = %2, y = %c) : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16> loc("q_conv")
  %4 = mil.add(x = %3, y = %c) {mil.name = "q_conv"} : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return %4 : tensor<4xf16>
}

// -----

// NameLoc text is sanitized: characters outside [A-Za-z0-9_] become '_',
// a leading digit gets a '_' prefix, and the result is still made unique.

// CHECK-LABEL: func.func @sanitize(
// CHECK-SAME:    %{{.*}}: tensor<4xf16> {mil.name = "inp_0"},
// CHECK-SAME:    %{{.*}}: tensor<4xf16> {mil.name = "inp_0_0"})
// CHECK-NEXT:    mil.const #mil.weight<[<"layers.0.attention.wq", [4]>]> : tensor<4xf16> {mil.name = "layers_0_attention_wq"}
// CHECK-NEXT:    mil.add({{.*}}) {mil.name = "layers_0_wq"}
// CHECK-NEXT:    mil.add({{.*}}) {mil.name = "layers_0_wq_0"}
// CHECK-NEXT:    mil.add({{.*}}) {mil.name = "_0abc"}
// CHECK-NEXT:    mil.add({{.*}}) {mil.name = "_12"}
// CHECK-NEXT:    mil.add({{.*}}) {mil.name = "model_h_0__attn_c_attn_"}
// CHECK-NEXT:    mil.add({{.*}}) {mil.name = "_"}
// CHECK-NEXT:    return
func.func @sanitize(%a: tensor<4xf16> loc("inp.0"), %b: tensor<4xf16> loc("inp-0")) -> tensor<4xf16> {
  %w = mil.const #mil.weight<[#mil.source<"layers.0.attention.wq", [4]>]> : tensor<4xf16> loc("layers.0.attention.wq")
  %0 = mil.add(x = %a, y = %w) : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16> loc("layers.0.wq")
  %1 = mil.add(x = %0, y = %b) : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16> loc("layers/0/wq")
  %2 = mil.add(x = %1, y = %b) : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16> loc("0abc")
  %3 = mil.add(x = %2, y = %b) : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16> loc("12")
  %4 = mil.add(x = %3, y = %b) : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16> loc("model.h[0].attn.c_attn ")
  %5 = mil.add(x = %4, y = %b) : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16> loc("")
  return %5 : tensor<4xf16>
}

// -----

// A multi-result op is named after its first result; result i > 0 is
// `<name>_<i>` (as the emitter prints it), so those names are reserved.

// CHECK-LABEL: func.func @multi_result(
// CHECK:         mil.split({{.*}}) {mil.name = "split_0"}
// CHECK-NEXT:    mil.relu({{.*}}) {mil.name = "split_0_1_0"}
// CHECK-NEXT:    mil.split({{.*}}) {mil.name = "heads"}
// CHECK-NEXT:    mil.relu({{.*}}) {mil.name = "heads_2_0"}
// CHECK-NEXT:    mil.relu({{.*}}) {mil.name = "heads_1_0"}
// CHECK-NEXT:    mil.relu({{.*}}) {mil.name = "heads_0"}
// CHECK-NEXT:    mil.split({{.*}}) {mil.name = "sp"}
// CHECK-NEXT:    mil.relu({{.*}}) {mil.name = "sp_1_0"}
// CHECK-NEXT:    return
func.func @multi_result(%x: tensor<1x6xf16>) -> (tensor<1x3xf16>, tensor<1x2xf16>, tensor<1x2xf16>) {
  %ax = mil.const dense<1> : tensor<i32>
  %n2 = mil.const dense<2> : tensor<i32>
  %n3 = mil.const dense<3> : tensor<i32>
  %s:2 = mil.split(axis = %ax, num_splits = %n2, x = %x) : (tensor<i32>, tensor<i32>, tensor<1x6xf16>) -> (tensor<1x3xf16>, tensor<1x3xf16>)
  // "split_0_1" is taken by the split, so this NameLoc gets a counter.
  %r0 = mil.relu(x = %s#1) : (tensor<1x3xf16>) -> tensor<1x3xf16> loc("split_0_1")
  %h:3 = mil.split(axis = %ax, num_splits = %n3, x = %x) : (tensor<i32>, tensor<i32>, tensor<1x6xf16>) -> (tensor<1x2xf16>, tensor<1x2xf16>, tensor<1x2xf16>) loc("heads")
  // "heads_1" and "heads_2" are the split's results; "heads_0" is free.
  %r1 = mil.relu(x = %h#1) : (tensor<1x2xf16>) -> tensor<1x2xf16> loc("heads_2")
  %r2 = mil.relu(x = %h#2) : (tensor<1x2xf16>) -> tensor<1x2xf16> loc("heads_1")
  %r4 = mil.relu(x = %h#0) : (tensor<1x2xf16>) -> tensor<1x2xf16> loc("heads")
  // An explicit multi-result name reserves its `_1` as well.
  %t:2 = mil.split(axis = %ax, num_splits = %n2, x = %x) {mil.name = "sp"} : (tensor<i32>, tensor<i32>, tensor<1x6xf16>) -> (tensor<1x3xf16>, tensor<1x3xf16>)
  %r3 = mil.relu(x = %t#1) : (tensor<1x3xf16>) -> tensor<1x3xf16> loc("sp_1")
  return %r0, %r1, %r2 : tensor<1x3xf16>, tensor<1x2xf16>, tensor<1x2xf16>
}

// -----

// Names are per function: each function starts from scratch.

// CHECK-LABEL: func.func @first(
// CHECK-SAME:    {mil.name = "x"}
// CHECK-NEXT:    mil.relu({{.*}}) {mil.name = "relu_0"}
// CHECK-LABEL: func.func @second(
// CHECK-SAME:    {mil.name = "x"}
// CHECK-NEXT:    mil.relu({{.*}}) {mil.name = "relu_0"}
func.func @first(%x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = mil.relu(x = %x) : (tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}
func.func @second(%x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = mil.relu(x = %x) : (tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// Fully named IR (e.g. the pass's own output) is left as it is, NameLoc or
// not: running the pass twice changes nothing.

// CHECK-LABEL: func.func @fully_named(
// CHECK-SAME:    {mil.name = "inp"}
// CHECK-NEXT:    mil.relu({{.*}}) {mil.name = "r"}
func.func @fully_named(%x: tensor<4xf16> {mil.name = "inp"}) -> tensor<4xf16> {
  %0 = mil.relu(x = %x) {mil.name = "r"} : (tensor<4xf16>) -> tensor<4xf16> loc("other")
  return %0 : tensor<4xf16>
}

// -----

func.func @duplicate_ops(%x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = mil.relu(x = %x) {mil.name = "r"} : (tensor<4xf16>) -> tensor<4xf16>
  // expected-error @+1 {{MIL name 'r' is not a unique MIL identifier}}
  %1 = mil.relu(x = %0) {mil.name = "r"} : (tensor<4xf16>) -> tensor<4xf16>
  return %1 : tensor<4xf16>
}

// -----

// expected-error @+1 {{MIL name 'a' is not a unique MIL identifier}}
func.func @duplicate_arguments(%x: tensor<4xf16> {mil.name = "a"}, %y: tensor<4xf16> {mil.name = "a"}) -> tensor<4xf16> {
  %0 = mil.add(x = %x, y = %y) : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @argument_and_op(%x: tensor<4xf16> {mil.name = "r"}) -> tensor<4xf16> {
  // expected-error @+1 {{MIL name 'r' is not a unique MIL identifier}}
  %0 = mil.relu(x = %x) {mil.name = "r"} : (tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @split_result_taken(%x: tensor<1x4xf16>) -> tensor<1x2xf16> {
  %ax = mil.const dense<1> : tensor<i32>
  %n = mil.const dense<2> : tensor<i32>
  %p = mil.relu(x = %x) {mil.name = "s_1"} : (tensor<1x4xf16>) -> tensor<1x4xf16>
  // The split's second result would be `s_1` too.
  // expected-error @+1 {{MIL name 's_1' is not a unique MIL identifier}}
  %s:2 = mil.split(axis = %ax, num_splits = %n, x = %x) {mil.name = "s"} : (tensor<i32>, tensor<i32>, tensor<1x4xf16>) -> (tensor<1x2xf16>, tensor<1x2xf16>)
  return %s#1 : tensor<1x2xf16>
}

// -----

func.func @invalid_op_name(%x: tensor<4xf16>) -> tensor<4xf16> {
  // expected-error @+1 {{MIL name 'layers.0.wq' is not a unique MIL identifier}}
  %0 = mil.relu(x = %x) {mil.name = "layers.0.wq"} : (tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @leading_digit(%x: tensor<4xf16>) -> tensor<4xf16> {
  // expected-error @+1 {{MIL name '0r' is not a unique MIL identifier}}
  %0 = mil.relu(x = %x) {mil.name = "0r"} : (tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @empty_name(%x: tensor<4xf16>) -> tensor<4xf16> {
  // expected-error @+1 {{MIL name '' is not a unique MIL identifier}}
  %0 = mil.relu(x = %x) {mil.name = ""} : (tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// expected-error @+1 {{MIL name 'lora A' is not a unique MIL identifier}}
func.func @invalid_argument_name(%x: tensor<4xf16> {mil.name = "lora A"}) -> tensor<4xf16> {
  %0 = mil.relu(x = %x) : (tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// A result's mil.name (orion-assign-layout sets out_0, out_1, ... so that
// alphabetical order, the ANE's binding order, is return order) names the op
// producing it, over a location-derived name.
// CHECK-LABEL: func.func @result_names
// CHECK:         mil.relu(x = %arg0) {mil.name = "out_1"}
// CHECK:         mil.sigmoid(x = %arg0) {mil.name = "out_0"}
func.func @result_names(%x: tensor<4xf16>) -> (tensor<4xf16> {mil.name = "out_0"}, tensor<4xf16> {mil.name = "out_1"}) {
  %a = mil.relu(x = %x) : (tensor<4xf16>) -> tensor<4xf16> loc("zeta")
  %b = mil.sigmoid(x = %x) : (tensor<4xf16>) -> tensor<4xf16> loc("alpha")
  return %b, %a : tensor<4xf16>, tensor<4xf16>
}
