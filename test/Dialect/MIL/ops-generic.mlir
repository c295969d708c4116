// RUN: orion-opt %s --mlir-print-op-generic | orion-opt | FileCheck %s
// RUN: orion-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// The generic form of ops with optional and variadic operands round-trips:
// `operandSegmentSizes` records which MIL arguments are present.

// GENERIC: "mil.layer_norm"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 1>}>
// GENERIC: "mil.layer_norm"(%{{.*}}) <{operandSegmentSizes = array<i32: 0, 0, 0, 0, 1>}>
// GENERIC: "mil.conv"(%{{.*}}) <{operandSegmentSizes = array<i32: 0, 1, 1, 1, 1, 1, 1, 1>}>
// GENERIC: "mil.conv"(%{{.*}}) <{operandSegmentSizes = array<i32: 0, 0, 0, 0, 0, 0, 1, 1>}>
// GENERIC: "mil.matmul"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 1, 1, 1>}>
// GENERIC: "mil.matmul"(%{{.*}}) <{operandSegmentSizes = array<i32: 0, 0, 1, 1>}>
// GENERIC: "mil.matmul"(%{{.*}}) <{operandSegmentSizes = array<i32: 0, 0, 1, 1>}>
// GENERIC: "mil.matmul"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 0, 1, 1>}>
// GENERIC: "mil.reduce_sum"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 1, 1>}>
// GENERIC: "mil.reduce_mean"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 1, 1>}>
// GENERIC: "mil.reduce_max"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 1, 0>}>
// GENERIC: "mil.reduce_min"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 0, 1>}>
// GENERIC: "mil.reduce_sum"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 0, 0>}>
// GENERIC: "mil.slice_by_index"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 0, 1, 0, 0, 0, 1>}>
// GENERIC: "mil.slice_by_index"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1, 1>}>
// GENERIC: "mil.concat"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 1, 2>}>
// GENERIC: "mil.concat"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 0, 1>}>
// GENERIC: "mil.split"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 1, 0, 1>}>
// GENERIC: "mil.split"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 0, 1, 1>}>
// GENERIC: "mil.split"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 1, 0, 1>}>
// GENERIC: "mil.band_part"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 1, 1>}>
// GENERIC: "mil.band_part"(%{{.*}}) <{operandSegmentSizes = array<i32: 0, 0, 1>}>

// CHECK-LABEL: func.func @consts(
// CHECK: [[PERM:%[0-9]+]] = mil.const dense<[0, 1, 3, 2]> : tensor<4xi32>
// CHECK: [[DT:%[0-9]+]] = mil.const "fp16" : !mil.string
// CHECK: [[W:%[0-9]+]] = mil.const #mil.blob<"@model_path/weights/weight.bin", 64> : tensor<768x768x1x1xf16>
// CHECK: [[B:%[0-9]+]] = mil.const dense<false> : tensor<i1>
// CHECK: [[EPS:%[0-9]+]] = mil.const dense<1.001360e-05> : tensor<f16>
// CHECK: return [[PERM]], [[DT]], [[W]], [[B]], [[EPS]] : tensor<4xi32>, !mil.string, tensor<768x768x1x1xf16>, tensor<i1>, tensor<f16>
func.func @consts() -> (tensor<4xi32>, !mil.string, tensor<768x768x1x1xf16>, tensor<i1>, tensor<f16>) {
  %perm = mil.const dense<[0, 1, 3, 2]> : tensor<4xi32>
  %dt = mil.const "fp16" : !mil.string
  %w = mil.const #mil.blob<"@model_path/weights/weight.bin", 64> : tensor<768x768x1x1xf16>
  %b = mil.const dense<false> : tensor<i1>
  %eps = mil.const dense<1.0e-05> : tensor<f16>
  return %perm, %dt, %w, %b, %eps : tensor<4xi32>, !mil.string, tensor<768x768x1x1xf16>, tensor<i1>, tensor<f16>
}

