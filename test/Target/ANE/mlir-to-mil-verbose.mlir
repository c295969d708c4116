// RUN: orion-translate --mlir-to-mil --mil-spelling=verbose -split-input-file %s | FileCheck %s --match-full-lines --strict-whitespace
// RUN: orion-translate --mlir-to-mil --mil-spelling=compact -split-input-file %s | FileCheck %s --match-full-lines --strict-whitespace --check-prefix=COMPACT

// --mil-spelling=verbose prints coremltools 8's MIL (reported necessary on
// M1/M2): program(1.0), <ios16>, scalars as rank-0 tensors
// `tensor<DT, []>`, ` = ` around every '=', ", " between dims and tensor
// literal elements, and `tensor<string, []>`/`tensor<uint64, []>` inside
// BLOBFILE. (The text right after `CHECK...:` is the whole line.)

//      CHECK:program(1.0)
// CHECK-NEXT:[buildInfo = dict<tensor<string, []>, tensor<string, []>>({{[{][{]}}"coremlc-component-MIL", "3510.2.1"}, {"coremlc-version", "3505.4.1"}, {"coremltools-component-milinternal", ""}, {"coremltools-version", "9.0"}})]
// CHECK-NEXT:{
// CHECK-NEXT:    func main<ios16>(tensor<fp32, [1, 768, 1, 64]> x) {
// CHECK-NEXT:        tensor<string, []> x16_dt = const()[name = tensor<string, []>("x16_dt"), val = tensor<string, []>("fp16")];
// CHECK-NEXT:        tensor<fp16, [1, 768, 1, 64]> x16 = cast(dtype = x16_dt, x = x)[name = tensor<string, []>("x16")];
// CHECK-NEXT:        tensor<fp16, [1, 768, 1, 64]> y = add(x = x16, y = x16)[name = tensor<string, []>("y")];
// CHECK-NEXT:        tensor<string, []> out_dt = const()[name = tensor<string, []>("out_dt"), val = tensor<string, []>("fp32")];
// CHECK-NEXT:        tensor<fp32, [1, 768, 1, 64]> out = cast(dtype = out_dt, x = y)[name = tensor<string, []>("out")];
// CHECK-NEXT:    } -> (out);
// CHECK-NEXT:}

