// RUN: orion-opt %s -split-input-file -mil-assign-names | orion-translate --mlir-to-mil -split-input-file | FileCheck %s
// RUN: orion-opt %s -split-input-file -mil-assign-names | orion-translate --mlir-to-mil -split-input-file --output-split-marker="// =====" | orion-translate --mil-to-mlir --split-input-file="// ====="

// A generated name for a multi-result op must leave `<name>_1`, `<name>_2`,
// ... free for its other results, even when an earlier op already took one
// of them; otherwise two MIL values share a name and the MIL text does not
// parse ("duplicate SSA name"). The pass picks a base whose result names are
// all free (here `s_0`, giving `s_0` and `s_0_1`).

// CHECK-LABEL: func main<ios18>(
// CHECK:         tensor<fp16, [1,4]> s_1 = relu(x=x)[name=string("s_1")];
// The split's results (before ` = split(`) must not reuse the name:
// CHECK-NOT:     > s_1
// CHECK:         {{ }}= split(
// CHECK:         } -> ({{[A-Za-z0-9_]+}}, {{[A-Za-z0-9_]+}}, s_1);
func.func @main(%x: tensor<1x4xf16>) -> (tensor<1x2xf16>, tensor<1x2xf16>, tensor<1x4xf16>) {
  %ax = mil.const dense<1> : tensor<i32>
  %n = mil.const dense<2> : tensor<i32>
  %p = mil.relu(x = %x) : (tensor<1x4xf16>) -> tensor<1x4xf16> loc("s_1")
  %s:2 = mil.split(axis = %ax, num_splits = %n, x = %x) : (tensor<i32>, tensor<i32>, tensor<1x4xf16>) -> (tensor<1x2xf16>, tensor<1x2xf16>) loc("s")
  return %s#0, %s#1, %p : tensor<1x2xf16>, tensor<1x2xf16>, tensor<1x4xf16>
}

// -----

// The same with a mnemonic name: `split_0_1` is taken before the split is
// named `split_0`.

// CHECK-LABEL: func main<ios18>(
// CHECK:         tensor<fp16, [1,4]> split_0_1 = relu(x=x)[name=string("split_0_1")];
// The split's results (before ` = split(`) must not reuse the name:
// CHECK-NOT:     > split_0_1
// CHECK:         {{ }}= split(
// CHECK:         } -> ({{[A-Za-z0-9_]+}}, {{[A-Za-z0-9_]+}}, split_0_1);
func.func @main(%x: tensor<1x4xf16>) -> (tensor<1x2xf16>, tensor<1x2xf16>, tensor<1x4xf16>) {
  %ax = mil.const dense<1> : tensor<i32>
  %n = mil.const dense<2> : tensor<i32>
  %p = mil.relu(x = %x) : (tensor<1x4xf16>) -> tensor<1x4xf16> loc("split_0_1")
  %s:2 = mil.split(axis = %ax, num_splits = %n, x = %x) : (tensor<i32>, tensor<i32>, tensor<1x4xf16>) -> (tensor<1x2xf16>, tensor<1x2xf16>)
  return %s#0, %s#1, %p : tensor<1x2xf16>, tensor<1x2xf16>, tensor<1x4xf16>
}