// CHECK-LABEL: func.func @unary_epsilon(
// CHECK: [[EPS:%[0-9]+]] = mil.const dense<9.99999996E-13> : tensor<f32>
// CHECK: [[R0:%[0-9]+]] = mil.rsqrt(epsilon = [[EPS]], x = %arg0) : (tensor<f32>, tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf32>
// CHECK: [[R1:%[0-9]+]] = mil.rsqrt(x = %arg0) : (tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf32>
// CHECK: [[R2:%[0-9]+]] = mil.inverse(epsilon = [[EPS]], x = %arg0) : (tensor<f32>, tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf32>
// CHECK: [[R3:%[0-9]+]] = mil.log(x = %arg0) : (tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf32>
// CHECK: return
func.func @unary_epsilon(%x: tensor<1x768x1x64xf32>) {
  %eps = mil.const dense<1.0e-12> : tensor<f32>
  %0 = mil.rsqrt(epsilon = %eps, x = %x) : (tensor<f32>, tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf32>
  %1 = mil.rsqrt(x = %x) : (tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf32>
  %2 = mil.inverse(epsilon = %eps, x = %x) : (tensor<f32>, tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf32>
  %3 = mil.log(x = %x) : (tensor<1x768x1x64xf32>) -> tensor<1x768x1x64xf32>
  return
}

// CHECK-LABEL: func.func @softmax(
// CHECK: [[AX:%[0-9]+]] = mil.const dense<-1> : tensor<i32>
// CHECK: [[R0:%[0-9]+]] = mil.softmax(axis = [[AX]], x = %arg0) : (tensor<i32>, tensor<1x12x256x256xf16>) -> tensor<1x12x256x256xf16>
// CHECK: [[R1:%[0-9]+]] = mil.softmax(x = %arg0) : (tensor<1x12x256x256xf16>) -> tensor<1x12x256x256xf16>
// CHECK: return
func.func @softmax(%x: tensor<1x12x256x256xf16>) {
  %ax = mil.const dense<-1> : tensor<i32>
  %0 = mil.softmax(axis = %ax, x = %x) : (tensor<i32>, tensor<1x12x256x256xf16>) -> tensor<1x12x256x256xf16>
  %1 = mil.softmax(x = %x) : (tensor<1x12x256x256xf16>) -> tensor<1x12x256x256xf16>
  return
}

// CHECK-LABEL: func.func @layer_norm(
// CHECK: [[AX:%[0-9]+]] = mil.const dense<1> : tensor<1xi32>
// CHECK: [[G:%[0-9]+]] = mil.const #mil.blob<"@model_path/layer0/ln1_g.bin", 64> : tensor<768xf16>
// CHECK: [[B:%[0-9]+]] = mil.const #mil.blob<"@model_path/layer0/ln1_b.bin", 64> : tensor<768xf16>
// CHECK: [[EPS:%[0-9]+]] = mil.const dense<1.001360e-05> : tensor<f16>
// CHECK: [[R0:%[0-9]+]] = mil.layer_norm(axes = [[AX]], beta = [[B]], epsilon = [[EPS]], gamma = [[G]], x = %arg0) : (tensor<1xi32>, tensor<768xf16>, tensor<f16>, tensor<768xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
// CHECK: [[R1:%[0-9]+]] = mil.layer_norm(x = %arg0) : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
// CHECK: return
func.func @layer_norm(%x: tensor<1x768x1x64xf16>) {
  %ax = mil.const dense<[1]> : tensor<1xi32>
  %g = mil.const #mil.blob<"@model_path/layer0/ln1_g.bin", 64> : tensor<768xf16>
  %b = mil.const #mil.blob<"@model_path/layer0/ln1_b.bin", 64> : tensor<768xf16>
  %eps = mil.const dense<1.0e-05> : tensor<f16>
  %0 = mil.layer_norm(axes = %ax, beta = %b, epsilon = %eps, gamma = %g, x = %x) : (tensor<1xi32>, tensor<768xf16>, tensor<f16>, tensor<768xf16>, tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  %1 = mil.layer_norm(x = %x) : (tensor<1x768x1x64xf16>) -> tensor<1x768x1x64xf16>
  return
}

// CHECK-LABEL: func.func @conv_orion(
// CHECK: [[W:%[0-9]+]] = mil.const #mil.blob<"@model_path/layer0/wq.bin", 64> : tensor<768x768x1x1xf16>
// CHECK: [[PT:%[0-9]+]] = mil.const "valid" : !mil.string
// CHECK: [[ST:%[0-9]+]] = mil.const dense<1> : tensor<2xi32>
// CHECK: [[PD:%[0-9]+]] = mil.const dense<0> : tensor<4xi32>
// CHECK: [[DL:%[0-9]+]] = mil.const dense<1> : tensor<2xi32>
// CHECK: [[GR:%[0-9]+]] = mil.const dense<1> : tensor<i32>
// CHECK: [[R0:%[0-9]+]] = mil.conv(dilations = [[DL]], groups = [[GR]], pad = [[PD]], pad_type = [[PT]], strides = [[ST]], weight = [[W]], x = %arg0) : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<768x768x1x1xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
// CHECK: return [[R0]] : tensor<1x768x1x256xf16>
func.func @conv_orion(%x: tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16> {
  %w = mil.const #mil.blob<"@model_path/layer0/wq.bin", 64> : tensor<768x768x1x1xf16>
  %pt = mil.const "valid" : !mil.string
  %st = mil.const dense<[1, 1]> : tensor<2xi32>
  %pd = mil.const dense<[0, 0, 0, 0]> : tensor<4xi32>
  %dl = mil.const dense<[1, 1]> : tensor<2xi32>
  %gr = mil.const dense<1> : tensor<i32>
  %0 = mil.conv(dilations = %dl, groups = %gr, pad = %pd, pad_type = %pt, strides = %st, weight = %w, x = %x) : (tensor<2xi32>, tensor<i32>, tensor<4xi32>, !mil.string, tensor<2xi32>, tensor<768x768x1x1xf16>, tensor<1x768x1x256xf16>) -> tensor<1x768x1x256xf16>
  return %0 : tensor<1x768x1x256xf16>
}

// CHECK-LABEL: func.func @conv_minimal(
// CHECK: [[R0:%[0-9]+]] = mil.conv(weight = %arg1, x = %arg0) : (tensor<8x3x3x3xf32>, tensor<1x3x32x32xf32>) -> tensor<1x8x30x30xf32>
// CHECK: return [[R0]] : tensor<1x8x30x30xf32>
func.func @conv_minimal(%x: tensor<1x3x32x32xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x30x30xf32> {
  %0 = mil.conv(weight = %w, x = %x) : (tensor<8x3x3x3xf32>, tensor<1x3x32x32xf32>) -> tensor<1x8x30x30xf32>
  return %0 : tensor<1x8x30x30xf32>
}

// CHECK-LABEL: func.func @matmul(
// CHECK: [[F:%[0-9]+]] = mil.const dense<false> : tensor<i1>
// CHECK: [[T:%[0-9]+]] = mil.const dense<true> : tensor<i1>
// CHECK: [[R0:%[0-9]+]] = mil.matmul(transpose_x = [[F]], transpose_y = [[T]], x = %arg0, y = %arg1) : (tensor<i1>, tensor<i1>, tensor<1x12x256x64xf16>, tensor<1x12x256x64xf16>) -> tensor<1x12x256x256xf16>
// CHECK: [[R1:%[0-9]+]] = mil.matmul(x = %arg2, y = %arg3) : (tensor<3x4xf32>, tensor<2x1x4x5xf32>) -> tensor<2x1x3x5xf32>
// CHECK: [[R2:%[0-9]+]] = mil.matmul(x = %arg2, y = %arg4) : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3xf32>
// CHECK: [[R3:%[0-9]+]] = mil.matmul(transpose_x = [[T]], x = %arg2, y = %arg2) : (tensor<i1>, tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<4x4xf32>
// CHECK: return
func.func @matmul(%q: tensor<1x12x256x64xf16>, %k: tensor<1x12x256x64xf16>, %a: tensor<3x4xf32>, %b: tensor<2x1x4x5xf32>, %v: tensor<4xf32>) {
  %f = mil.const dense<false> : tensor<i1>
  %t = mil.const dense<true> : tensor<i1>
  %0 = mil.matmul(transpose_x = %f, transpose_y = %t, x = %q, y = %k) : (tensor<i1>, tensor<i1>, tensor<1x12x256x64xf16>, tensor<1x12x256x64xf16>) -> tensor<1x12x256x256xf16>
  %1 = mil.matmul(x = %a, y = %b) : (tensor<3x4xf32>, tensor<2x1x4x5xf32>) -> tensor<2x1x3x5xf32>
  %2 = mil.matmul(x = %a, y = %v) : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3xf32>
  %3 = mil.matmul(transpose_x = %t, x = %a, y = %a) : (tensor<i1>, tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<4x4xf32>
  return
}

// CHECK-LABEL: func.func @reduce(
// CHECK: [[AX:%[0-9]+]] = mil.const dense<1> : tensor<1xi32>
// CHECK: [[NEG:%[0-9]+]] = mil.const dense<[-1, 0]> : tensor<2xi32>
// CHECK: [[KD:%[0-9]+]] = mil.const dense<true> : tensor<i1>
// CHECK: [[NKD:%[0-9]+]] = mil.const dense<false> : tensor<i1>
// CHECK: [[R0:%[0-9]+]] = mil.reduce_sum(x = %arg0, axes = [[AX]], keep_dims = [[KD]]) : (tensor<1x768x1x256xf16>, tensor<1xi32>, tensor<i1>) -> tensor<1x1x1x256xf16>
// CHECK: [[R1:%[0-9]+]] = mil.reduce_mean(x = %arg0, axes = [[AX]], keep_dims = [[NKD]]) : (tensor<1x768x1x256xf16>, tensor<1xi32>, tensor<i1>) -> tensor<1x1x256xf16>
// CHECK: [[R2:%[0-9]+]] = mil.reduce_max(x = %arg0, axes = [[NEG]]) : (tensor<1x768x1x256xf16>, tensor<2xi32>) -> tensor<768x1xf16>
// CHECK: [[R3:%[0-9]+]] = mil.reduce_min(x = %arg0, keep_dims = [[KD]]) : (tensor<1x768x1x256xf16>, tensor<i1>) -> tensor<1x1x1x1xf16>
// CHECK: [[R4:%[0-9]+]] = mil.reduce_sum(x = %arg0) : (tensor<1x768x1x256xf16>) -> tensor<f16>
// CHECK: return
func.func @reduce(%x: tensor<1x768x1x256xf16>) {
  %ax = mil.const dense<[1]> : tensor<1xi32>
  %neg = mil.const dense<[-1, 0]> : tensor<2xi32>
  %kd = mil.const dense<true> : tensor<i1>
  %nkd = mil.const dense<false> : tensor<i1>
  %0 = mil.reduce_sum(x = %x, axes = %ax, keep_dims = %kd) : (tensor<1x768x1x256xf16>, tensor<1xi32>, tensor<i1>) -> tensor<1x1x1x256xf16>
  %1 = mil.reduce_mean(x = %x, axes = %ax, keep_dims = %nkd) : (tensor<1x768x1x256xf16>, tensor<1xi32>, tensor<i1>) -> tensor<1x1x256xf16>
  %2 = mil.reduce_max(x = %x, axes = %neg) : (tensor<1x768x1x256xf16>, tensor<2xi32>) -> tensor<768x1xf16>
  %3 = mil.reduce_min(x = %x, keep_dims = %kd) : (tensor<1x768x1x256xf16>, tensor<i1>) -> tensor<1x1x1x1xf16>
  %4 = mil.reduce_sum(x = %x) : (tensor<1x768x1x256xf16>) -> tensor<f16>
  return
}

// CHECK-LABEL: func.func @slices(
// CHECK: [[B:%[0-9]+]] = mil.const dense<[0, 768, 0, 0]> : tensor<4xi32>
// CHECK: [[E:%[0-9]+]] = mil.const dense<[1, 1536, 1, 256]> : tensor<4xi32>
// CHECK: [[S:%[0-9]+]] = mil.const dense<[1, 2, 1, -1]> : tensor<4xi32>
// CHECK: [[BM:%[0-9]+]] = mil.const dense<[false, false, false, true]> : tensor<4xi1>
// CHECK: [[EM:%[0-9]+]] = mil.const dense<[true, false, false, true]> : tensor<4xi1>
// CHECK: [[SQ:%[0-9]+]] = mil.const dense<[true, false, true, false]> : tensor<4xi1>
// CHECK: [[SZ:%[0-9]+]] = mil.const dense<[1, 768, 1, -1]> : tensor<4xi32>
// CHECK: [[R0:%[0-9]+]] = mil.slice_by_index(begin = [[B]], end = [[E]], x = %arg0) : (tensor<4xi32>, tensor<4xi32>, tensor<1x2304x1x256xf16>) -> tensor<1x768x1x256xf16>
// CHECK: [[R1:%[0-9]+]] = mil.slice_by_index(begin = [[B]], begin_mask = [[BM]], end = [[E]], end_mask = [[EM]], squeeze_mask = [[SQ]], stride = [[S]], x = %arg0) : (tensor<4xi32>, tensor<4xi1>, tensor<4xi32>, tensor<4xi1>, tensor<4xi1>, tensor<4xi32>, tensor<1x2304x1x256xf16>) -> tensor<384x256xf16>
// CHECK: [[R2:%[0-9]+]] = mil.slice_by_size(begin = [[B]], size = [[SZ]], x = %arg0) : (tensor<4xi32>, tensor<4xi32>, tensor<1x2304x1x256xf16>) -> tensor<1x768x1x256xf16>
// CHECK: return
func.func @slices(%inp: tensor<1x2304x1x256xf16>) {
  %b = mil.const dense<[0, 768, 0, 0]> : tensor<4xi32>
  %e = mil.const dense<[1, 1536, 1, 256]> : tensor<4xi32>
  %s = mil.const dense<[1, 2, 1, -1]> : tensor<4xi32>
  %bm = mil.const dense<[false, false, false, true]> : tensor<4xi1>
  %em = mil.const dense<[true, false, false, true]> : tensor<4xi1>
  %sq = mil.const dense<[true, false, true, false]> : tensor<4xi1>
  %sz = mil.const dense<[1, 768, 1, -1]> : tensor<4xi32>
  %0 = mil.slice_by_index(begin = %b, end = %e, x = %inp) : (tensor<4xi32>, tensor<4xi32>, tensor<1x2304x1x256xf16>) -> tensor<1x768x1x256xf16>
  %1 = mil.slice_by_index(begin = %b, begin_mask = %bm, end = %e, end_mask = %em, squeeze_mask = %sq, stride = %s, x = %inp) : (tensor<4xi32>, tensor<4xi1>, tensor<4xi32>, tensor<4xi1>, tensor<4xi1>, tensor<4xi32>, tensor<1x2304x1x256xf16>) -> tensor<384x256xf16>
  %2 = mil.slice_by_size(begin = %b, size = %sz, x = %inp) : (tensor<4xi32>, tensor<4xi32>, tensor<1x2304x1x256xf16>) -> tensor<1x768x1x256xf16>
  return
}

// CHECK-LABEL: func.func @concat_split(
// CHECK: [[AX:%[0-9]+]] = mil.const dense<1> : tensor<i32>
// CHECK: [[IL:%[0-9]+]] = mil.const dense<false> : tensor<i1>
// CHECK: [[N:%[0-9]+]] = mil.const dense<2> : tensor<i32>
// CHECK: [[ONE:%[0-9]+]] = mil.const dense<1> : tensor<i32>
// CHECK: [[SIZES:%[0-9]+]] = mil.const dense<[4, 12]> : tensor<2xi32>
// CHECK: [[R0:%[0-9]+]] = mil.concat(axis = [[AX]], interleave = [[IL]], values = (%arg0, %arg1)) : (tensor<i32>, tensor<i1>, tensor<1x4x1x64xf16>, tensor<1x12x1x64xf16>) -> tensor<1x16x1x64xf16>
// CHECK: [[R1:%[0-9]+]] = mil.concat(axis = [[AX]], values = (%arg0)) : (tensor<i32>, tensor<1x4x1x64xf16>) -> tensor<1x4x1x64xf16>
// CHECK: [[R2:%[0-9]+]]:2 = mil.split(axis = [[AX]], num_splits = [[N]], x = [[R0]]) : (tensor<i32>, tensor<i32>, tensor<1x16x1x64xf16>) -> (tensor<1x8x1x64xf16>, tensor<1x8x1x64xf16>)
// CHECK: [[R3:%[0-9]+]]:2 = mil.split(axis = [[AX]], split_sizes = [[SIZES]], x = [[R0]]) : (tensor<i32>, tensor<2xi32>, tensor<1x16x1x64xf16>) -> (tensor<1x4x1x64xf16>, tensor<1x12x1x64xf16>)
// CHECK: [[R4:%[0-9]+]] = mil.split(axis = [[AX]], num_splits = [[ONE]], x = %arg0) : (tensor<i32>, tensor<i32>, tensor<1x4x1x64xf16>) -> tensor<1x4x1x64xf16>
// CHECK: return
func.func @concat_split(%a: tensor<1x4x1x64xf16>, %b: tensor<1x12x1x64xf16>) {
  %ax = mil.const dense<1> : tensor<i32>
  %il = mil.const dense<false> : tensor<i1>
  %n = mil.const dense<2> : tensor<i32>
  %one = mil.const dense<1> : tensor<i32>
  %sizes = mil.const dense<[4, 12]> : tensor<2xi32>
  %0 = mil.concat(axis = %ax, interleave = %il, values = (%a, %b)) : (tensor<i32>, tensor<i1>, tensor<1x4x1x64xf16>, tensor<1x12x1x64xf16>) -> tensor<1x16x1x64xf16>
  %1 = mil.concat(axis = %ax, values = (%a)) : (tensor<i32>, tensor<1x4x1x64xf16>) -> tensor<1x4x1x64xf16>
  %2:2 = mil.split(axis = %ax, num_splits = %n, x = %0) : (tensor<i32>, tensor<i32>, tensor<1x16x1x64xf16>) -> (tensor<1x8x1x64xf16>, tensor<1x8x1x64xf16>)
  %3:2 = mil.split(axis = %ax, split_sizes = %sizes, x = %0) : (tensor<i32>, tensor<2xi32>, tensor<1x16x1x64xf16>) -> (tensor<1x4x1x64xf16>, tensor<1x12x1x64xf16>)
  %4 = mil.split(axis = %ax, num_splits = %one, x = %a) : (tensor<i32>, tensor<i32>, tensor<1x4x1x64xf16>) -> tensor<1x4x1x64xf16>
  return
}

// CHECK-LABEL: func.func @gather_select_band(
// CHECK: [[AX:%[0-9]+]] = mil.const dense<0> : tensor<i32>
// CHECK: [[LO:%[0-9]+]] = mil.const dense<-1> : tensor<i32>
// CHECK: [[UP:%[0-9]+]] = mil.const dense<0> : tensor<i32>
// CHECK: [[R0:%[0-9]+]] = mil.gather(axis = [[AX]], indices = %arg1, x = %arg0) : (tensor<i32>, tensor<1x16xi32>, tensor<50257x768xf16>) -> tensor<1x16x768xf16>
// CHECK: [[R1:%[0-9]+]] = mil.gather(indices = %arg1, x = %arg0) : (tensor<1x16xi32>, tensor<50257x768xf16>) -> tensor<1x16x768xf16>
// CHECK: [[R2:%[0-9]+]] = mil.select(a = %arg3, b = %arg3, cond = %arg2) : (tensor<1x12x4x4xf16>, tensor<1x12x4x4xf16>, tensor<1x1x4x4xi1>) -> tensor<1x12x4x4xf16>
// CHECK: [[R3:%[0-9]+]] = mil.band_part(lower = [[LO]], upper = [[UP]], x = %arg3) : (tensor<i32>, tensor<i32>, tensor<1x12x4x4xf16>) -> tensor<1x12x4x4xf16>
// CHECK: [[R4:%[0-9]+]] = mil.band_part(x = %arg3) : (tensor<1x12x4x4xf16>) -> tensor<1x12x4x4xf16>
// CHECK: return
func.func @gather_select_band(%emb: tensor<50257x768xf16>, %ids: tensor<1x16xi32>, %c: tensor<1x1x4x4xi1>, %x: tensor<1x12x4x4xf16>) {
  %ax = mil.const dense<0> : tensor<i32>
  %lo = mil.const dense<-1> : tensor<i32>
  %up = mil.const dense<0> : tensor<i32>
  %0 = mil.gather(axis = %ax, indices = %ids, x = %emb) : (tensor<i32>, tensor<1x16xi32>, tensor<50257x768xf16>) -> tensor<1x16x768xf16>
  %1 = mil.gather(indices = %ids, x = %emb) : (tensor<1x16xi32>, tensor<50257x768xf16>) -> tensor<1x16x768xf16>
  %2 = mil.select(a = %x, b = %x, cond = %c) : (tensor<1x12x4x4xf16>, tensor<1x12x4x4xf16>, tensor<1x1x4x4xi1>) -> tensor<1x12x4x4xf16>
  %3 = mil.band_part(lower = %lo, upper = %up, x = %x) : (tensor<i32>, tensor<i32>, tensor<1x12x4x4xf16>) -> tensor<1x12x4x4xf16>
  %4 = mil.band_part(x = %x) : (tensor<1x12x4x4xf16>) -> tensor<1x12x4x4xf16>
  return
}

// GENERIC: "mil.one_hot"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 1>}>
// GENERIC: "mil.one_hot"(%{{.*}}) <{operandSegmentSizes = array<i32: 0, 1, 0, 0, 1>}>
// CHECK-LABEL: func.func @one_hot(
// CHECK: mil.one_hot(axis = %{{.+}}, indices = %arg0, off_value = %{{.+}}, on_value = %{{.+}}, one_hot_vector_size = %{{.+}}) : (tensor<i32>, tensor<4xi32>, tensor<f32>, tensor<f32>, tensor<i32>) -> tensor<4x10xf32>
// CHECK: mil.one_hot(indices = %arg0, one_hot_vector_size = %{{.+}}) : (tensor<4xi32>, tensor<i32>) -> tensor<4x10xi32>
func.func @one_hot(%ids: tensor<4xi32>) {
  %ax = mil.const dense<1> : tensor<i32>
  %n = mil.const dense<10> : tensor<i32>
  %on = mil.const dense<1.0> : tensor<f32>
  %off = mil.const dense<0.0> : tensor<f32>
  %0 = mil.one_hot(axis = %ax, indices = %ids, off_value = %off, on_value = %on, one_hot_vector_size = %n) : (tensor<i32>, tensor<4xi32>, tensor<f32>, tensor<f32>, tensor<i32>) -> tensor<4x10xf32>
  %1 = mil.one_hot(indices = %ids, one_hot_vector_size = %n) : (tensor<4xi32>, tensor<i32>) -> tensor<4x10xi32>
  return
}

// GENERIC: "mil.scatter"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 1>}>
// GENERIC: "mil.scatter"(%{{.*}}) <{operandSegmentSizes = array<i32: 0, 1, 1, 0, 1>}>
// CHECK-LABEL: func.func @scatter(
// CHECK: mil.scatter(axis = %{{.+}}, data = %arg1, indices = %arg0, mode = %{{.+}}, updates = %arg2) : (tensor<i32>, tensor<10x8xf32>, tensor<4xi32>, !mil.string, tensor<4x8xf32>) -> tensor<10x8xf32>
// CHECK: mil.scatter(data = %arg1, indices = %arg0, updates = %arg2) : (tensor<10x8xf32>, tensor<4xi32>, tensor<4x8xf32>) -> tensor<10x8xf32>
func.func @scatter(%ids: tensor<4xi32>, %x: tensor<10x8xf32>, %d: tensor<4x8xf32>) {
  %ax = mil.const dense<0> : tensor<i32>
  %add = mil.const "add" : !mil.string
  %0 = mil.scatter(axis = %ax, data = %x, indices = %ids, mode = %add, updates = %d) : (tensor<i32>, tensor<10x8xf32>, tensor<4xi32>, !mil.string, tensor<4x8xf32>) -> tensor<10x8xf32>
  %1 = mil.scatter(data = %x, indices = %ids, updates = %d) : (tensor<10x8xf32>, tensor<4xi32>, tensor<4x8xf32>) -> tensor<10x8xf32>
  return
}
