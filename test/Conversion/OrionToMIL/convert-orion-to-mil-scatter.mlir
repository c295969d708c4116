// RUN: orion-opt %s -split-input-file -convert-orion-to-mil | FileCheck %s
// RUN: orion-opt %s -split-input-file -convert-orion-to-mil=compute-type=fp16 | FileCheck %s --check-prefix=FP16
// RUN: orion-opt %s -split-input-file -pass-pipeline='builtin.module(convert-orion-to-mil,func.func(mil-assign-names))' | orion-translate --mlir-to-mil -split-input-file | FileCheck %s --check-prefix=MIL

// embedding_grad on "cpu" kernels (the ANE rejects it, see
// convert-orion-to-mil.mlir): a zero fill of [rows, D] and a scatter with
// mode "add" along axis 0, every argument a named const.

// CHECK-LABEL: func.func @embedding_grad(
// CHECK-SAME:    %[[D:.+]]: tensor<4x8xf32>, %[[T:.+]]: tensor<4xi32>) -> tensor<10x8xf32>
// CHECK-NEXT:    %[[SH:.+]] = mil.const dense<[10, 8]> : tensor<2xi32>
// CHECK-NEXT:    %[[ZV:.+]] = mil.const dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[Z:.+]] = mil.fill(shape = %[[SH]], value = %[[ZV]]) : (tensor<2xi32>, tensor<f32>) -> tensor<10x8xf32>
// CHECK-NEXT:    %[[AX:.+]] = mil.const dense<0> : tensor<i32>
// CHECK-NEXT:    %[[MODE:.+]] = mil.const "add" : !mil.string
// CHECK-NEXT:    %[[R:.+]] = mil.scatter(axis = %[[AX]], data = %[[Z]], indices = %[[T]], mode = %[[MODE]], updates = %[[D]]) : (tensor<i32>, tensor<10x8xf32>, tensor<4xi32>, !mil.string, tensor<4x8xf32>) -> tensor<10x8xf32>
// CHECK-NEXT:    return %[[R]]

// FP16-LABEL: func.func @embedding_grad(
// FP16:         mil.const dense<0.000000e+00> : tensor<f16>
// FP16:         mil.scatter({{.*}}) : (tensor<i32>, tensor<10x8xf16>, tensor<4xi32>, !mil.string, tensor<4x8xf16>) -> tensor<10x8xf16>

// MIL-LABEL:    func embedding_grad<ios18>(tensor<fp32, [4,8]> x, tensor<int32, [4]> x_0) {
// MIL:          tensor<fp32, [10,8]> g_zeros = fill(shape=g_sh, value=g_zv)[name=string("g_zeros")];
// MIL:          tensor<fp32, [10,8]> g = scatter(axis=g_ax, data=g_zeros, indices=x_0, mode=g_mode, updates=x)[name=string("g")];
// MIL-NEXT:     } -> (g);
func.func @embedding_grad(%d: tensor<4x8xf32>, %t: tensor<4xi32>) -> tensor<10x8xf32> attributes {orion.device = "cpu"} {
  %0 = orion.embedding_grad %d[%t] rows = 10 : tensor<4x8xf32>, tensor<4xi32> -> tensor<10x8xf32> loc("g")
  return %0 : tensor<10x8xf32>
}

// -----

// MIL's scatter takes 1-D indices and updates [N, D]: other id shapes are
// flattened first.

// CHECK-LABEL: func.func @ids_2d(
// CHECK-SAME:    %[[D:.+]]: tensor<2x3x8xf32>, %[[T:.+]]: tensor<2x3xi32>)
// CHECK:         %[[IDS:.+]] = mil.reshape(shape = %{{.+}}, x = %[[T]]) : (tensor<1xi32>, tensor<2x3xi32>) -> tensor<6xi32>
// CHECK:         %[[UPD:.+]] = mil.reshape(shape = %{{.+}}, x = %[[D]]) : (tensor<2xi32>, tensor<2x3x8xf32>) -> tensor<6x8xf32>
// CHECK:         mil.scatter(axis = %{{.+}}, data = %{{.+}}, indices = %[[IDS]], mode = %{{.+}}, updates = %[[UPD]]) : (tensor<i32>, tensor<10x8xf32>, tensor<6xi32>, !mil.string, tensor<6x8xf32>) -> tensor<10x8xf32>
func.func @ids_2d(%d: tensor<2x3x8xf32>, %t: tensor<2x3xi32>) -> tensor<10x8xf32> attributes {orion.device = "cpu"} {
  %0 = orion.embedding_grad %d[%t] rows = 10 : tensor<2x3x8xf32>, tensor<2x3xi32> -> tensor<10x8xf32>
  return %0 : tensor<10x8xf32>
}
