// RUN: orion-opt %s -convert-orion-to-mil | FileCheck %s --check-prefix=DEFAULT
// RUN: orion-opt %s -convert-orion-to-mil=keep-io-type=true | FileCheck %s --check-prefix=KEEPIO
// RUN: orion-opt %s -convert-orion-to-mil=compute-type=fp32 | FileCheck %s --check-prefix=FP32
// RUN: orion-opt %s -convert-orion-to-mil="keep-io-type=true compute-type=fp32" | FileCheck %s --check-prefix=KEEP16
// RUN: orion-opt %s -pass-pipeline='builtin.module(convert-orion-to-mil,func.func(mil-assign-names))' | FileCheck %s --check-prefix=NAMES
// RUN: orion-opt %s -pass-pipeline='builtin.module(convert-orion-to-mil{compute-type=fp32 weight-type=fp16},func.func(mil-assign-names))' | FileCheck %s --check-prefix=W16
// RUN: orion-opt %s -pass-pipeline='builtin.module(convert-orion-to-mil{weight-type=fp32},func.func(mil-assign-names))' | FileCheck %s --check-prefix=W32
// RUN: not orion-opt %s -convert-orion-to-mil=weight-type=bf16 2>&1 | FileCheck %s --check-prefix=BAD

// The compute type and the kernel boundary. By default an ANE kernel
// computes in fp16 and its signature follows; with keep-io-type its fp32
// arguments and results stay fp32 and are cast (with a named dtype const)
// at the boundary; compute-type=fp32 keeps fp32 throughout.

// DEFAULT-LABEL: func.func private @scale(
// DEFAULT-SAME:    %[[X:.+]]: tensor<64x768xf16>) -> tensor<64x768xf16>
// DEFAULT-NEXT:    %[[C:.+]] = mil.const dense<1.250000e-01> : tensor<f16>
// DEFAULT-NEXT:    %[[Y:.+]] = mil.mul(x = %[[X]], y = %[[C]])
// DEFAULT-NEXT:    return %[[Y]] : tensor<64x768xf16>

// KEEPIO-LABEL: func.func private @scale(
// KEEPIO-SAME:    %[[X:.+]]: tensor<64x768xf32>) -> tensor<64x768xf32>
// KEEPIO-NEXT:    %[[DT:.+]] = mil.const "fp16" : !mil.string
// KEEPIO-NEXT:    %[[X16:.+]] = mil.cast(dtype = %[[DT]], x = %[[X]]) : (!mil.string, tensor<64x768xf32>) -> tensor<64x768xf16>
// KEEPIO-NEXT:    %[[C:.+]] = mil.const dense<1.250000e-01> : tensor<f16>
// KEEPIO-NEXT:    %[[Y:.+]] = mil.mul(x = %[[X16]], y = %[[C]])
// KEEPIO-NEXT:    %[[DT2:.+]] = mil.const "fp32" : !mil.string
// KEEPIO-NEXT:    %[[Y32:.+]] = mil.cast(dtype = %[[DT2]], x = %[[Y]]) : (!mil.string, tensor<64x768xf16>) -> tensor<64x768xf32>
// KEEPIO-NEXT:    return %[[Y32]] : tensor<64x768xf32>

// FP32-LABEL: func.func private @scale(
// FP32-SAME:    %[[X:.+]]: tensor<64x768xf32>) -> tensor<64x768xf32>
// FP32-NEXT:    %[[C:.+]] = mil.const dense<1.250000e-01> : tensor<f32>
// FP32-NEXT:    mil.mul(x = %[[X]], y = %[[C]]) : (tensor<64x768xf32>, tensor<f32>) -> tensor<64x768xf32>
func.func private @scale(%x: tensor<64x768xf32>) -> tensor<64x768xf32> attributes {orion.device = "ane"} {
  %c = orion.constant dense<1.250000e-01> : tensor<f32>
  %0 = orion.mul %x, %c : tensor<64x768xf32>, tensor<f32>
  return %0 : tensor<64x768xf32>
}

// CPU kernels compute in fp32 unless compute-type says otherwise.

// DEFAULT-LABEL: func.func private @cpu(
// DEFAULT-SAME:    tensor<4xf32>) -> tensor<4xf32>
// DEFAULT-NEXT:    mil.relu({{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func private @cpu(%x: tensor<4xf32>) -> tensor<4xf32> attributes {orion.device = "cpu"} {
  %0 = orion.relu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// Ops with a name location name what they become the way mechramc/Orion's
