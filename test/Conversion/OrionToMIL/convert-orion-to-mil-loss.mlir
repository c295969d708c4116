// RUN: orion-opt %s -split-input-file -convert-orion-to-mil | FileCheck %s
// RUN: orion-opt %s -split-input-file -convert-orion-to-mil=compute-type=fp16 | FileCheck %s --check-prefix=FP16
// RUN: orion-opt %s -split-input-file -pass-pipeline='builtin.module(convert-orion-to-mil,func.func(mil-assign-names))' | orion-translate --mlir-to-mil -split-input-file | FileCheck %s --check-prefix=MIL

// one_hot and cross_entropy on "cpu" kernels (the ANE rejects both, see
// convert-orion-to-mil.mlir). one_hot is mil.one_hot with every argument a
// named const, its values in the compute type.

// CHECK-LABEL: func.func @one_hot(
// CHECK-SAME:    %[[T:.+]]: tensor<2x3xi32>) -> tensor<2x3x7xf32>
// CHECK-NEXT:    %[[AX:.+]] = mil.const dense<-1> : tensor<i32>
// CHECK-NEXT:    %[[OFF:.+]] = mil.const dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[ON:.+]] = mil.const dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[N:.+]] = mil.const dense<7> : tensor<i32>
// CHECK-NEXT:    %[[R:.+]] = mil.one_hot(axis = %[[AX]], indices = %[[T]], off_value = %[[OFF]], on_value = %[[ON]], one_hot_vector_size = %[[N]]) : (tensor<i32>, tensor<2x3xi32>, tensor<f32>, tensor<f32>, tensor<i32>) -> tensor<2x3x7xf32>
// CHECK-NEXT:    return %[[R]]

// FP16-LABEL: func.func @one_hot(
// FP16:         mil.const dense<0.000000e+00> : tensor<f16>
// FP16:         mil.const dense<1.000000e+00> : tensor<f16>
// FP16:         mil.one_hot({{.*}}) : (tensor<i32>, tensor<2x3xi32>, tensor<f16>, tensor<f16>, tensor<i32>) -> tensor<2x3x7xf16>

// MIL-LABEL:    func one_hot<ios18>(tensor<int32, [2,3]> x) {
// MIL:          tensor<fp32, [2,3,7]> hot = one_hot(axis=hot_ax, indices=x, off_value=hot_off, on_value=hot_on, one_hot_vector_size=hot_n)[name=string("hot")];
// MIL-NEXT:     } -> (hot);
func.func @one_hot(%t: tensor<2x3xi32>) -> tensor<2x3x7xf32> attributes {orion.device = "cpu"} {
  %0 = orion.one_hot %t depth = 7 : tensor<2x3xi32> -> tensor<2x3x7xf32> loc("hot")
  return %0 : tensor<2x3x7xf32>
}

// -----

// cross_entropy: max-shifted log-sum-exp minus the shifted logit a one_hot
// of the targets picks, averaged over every position into a rank-0 result.
// Each intermediate is named after the loss.