//      COMPACT:program(1.3)
// COMPACT-NEXT:[buildInfo = dict<string, string>({{[{][{]}}"coremlc-component-MIL", "3510.2.1"}, {"coremlc-version", "3505.4.1"}, {"coremltools-component-milinternal", ""}, {"coremltools-version", "9.0"}})]
// COMPACT-NEXT:{
// COMPACT-NEXT:    func main<ios18>(tensor<fp32, [1,768,1,64]> x) {
func.func @main(%x: tensor<1x768x1x64xf32> {mil.name = "x"}) -> tensor<1x768x1x64xf32> {
  %x16_dt = mil.const "fp16" : !mil.string {mil.name = "x16_dt"}
  %x16 = mil.cast(dtype = %x16_dt, x = %x) {mil.name = "x16"} : (!mil.string, tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf16>
  %y = mil.add(x = %x16, y = %x16) {mil.name = "y"} : (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  %out_dt = mil.const "fp32" : !mil.string {mil.name = "out_dt"}
  %out = mil.cast(dtype = %out_dt, x = %y) {mil.name = "out"} : (!mil.string, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf32>
  return %out : tensor<1x768x1x64xf32>
}

// -----

// Every kind of const value, a conv, a matmul, a reduce, a split, and a
// concat tuple.

//      CHECK:program(1.0)
// CHECK-LABEL:    func kinds<ios16>(tensor<fp16, [1, 768, 1, 256]> rms1_out, tensor<fp16, [1, 12, 256, 64]> attn_q) {
// CHECK-NEXT:        tensor<fp16, [768, 768, 1, 1]> q_W = const()[name = tensor<string, []>("q_W"), val = tensor<fp16, [768, 768, 1, 1]>(BLOBFILE(path = tensor<string, []>("@model_path/weights/weight.bin"), offset = tensor<uint64, []>(64)))];
// CHECK-NEXT:        tensor<string, []> q_conv_pt = const()[name = tensor<string, []>("q_conv_pt"), val = tensor<string, []>("valid")];
// CHECK-NEXT:        tensor<int32, [2]> q_conv_st = const()[name = tensor<string, []>("q_conv_st"), val = tensor<int32, [2]>([1, 1])];
// CHECK-NEXT:        tensor<int32, [4]> q_conv_pd = const()[name = tensor<string, []>("q_conv_pd"), val = tensor<int32, [4]>([0, 0, 0, 0])];
// CHECK-NEXT:        tensor<int32, [2]> q_conv_dl = const()[name = tensor<string, []>("q_conv_dl"), val = tensor<int32, [2]>([1, 1])];
// CHECK-NEXT:        tensor<int32, []> q_conv_gr = const()[name = tensor<string, []>("q_conv_gr"), val = tensor<int32, []>(1)];
// CHECK-NEXT:        tensor<fp16, [1, 768, 1, 256]> q_conv = conv(dilations = q_conv_dl, groups = q_conv_gr, pad = q_conv_pd, pad_type = q_conv_pt, strides = q_conv_st, weight = q_W, x = rms1_out)[name = tensor<string, []>("q_conv")];
// CHECK-NEXT:        tensor<bool, []> attn_sc_tx = const()[name = tensor<string, []>("attn_sc_tx"), val = tensor<bool, []>(false)];
// CHECK-NEXT:        tensor<bool, []> attn_sc_ty = const()[name = tensor<string, []>("attn_sc_ty"), val = tensor<bool, []>(true)];
// CHECK-NEXT:        tensor<fp16, [1, 12, 256, 256]> attn_sc = matmul(transpose_x = attn_sc_tx, transpose_y = attn_sc_ty, x = attn_q, y = attn_q)[name = tensor<string, []>("attn_sc")];
// CHECK-NEXT:        tensor<int32, [1]> rms1_ax = const()[name = tensor<string, []>("rms1_ax"), val = tensor<int32, [1]>([1])];
// CHECK-NEXT:        tensor<fp16, [1, 1, 1, 256]> rms1_ss = reduce_sum(x = q_conv, axes = rms1_ax, keep_dims = attn_sc_ty)[name = tensor<string, []>("rms1_ss")];
// CHECK-NEXT:        tensor<fp16, []> rms1_eps = const()[name = tensor<string, []>("rms1_eps"), val = tensor<fp16, []>(1e-05)];
// CHECK-NEXT:        tensor<fp32, []> half = const()[name = tensor<string, []>("half"), val = tensor<fp32, []>(-0.5)];
// CHECK-NEXT:        tensor<fp16, [3]> v = const()[name = tensor<string, []>("v"), val = tensor<fp16, [3]>([0.125, -2, 1e-05])];
// CHECK-NEXT:        tensor<fp16, [1, 1, 1, 256]> rms1_mse = add(x = rms1_ss, y = rms1_eps)[name = tensor<string, []>("rms1_mse")];
// CHECK-NEXT:        tensor<int32, []> sp_ax = const()[name = tensor<string, []>("sp_ax"), val = tensor<int32, []>(1)];
// CHECK-NEXT:        tensor<int32, []> sp_n = const()[name = tensor<string, []>("sp_n"), val = tensor<int32, []>(2)];
// CHECK-NEXT:        tensor<fp16, [1, 384, 1, 256]> sp, tensor<fp16, [1, 384, 1, 256]> sp_1 = split(axis = sp_ax, num_splits = sp_n, x = q_conv)[name = tensor<string, []>("sp")];
// CHECK-NEXT:        tensor<fp16, [1, 768, 1, 256]> cat = concat(axis = sp_ax, values = (sp_1, sp))[name = tensor<string, []>("cat")];
// CHECK-NEXT:    } -> (cat, attn_sc, rms1_mse);
// CHECK-NEXT:}

// COMPACT-LABEL:    func kinds<ios18>(tensor<fp16, [1,768,1,256]> rms1_out, tensor<fp16, [1,12,256,64]> attn_q) {
//       COMPACT:        tensor<fp16, [768,768,1,1]> q_W = const()[name=string("q_W"), val=tensor<fp16, [768,768,1,1]>(BLOBFILE(path=string("@model_path/weights/weight.bin"), offset=uint64(64)))];
//       COMPACT:        int32 q_conv_gr = const()[name=string("q_conv_gr"), val=int32(1)];
//       COMPACT:        tensor<fp16, [1,384,1,256]> sp, tensor<fp16, [1,384,1,256]> sp_1 = split(axis=sp_ax, num_splits=sp_n, x=q_conv)[name=string("sp")];
//       COMPACT:        tensor<fp16, [1,768,1,256]> cat = concat(axis=sp_ax, values=(sp_1, sp))[name=string("cat")];
func.func @kinds(%x: tensor<1x768x1x256xf16> {mil.name = "rms1_out"}, %q: tensor<1x12x256x64xf16> {mil.name = "attn_q"}) -> (tensor<1x768x1x256xf16>, tensor<1x12x256x256xf16>, tensor<1x1x1x256xf16>) {
  %w = mil.const #mil.blob<"@model_path/weights/weight.bin", 64> : tensor<768x768x1x1xf16> {mil.name = "q_W"}
  %pt = mil.const "valid" : !mil.string {mil.name = "q_conv_pt"}
  %st = mil.const dense<[1, 1]> : tensor<2xi32> {mil.name = "q_conv_st"}
  %pd = mil.const dense<[0, 0, 0, 0]> : tensor<4xi32> {mil.name = "q_conv_pd"}
  %dl = mil.const dense<[1, 1]> : tensor<2xi32> {mil.name = "q_conv_dl"}
  %gr = mil.const dense<1> : tensor<i32> {mil.name = "q_conv_gr"}
  %c = mil.conv(dilations = %dl, groups = %gr, pad = %pd, pad_type = %pt, strides = %st, weight = %w, x = %x) {mil.name = "q_conv"} : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<768x768x1x1xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
  %tx = mil.const dense<false> : tensor<i1> {mil.name = "attn_sc_tx"}
  %ty = mil.const dense<true> : tensor<i1> {mil.name = "attn_sc_ty"}
  %sc = mil.matmul(transpose_x = %tx, transpose_y = %ty, x = %q, y = %q) {mil.name = "attn_sc"} : (tensor<i1>, tensor<i1>, tensor<1x12x256x64xf16>, tensor<1x12x256x64xf16>) -> tensor<1x12x256x256xf16>
  %ax = mil.const dense<[1]> : tensor<1xi32> {mil.name = "rms1_ax"}
  %ss = mil.reduce_sum(x = %c, axes = %ax, keep_dims = %ty) {mil.name = "rms1_ss"} : (tensor<1x768x1x256xf16>, tensor<1xi32>, tensor<i1>) -> tensor<1x1x1x256xf16>
  %eps = mil.const dense<1.0e-05> : tensor<f16> {mil.name = "rms1_eps"}
  %half = mil.const dense<-0.5> : tensor<f32> {mil.name = "half"}
  %v = mil.const dense<[0.125, -2.0, 1.0e-05]> : tensor<3xf16> {mil.name = "v"}
  %mse = mil.add(x = %ss, y = %eps) {mil.name = "rms1_mse"} : (tensor<1x1x1x256xf16>, tensor<f16>) -> tensor<1x1x1x256xf16>
  %sax = mil.const dense<1> : tensor<i32> {mil.name = "sp_ax"}
  %n = mil.const dense<2> : tensor<i32> {mil.name = "sp_n"}
  %sp:2 = mil.split(axis = %sax, num_splits = %n, x = %c) {mil.name = "sp"} : (tensor<i32>, tensor<i32>, tensor<1x768x1x256xf16>) -> (tensor<1x384x1x256xf16>, tensor<1x384x1x256xf16>)
  %cat = mil.concat(axis = %sax, values = (%sp#1, %sp#0)) {mil.name = "cat"} : (tensor<i32>, tensor<1x384x1x256xf16>, tensor<1x384x1x256xf16>) -> tensor<1x768x1x256xf16>
  return %cat, %sc, %mse : tensor<1x768x1x256xf16>, tensor<1x12x256x256xf16>, tensor<1x1x1x256xf16>
}
