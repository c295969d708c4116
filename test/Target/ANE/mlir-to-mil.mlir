// RUN: orion-translate --mlir-to-mil -split-input-file %s | FileCheck %s --match-full-lines --strict-whitespace

// The MIL text of each module, byte for byte as mechramc/Orion's codegen
// prints it
// (orion-compiler-facts §3): program(1.3), the coremlc buildInfo,
// `func NAME<ios18>(...)`, 8-space-indented statements with no spaces around
// '=' in argument and attribute lists, dims without spaces, `} -> (outs);`.
// (With --strict-whitespace --match-full-lines, the text right after
// `CHECK...:` is the whole line, indentation included.)

// §3.2, the `codegen_simple` program.

//      CHECK:program(1.3)
// CHECK-NEXT:[buildInfo = dict<string, string>({{[{][{]}}"coremlc-component-MIL", "3510.2.1"}, {"coremlc-version", "3505.4.1"}, {"coremltools-component-milinternal", ""}, {"coremltools-version", "9.0"}})]
// CHECK-NEXT:{
// CHECK-NEXT:    func main<ios18>(tensor<fp32, [1,768,1,64]> x) {
// CHECK-NEXT:        string x16_dt = const()[name=string("x16_dt"), val=string("fp16")];
// CHECK-NEXT:        tensor<fp16, [1,768,1,64]> x16 = cast(dtype=x16_dt, x=x)[name=string("x16")];
// CHECK-NEXT:        tensor<fp16, [1,768,1,64]> y = add(x=x16, y=x16)[name=string("y")];
// CHECK-NEXT:        string out_dt = const()[name=string("out_dt"), val=string("fp32")];
// CHECK-NEXT:        tensor<fp32, [1,768,1,64]> out = cast(dtype=out_dt, x=y)[name=string("out")];
// CHECK-NEXT:    } -> (out);
// CHECK-NEXT:}
func.func @main(%x: tensor<1x768x1x64xf32> {mil.name = "x"}) -> tensor<1x768x1x64xf32> {
  %x16_dt = mil.const "fp16" : !mil.string {mil.name = "x16_dt"}
  %x16 = mil.cast(dtype = %x16_dt, x = %x) {mil.name = "x16"} : (!mil.string, tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf16>
  %y = mil.add(x = %x16, y = %x16) {mil.name = "y"} : (tensor<1x768x1x64xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  %out_dt = mil.const "fp32" : !mil.string {mil.name = "out_dt"}
  %out = mil.cast(dtype = %out_dt, x = %y) {mil.name = "out"} : (!mil.string, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf32>
  return %out : tensor<1x768x1x64xf32>
}

// -----

// Several inputs and outputs; outputs in return order, not name order; an
// op can be returned twice.

//      CHECK:program(1.3)
// CHECK-LABEL:    func multi_out<ios18>(tensor<fp16, [1,768,1,256]> x, tensor<fp16, [1,768,1,256]> lora_A) {
// CHECK-NEXT:        tensor<fp16, [1,768,1,256]> wo_conv = add(x=x, y=lora_A)[name=string("wo_conv")];
// CHECK-NEXT:        tensor<fp16, [1,768,1,256]> attn_out = mul(x=x, y=lora_A)[name=string("attn_out")];
// CHECK-NEXT:        tensor<fp16, [1,768,1,256]> q_conv = sub(x=x, y=lora_A)[name=string("q_conv")];
// CHECK-NEXT:    } -> (wo_conv, q_conv, attn_out, q_conv);
// CHECK-NEXT:}
func.func @multi_out(%x: tensor<1x768x1x256xf16> {mil.name = "x"}, %a: tensor<1x768x1x256xf16> {mil.name = "lora_A"}) -> (tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>) {
  %0 = mil.add(x = %x, y = %a) {mil.name = "wo_conv"} : (tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
  %1 = mil.mul(x = %x, y = %a) {mil.name = "attn_out"} : (tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
  %2 = mil.sub(x = %x, y = %a) {mil.name = "q_conv"} : (tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
  return %0, %2, %1, %2 : tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>
}

// -----

// Every func.func of the module is a function of one program, in order.

//      CHECK:program(1.3)
// CHECK-NEXT:[buildInfo = {{.*}}
// CHECK-NEXT:{
// CHECK-NEXT:    func fwd_attn<ios18>(tensor<fp16, [1,4,1,8]> x) {
// CHECK-NEXT:        tensor<fp16, [1,4,1,8]> a = relu(x=x)[name=string("a")];
// CHECK-NEXT:    } -> (a);
// CHECK-NEXT:    func fwd_ffn<ios18>(tensor<fp16, [1,4,1,8]> x) {
// CHECK-NEXT:        tensor<fp16, [1,4,1,8]> a = tanh(x=x)[name=string("a")];
// CHECK-NEXT:    } -> (a);
// CHECK-NEXT:}
func.func @fwd_attn(%x: tensor<1x4x1x8xf16> {mil.name = "x"}) -> tensor<1x4x1x8xf16> {
  %0 = mil.relu(x = %x) {mil.name = "a"} : (tensor<1x4x1x8xf16>) -> tensor<1x4x1x8xf16>
  return %0 : tensor<1x4x1x8xf16>
}
func.func @fwd_ffn(%x: tensor<1x4x1x8xf16> {mil.name = "x"}) -> tensor<1x4x1x8xf16> {
  %0 = mil.tanh(x = %x) {mil.name = "a"} : (tensor<1x4x1x8xf16>) -> tensor<1x4x1x8xf16>
  return %0 : tensor<1x4x1x8xf16>
}

// -----

// §3.3 conv: the weight from a BLOBFILE, five named consts, arguments in
// alphabetical order, no bias.

// CHECK-LABEL:    func conv<ios18>(tensor<fp16, [1,768,1,256]> rms1_out) {
// CHECK-NEXT:        tensor<fp16, [768,768,1,1]> q_W = const()[name=string("q_W"), val=tensor<fp16, [768,768,1,1]>(BLOBFILE(path=string("@model_path/layer0/wq.bin"), offset=uint64(64)))];
// CHECK-NEXT:        string q_conv_pt = const()[name=string("q_conv_pt"), val=string("valid")];
// CHECK-NEXT:        tensor<int32, [2]> q_conv_st = const()[name=string("q_conv_st"), val=tensor<int32, [2]>([1,1])];
// CHECK-NEXT:        tensor<int32, [4]> q_conv_pd = const()[name=string("q_conv_pd"), val=tensor<int32, [4]>([0,0,0,0])];
// CHECK-NEXT:        tensor<int32, [2]> q_conv_dl = const()[name=string("q_conv_dl"), val=tensor<int32, [2]>([1,1])];
// CHECK-NEXT:        int32 q_conv_gr = const()[name=string("q_conv_gr"), val=int32(1)];
// CHECK-NEXT:        tensor<fp16, [1,768,1,256]> q_conv = conv(dilations=q_conv_dl, groups=q_conv_gr, pad=q_conv_pd, pad_type=q_conv_pt, strides=q_conv_st, weight=q_W, x=rms1_out)[name=string("q_conv")];
// CHECK-NEXT:        tensor<fp16, [3072,768,1,1]> fc_W = const()[name=string("fc_W"), val=tensor<fp16, [3072,768,1,1]>(BLOBFILE(path=string("@model_path/weights/weight.bin"), offset=uint64(1179776)))];
// CHECK-NEXT:        tensor<fp16, [1,3072,1,256]> fc_conv = conv(dilations=q_conv_dl, groups=q_conv_gr, pad=q_conv_pd, pad_type=q_conv_pt, strides=q_conv_st, weight=fc_W, x=q_conv)[name=string("fc_conv")];
// CHECK-NEXT:    } -> (fc_conv);
func.func @conv(%x: tensor<1x768x1x256xf16> {mil.name = "rms1_out"}) -> tensor<1x3072x1x256xf16> {
  %w = mil.const #mil.blob<"@model_path/layer0/wq.bin", 64> : tensor<768x768x1x1xf16> {mil.name = "q_W"}
  %pt = mil.const "valid" : !mil.string {mil.name = "q_conv_pt"}
  %st = mil.const dense<[1, 1]> : tensor<2xi32> {mil.name = "q_conv_st"}
  %pd = mil.const dense<[0, 0, 0, 0]> : tensor<4xi32> {mil.name = "q_conv_pd"}
  %dl = mil.const dense<[1, 1]> : tensor<2xi32> {mil.name = "q_conv_dl"}
  %gr = mil.const dense<1> : tensor<i32> {mil.name = "q_conv_gr"}
  %c = mil.conv(dilations = %dl, groups = %gr, pad = %pd, pad_type = %pt, strides = %st, weight = %w, x = %x) {mil.name = "q_conv"} : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<768x768x1x1xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
  // After -mil-assign-blobs the blob is in the shared BLOBFILE; the
  // `mil.sources` attribute is for the package writer, not the MIL text.
  %w2 = mil.const #mil.blob<"@model_path/weights/weight.bin", 1179776> : tensor<3072x768x1x1xf16> {mil.name = "fc_W", mil.sources = [#mil.source<"layers.0.feed_forward.w1", [3072, 768]>]}
  %c2 = mil.conv(dilations = %dl, groups = %gr, pad = %pd, pad_type = %pt, strides = %st, weight = %w2, x = %c) {mil.name = "fc_conv"} : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<3072x768x1x1xf16>, tensor<1x768x1x256xf16>) -> tensor<1x3072x1x256xf16>
  return %c2 : tensor<1x3072x1x256xf16>
}

// -----

// §3.3 matmul: the transpose flags are named bool consts.

// CHECK-LABEL:    func matmul<ios18>(tensor<fp16, [1,12,256,64]> attn_q, tensor<fp16, [1,12,256,64]> attn_k) {
// CHECK-NEXT:        bool attn_sc_tx = const()[name=string("attn_sc_tx"), val=bool(false)];
// CHECK-NEXT:        bool attn_sc_ty = const()[name=string("attn_sc_ty"), val=bool(true)];
// CHECK-NEXT:        tensor<fp16, [1,12,256,256]> attn_sc = matmul(transpose_x=attn_sc_tx, transpose_y=attn_sc_ty, x=attn_q, y=attn_k)[name=string("attn_sc")];
// CHECK-NEXT:        tensor<fp16, [1,12,256,64]> attn_ctx = matmul(x=attn_sc, y=attn_q)[name=string("attn_ctx")];
// CHECK-NEXT:    } -> (attn_ctx);
func.func @matmul(%q: tensor<1x12x256x64xf16> {mil.name = "attn_q"}, %k: tensor<1x12x256x64xf16> {mil.name = "attn_k"}) -> tensor<1x12x256x64xf16> {
  %tx = mil.const dense<false> : tensor<i1> {mil.name = "attn_sc_tx"}
  %ty = mil.const dense<true> : tensor<i1> {mil.name = "attn_sc_ty"}
  %sc = mil.matmul(transpose_x = %tx, transpose_y = %ty, x = %q, y = %k) {mil.name = "attn_sc"} : (tensor<i1>, tensor<i1>, tensor<1x12x256x64xf16>, tensor<1x12x256x64xf16>) -> tensor<1x12x256x256xf16>
  // Absent optional arguments are not printed.
  %ctx = mil.matmul(x = %sc, y = %q) {mil.name = "attn_ctx"} : (tensor<1x12x256x256xf16>, tensor<1x12x256x64xf16>) -> tensor<1x12x256x64xf16>
  return %ctx : tensor<1x12x256x64xf16>
}

// -----

// §3.3 reduce_sum: arguments x, axes, keep_dims (MIL's order, not
// alphabetical); int32 tensor literals.

// CHECK-LABEL:    func reduce<ios18>(tensor<fp16, [1,768,1,256]> x) {
// CHECK-NEXT:        tensor<int32, [1]> rms1_ax = const()[name=string("rms1_ax"), val=tensor<int32, [1]>([1])];
// CHECK-NEXT:        tensor<fp16, [1,768,1,256]> rms1_sq = mul(x=x, y=x)[name=string("rms1_sq")];
// CHECK-NEXT:        bool rms1_ss_kd = const()[name=string("rms1_ss_kd"), val=bool(true)];
// CHECK-NEXT:        tensor<fp16, [1,1,1,256]> rms1_ss = reduce_sum(x=rms1_sq, axes=rms1_ax, keep_dims=rms1_ss_kd)[name=string("rms1_ss")];
// CHECK-NEXT:        tensor<int32, [1]> m_ax = const()[name=string("m_ax"), val=tensor<int32, [1]>([-1])];
// CHECK-NEXT:        tensor<fp16, [1,1,1,1]> m = reduce_max(x=rms1_ss, axes=m_ax, keep_dims=rms1_ss_kd)[name=string("m")];
// CHECK-NEXT:        tensor<int32, [4]> perm = const()[name=string("perm"), val=tensor<int32, [4]>([0,1,3,2])];
// CHECK-NEXT:        tensor<fp16, [1,1,1,1]> mt = transpose(perm=perm, x=m)[name=string("mt")];
// CHECK-NEXT:    } -> (rms1_ss, mt);
func.func @reduce(%x: tensor<1x768x1x256xf16> {mil.name = "x"}) -> (tensor<1x1x1x256xf16>, tensor<1x1x1x1xf16>) {
  %ax = mil.const dense<[1]> : tensor<1xi32> {mil.name = "rms1_ax"}
  %sq = mil.mul(x = %x, y = %x) {mil.name = "rms1_sq"} : (tensor<1x768x1x256xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
  %kd = mil.const dense<true> : tensor<i1> {mil.name = "rms1_ss_kd"}
  %ss = mil.reduce_sum(x = %sq, axes = %ax, keep_dims = %kd) {mil.name = "rms1_ss"} : (tensor<1x768x1x256xf16>, tensor<1xi32>, tensor<i1>) -> tensor<1x1x1x256xf16>
  %ax2 = mil.const dense<[-1]> : tensor<1xi32> {mil.name = "m_ax"}
  %m = mil.reduce_max(x = %ss, axes = %ax2, keep_dims = %kd) {mil.name = "m"} : (tensor<1x1x1x256xf16>, tensor<1xi32>, tensor<i1>) -> tensor<1x1x1x1xf16>
  %perm = mil.const dense<[0, 1, 3, 2]> : tensor<4xi32> {mil.name = "perm"}
  %mt = mil.transpose(perm = %perm, x = %m) {mil.name = "mt"} : (tensor<4xi32>, tensor<1x1x1x1xf16>) -> tensor<1x1x1x1xf16>
  return %ss, %mt : tensor<1x1x1x256xf16>, tensor<1x1x1x1xf16>
}

// -----

// A multi-result op declares every result; result i > 0 is `<name>_<i>`.
// Variadic operands print as a tuple.

// CHECK-LABEL:    func split<ios18>(tensor<fp16, [1,12,1,64]> x) {
// CHECK-NEXT:        int32 heads_ax = const()[name=string("heads_ax"), val=int32(1)];
// CHECK-NEXT:        tensor<int32, [3]> heads_sz = const()[name=string("heads_sz"), val=tensor<int32, [3]>([4,4,4])];
// CHECK-NEXT:        tensor<fp16, [1,4,1,64]> heads, tensor<fp16, [1,4,1,64]> heads_1, tensor<fp16, [1,4,1,64]> heads_2 = split(axis=heads_ax, split_sizes=heads_sz, x=x)[name=string("heads")];
// CHECK-NEXT:        tensor<fp16, [1,8,1,64]> kv = concat(axis=heads_ax, values=(heads_2, heads_1))[name=string("kv")];
// CHECK-NEXT:    } -> (heads, kv, heads_2);
func.func @split(%x: tensor<1x12x1x64xf16> {mil.name = "x"}) -> (tensor<1x4x1x64xf16>, tensor<1x8x1x64xf16>, tensor<1x4x1x64xf16>) {
  %ax = mil.const dense<1> : tensor<i32> {mil.name = "heads_ax"}
  %sz = mil.const dense<[4, 4, 4]> : tensor<3xi32> {mil.name = "heads_sz"}
  %h:3 = mil.split(axis = %ax, split_sizes = %sz, x = %x) {mil.name = "heads"} : (tensor<i32>, tensor<3xi32>, tensor<1x12x1x64xf16>) -> (tensor<1x4x1x64xf16>, tensor<1x4x1x64xf16>, tensor<1x4x1x64xf16>)
  %kv = mil.concat(axis = %ax, values = (%h#2, %h#1)) {mil.name = "kv"} : (tensor<i32>, tensor<1x4x1x64xf16>, tensor<1x4x1x64xf16>) -> tensor<1x8x1x64xf16>
  return %h#0, %kv, %h#2 : tensor<1x4x1x64xf16>, tensor<1x8x1x64xf16>, tensor<1x4x1x64xf16>
}

// -----

// Float literals print as the shortest "%.Ng" text that reads back to the
// same fp16/fp32 value: 1e-05, -0.5, 0.125, 1, 0.044715 in fp32, and
// fp16 65504 as 6.55e+04 (which rounds back to 65504).

// CHECK-LABEL:    func scalars<ios18>(tensor<fp16, [1,4,1,8]> x) {
// CHECK-NEXT:        fp16 rms1_eps = const()[name=string("rms1_eps"), val=fp16(1e-05)];
// CHECK-NEXT:        fp16 rms1_nhalf = const()[name=string("rms1_nhalf"), val=fp16(-0.5)];
// CHECK-NEXT:        fp16 attn_scv = const()[name=string("attn_scv"), val=fp16(0.125)];
// CHECK-NEXT:        fp16 gelu_one = const()[name=string("gelu_one"), val=fp16(1)];
// CHECK-NEXT:        fp16 big = const()[name=string("big"), val=fp16(-1e+04)];
// CHECK-NEXT:        fp32 gelu_c1 = const()[name=string("gelu_c1"), val=fp32(0.044715)];
// CHECK-NEXT:        fp32 tiny = const()[name=string("tiny"), val=fp32(1e-12)];
// CHECK-NEXT:        int32 sm_ax = const()[name=string("sm_ax"), val=int32(-1)];
// CHECK-NEXT:        tensor<fp16, [4]> v = const()[name=string("v"), val=tensor<fp16, [4]>([0.5,-2,1e-05,6.55e+04])];
// CHECK-NEXT:        tensor<bool, [2]> bs = const()[name=string("bs"), val=tensor<bool, [2]>([true,false])];
// CHECK-NEXT:        tensor<fp16, [1,4,1,8]> y = mul(x=x, y=rms1_eps)[name=string("y")];
// CHECK-NEXT:    } -> (y);
func.func @scalars(%x: tensor<1x4x1x8xf16> {mil.name = "x"}) -> tensor<1x4x1x8xf16> {
  %eps = mil.const dense<1.0e-05> : tensor<f16> {mil.name = "rms1_eps"}
  %nh = mil.const dense<-0.5> : tensor<f16> {mil.name = "rms1_nhalf"}
  %scv = mil.const dense<0.125> : tensor<f16> {mil.name = "attn_scv"}
  %one = mil.const dense<1.0> : tensor<f16> {mil.name = "gelu_one"}
  %big = mil.const dense<-1.0e4> : tensor<f16> {mil.name = "big"}
  %c1 = mil.const dense<0.044715> : tensor<f32> {mil.name = "gelu_c1"}
  %tiny = mil.const dense<1.0e-12> : tensor<f32> {mil.name = "tiny"}
  %ax = mil.const dense<-1> : tensor<i32> {mil.name = "sm_ax"}
  %v = mil.const dense<[0.5, -2.0, 1.0e-05, 65504.0]> : tensor<4xf16> {mil.name = "v"}
  %bs = mil.const dense<[true, false]> : tensor<2xi1> {mil.name = "bs"}
  %y = mil.mul(x = %x, y = %eps) {mil.name = "y"} : (tensor<1x4x1x8xf16>, tensor<f16>) -> tensor<1x4x1x8xf16>
  return %y : tensor<1x4x1x8xf16>
}

// -----

// Any location is fine; only `mil.name` names things. Other discardable
// attributes are not printed.

// CHECK-LABEL:    func attrs<ios18>(tensor<fp16, [4]> inp) {
// CHECK-NEXT:        tensor<fp16, [4]> r = relu(x=inp)[name=string("r")];
// CHECK-NEXT:    } -> (r);
func.func @attrs(%x: tensor<4xf16> {mil.name = "inp", other.attr = 1 : i32}) -> tensor<4xf16> attributes {other.fn = "f"} {
  %0 = mil.relu(x = %x) {mil.name = "r", other.attr = "z"} : (tensor<4xf16>) -> tensor<4xf16> loc("ignored")
  return %0 : tensor<4xf16>
}

// -----

// one_hot spells its arguments alphabetically (axis, indices, off_value,
// on_value, one_hot_vector_size); a rank-0 result (a loss) is a scalar.

// CHECK-LABEL:    func loss<ios18>(tensor<int32, [4]> targets, tensor<fp32, [4,10]> logits) {
// CHECK-NEXT:        int32 hot_ax = const()[name=string("hot_ax"), val=int32(-1)];
// CHECK-NEXT:        fp32 hot_off = const()[name=string("hot_off"), val=fp32(0)];
// CHECK-NEXT:        fp32 hot_on = const()[name=string("hot_on"), val=fp32(1)];
// CHECK-NEXT:        int32 hot_n = const()[name=string("hot_n"), val=int32(10)];
// CHECK-NEXT:        tensor<fp32, [4,10]> hot = one_hot(axis=hot_ax, indices=targets, off_value=hot_off, on_value=hot_on, one_hot_vector_size=hot_n)[name=string("hot")];
// CHECK-NEXT:        tensor<fp32, [4,10]> picked = mul(x=logits, y=hot)[name=string("picked")];
// CHECK-NEXT:        fp32 loss = reduce_mean(x=picked)[name=string("loss")];
// CHECK-NEXT:    } -> (loss);
func.func @loss(%t: tensor<4xi32> {mil.name = "targets"}, %l: tensor<4x10xf32> {mil.name = "logits"}) -> tensor<f32> {
  %ax = mil.const dense<-1> : tensor<i32> {mil.name = "hot_ax"}
  %off = mil.const dense<0.0> : tensor<f32> {mil.name = "hot_off"}
  %on = mil.const dense<1.0> : tensor<f32> {mil.name = "hot_on"}
  %n = mil.const dense<10> : tensor<i32> {mil.name = "hot_n"}
  %hot = mil.one_hot(axis = %ax, indices = %t, off_value = %off, on_value = %on, one_hot_vector_size = %n) {mil.name = "hot"} : (tensor<i32>, tensor<4xi32>, tensor<f32>, tensor<f32>, tensor<i32>) -> tensor<4x10xf32>
  %p = mil.mul(x = %l, y = %hot) {mil.name = "picked"} : (tensor<4x10xf32>, tensor<4x10xf32>) -> tensor<4x10xf32>
  %loss = mil.reduce_mean(x = %p) {mil.name = "loss"} : (tensor<4x10xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

// fill and scatter spell their arguments alphabetically (shape, value;
// axis, data, indices, mode, updates); mode is a string const.

// CHECK-LABEL:    func grad<ios18>(tensor<int32, [4]> ids, tensor<fp32, [4,8]> d) {
// CHECK-NEXT:        tensor<int32, [2]> g_sh = const()[name=string("g_sh"), val=tensor<int32, [2]>([10,8])];
// CHECK-NEXT:        fp32 g_zv = const()[name=string("g_zv"), val=fp32(0)];
// CHECK-NEXT:        tensor<fp32, [10,8]> g_zeros = fill(shape=g_sh, value=g_zv)[name=string("g_zeros")];
// CHECK-NEXT:        int32 g_ax = const()[name=string("g_ax"), val=int32(0)];
// CHECK-NEXT:        string g_mode = const()[name=string("g_mode"), val=string("add")];
// CHECK-NEXT:        tensor<fp32, [10,8]> g = scatter(axis=g_ax, data=g_zeros, indices=ids, mode=g_mode, updates=d)[name=string("g")];
// CHECK-NEXT:    } -> (g);
func.func @grad(%ids: tensor<4xi32> {mil.name = "ids"}, %d: tensor<4x8xf32> {mil.name = "d"}) -> tensor<10x8xf32> {
  %s = mil.const dense<[10, 8]> : tensor<2xi32> {mil.name = "g_sh"}
  %zero = mil.const dense<0.0> : tensor<f32> {mil.name = "g_zv"}
  %z = mil.fill(shape = %s, value = %zero) {mil.name = "g_zeros"} : (tensor<2xi32>, tensor<f32>) -> tensor<10x8xf32>
  %ax = mil.const dense<0> : tensor<i32> {mil.name = "g_ax"}
  %add = mil.const "add" : !mil.string {mil.name = "g_mode"}
  %g = mil.scatter(axis = %ax, data = %z, indices = %ids, mode = %add, updates = %d) {mil.name = "g"} : (tensor<i32>, tensor<10x8xf32>, tensor<4xi32>, !mil.string, tensor<4x8xf32>) -> tensor<10x8xf32>
  return %g : tensor<10x8xf32>
}