// CHECK-LABEL: func.func @loss(
// CHECK-SAME:    %[[L:.+]]: tensor<2x3x10xf32>, %[[T:.+]]: tensor<2x3xi32>) -> tensor<f32>
// CHECK-NEXT:    %[[MAX_AX:.+]] = mil.const dense<-1> : tensor<1xi32>
// CHECK-NEXT:    %[[MAX_KD:.+]] = mil.const dense<true> : tensor<i1>
// CHECK-NEXT:    %[[M:.+]] = mil.reduce_max(x = %[[L]], axes = %[[MAX_AX]], keep_dims = %[[MAX_KD]]) : (tensor<2x3x10xf32>, tensor<1xi32>, tensor<i1>) -> tensor<2x3x1xf32>
// CHECK-NEXT:    %[[Z:.+]] = mil.sub(x = %[[L]], y = %[[M]]) : (tensor<2x3x10xf32>, tensor<2x3x1xf32>) -> tensor<2x3x10xf32>
// CHECK-NEXT:    %[[E:.+]] = mil.exp(x = %[[Z]]) : (tensor<2x3x10xf32>) -> tensor<2x3x10xf32>
// CHECK-NEXT:    %[[SUM_AX:.+]] = mil.const dense<-1> : tensor<1xi32>
// CHECK-NEXT:    %[[SUM_KD:.+]] = mil.const dense<true> : tensor<i1>
// CHECK-NEXT:    %[[S:.+]] = mil.reduce_sum(x = %[[E]], axes = %[[SUM_AX]], keep_dims = %[[SUM_KD]]) : (tensor<2x3x10xf32>, tensor<1xi32>, tensor<i1>) -> tensor<2x3x1xf32>
// CHECK-NEXT:    %[[LSE:.+]] = mil.log(x = %[[S]]) : (tensor<2x3x1xf32>) -> tensor<2x3x1xf32>
// CHECK-NEXT:    %[[HAX:.+]] = mil.const dense<-1> : tensor<i32>
// CHECK-NEXT:    %[[OFF:.+]] = mil.const dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[ON:.+]] = mil.const dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[N:.+]] = mil.const dense<10> : tensor<i32>
// CHECK-NEXT:    %[[HOT:.+]] = mil.one_hot(axis = %[[HAX]], indices = %[[T]], off_value = %[[OFF]], on_value = %[[ON]], one_hot_vector_size = %[[N]]) : (tensor<i32>, tensor<2x3xi32>, tensor<f32>, tensor<f32>, tensor<i32>) -> tensor<2x3x10xf32>
// CHECK-NEXT:    %[[MASKED:.+]] = mil.mul(x = %[[Z]], y = %[[HOT]]) : (tensor<2x3x10xf32>, tensor<2x3x10xf32>) -> tensor<2x3x10xf32>
// CHECK-NEXT:    %[[P_AX:.+]] = mil.const dense<-1> : tensor<1xi32>
// CHECK-NEXT:    %[[P_KD:.+]] = mil.const dense<true> : tensor<i1>
// CHECK-NEXT:    %[[P:.+]] = mil.reduce_sum(x = %[[MASKED]], axes = %[[P_AX]], keep_dims = %[[P_KD]]) : (tensor<2x3x10xf32>, tensor<1xi32>, tensor<i1>) -> tensor<2x3x1xf32>
// CHECK-NEXT:    %[[NLL:.+]] = mil.sub(x = %[[LSE]], y = %[[P]]) : (tensor<2x3x1xf32>, tensor<2x3x1xf32>) -> tensor<2x3x1xf32>
// CHECK-NEXT:    %[[ALL:.+]] = mil.const dense<[0, 1, 2]> : tensor<3xi32>
// CHECK-NEXT:    %[[KD:.+]] = mil.const dense<false> : tensor<i1>
// CHECK-NEXT:    %[[LOSS:.+]] = mil.reduce_mean(x = %[[NLL]], axes = %[[ALL]], keep_dims = %[[KD]]) : (tensor<2x3x1xf32>, tensor<3xi32>, tensor<i1>) -> tensor<f32>
// CHECK-NEXT:    return %[[LOSS]] : tensor<f32>

// FP16-LABEL: func.func @loss(
// FP16-SAME:    tensor<2x3x10xf16>, %{{.+}}: tensor<2x3xi32>) -> tensor<f16>
// FP16:         mil.one_hot({{.*}}) -> tensor<2x3x10xf16>
// FP16:         mil.reduce_mean({{.*}}) -> tensor<f16>

// MIL-LABEL:    func loss<ios18>(tensor<fp32, [2,3,10]> x, tensor<int32, [2,3]> x_0) {
// MIL:          tensor<fp32, [2,3,1]> loss_max = reduce_max(x=x, axes=loss_max_ax, keep_dims=loss_max_kd)[name=string("loss_max")];
// MIL-NEXT:     tensor<fp32, [2,3,10]> loss_z = sub(x=x, y=loss_max)[name=string("loss_z")];
// MIL-NEXT:     tensor<fp32, [2,3,10]> loss_exp = exp(x=loss_z)[name=string("loss_exp")];
// MIL:          tensor<fp32, [2,3,1]> loss_lse = log(x=loss_sum)[name=string("loss_lse")];
// MIL:          tensor<fp32, [2,3,10]> loss_hot = one_hot(axis=loss_hot_ax, indices=x_0, off_value=loss_hot_off, on_value=loss_hot_on, one_hot_vector_size=loss_hot_n)[name=string("loss_hot")];
// MIL-NEXT:     tensor<fp32, [2,3,10]> loss_masked = mul(x=loss_z, y=loss_hot)[name=string("loss_masked")];
// MIL:          tensor<fp32, [2,3,1]> loss_nll = sub(x=loss_lse, y=loss_picked)[name=string("loss_nll")];
// MIL:          fp32 loss = reduce_mean(x=loss_nll, axes=loss_ax, keep_dims=loss_kd)[name=string("loss")];
// MIL-NEXT:     } -> (loss);
func.func @loss(%l: tensor<2x3x10xf32>, %t: tensor<2x3xi32>) -> tensor<f32> attributes {orion.device = "cpu"} {
  %0 = orion.cross_entropy %l, %t : tensor<2x3x10xf32>, tensor<2x3xi32> loc("loss")
  return %0 : tensor<f32>
}