// codegen names them, so mil-assign-names reproduces its MIL names (q_conv,
// q_conv_pt, ...).

// NAMES-LABEL: func.func private @names(
// NAMES:         mil.const #mil.weight<{{.+}}> : tensor<768x768x1x1xf16> {mil.name = "q_W"}
// NAMES:         mil.transpose({{.+}}) {mil.name = "q_xt"}
// NAMES:         mil.reshape({{.+}}) {mil.name = "q_x4"}
// NAMES-NEXT:    mil.const "valid" : !mil.string {mil.name = "q_conv_pt"}
// NAMES-NEXT:    mil.const dense<1> : tensor<2xi32> {mil.name = "q_conv_st"}
// NAMES-NEXT:    mil.const dense<0> : tensor<4xi32> {mil.name = "q_conv_pd"}
// NAMES-NEXT:    mil.const dense<1> : tensor<2xi32> {mil.name = "q_conv_dl"}
// NAMES-NEXT:    mil.const dense<1> : tensor<i32> {mil.name = "q_conv_gr"}
// NAMES-NEXT:    mil.conv({{.+}}) {mil.name = "q_conv"}
// NAMES:         mil.reshape({{.+}}) {mil.name = "q_yr"}
// NAMES:         mil.transpose({{.+}}) {mil.name = "q"}
// NAMES:         mil.const dense<false> : tensor<i1> {mil.name = "attn_sc_tx"}
// NAMES-NEXT:    mil.const dense<true> : tensor<i1> {mil.name = "attn_sc_ty"}
// NAMES-NEXT:    mil.matmul({{.+}}) {mil.name = "attn_sc"}
// NAMES-NEXT:    mil.const dense<-1> : tensor<i32> {mil.name = "attn_attn_ax"}
// NAMES-NEXT:    mil.softmax({{.+}}) {mil.name = "attn_attn"}
// NAMES-NEXT:    mil.const dense<1> : tensor<1xi32> {mil.name = "rms_ss_ax"}
// NAMES-NEXT:    mil.const dense<true> : tensor<i1> {mil.name = "rms_ss_kd"}
// NAMES-NEXT:    mil.reduce_sum({{.+}}) {mil.name = "rms_ss"}
func.func private @names(%x: tensor<64x768xf16>) -> (tensor<64x64xf16>, tensor<64x1xf16>) attributes {orion.device = "ane"} {
  %w = orion.param "wq" : tensor<768x768xf16>
  %q = orion.linear %x, %w : tensor<64x768xf16>, tensor<768x768xf16> loc("q")
  %s = orion.matmul %q, %q transpose_rhs : tensor<64x768xf16>, tensor<64x768xf16> loc("attn_sc")
  %a = orion.softmax %s : tensor<64x64xf16> loc("attn_attn")
  %ss = orion.reduce_sum %x [1] keep_dims : tensor<64x768xf16> loc("rms_ss")
  return %a, %ss : tensor<64x64xf16>, tensor<64x1xf16>
}

// weight-type: conv and matmul weights (params) stored in another type than
// the compute type are a weight const of that type and a cast at use. The
// bias, and with the default weight-type everything, stays in the compute
// type.

// DEFAULT-LABEL: func.func private @weights(
// DEFAULT-NOT:     mil.cast
// DEFAULT:         return

// W16-LABEL: func.func private @weights(
// W16-SAME:    %[[X:.+]]: tensor<4x64xf32>
// W16:         %[[W:.+]] = mil.const #mil.weight<[<"w", [32, 64]>]> : tensor<32x64x1x1xf16> {mil.name = "fc_W"}
// W16-NEXT:    %[[DT:.+]] = mil.const "fp32" : !mil.string {mil.name = "fc_W_cast_dt"}
// W16-NEXT:    %[[WC:.+]] = mil.cast(dtype = %[[DT]], x = %[[W]]) {mil.name = "fc_W_cast"} : (!mil.string, tensor<32x64x1x1xf16>) -> tensor<32x64x1x1xf32>
// W16:         mil.conv({{.*}}weight = %[[WC]], {{.*}}) {mil.name = "fc_conv"} : {{.*}} -> tensor<1x32x1x4xf32>
// W16:         mil.const #mil.weight<[<"b", [32]>]> : tensor<1x32x1x1xf32> {mil.name = "fc_b"}
// W16:         %[[V:.+]] = mil.const #mil.weight<[<"v", [16, 64]>]> : tensor<16x64xf16> {mil.name = "mm_W"}
// W16-NEXT:    %[[VDT:.+]] = mil.const "fp32" : !mil.string {mil.name = "mm_W_cast_dt"}
// W16-NEXT:    %[[VC:.+]] = mil.cast(dtype = %[[VDT]], x = %[[V]]) {mil.name = "mm_W_cast"} : (!mil.string, tensor<16x64xf16>) -> tensor<16x64xf32>
// W16-NOT:     mil.const #mil.weight<[<"v"
// W16:         mil.matmul({{.*}}x = %[[X]], y = %[[VC]]) {mil.name = "mm"} : {{.*}} -> tensor<4x16xf32>
// W16-NEXT:    return

