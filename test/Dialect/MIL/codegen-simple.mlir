// RUN: orion-opt %s | orion-opt | FileCheck %s

// The `codegen_simple` program of orion-compiler-facts §3.2: fp32 input,
// cast to fp16, add, cast back. MIL:
//   string x16_dt = const()[name=string("x16_dt"), val=string("fp16")];
//   tensor<fp16, [1,768,1,64]> x16 = cast(dtype=x16_dt, x=x)[name=string("x16")];
//   tensor<fp16, [1,768,1,64]> y = add(x=x16, y=x16)[name=string("y")];
//   string out_dt = const()[name=string("out_dt"), val=string("fp32")];
//   tensor<fp32, [1,768,1,64]> out = cast(dtype=out_dt, x=y)[name=string("out")];

// CHECK-LABEL: func.func @main(
// CHECK-SAME:    %[[X:.*]]: tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf32>
// CHECK-NEXT:    %[[X16_DT:.*]] = mil.const "fp16" : !mil.string
// CHECK-NEXT:    %[[X16:.*]] = mil.cast(dtype = %[[X16_DT]], x = %[[X]]) : (!mil.string, tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf16>
// CHECK-NEXT:    %[[Y:.*]] = mil.add(x = %[[X16]], y = %[[X16]]) : (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
// CHECK-NEXT:    %[[OUT_DT:.*]] = mil.const "fp32" : !mil.string
// CHECK-NEXT:    %[[OUT:.*]] = mil.cast(dtype = %[[OUT_DT]], x = %[[Y]]) : (!mil.string, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf32>
// CHECK-NEXT:    return %[[OUT]] : tensor<1x768x1x64xf32>
func.func @main(%x: tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf32> {
  %x16_dt = mil.const "fp16" : !mil.string
  %x16 = mil.cast(dtype = %x16_dt, x = %x) : (!mil.string, tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf16>
  %y = mil.add(x = %x16, y = %x16) : (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  %out_dt = mil.const "fp32" : !mil.string
  %out = mil.cast(dtype = %out_dt, x = %y) : (!mil.string, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf32>
  return %out : tensor<1x768x1x64xf32>
}
