// RUN: orion-opt %s | orion-opt | FileCheck %s

// mechramc/Orion's Stories `fwd_attn` kernel (layer 0, d=768, nh=12, hd=64, s=256;
// orion-compiler-facts §3.4 and §1.5) written in the mil dialect: RMSNorm,
// Q/K/V 1x1 convs, decomposed attention with the causal-mask blob, output
// projection. Six outputs, as the optimized graph returns them.

// CHECK-LABEL: func.func @main(
// CHECK: [[RMS1_W:%[0-9]+]] = mil.const #mil.blob<"@model_path/layer0/rms1.bin", 64> : tensor<1x768x1x1xf16>
// CHECK: [[RMS1_AX:%[0-9]+]] = mil.const dense<1> : tensor<1xi32>
// CHECK: [[RMS1_INVD:%[0-9]+]] = mil.const dense<1.301770e-03> : tensor<f16>
// CHECK: [[RMS1_EPS:%[0-9]+]] = mil.const dense<1.001360e-05> : tensor<f16>
// CHECK: [[RMS1_NHALF:%[0-9]+]] = mil.const dense<-5.000000e-01> : tensor<f16>
// CHECK: [[Q_W:%[0-9]+]] = mil.const #mil.blob<"@model_path/layer0/wq.bin", 64> : tensor<768x768x1x1xf16>
// CHECK: [[K_W:%[0-9]+]] = mil.const #mil.blob<"@model_path/layer0/wk.bin", 64> : tensor<768x768x1x1xf16>
// CHECK: [[V_W:%[0-9]+]] = mil.const #mil.blob<"@model_path/layer0/wv.bin", 64> : tensor<768x768x1x1xf16>
// CHECK: [[WO_W:%[0-9]+]] = mil.const #mil.blob<"@model_path/layer0/wo.bin", 64> : tensor<768x768x1x1xf16>
// CHECK: [[ATTN_RSH:%[0-9]+]] = mil.const dense<[1, 12, 64, 256]> : tensor<4xi32>
// CHECK: [[ATTN_PM:%[0-9]+]] = mil.const dense<[0, 1, 3, 2]> : tensor<4xi32>
// CHECK: [[ATTN_SCV:%[0-9]+]] = mil.const dense<1.250000e-01> : tensor<f16>
// CHECK: [[ATTN_MASK:%[0-9]+]] = mil.const #mil.blob<"@model_path/masks/causal_256.bin", 64> : tensor<1x1x256x256xf16>
// CHECK: [[ATTN_OSH:%[0-9]+]] = mil.const dense<[1, 768, 1, 256]> : tensor<4xi32>
// CHECK: [[RMS1_SQ:%[0-9]+]] = mil.mul(x = %arg0, y = %arg0) : (tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
// CHECK: [[RMS1_SS_KD:%[0-9]+]] = mil.const dense<true> : tensor<i1>
// CHECK: [[RMS1_SS:%[0-9]+]] = mil.reduce_sum(x = [[RMS1_SQ]], axes = [[RMS1_AX]], keep_dims = [[RMS1_SS_KD]]) : (tensor<1x768x1x256xf16>, tensor<1xi32>, tensor<i1>) -> tensor<1x1x1x256xf16>
// CHECK: [[RMS1_MS:%[0-9]+]] = mil.mul(x = [[RMS1_SS]], y = [[RMS1_INVD]]) : (tensor<1x1x1x256xf16>, tensor<f16>) -> tensor<1x1x1x256xf16>
// CHECK: [[RMS1_MSE:%[0-9]+]] = mil.add(x = [[RMS1_MS]], y = [[RMS1_EPS]]) : (tensor<1x1x1x256xf16>, tensor<f16>) -> tensor<1x1x1x256xf16>
// CHECK: [[RMS1_RRMS:%[0-9]+]] = mil.pow(x = [[RMS1_MSE]], y = [[RMS1_NHALF]]) : (tensor<1x1x1x256xf16>, tensor<f16>) -> tensor<1x1x1x256xf16>
// CHECK: [[RMS1_XR:%[0-9]+]] = mil.mul(x = %arg0, y = [[RMS1_RRMS]]) : (tensor<1x768x1x256xf16>, tensor<1x1x1x256xf16>) -> tensor<1x768x1x256xf16>
// CHECK: [[RMS1_OUT:%[0-9]+]] = mil.mul(x = [[RMS1_XR]], y = [[RMS1_W]]) : (tensor<1x768x1x256xf16>, tensor<1x768x1x1xf16>) -> tensor<1x768x1x256xf16>
// CHECK: [[Q_CONV_PT:%[0-9]+]] = mil.const "valid" : !mil.string
// CHECK: [[Q_CONV_ST:%[0-9]+]] = mil.const dense<1> : tensor<2xi32>
// CHECK: [[Q_CONV_PD:%[0-9]+]] = mil.const dense<0> : tensor<4xi32>
// CHECK: [[Q_CONV_DL:%[0-9]+]] = mil.const dense<1> : tensor<2xi32>
// CHECK: [[Q_CONV_GR:%[0-9]+]] = mil.const dense<1> : tensor<i32>
// CHECK: [[Q_CONV:%[0-9]+]] = mil.conv(dilations = [[Q_CONV_DL]], groups = [[Q_CONV_GR]], pad = [[Q_CONV_PD]], pad_type = [[Q_CONV_PT]], strides = [[Q_CONV_ST]], weight = [[Q_W]], x = [[RMS1_OUT]]) : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<768x768x1x1xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
// CHECK: [[K_CONV_PT:%[0-9]+]] = mil.const "valid" : !mil.string
// CHECK: [[K_CONV_ST:%[0-9]+]] = mil.const dense<1> : tensor<2xi32>
// CHECK: [[K_CONV_PD:%[0-9]+]] = mil.const dense<0> : tensor<4xi32>
// CHECK: [[K_CONV_DL:%[0-9]+]] = mil.const dense<1> : tensor<2xi32>
// CHECK: [[K_CONV_GR:%[0-9]+]] = mil.const dense<1> : tensor<i32>
// CHECK: [[K_CONV:%[0-9]+]] = mil.conv(dilations = [[K_CONV_DL]], groups = [[K_CONV_GR]], pad = [[K_CONV_PD]], pad_type = [[K_CONV_PT]], strides = [[K_CONV_ST]], weight = [[K_W]], x = [[RMS1_OUT]]) : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<768x768x1x1xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
// CHECK: [[V_CONV_PT:%[0-9]+]] = mil.const "valid" : !mil.string
// CHECK: [[V_CONV_ST:%[0-9]+]] = mil.const dense<1> : tensor<2xi32>
// CHECK: [[V_CONV_PD:%[0-9]+]] = mil.const dense<0> : tensor<4xi32>
// CHECK: [[V_CONV_DL:%[0-9]+]] = mil.const dense<1> : tensor<2xi32>
// CHECK: [[V_CONV_GR:%[0-9]+]] = mil.const dense<1> : tensor<i32>
// CHECK: [[V_CONV:%[0-9]+]] = mil.conv(dilations = [[V_CONV_DL]], groups = [[V_CONV_GR]], pad = [[V_CONV_PD]], pad_type = [[V_CONV_PT]], strides = [[V_CONV_ST]], weight = [[V_W]], x = [[RMS1_OUT]]) : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<768x768x1x1xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
// CHECK: [[ATTN_QR:%[0-9]+]] = mil.reshape(shape = [[ATTN_RSH]], x = [[Q_CONV]]) : (tensor<4xi32>, tensor<1x768x1x256xf16>) -> tensor<1x12x64x256xf16>
// CHECK: [[ATTN_Q:%[0-9]+]] = mil.transpose(perm = [[ATTN_PM]], x = [[ATTN_QR]]) : (tensor<4xi32>, tensor<1x12x64x256xf16>) -> tensor<1x12x256x64xf16>
// CHECK: [[ATTN_KR:%[0-9]+]] = mil.reshape(shape = [[ATTN_RSH]], x = [[K_CONV]]) : (tensor<4xi32>, tensor<1x768x1x256xf16>) -> tensor<1x12x64x256xf16>
// CHECK: [[ATTN_K:%[0-9]+]] = mil.transpose(perm = [[ATTN_PM]], x = [[ATTN_KR]]) : (tensor<4xi32>, tensor<1x12x64x256xf16>) -> tensor<1x12x256x64xf16>
// CHECK: [[ATTN_VR:%[0-9]+]] = mil.reshape(shape = [[ATTN_RSH]], x = [[V_CONV]]) : (tensor<4xi32>, tensor<1x768x1x256xf16>) -> tensor<1x12x64x256xf16>
// CHECK: [[ATTN_V:%[0-9]+]] = mil.transpose(perm = [[ATTN_PM]], x = [[ATTN_VR]]) : (tensor<4xi32>, tensor<1x12x64x256xf16>) -> tensor<1x12x256x64xf16>
// CHECK: [[ATTN_SC_TX:%[0-9]+]] = mil.const dense<false> : tensor<i1>
// CHECK: [[ATTN_SC_TY:%[0-9]+]] = mil.const dense<true> : tensor<i1>
// CHECK: [[ATTN_SC:%[0-9]+]] = mil.matmul(transpose_x = [[ATTN_SC_TX]], transpose_y = [[ATTN_SC_TY]], x = [[ATTN_Q]], y = [[ATTN_K]]) : (tensor<i1>, tensor<i1>, tensor<1x12x256x64xf16>, tensor<1x12x256x64xf16>) -> tensor<1x12x256x256xf16>
// CHECK: [[ATTN_SCS:%[0-9]+]] = mil.mul(x = [[ATTN_SC]], y = [[ATTN_SCV]]) : (tensor<1x12x256x256xf16>, tensor<f16>) -> tensor<1x12x256x256xf16>
// CHECK: [[ATTN_MASKED:%[0-9]+]] = mil.add(x = [[ATTN_SCS]], y = [[ATTN_MASK]]) : (tensor<1x12x256x256xf16>, tensor<1x1x256x256xf16>) -> tensor<1x12x256x256xf16>
// CHECK: [[ATTN_ATTN_AX:%[0-9]+]] = mil.const dense<-1> : tensor<i32>
// CHECK: [[ATTN_ATTN:%[0-9]+]] = mil.softmax(axis = [[ATTN_ATTN_AX]], x = [[ATTN_MASKED]]) : (tensor<i32>, tensor<1x12x256x256xf16>) -> tensor<1x12x256x256xf16>
// CHECK: [[ATTN_CTX_TX:%[0-9]+]] = mil.const dense<false> : tensor<i1>
// CHECK: [[ATTN_CTX_TY:%[0-9]+]] = mil.const dense<false> : tensor<i1>
// CHECK: [[ATTN_CTX:%[0-9]+]] = mil.matmul(transpose_x = [[ATTN_CTX_TX]], transpose_y = [[ATTN_CTX_TY]], x = [[ATTN_ATTN]], y = [[ATTN_V]]) : (tensor<i1>, tensor<i1>, tensor<1x12x256x256xf16>, tensor<1x12x256x64xf16>) -> tensor<1x12x256x64xf16>
// CHECK: [[ATTN_CTXT:%[0-9]+]] = mil.transpose(perm = [[ATTN_PM]], x = [[ATTN_CTX]]) : (tensor<4xi32>, tensor<1x12x256x64xf16>) -> tensor<1x12x64x256xf16>
// CHECK: [[ATTN_OUT:%[0-9]+]] = mil.reshape(shape = [[ATTN_OSH]], x = [[ATTN_CTXT]]) : (tensor<4xi32>, tensor<1x12x64x256xf16>) -> tensor<1x768x1x256xf16>
// CHECK: [[WO_CONV_PT:%[0-9]+]] = mil.const "valid" : !mil.string
// CHECK: [[WO_CONV_ST:%[0-9]+]] = mil.const dense<1> : tensor<2xi32>
// CHECK: [[WO_CONV_PD:%[0-9]+]] = mil.const dense<0> : tensor<4xi32>
// CHECK: [[WO_CONV_DL:%[0-9]+]] = mil.const dense<1> : tensor<2xi32>
// CHECK: [[WO_CONV_GR:%[0-9]+]] = mil.const dense<1> : tensor<i32>
// CHECK: [[WO_CONV:%[0-9]+]] = mil.conv(dilations = [[WO_CONV_DL]], groups = [[WO_CONV_GR]], pad = [[WO_CONV_PD]], pad_type = [[WO_CONV_PT]], strides = [[WO_CONV_ST]], weight = [[WO_W]], x = [[ATTN_OUT]]) : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<768x768x1x1xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
// CHECK: return [[WO_CONV]], [[Q_CONV]], [[K_CONV]], [[V_CONV]], [[ATTN_OUT]], [[RMS1_OUT]] : tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>
func.func @main(%x: tensor<1x768x1x256xf16>) -> (tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>) {
  // Graph consts first, in creation order (facts 3.4).
  %rms1_w = mil.const #mil.blob<"@model_path/layer0/rms1.bin", 64> : tensor<1x768x1x1xf16>
  %rms1_ax = mil.const dense<[1]> : tensor<1xi32>
  %rms1_invd = mil.const dense<1.302080e-03> : tensor<f16>
  %rms1_eps = mil.const dense<1.000000e-05> : tensor<f16>
  %rms1_nhalf = mil.const dense<-5.000000e-01> : tensor<f16>
  %q_W = mil.const #mil.blob<"@model_path/layer0/wq.bin", 64> : tensor<768x768x1x1xf16>
  %k_W = mil.const #mil.blob<"@model_path/layer0/wk.bin", 64> : tensor<768x768x1x1xf16>
  %v_W = mil.const #mil.blob<"@model_path/layer0/wv.bin", 64> : tensor<768x768x1x1xf16>
  %wo_W = mil.const #mil.blob<"@model_path/layer0/wo.bin", 64> : tensor<768x768x1x1xf16>
  %attn_rsh = mil.const dense<[1, 12, 64, 256]> : tensor<4xi32>
  %attn_pm = mil.const dense<[0, 1, 3, 2]> : tensor<4xi32>
  %attn_scv = mil.const dense<1.250000e-01> : tensor<f16>
  %attn_mask = mil.const #mil.blob<"@model_path/masks/causal_256.bin", 64> : tensor<1x1x256x256xf16>
  %attn_osh = mil.const dense<[1, 768, 1, 256]> : tensor<4xi32>
  // RMSNorm: x * pow(sum(x*x)/d + eps, -0.5) * w
  %rms1_sq = mil.mul(x = %x, y = %x) : (tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
  %rms1_ss_kd = mil.const dense<true> : tensor<i1>
  %rms1_ss = mil.reduce_sum(x = %rms1_sq, axes = %rms1_ax, keep_dims = %rms1_ss_kd) : (tensor<1x768x1x256xf16>, tensor<1xi32>, tensor<i1>) -> tensor<1x1x1x256xf16>
  %rms1_ms = mil.mul(x = %rms1_ss, y = %rms1_invd) : (tensor<1x1x1x256xf16>, tensor<f16>) -> tensor<1x1x1x256xf16>
  %rms1_mse = mil.add(x = %rms1_ms, y = %rms1_eps) : (tensor<1x1x1x256xf16>, tensor<f16>) -> tensor<1x1x1x256xf16>
  %rms1_rrms = mil.pow(x = %rms1_mse, y = %rms1_nhalf) : (tensor<1x1x1x256xf16>, tensor<f16>) -> tensor<1x1x1x256xf16>
  %rms1_xr = mil.mul(x = %x, y = %rms1_rrms) : (tensor<1x768x1x256xf16>, tensor<1x1x1x256xf16>) -> tensor<1x768x1x256xf16>
  %rms1_out = mil.mul(x = %rms1_xr, y = %rms1_w) : (tensor<1x768x1x256xf16>, tensor<1x768x1x1xf16>) -> tensor<1x768x1x256xf16>
  // q projection: 1x1 conv, five named consts, arguments alphabetical, no bias.
  %q_conv_pt = mil.const "valid" : !mil.string
  %q_conv_st = mil.const dense<1> : tensor<2xi32>
  %q_conv_pd = mil.const dense<0> : tensor<4xi32>
  %q_conv_dl = mil.const dense<1> : tensor<2xi32>
  %q_conv_gr = mil.const dense<1> : tensor<i32>
  %q_conv = mil.conv(dilations = %q_conv_dl, groups = %q_conv_gr, pad = %q_conv_pd, pad_type = %q_conv_pt, strides = %q_conv_st, weight = %q_W, x = %rms1_out) : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<768x768x1x1xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
  // k projection: 1x1 conv, five named consts, arguments alphabetical, no bias.
  %k_conv_pt = mil.const "valid" : !mil.string
  %k_conv_st = mil.const dense<1> : tensor<2xi32>
  %k_conv_pd = mil.const dense<0> : tensor<4xi32>
  %k_conv_dl = mil.const dense<1> : tensor<2xi32>
  %k_conv_gr = mil.const dense<1> : tensor<i32>
  %k_conv = mil.conv(dilations = %k_conv_dl, groups = %k_conv_gr, pad = %k_conv_pd, pad_type = %k_conv_pt, strides = %k_conv_st, weight = %k_W, x = %rms1_out) : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<768x768x1x1xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
  // v projection: 1x1 conv, five named consts, arguments alphabetical, no bias.
  %v_conv_pt = mil.const "valid" : !mil.string
  %v_conv_st = mil.const dense<1> : tensor<2xi32>
  %v_conv_pd = mil.const dense<0> : tensor<4xi32>
  %v_conv_dl = mil.const dense<1> : tensor<2xi32>
  %v_conv_gr = mil.const dense<1> : tensor<i32>
  %v_conv = mil.conv(dilations = %v_conv_dl, groups = %v_conv_gr, pad = %v_conv_pd, pad_type = %v_conv_pt, strides = %v_conv_st, weight = %v_W, x = %rms1_out) : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<768x768x1x1xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
  // Attention: heads via reshape + transpose, Q@K^T, scale, additive causal mask, softmax, @V.
  %attn_qr = mil.reshape(shape = %attn_rsh, x = %q_conv) : (tensor<4xi32>, tensor<1x768x1x256xf16>) -> tensor<1x12x64x256xf16>
  %attn_q = mil.transpose(perm = %attn_pm, x = %attn_qr) : (tensor<4xi32>, tensor<1x12x64x256xf16>) -> tensor<1x12x256x64xf16>
  %attn_kr = mil.reshape(shape = %attn_rsh, x = %k_conv) : (tensor<4xi32>, tensor<1x768x1x256xf16>) -> tensor<1x12x64x256xf16>
  %attn_k = mil.transpose(perm = %attn_pm, x = %attn_kr) : (tensor<4xi32>, tensor<1x12x64x256xf16>) -> tensor<1x12x256x64xf16>
  %attn_vr = mil.reshape(shape = %attn_rsh, x = %v_conv) : (tensor<4xi32>, tensor<1x768x1x256xf16>) -> tensor<1x12x64x256xf16>
  %attn_v = mil.transpose(perm = %attn_pm, x = %attn_vr) : (tensor<4xi32>, tensor<1x12x64x256xf16>) -> tensor<1x12x256x64xf16>
  %attn_sc_tx = mil.const dense<false> : tensor<i1>
  %attn_sc_ty = mil.const dense<true> : tensor<i1>
  %attn_sc = mil.matmul(transpose_x = %attn_sc_tx, transpose_y = %attn_sc_ty, x = %attn_q, y = %attn_k) : (tensor<i1>, tensor<i1>, tensor<1x12x256x64xf16>, tensor<1x12x256x64xf16>) -> tensor<1x12x256x256xf16>
  %attn_scs = mil.mul(x = %attn_sc, y = %attn_scv) : (tensor<1x12x256x256xf16>, tensor<f16>) -> tensor<1x12x256x256xf16>
  %attn_masked = mil.add(x = %attn_scs, y = %attn_mask) : (tensor<1x12x256x256xf16>, tensor<1x1x256x256xf16>) -> tensor<1x12x256x256xf16>
  %attn_attn_ax = mil.const dense<-1> : tensor<i32>
  %attn_attn = mil.softmax(axis = %attn_attn_ax, x = %attn_masked) : (tensor<i32>, tensor<1x12x256x256xf16>) -> tensor<1x12x256x256xf16>
  %attn_ctx_tx = mil.const dense<false> : tensor<i1>
  %attn_ctx_ty = mil.const dense<false> : tensor<i1>
  %attn_ctx = mil.matmul(transpose_x = %attn_ctx_tx, transpose_y = %attn_ctx_ty, x = %attn_attn, y = %attn_v) : (tensor<i1>, tensor<i1>, tensor<1x12x256x256xf16>, tensor<1x12x256x64xf16>) -> tensor<1x12x256x64xf16>
  %attn_ctxt = mil.transpose(perm = %attn_pm, x = %attn_ctx) : (tensor<4xi32>, tensor<1x12x256x64xf16>) -> tensor<1x12x64x256xf16>
  %attn_out = mil.reshape(shape = %attn_osh, x = %attn_ctxt) : (tensor<4xi32>, tensor<1x12x64x256xf16>) -> tensor<1x768x1x256xf16>
  // wo projection: 1x1 conv, five named consts, arguments alphabetical, no bias.
  %wo_conv_pt = mil.const "valid" : !mil.string
  %wo_conv_st = mil.const dense<1> : tensor<2xi32>
  %wo_conv_pd = mil.const dense<0> : tensor<4xi32>
  %wo_conv_dl = mil.const dense<1> : tensor<2xi32>
  %wo_conv_gr = mil.const dense<1> : tensor<i32>
  %wo_conv = mil.conv(dilations = %wo_conv_dl, groups = %wo_conv_gr, pad = %wo_conv_pd, pad_type = %wo_conv_pt, strides = %wo_conv_st, weight = %wo_W, x = %attn_out) : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<768x768x1x1xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
  return %wo_conv, %q_conv, %k_conv, %v_conv, %attn_out, %rms1_out : tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>
}