// On an ANE kernel (fp16 compute) weight-type=fp32 stores fp32 and casts to
// fp16.
// W32-LABEL: func.func private @ane_weights(
// W32:         mil.const #mil.weight<[<"w", [32, 64]>]> : tensor<32x64x1x1xf32> {mil.name = "fc_W"}
// W32-NEXT:    mil.const "fp16" : !mil.string {mil.name = "fc_W_cast_dt"}
// W32-NEXT:    mil.cast({{.*}}) {mil.name = "fc_W_cast"} : (!mil.string, tensor<32x64x1x1xf32>) -> tensor<32x64x1x1xf16>

// BAD: for the --weight-type option: Cannot find option named 'bf16'!
func.func private @weights(%x: tensor<4x64xf32>) -> (tensor<4x32xf32>, tensor<4x16xf32>) attributes {orion.device = "cpu"} {
  %w = orion.param "w" : tensor<32x64xf32>
  %b = orion.param "b" : tensor<32xf32>
  %y = orion.linear %x, %w, %b : tensor<4x64xf32>, tensor<32x64xf32>, tensor<32xf32> loc("fc")
  %v = orion.param "v" : tensor<16x64xf32>
  %z = orion.matmul %x, %v transpose_rhs : tensor<4x64xf32>, tensor<16x64xf32> loc("mm")
  return %y, %z : tensor<4x32xf32>, tensor<4x16xf32>
}

func.func private @ane_weights(%x: tensor<4x64xf16>) -> tensor<4x32xf16> attributes {orion.device = "ane"} {
  %w = orion.param "w" : tensor<32x64xf16>
  %y = orion.linear %x, %w : tensor<4x64xf16>, tensor<32x64xf16> loc("fc")
  return %y : tensor<4x32xf16>
}

// keep-io-type keeps fp16 surfaces too: an fp16 ANE kernel computing in
// fp32 casts at both ends, so the host's calls stay valid.
// KEEP16-LABEL: func.func private @fp16_surfaces(
// KEEP16-SAME:    %[[X:.+]]: tensor<64x768xf16>) -> tensor<64x768xf16>
// KEEP16-NEXT:    %[[DT:.+]] = mil.const "fp32" : !mil.string
// KEEP16-NEXT:    %[[X32:.+]] = mil.cast(dtype = %[[DT]], x = %[[X]]) : (!mil.string, tensor<64x768xf16>) -> tensor<64x768xf32>
// KEEP16-NEXT:    %[[C:.+]] = mil.const dense<1.250000e-01> : tensor<f32>
// KEEP16-NEXT:    %[[Y:.+]] = mil.mul(x = %[[X32]], y = %[[C]])
// KEEP16-NEXT:    %[[DT2:.+]] = mil.const "fp16" : !mil.string
// KEEP16-NEXT:    %[[Y16:.+]] = mil.cast(dtype = %[[DT2]], x = %[[Y]]) : (!mil.string, tensor<64x768xf32>) -> tensor<64x768xf16>
// KEEP16-NEXT:    return %[[Y16]] : tensor<64x768xf16>
func.func private @fp16_surfaces(%x: tensor<64x768xf16>) -> tensor<64x768xf16> attributes {orion.device = "ane"} {
  %c = orion.constant dense<1.250000e-01> : tensor<f16>
  %0 = orion.mul %x, %c : tensor<64x768xf16>, tensor<f16>
  return %0 : tensor<64x768xf16>
}
