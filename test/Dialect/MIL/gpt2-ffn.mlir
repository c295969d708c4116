// RUN: orion-opt %s | orion-opt | FileCheck %s

// mechramc/Orion's GPT-2 prefill FFN kernel (`gpt2_prefill_ffn`, d=768, hidden=3072,
// bucket 64; orion-compiler-facts §1.5/§1.6) in the mil dialect: fp32 I/O
// with casts, the LayerNorm composite, fc 1x1 conv + bias, the tanh-GELU
// composite (the ANE rejects `gelu`), proj conv + bias, residual add.

// CHECK-LABEL: func.func @main(
// CHECK: [[X16_DT:%[0-9]+]] = mil.const "fp16" : !mil.string
// CHECK: [[X16:%[0-9]+]] = mil.cast(dtype = [[X16_DT]], x = %arg0) : (!mil.string, tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf16>
// CHECK: [[LN2_G:%[0-9]+]] = mil.const #mil.blob<"@model_path/layer0/ln2_g.bin", 64> : tensor<1x768x1x1xf16>
// CHECK: [[LN2_B:%[0-9]+]] = mil.const #mil.blob<"@model_path/layer0/ln2_b.bin", 64> : tensor<1x768x1x1xf16>
// CHECK: [[LN2_AX:%[0-9]+]] = mil.const dense<1> : tensor<1xi32>
// CHECK: [[LN2_KD:%[0-9]+]] = mil.const dense<true> : tensor<i1>
// CHECK: [[LN2_MEAN:%[0-9]+]] = mil.reduce_mean(x = [[X16]], axes = [[LN2_AX]], keep_dims = [[LN2_KD]]) : (tensor<1x768x1x64xf16>, tensor<1xi32>, tensor<i1>) -> tensor<1x1x1x64xf16>
// CHECK: [[LN2_CENT:%[0-9]+]] = mil.sub(x = [[X16]], y = [[LN2_MEAN]]) : (tensor<1x768x1x64xf16>, tensor<1x1x1x64xf16>) -> tensor<1x768x1x64xf16>
// CHECK: [[LN2_SQ:%[0-9]+]] = mil.mul(x = [[LN2_CENT]], y = [[LN2_CENT]]) : (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
// CHECK: [[LN2_VAR:%[0-9]+]] = mil.reduce_mean(x = [[LN2_SQ]], axes = [[LN2_AX]], keep_dims = [[LN2_KD]]) : (tensor<1x768x1x64xf16>, tensor<1xi32>, tensor<i1>) -> tensor<1x1x1x64xf16>
// CHECK: [[LN2_EPS:%[0-9]+]] = mil.const dense<1.001360e-05> : tensor<f16>
// CHECK: [[LN2_VEPS:%[0-9]+]] = mil.add(x = [[LN2_VAR]], y = [[LN2_EPS]]) : (tensor<1x1x1x64xf16>, tensor<f16>) -> tensor<1x1x1x64xf16>
// CHECK: [[LN2_NHALF:%[0-9]+]] = mil.const dense<-5.000000e-01> : tensor<f16>
// CHECK: [[LN2_RSTD:%[0-9]+]] = mil.pow(x = [[LN2_VEPS]], y = [[LN2_NHALF]]) : (tensor<1x1x1x64xf16>, tensor<f16>) -> tensor<1x1x1x64xf16>
// CHECK: [[LN2_NORM:%[0-9]+]] = mil.mul(x = [[LN2_CENT]], y = [[LN2_RSTD]]) : (tensor<1x768x1x64xf16>, tensor<1x1x1x64xf16>) -> tensor<1x768x1x64xf16>
// CHECK: [[LN2_SCALED:%[0-9]+]] = mil.mul(x = [[LN2_NORM]], y = [[LN2_G]]) : (tensor<1x768x1x64xf16>, tensor<1x768x1x1xf16>) -> tensor<1x768x1x64xf16>
// CHECK: [[LN2_OUT:%[0-9]+]] = mil.add(x = [[LN2_SCALED]], y = [[LN2_B]]) : (tensor<1x768x1x64xf16>, tensor<1x768x1x1xf16>) -> tensor<1x768x1x64xf16>
// CHECK: [[FFN_FC_W:%[0-9]+]] = mil.const #mil.blob<"@model_path/layer0/wfc.bin", 64> : tensor<3072x768x1x1xf16>
// CHECK: [[FFN_FC_B:%[0-9]+]] = mil.const #mil.blob<"@model_path/layer0/bfc.bin", 64> : tensor<1x3072x1x1xf16>
// CHECK: [[FFN_FC_CONV_PT:%[0-9]+]] = mil.const "valid" : !mil.string
// CHECK: [[FFN_FC_CONV_ST:%[0-9]+]] = mil.const dense<1> : tensor<2xi32>
// CHECK: [[FFN_FC_CONV_PD:%[0-9]+]] = mil.const dense<0> : tensor<4xi32>
// CHECK: [[FFN_FC_CONV_DL:%[0-9]+]] = mil.const dense<1> : tensor<2xi32>
// CHECK: [[FFN_FC_CONV_GR:%[0-9]+]] = mil.const dense<1> : tensor<i32>
// CHECK: [[FFN_FC_CONV:%[0-9]+]] = mil.conv(dilations = [[FFN_FC_CONV_DL]], groups = [[FFN_FC_CONV_GR]], pad = [[FFN_FC_CONV_PD]], pad_type = [[FFN_FC_CONV_PT]], strides = [[FFN_FC_CONV_ST]], weight = [[FFN_FC_W]], x = [[LN2_OUT]]) : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<3072x768x1x1xf16>, tensor<1x768x1x64xf16>) -> tensor<1x3072x1x64xf16>
// CHECK: [[FFN_FC_OUT:%[0-9]+]] = mil.add(x = [[FFN_FC_CONV]], y = [[FFN_FC_B]]) : (tensor<1x3072x1x64xf16>, tensor<1x3072x1x1xf16>) -> tensor<1x3072x1x64xf16>
// CHECK: [[FFN_ACT_X2:%[0-9]+]] = mil.mul(x = [[FFN_FC_OUT]], y = [[FFN_FC_OUT]]) : (tensor<1x3072x1x64xf16>, tensor<1x3072x1x64xf16>) -> tensor<1x3072x1x64xf16>
// CHECK: [[FFN_ACT_X3:%[0-9]+]] = mil.mul(x = [[FFN_ACT_X2]], y = [[FFN_FC_OUT]]) : (tensor<1x3072x1x64xf16>, tensor<1x3072x1x64xf16>) -> tensor<1x3072x1x64xf16>
// CHECK: [[FFN_ACT_C1:%[0-9]+]] = mil.const dense<4.470830e-02> : tensor<f16>
// CHECK: [[FFN_ACT_CX3:%[0-9]+]] = mil.mul(x = [[FFN_ACT_X3]], y = [[FFN_ACT_C1]]) : (tensor<1x3072x1x64xf16>, tensor<f16>) -> tensor<1x3072x1x64xf16>
// CHECK: [[FFN_ACT_INNER:%[0-9]+]] = mil.add(x = [[FFN_FC_OUT]], y = [[FFN_ACT_CX3]]) : (tensor<1x3072x1x64xf16>, tensor<1x3072x1x64xf16>) -> tensor<1x3072x1x64xf16>
// CHECK: [[FFN_ACT_C2:%[0-9]+]] = mil.const dense<7.978520e-01> : tensor<f16>
// CHECK: [[FFN_ACT_SCALED:%[0-9]+]] = mil.mul(x = [[FFN_ACT_INNER]], y = [[FFN_ACT_C2]]) : (tensor<1x3072x1x64xf16>, tensor<f16>) -> tensor<1x3072x1x64xf16>
// CHECK: [[FFN_ACT_TH:%[0-9]+]] = mil.tanh(x = [[FFN_ACT_SCALED]]) : (tensor<1x3072x1x64xf16>) -> tensor<1x3072x1x64xf16>
// CHECK: [[FFN_ACT_ONE:%[0-9]+]] = mil.const dense<1.000000e+00> : tensor<f16>
// CHECK: [[FFN_ACT_ONEP:%[0-9]+]] = mil.add(x = [[FFN_ACT_TH]], y = [[FFN_ACT_ONE]]) : (tensor<1x3072x1x64xf16>, tensor<f16>) -> tensor<1x3072x1x64xf16>
// CHECK: [[FFN_ACT_HALF:%[0-9]+]] = mil.const dense<5.000000e-01> : tensor<f16>
// CHECK: [[FFN_ACT_HX:%[0-9]+]] = mil.mul(x = [[FFN_FC_OUT]], y = [[FFN_ACT_HALF]]) : (tensor<1x3072x1x64xf16>, tensor<f16>) -> tensor<1x3072x1x64xf16>
// CHECK: [[FFN_ACT_OUT:%[0-9]+]] = mil.mul(x = [[FFN_ACT_HX]], y = [[FFN_ACT_ONEP]]) : (tensor<1x3072x1x64xf16>, tensor<1x3072x1x64xf16>) -> tensor<1x3072x1x64xf16>
// CHECK: [[FFN_PROJ_W:%[0-9]+]] = mil.const #mil.blob<"@model_path/layer0/wproj.bin", 64> : tensor<768x3072x1x1xf16>
// CHECK: [[FFN_PROJ_B:%[0-9]+]] = mil.const #mil.blob<"@model_path/layer0/bproj.bin", 64> : tensor<1x768x1x1xf16>
// CHECK: [[FFN_PROJ_CONV_PT:%[0-9]+]] = mil.const "valid" : !mil.string
// CHECK: [[FFN_PROJ_CONV_ST:%[0-9]+]] = mil.const dense<1> : tensor<2xi32>
// CHECK: [[FFN_PROJ_CONV_PD:%[0-9]+]] = mil.const dense<0> : tensor<4xi32>
// CHECK: [[FFN_PROJ_CONV_DL:%[0-9]+]] = mil.const dense<1> : tensor<2xi32>
// CHECK: [[FFN_PROJ_CONV_GR:%[0-9]+]] = mil.const dense<1> : tensor<i32>
// CHECK: [[FFN_PROJ_CONV:%[0-9]+]] = mil.conv(dilations = [[FFN_PROJ_CONV_DL]], groups = [[FFN_PROJ_CONV_GR]], pad = [[FFN_PROJ_CONV_PD]], pad_type = [[FFN_PROJ_CONV_PT]], strides = [[FFN_PROJ_CONV_ST]], weight = [[FFN_PROJ_W]], x = [[FFN_ACT_OUT]]) : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<768x3072x1x1xf16>, tensor<1x3072x1x64xf16>) -> tensor<1x768x1x64xf16>
// CHECK: [[FFN_PROJ_OUT:%[0-9]+]] = mil.add(x = [[FFN_PROJ_CONV]], y = [[FFN_PROJ_B]]) : (tensor<1x768x1x64xf16>, tensor<1x768x1x1xf16>) -> tensor<1x768x1x64xf16>
// CHECK: [[RES:%[0-9]+]] = mil.add(x = [[X16]], y = [[FFN_PROJ_OUT]]) : (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
// CHECK: [[HIDDEN_DT:%[0-9]+]] = mil.const "fp32" : !mil.string
// CHECK: [[HIDDEN:%[0-9]+]] = mil.cast(dtype = [[HIDDEN_DT]], x = [[RES]]) : (!mil.string, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf32>
// CHECK: return [[HIDDEN]] : tensor<1x768x1x64xf32>
func.func @main(%x: tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf32> {
  %x16_dt = mil.const "fp16" : !mil.string
  %x16 = mil.cast(dtype = %x16_dt, x = %x) : (!mil.string, tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf16>
  // LayerNorm composite: reduce_mean / sub / mul / pow(-0.5), no layer_norm op.
  %ln2_g = mil.const #mil.blob<"@model_path/layer0/ln2_g.bin", 64> : tensor<1x768x1x1xf16>
  %ln2_b = mil.const #mil.blob<"@model_path/layer0/ln2_b.bin", 64> : tensor<1x768x1x1xf16>
  %ln2_ax = mil.const dense<[1]> : tensor<1xi32>
  %ln2_kd = mil.const dense<true> : tensor<i1>
  %ln2_mean = mil.reduce_mean(x = %x16, axes = %ln2_ax, keep_dims = %ln2_kd) : (tensor<1x768x1x64xf16>, tensor<1xi32>, tensor<i1>) -> tensor<1x1x1x64xf16>
  %ln2_cent = mil.sub(x = %x16, y = %ln2_mean) : (tensor<1x768x1x64xf16>, tensor<1x1x1x64xf16>) -> tensor<1x768x1x64xf16>
  %ln2_sq = mil.mul(x = %ln2_cent, y = %ln2_cent) : (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  %ln2_var = mil.reduce_mean(x = %ln2_sq, axes = %ln2_ax, keep_dims = %ln2_kd) : (tensor<1x768x1x64xf16>, tensor<1xi32>, tensor<i1>) -> tensor<1x1x1x64xf16>
  %ln2_eps = mil.const dense<1.000000e-05> : tensor<f16>
  %ln2_veps = mil.add(x = %ln2_var, y = %ln2_eps) : (tensor<1x1x1x64xf16>, tensor<f16>) -> tensor<1x1x1x64xf16>
  %ln2_nhalf = mil.const dense<-5.000000e-01> : tensor<f16>
  %ln2_rstd = mil.pow(x = %ln2_veps, y = %ln2_nhalf) : (tensor<1x1x1x64xf16>, tensor<f16>) -> tensor<1x1x1x64xf16>
  %ln2_norm = mil.mul(x = %ln2_cent, y = %ln2_rstd) : (tensor<1x768x1x64xf16>, tensor<1x1x1x64xf16>) -> tensor<1x768x1x64xf16>
  %ln2_scaled = mil.mul(x = %ln2_norm, y = %ln2_g) : (tensor<1x768x1x64xf16>, tensor<1x768x1x1xf16>) -> tensor<1x768x1x64xf16>
  %ln2_out = mil.add(x = %ln2_scaled, y = %ln2_b) : (tensor<1x768x1x64xf16>, tensor<1x768x1x1xf16>) -> tensor<1x768x1x64xf16>
  // ffn_fc: 1x1 conv + bias add (the ANE conv takes no bias=).
  %ffn_fc_W = mil.const #mil.blob<"@model_path/layer0/wfc.bin", 64> : tensor<3072x768x1x1xf16>
  %ffn_fc_b = mil.const #mil.blob<"@model_path/layer0/bfc.bin", 64> : tensor<1x3072x1x1xf16>
  %ffn_fc_conv_pt = mil.const "valid" : !mil.string
  %ffn_fc_conv_st = mil.const dense<1> : tensor<2xi32>
  %ffn_fc_conv_pd = mil.const dense<0> : tensor<4xi32>
  %ffn_fc_conv_dl = mil.const dense<1> : tensor<2xi32>
  %ffn_fc_conv_gr = mil.const dense<1> : tensor<i32>
  %ffn_fc_conv = mil.conv(dilations = %ffn_fc_conv_dl, groups = %ffn_fc_conv_gr, pad = %ffn_fc_conv_pd, pad_type = %ffn_fc_conv_pt, strides = %ffn_fc_conv_st, weight = %ffn_fc_W, x = %ln2_out) : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<3072x768x1x1xf16>, tensor<1x768x1x64xf16>) -> tensor<1x3072x1x64xf16>
  %ffn_fc_out = mil.add(x = %ffn_fc_conv, y = %ffn_fc_b) : (tensor<1x3072x1x64xf16>, tensor<1x3072x1x1xf16>) -> tensor<1x3072x1x64xf16>
  // GELU, tanh approximation: 0.5*x*(1 + tanh(0.7979*(x + 0.044715*x^3))).
  %ffn_act_x2 = mil.mul(x = %ffn_fc_out, y = %ffn_fc_out) : (tensor<1x3072x1x64xf16>, tensor<1x3072x1x64xf16>) -> tensor<1x3072x1x64xf16>
  %ffn_act_x3 = mil.mul(x = %ffn_act_x2, y = %ffn_fc_out) : (tensor<1x3072x1x64xf16>, tensor<1x3072x1x64xf16>) -> tensor<1x3072x1x64xf16>
  %ffn_act_c1 = mil.const dense<4.471500e-02> : tensor<f16>
  %ffn_act_cx3 = mil.mul(x = %ffn_act_x3, y = %ffn_act_c1) : (tensor<1x3072x1x64xf16>, tensor<f16>) -> tensor<1x3072x1x64xf16>
  %ffn_act_inner = mil.add(x = %ffn_fc_out, y = %ffn_act_cx3) : (tensor<1x3072x1x64xf16>, tensor<1x3072x1x64xf16>) -> tensor<1x3072x1x64xf16>
  %ffn_act_c2 = mil.const dense<7.979000e-01> : tensor<f16>
  %ffn_act_scaled = mil.mul(x = %ffn_act_inner, y = %ffn_act_c2) : (tensor<1x3072x1x64xf16>, tensor<f16>) -> tensor<1x3072x1x64xf16>
  %ffn_act_th = mil.tanh(x = %ffn_act_scaled) : (tensor<1x3072x1x64xf16>) -> tensor<1x3072x1x64xf16>
  %ffn_act_one = mil.const dense<1.000000e+00> : tensor<f16>
  %ffn_act_onep = mil.add(x = %ffn_act_th, y = %ffn_act_one) : (tensor<1x3072x1x64xf16>, tensor<f16>) -> tensor<1x3072x1x64xf16>
  %ffn_act_half = mil.const dense<5.000000e-01> : tensor<f16>
  %ffn_act_hx = mil.mul(x = %ffn_fc_out, y = %ffn_act_half) : (tensor<1x3072x1x64xf16>, tensor<f16>) -> tensor<1x3072x1x64xf16>
  %ffn_act_out = mil.mul(x = %ffn_act_hx, y = %ffn_act_onep) : (tensor<1x3072x1x64xf16>, tensor<1x3072x1x64xf16>) -> tensor<1x3072x1x64xf16>
  // ffn_proj: 1x1 conv + bias add (the ANE conv takes no bias=).
  %ffn_proj_W = mil.const #mil.blob<"@model_path/layer0/wproj.bin", 64> : tensor<768x3072x1x1xf16>
  %ffn_proj_b = mil.const #mil.blob<"@model_path/layer0/bproj.bin", 64> : tensor<1x768x1x1xf16>
  %ffn_proj_conv_pt = mil.const "valid" : !mil.string
  %ffn_proj_conv_st = mil.const dense<1> : tensor<2xi32>
  %ffn_proj_conv_pd = mil.const dense<0> : tensor<4xi32>
  %ffn_proj_conv_dl = mil.const dense<1> : tensor<2xi32>
  %ffn_proj_conv_gr = mil.const dense<1> : tensor<i32>
  %ffn_proj_conv = mil.conv(dilations = %ffn_proj_conv_dl, groups = %ffn_proj_conv_gr, pad = %ffn_proj_conv_pd, pad_type = %ffn_proj_conv_pt, strides = %ffn_proj_conv_st, weight = %ffn_proj_W, x = %ffn_act_out) : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<768x3072x1x1xf16>, tensor<1x3072x1x64xf16>) -> tensor<1x768x1x64xf16>
  %ffn_proj_out = mil.add(x = %ffn_proj_conv, y = %ffn_proj_b) : (tensor<1x768x1x64xf16>, tensor<1x768x1x1xf16>) -> tensor<1x768x1x64xf16>
  // Residual, then back to fp32 I/O.
  %res = mil.add(x = %x16, y = %ffn_proj_out) : (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  %hidden_dt = mil.const "fp32" : !mil.string
  %hidden = mil.cast(dtype = %hidden_dt, x = %res) : (!mil.string, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf32>
  return %hidden : tensor<1x768x1x64xf32>
}
