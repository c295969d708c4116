// RUN: orion-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the orion dialect. Shape errors come from
// inferReturnTypes and are reported while parsing the custom form (no
// "'orion.x' op" prefix); attribute errors come from verify() and the
// ODS-generated constraints.

//===----------------------------------------------------------------------===//
// orion.param
//===----------------------------------------------------------------------===//

func.func @param_empty_name() {
  // expected-error @+1 {{'orion.param' op parameter name must not be empty}}
  %0 = orion.param "" : tensor<4xf32>
  return
}

// -----

func.func @param_dynamic_shape() {
  // expected-error @+1 {{'orion.param' op parameter must have a static shape, got 'tensor<?x768xf32>'}}
  %0 = orion.param "w" : tensor<?x768xf32>
  return
}

// -----

func.func @param_f64() {
  // expected-error @+1 {{'orion.param' op result #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 32-bit signless integer values, but got 'tensor<4xf64>'}}
  %0 = orion.param "w" : tensor<4xf64>
  return
}

// -----

func.func @param_missing_name() {
  // expected-error @+1 {{'orion.param' op requires attribute 'name'}}
  %0 = "orion.param"() : () -> tensor<4xf32>
  return
}

// -----

func.func @param_name_not_string() {
  // expected-error @+1 {{invalid properties {name = 1 : i64} for op orion.param: Invalid attribute `name` in property conversion: 1 : i64}}
  %0 = "orion.param"() <{name = 1 : i64}> : () -> tensor<4xf32>
  return
}

//===----------------------------------------------------------------------===//
// orion.constant
//===----------------------------------------------------------------------===//

// -----

func.func @constant_i1() {
  // expected-error @+1 {{'orion.constant' op result #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 32-bit signless integer values, but got 'tensor<2xi1>'}}
  %0 = orion.constant dense<true> : tensor<2xi1>
  return
}

// -----

func.func @constant_f64() {
  // expected-error @+1 {{'orion.constant' op result #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 32-bit signless integer values, but got 'tensor<f64>'}}
  %0 = orion.constant dense<1.0> : tensor<f64>
  return
}

// -----

func.func @constant_not_elements() {
  // expected-error @+1 {{custom op 'orion.constant' invalid kind of attribute specified}}
  %0 = orion.constant 1.0 : f32
  return
}

// -----

func.func @constant_type_mismatch() {
  // expected-error @+1 {{'orion.constant' op failed to verify that all of {value, result} have same type}}
  %0 = "orion.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf16>
  return
}

//===----------------------------------------------------------------------===//
// Binary elementwise ops
//===----------------------------------------------------------------------===//

// -----

func.func @binary_element_types(%a: tensor<4xf32>, %b: tensor<4xf16>) {
  // expected-error @+1 {{operands must have the same element type, got f32 and f16}}
  %0 = orion.add %a, %b : tensor<4xf32>, tensor<4xf16>
  return
}

// -----

func.func @binary_not_broadcastable(%a: tensor<4x3xf32>, %b: tensor<4x2xf32>) {
  // expected-error @+1 {{operand shapes [4, 3] and [4, 2] are not broadcast-compatible}}
  %0 = orion.mul %a, %b : tensor<4x3xf32>, tensor<4x2xf32>
  return
}

// -----

func.func @binary_not_broadcastable_rank(%a: tensor<2x3x4xf16>, %b: tensor<5x4xf16>) {
  // expected-error @+1 {{operand shapes [2, 3, 4] and [5, 4] are not broadcast-compatible}}
  %0 = orion.sub %a, %b : tensor<2x3x4xf16>, tensor<5x4xf16>
  return
}

// -----

func.func @binary_i1(%a: tensor<4xi1>) {
  // expected-error @+1 {{'orion.add' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 32-bit signless integer values, but got 'tensor<4xi1>'}}
  %0 = orion.add %a, %a : tensor<4xi1>
  return
}

// -----

func.func @binary_f64(%a: tensor<4xf64>) {
  // expected-error @+1 {{'orion.div' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 32-bit signless integer values, but got 'tensor<4xf64>'}}
  %0 = orion.div %a, %a : tensor<4xf64>
  return
}

// -----

// The binary ops' custom type directive accepts any type; inference must
// reject non-tensors instead of crashing.
func.func @binary_scalar_operand(%a: f32) {
  // expected-error @+1 {{operand #0 must be a ranked tensor, got 'f32'}}
  %0 = orion.pow %a, %a : f32
  return
}

// -----

func.func @binary_unranked_operand(%a: tensor<4xf32>, %b: tensor<*xf32>) {
  // expected-error @+1 {{operand #1 must be a ranked tensor, got 'tensor<*xf32>'}}
  %0 = orion.add %a, %b : tensor<4xf32>, tensor<*xf32>
  return
}

// -----

func.func @binary_vector_operand(%a: vector<4xf32>) {
  // expected-error @+1 {{operand #0 must be a ranked tensor, got 'vector<4xf32>'}}
  %0 = orion.sub %a, %a : vector<4xf32>
  return
}

// -----

func.func @binary_unranked_generic(%a: tensor<*xf32>) {
  // expected-error @+1 {{'orion.mul' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 32-bit signless integer values, but got 'tensor<*xf32>'}}
  %0 = "orion.mul"(%a, %a) : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

// The generic form spells the result type; it must match the inferred one.
func.func @binary_wrong_result_type(%a: tensor<4x1xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{'orion.add' op inferred type(s) 'tensor<4x3xf32>' are incompatible with return type(s) of operation 'tensor<4x1xf32>'}}
  // expected-error @+1 {{'orion.add' op failed to infer returned types}}
  %0 = "orion.add"(%a, %b) : (tensor<4x1xf32>, tensor<3xf32>) -> tensor<4x1xf32>
  return
}

// -----

func.func @binary_error_in_generic_form(%a: tensor<4xf32>, %b: tensor<5xf32>) {
  // expected-error @+2 {{operand shapes [4] and [5] are not broadcast-compatible}}
  // expected-error @+1 {{'orion.sub' op failed to infer returned types}}
  %0 = "orion.sub"(%a, %b) : (tensor<4xf32>, tensor<5xf32>) -> tensor<4xf32>
  return
}

//===----------------------------------------------------------------------===//
// Unary elementwise ops
//===----------------------------------------------------------------------===//

// -----

func.func @unary_integer(%a: tensor<4xi32>) {
  // expected-error @+1 {{'orion.exp' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<4xi32>'}}
  %0 = orion.exp %a : tensor<4xi32>
  return
}

// -----

func.func @neg_i1(%a: tensor<4xi1>) {
  // expected-error @+1 {{'orion.neg' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 32-bit signless integer values, but got 'tensor<4xi1>'}}
  %0 = orion.neg %a : tensor<4xi1>
  return
}

// -----

func.func @unary_result_type(%a: tensor<4xf32>) {
  // expected-error @+1 {{'orion.tanh' op requires the same type for all operands and results}}
  %0 = "orion.tanh"(%a) : (tensor<4xf32>) -> tensor<4xf16>
  return
}

// -----

func.func @gelu_bad_approximation(%a: tensor<4xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'approximate' [none, tanh]}}
  %0 = orion.gelu %a approximate = fast : tensor<4xf32>
  return
}

//===----------------------------------------------------------------------===//
// Softmax and normalizations
//===----------------------------------------------------------------------===//

// -----

func.func @softmax_rank0(%a: tensor<f32>) {
  // expected-error @+1 {{'orion.softmax' op input must have rank of at least 1}}
  %0 = orion.softmax %a : tensor<f32>
  return
}

// -----

func.func @softmax_axis(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{'orion.softmax' op axis 2 is out of range for rank 2}}
  %0 = orion.softmax %a axis = 2 : tensor<4x8xf32>
  return
}

// -----

func.func @log_softmax_axis(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{'orion.log_softmax' op axis -3 is out of range for rank 2}}
  %0 = orion.log_softmax %a axis = -3 : tensor<4x8xf32>
  return
}

// -----

func.func @layer_norm_rank0(%a: tensor<f32>, %w: tensor<1xf32>) {
  // expected-error @+1 {{input must have rank of at least 1}}
  %0 = orion.layer_norm %a, %w : tensor<f32>, tensor<1xf32>
  return
}

// -----

func.func @layer_norm_weight_type(%a: tensor<4x768xf32>, %w: tensor<768xf16>) {
  // expected-error @+1 {{input and weight must have the same element type, got f32 and f16}}
  %0 = orion.layer_norm %a, %w : tensor<4x768xf32>, tensor<768xf16>
  return
}

// -----

func.func @layer_norm_weight_shape(%a: tensor<4x768xf32>, %w: tensor<512xf32>) {
  // expected-error @+1 {{weight must be [768] (the input's last dimension), got [512]}}
  %0 = orion.layer_norm %a, %w : tensor<4x768xf32>, tensor<512xf32>
  return
}

// -----

func.func @layer_norm_weight_rank(%a: tensor<4x768xf32>, %w: tensor<1x768xf32>) {
  // expected-error @+1 {{weight must be [768] (the input's last dimension), got [1, 768]}}
  %0 = orion.layer_norm %a, %w : tensor<4x768xf32>, tensor<1x768xf32>
  return
}

// -----

func.func @layer_norm_bias_type(%a: tensor<4x768xf32>, %w: tensor<768xf32>, %b: tensor<768xbf16>) {
  // expected-error @+1 {{input and bias must have the same element type, got f32 and bf16}}
  %0 = orion.layer_norm %a, %w, %b : tensor<4x768xf32>, tensor<768xf32>, tensor<768xbf16>
  return
}

// -----

func.func @layer_norm_bias_shape(%a: tensor<4x768xf32>, %w: tensor<768xf32>, %b: tensor<767xf32>) {
  // expected-error @+1 {{bias must be [768] (the input's last dimension), got [767]}}
  %0 = orion.layer_norm %a, %w, %b : tensor<4x768xf32>, tensor<768xf32>, tensor<767xf32>
  return
}

// -----

func.func @layer_norm_epsilon(%a: tensor<4x768xf32>, %w: tensor<768xf32>) {
  // expected-error @+1 {{'orion.layer_norm' op epsilon must be non-negative, got -1.000000e+00}}
  %0 = orion.layer_norm %a, %w eps = -1.0 : tensor<4x768xf32>, tensor<768xf32>
  return
}

// -----

func.func @layer_norm_integer(%a: tensor<4x8xi32>, %w: tensor<8xi32>) {
  // expected-error @+1 {{'orion.layer_norm' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<4x8xi32>'}}
  %0 = orion.layer_norm %a, %w : tensor<4x8xi32>, tensor<8xi32>
  return
}

// -----

func.func @rms_norm_rank0(%a: tensor<bf16>, %w: tensor<1xbf16>) {
  // expected-error @+1 {{input must have rank of at least 1}}
  %0 = orion.rms_norm %a, %w : tensor<bf16>, tensor<1xbf16>
  return
}

// -----

func.func @rms_norm_weight_type(%a: tensor<4x768xf16>, %w: tensor<768xf32>) {
  // expected-error @+1 {{input and weight must have the same element type, got f16 and f32}}
  %0 = orion.rms_norm %a, %w : tensor<4x768xf16>, tensor<768xf32>
  return
}

// -----

func.func @rms_norm_weight_shape(%a: tensor<4x768xf32>, %w: tensor<4096xf32>) {
  // expected-error @+1 {{weight must be [768] (the input's last dimension), got [4096]}}
  %0 = orion.rms_norm %a, %w : tensor<4x768xf32>, tensor<4096xf32>
  return
}

// -----

func.func @rms_norm_epsilon(%a: tensor<4x768xf32>, %w: tensor<768xf32>) {
  // expected-error @+1 {{'orion.rms_norm' op epsilon must be non-negative, got -1.000000e-05}}
  %0 = orion.rms_norm %a, %w eps = -1.0e-05 : tensor<4x768xf32>, tensor<768xf32>
  return
}

// -----

func.func @rms_norm_epsilon_nan(%a: tensor<4x768xf32>, %w: tensor<768xf32>) {
  // expected-error @+1 {{'orion.rms_norm' op epsilon must be non-negative, got nan}}
  %0 = "orion.rms_norm"(%a, %w) <{epsilon = 0x7FC00000 : f32}> : (tensor<4x768xf32>, tensor<768xf32>) -> tensor<4x768xf32>
  return
}

//===----------------------------------------------------------------------===//
// orion.linear
//===----------------------------------------------------------------------===//

// -----

func.func @linear_weight_type(%x: tensor<4x768xf32>, %w: tensor<3072x768xf16>) {
  // expected-error @+1 {{input and weight must have the same element type, got f32 and f16}}
  %0 = orion.linear %x, %w : tensor<4x768xf32>, tensor<3072x768xf16>
  return
}

// -----

func.func @linear_rank0(%x: tensor<f32>, %w: tensor<3072x1xf32>) {
  // expected-error @+1 {{input must have rank of at least 1}}
  %0 = orion.linear %x, %w : tensor<f32>, tensor<3072x1xf32>
  return
}

// -----

func.func @linear_weight_1d(%x: tensor<4x768xf32>, %w: tensor<768xf32>) {
  // expected-error @+1 {{weight must be 2-D [out, in], got [768]}}
  %0 = orion.linear %x, %w : tensor<4x768xf32>, tensor<768xf32>
  return
}

// -----

func.func @linear_weight_3d(%x: tensor<4x768xf32>, %w: tensor<1x3072x768xf32>) {
  // expected-error @+1 {{weight must be 2-D [out, in], got [1, 3072, 768]}}
  %0 = orion.linear %x, %w : tensor<4x768xf32>, tensor<1x3072x768xf32>
  return
}

// -----

// A weight in [in, out] layout (as in GPT-2's Conv1D) is rejected.
func.func @linear_weight_layout(%x: tensor<4x768xf32>, %w: tensor<768x3072xf32>) {
  // expected-error @+1 {{weight is [out, in] = [768, 3072] but the input's last dimension is 768}}
  %0 = orion.linear %x, %w : tensor<4x768xf32>, tensor<768x3072xf32>
  return
}

// -----

func.func @linear_bias_type(%x: tensor<4x768xf32>, %w: tensor<3072x768xf32>, %b: tensor<3072xf16>) {
  // expected-error @+1 {{input and bias must have the same element type, got f32 and f16}}
  %0 = orion.linear %x, %w, %b : tensor<4x768xf32>, tensor<3072x768xf32>, tensor<3072xf16>
  return
}

// -----

func.func @linear_bias_shape(%x: tensor<4x768xf32>, %w: tensor<3072x768xf32>, %b: tensor<768xf32>) {
  // expected-error @+1 {{bias must be [3072] (the weight's out dimension), got [768]}}
  %0 = orion.linear %x, %w, %b : tensor<4x768xf32>, tensor<3072x768xf32>, tensor<768xf32>
  return
}

// -----

func.func @linear_bias_2d(%x: tensor<4x768xf32>, %w: tensor<3072x768xf32>, %b: tensor<1x3072xf32>) {
  // expected-error @+1 {{bias must be [3072] (the weight's out dimension), got [1, 3072]}}
  %0 = orion.linear %x, %w, %b : tensor<4x768xf32>, tensor<3072x768xf32>, tensor<1x3072xf32>
  return
}

// -----

func.func @linear_wrong_result_type(%x: tensor<4x768xf32>, %w: tensor<3072x768xf32>) {
  // expected-error @+2 {{'orion.linear' op inferred type(s) 'tensor<4x3072xf32>' are incompatible with return type(s) of operation 'tensor<4x768xf32>'}}
  // expected-error @+1 {{'orion.linear' op failed to infer returned types}}
  %0 = "orion.linear"(%x, %w) : (tensor<4x768xf32>, tensor<3072x768xf32>) -> tensor<4x768xf32>
  return
}

//===----------------------------------------------------------------------===//
// orion.matmul
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_element_types(%a: tensor<4x8xf32>, %b: tensor<8x4xi32>) {
  // expected-error @+1 {{operands must have the same element type, got f32 and i32}}
  %0 = orion.matmul %a, %b : tensor<4x8xf32>, tensor<8x4xi32>
  return
}

// -----

func.func @matmul_rank(%a: tensor<8xf32>, %b: tensor<8x4xf32>) {
  // expected-error @+1 {{operands must have rank of at least 2, got [8] and [8, 4]}}
  %0 = orion.matmul %a, %b : tensor<8xf32>, tensor<8x4xf32>
  return
}

// -----

func.func @matmul_contraction(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) {
  // expected-error @+1 {{contraction dimensions differ: lhs [4, 8] gives K = 8, rhs [4, 8] gives K = 4}}
  %0 = orion.matmul %a, %b : tensor<4x8xf32>, tensor<4x8xf32>
  return
}

// -----

// transpose_rhs reads the rhs as [N, K].
func.func @matmul_contraction_transposed(%q: tensor<12x256x64xf32>, %k: tensor<12x64x256xf32>) {
  // expected-error @+1 {{contraction dimensions differ: lhs [12, 256, 64] gives K = 64, rhs [12, 64, 256] gives K = 256}}
  %0 = orion.matmul %q, %k transpose_rhs : tensor<12x256x64xf32>, tensor<12x64x256xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x4x8xf32>, %b: tensor<3x8x4xf32>) {
  // expected-error @+1 {{batch dimensions [2] and [3] are not broadcast-compatible}}
  %0 = orion.matmul %a, %b : tensor<2x4x8xf32>, tensor<3x8x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// orion.rope
//===----------------------------------------------------------------------===//

// -----

func.func @rope_rank(%x: tensor<768xf32>) {
  // expected-error @+1 {{input must be [..., seq, heads * head_dim], got [768]}}
  %0 = orion.rope %x head_dim = 64 : tensor<768xf32>
  return
}

// -----

func.func @rope_head_dim_odd(%x: tensor<4x768xf32>) {
  // expected-error @+1 {{head_dim must be positive and even, got 3}}
  %0 = orion.rope %x head_dim = 3 : tensor<4x768xf32>
  return
}

// -----

func.func @rope_head_dim_zero(%x: tensor<4x768xf32>) {
  // expected-error @+1 {{head_dim must be positive and even, got 0}}
  %0 = orion.rope %x head_dim = 0 : tensor<4x768xf32>
  return
}

// -----

func.func @rope_head_dim_negative(%x: tensor<4x768xf32>) {
  // expected-error @+1 {{head_dim must be positive and even, got -64}}
  %0 = orion.rope %x head_dim = -64 : tensor<4x768xf32>
  return
}

// -----

func.func @rope_channels(%x: tensor<4x768xf32>) {
  // expected-error @+1 {{last dimension 768 is not a multiple of head_dim 100}}
  %0 = orion.rope %x head_dim = 100 : tensor<4x768xf32>
  return
}

// -----

func.func @rope_positions_shape(%x: tensor<256x768xf32>, %p: tensor<128xi32>) {
  // expected-error @+1 {{positions must be [256] (one per sequence position), got [128]}}
  %0 = orion.rope %x, %p head_dim = 64 : tensor<256x768xf32>, tensor<128xi32>
  return
}

// -----

func.func @rope_positions_rank(%x: tensor<1x768xf32>, %p: tensor<1x1xi32>) {
  // expected-error @+1 {{positions must be [1] (one per sequence position), got [1, 1]}}
  %0 = orion.rope %x, %p head_dim = 64 : tensor<1x768xf32>, tensor<1x1xi32>
  return
}

// -----

func.func @rope_positions_float(%x: tensor<4x768xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'orion.rope' op operand #1 must be ranked tensor of 32-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = orion.rope %x, %p head_dim = 64 : tensor<4x768xf32>, tensor<4xf32>
  return
}

// -----

func.func @rope_theta(%x: tensor<4x768xf32>) {
  // expected-error @+1 {{'orion.rope' op theta must be positive, got 0.000000e+00}}
  %0 = orion.rope %x head_dim = 64 theta = 0.0 : tensor<4x768xf32>
  return
}

// -----

func.func @rope_theta_negative(%x: tensor<4x768xf32>) {
  // expected-error @+1 {{'orion.rope' op theta must be positive, got -1.000000e+04}}
  %0 = orion.rope %x head_dim = 64 theta = -1.0e+04 : tensor<4x768xf32>
  return
}

// -----

func.func @rope_bad_style(%x: tensor<4x768xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'style' [interleaved, half]}}
  %0 = orion.rope %x head_dim = 64 style = neox : tensor<4x768xf32>
  return
}

// -----

func.func @rope_missing_head_dim(%x: tensor<4x768xf32>) {
  // expected-error @+1 {{'orion.rope' op requires attribute 'head_dim'}}
  %0 = "orion.rope"(%x) : (tensor<4x768xf32>) -> tensor<4x768xf32>
  return
}

//===----------------------------------------------------------------------===//
// orion.attention
//===----------------------------------------------------------------------===//

// -----

func.func @attention_key_type(%q: tensor<4x64xf32>, %k: tensor<4x64xf16>) {
  // expected-error @+1 {{query and key must have the same element type, got f32 and f16}}
  %0 = orion.attention %q, %k, %q heads = 1 kv_heads = 1 : tensor<4x64xf32>, tensor<4x64xf16>, tensor<4x64xf32>
  return
}

// -----

func.func @attention_mask_shape(%q: tensor<1x64xf32>, %k: tensor<8x64xf32>, %m: tensor<1x4xf32>) {
  // expected-error @+1 {{mask must be [queries, keys] = [1, 8], got [1, 4]}}
  %0 = orion.attention %q, %k, %k mask %m heads = 1 kv_heads = 1 : tensor<1x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>, tensor<1x4xf32>
  return
}

// -----

func.func @attention_mask_type(%q: tensor<1x64xf32>, %k: tensor<8x64xf32>, %m: tensor<1x8xf16>) {
  // expected-error @+1 {{query and mask must have the same element type, got f32 and f16}}
  %0 = orion.attention %q, %k, %k mask %m heads = 1 kv_heads = 1 : tensor<1x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>, tensor<1x8xf16>
  return
}

// -----

func.func @attention_value_type(%q: tensor<4x64xf32>, %v: tensor<4x64xbf16>) {
  // expected-error @+1 {{query and value must have the same element type, got f32 and bf16}}
  %0 = orion.attention %q, %q, %v heads = 1 kv_heads = 1 : tensor<4x64xf32>, tensor<4x64xf32>, tensor<4x64xbf16>
  return
}

// -----

func.func @attention_rank(%q: tensor<64xf32>) {
  // expected-error @+1 {{query, key and value must share a rank of at least 2, got [64], [64] and [64]}}
  %0 = orion.attention %q, %q, %q heads = 1 kv_heads = 1 : tensor<64xf32>, tensor<64xf32>, tensor<64xf32>
  return
}

// -----

func.func @attention_rank_mismatch(%q: tensor<4x64xf32>, %k: tensor<1x4x64xf32>) {
  // expected-error @+1 {{query, key and value must share a rank of at least 2, got [4, 64], [1, 4, 64] and [1, 4, 64]}}
  %0 = orion.attention %q, %k, %k heads = 1 kv_heads = 1 : tensor<4x64xf32>, tensor<1x4x64xf32>, tensor<1x4x64xf32>
  return
}

// -----

func.func @attention_heads_zero(%q: tensor<4x64xf32>) {
  // expected-error @+1 {{heads and kv_heads must be positive}}
  %0 = orion.attention %q, %q, %q heads = 0 kv_heads = 1 : tensor<4x64xf32>, tensor<4x64xf32>, tensor<4x64xf32>
  return
}

// -----

func.func @attention_kv_heads_negative(%q: tensor<4x64xf32>) {
  // expected-error @+1 {{heads and kv_heads must be positive}}
  %0 = orion.attention %q, %q, %q heads = 4 kv_heads = -4 : tensor<4x64xf32>, tensor<4x64xf32>, tensor<4x64xf32>
  return
}

// -----

func.func @attention_gqa_ratio(%q: tensor<4x768xf32>, %k: tensor<4x320xf32>) {
  // expected-error @+1 {{heads (12) must be a multiple of kv_heads (5)}}
  %0 = orion.attention %q, %k, %k heads = 12 kv_heads = 5 : tensor<4x768xf32>, tensor<4x320xf32>, tensor<4x320xf32>
  return
}

// -----

func.func @attention_key_value_shape(%q: tensor<4x768xf32>, %k: tensor<4x768xf32>, %v: tensor<5x768xf32>) {
  // expected-error @+1 {{key [4, 768] and value [5, 768] must have the same shape}}
  %0 = orion.attention %q, %k, %v heads = 12 kv_heads = 12 : tensor<4x768xf32>, tensor<4x768xf32>, tensor<5x768xf32>
  return
}

// -----

func.func @attention_batch(%q: tensor<2x4x768xf32>, %k: tensor<3x4x768xf32>) {
  // expected-error @+1 {{query [2, 4, 768] and key [3, 4, 768] must share their leading dimensions}}
  %0 = orion.attention %q, %k, %k heads = 12 kv_heads = 12 : tensor<2x4x768xf32>, tensor<3x4x768xf32>, tensor<3x4x768xf32>
  return
}

// -----

func.func @attention_query_channels(%q: tensor<4x768xf32>) {
  // expected-error @+1 {{query channels 768 are not a multiple of heads (10)}}
  %0 = orion.attention %q, %q, %q heads = 10 kv_heads = 10 : tensor<4x768xf32>, tensor<4x768xf32>, tensor<4x768xf32>
  return
}

// -----

// 12 heads of 64 with 4 key/value heads need 256 key channels.
func.func @attention_key_channels(%q: tensor<4x768xf32>) {
  // expected-error @+1 {{key channels must be kv_heads * head_dim = 256, got 768}}
  %0 = orion.attention %q, %q, %q heads = 12 kv_heads = 4 : tensor<4x768xf32>, tensor<4x768xf32>, tensor<4x768xf32>
  return
}

// -----

func.func @attention_causal_keys(%q: tensor<256x768xf32>, %k: tensor<128x768xf32>) {
  // expected-error @+1 {{causal attention needs at least as many keys as queries, got 256 queries and 128 keys}}
  %0 = orion.attention %q, %k, %k heads = 12 kv_heads = 12 causal : tensor<256x768xf32>, tensor<128x768xf32>, tensor<128x768xf32>
  return
}

// -----

func.func @attention_scale(%q: tensor<4x64xf32>) {
  // expected-error @+1 {{'orion.attention' op scale must be positive, got -5.000000e-01}}
  %0 = orion.attention %q, %q, %q heads = 1 kv_heads = 1 scale = -0.5 : tensor<4x64xf32>, tensor<4x64xf32>, tensor<4x64xf32>
  return
}

// -----

func.func @attention_scale_zero(%q: tensor<4x64xf32>) {
  // expected-error @+1 {{'orion.attention' op scale must be positive, got 0.000000e+00}}
  %0 = orion.attention %q, %q, %q heads = 1 kv_heads = 1 scale = 0.0 : tensor<4x64xf32>, tensor<4x64xf32>, tensor<4x64xf32>
  return
}

// -----

func.func @attention_missing_heads(%q: tensor<4x64xf32>) {
  // expected-error @+1 {{'orion.attention' op requires attribute 'heads'}}
  %0 = "orion.attention"(%q, %q, %q) <{kv_heads = 1 : i64}> : (tensor<4x64xf32>, tensor<4x64xf32>, tensor<4x64xf32>) -> tensor<4x64xf32>
  return
}

// -----

func.func @attention_missing_kv_heads(%q: tensor<4x64xf32>) {
  // expected-error @+1 {{custom op 'orion.attention' expected 'kv_heads'}}
  %0 = orion.attention %q, %q, %q heads = 1 : tensor<4x64xf32>, tensor<4x64xf32>, tensor<4x64xf32>
  return
}

//===----------------------------------------------------------------------===//
// orion.embedding, orion.cross_entropy
//===----------------------------------------------------------------------===//

// -----

func.func @embedding_table_rank(%t: tensor<768xf32>, %i: tensor<4xi32>) {
  // expected-error @+1 {{table must be 2-D [vocab, dim], got [768]}}
  %0 = orion.embedding %t[%i] : tensor<768xf32>, tensor<4xi32>
  return
}

// -----

func.func @embedding_float_indices(%t: tensor<10x768xf32>, %i: tensor<4xf32>) {
  // expected-error @+1 {{'orion.embedding' op operand #1 must be ranked tensor of 32-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = orion.embedding %t[%i] : tensor<10x768xf32>, tensor<4xf32>
  return
}

// -----

func.func @cross_entropy_rank0(%l: tensor<f32>, %t: tensor<i32>) {
  // expected-error @+1 {{logits must have rank of at least 1}}
  %0 = orion.cross_entropy %l, %t : tensor<f32>, tensor<i32>
  return
}

// -----

func.func @cross_entropy_targets(%l: tensor<256x32000xf32>, %t: tensor<256x1xi32>) {
  // expected-error @+1 {{targets must be [256] (the logits' shape without the vocabulary), got [256, 1]}}
  %0 = orion.cross_entropy %l, %t : tensor<256x32000xf32>, tensor<256x1xi32>
  return
}

//===----------------------------------------------------------------------===//
// orion.reshape, orion.transpose
//===----------------------------------------------------------------------===//

// -----

func.func @reshape_element_type(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'orion.reshape' op element type must not change: 'f32' vs 'f16'}}
  %0 = orion.reshape %x : tensor<4x8xf32> -> tensor<32xf16>
  return
}

// -----

func.func @reshape_dynamic(%x: tensor<?x8xf32>) {
  // expected-error @+1 {{'orion.reshape' op shapes must be static}}
  %0 = orion.reshape %x : tensor<?x8xf32> -> tensor<32xf32>
  return
}

// -----

func.func @reshape_element_count(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'orion.reshape' op cannot reshape [4, 8] (32 elements) into [4, 4] (16 elements)}}
  %0 = orion.reshape %x : tensor<4x8xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @transpose_perm_size(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{perm has 3 entries but the input has rank 2}}
  %0 = orion.transpose %x [1, 0, 2] : tensor<4x8xf32>
  return
}

// -----

func.func @transpose_perm_repeated(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{perm [0, 0] is not a permutation of [0, 2)}}
  %0 = orion.transpose %x [0, 0] : tensor<4x8xf32>
  return
}

// -----

func.func @transpose_perm_range(%x: tensor<4x8x2xf32>) {
  // expected-error @+1 {{perm [0, 3, 1] is not a permutation of [0, 3)}}
  %0 = orion.transpose %x [0, 3, 1] : tensor<4x8x2xf32>
  return
}

// -----

func.func @transpose_perm_negative(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{perm [-1, 0] is not a permutation of [0, 2)}}
  %0 = orion.transpose %x [-1, 0] : tensor<4x8xf32>
  return
}

// -----

func.func @transpose_missing_perm(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'orion.transpose' op requires attribute 'perm'}}
  %0 = "orion.transpose"(%x) : (tensor<4x8xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @transpose_wrong_result_type(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{'orion.transpose' op inferred type(s) 'tensor<8x4xf32>' are incompatible with return type(s) of operation 'tensor<4x8xf32>'}}
  // expected-error @+1 {{'orion.transpose' op failed to infer returned types}}
  %0 = "orion.transpose"(%x) <{perm = array<i64: 1, 0>}> : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// orion.slice
//===----------------------------------------------------------------------===//

// -----

func.func @slice_rank(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{begin, end and step need one entry per dimension (rank 2)}}
  %0 = orion.slice %x [0] to [4, 8] : tensor<4x8xf32>
  return
}

// -----

func.func @slice_step_rank(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{begin, end and step need one entry per dimension (rank 2)}}
  %0 = orion.slice %x [0, 0] to [4, 8] step [1] : tensor<4x8xf32>
  return
}

// -----

func.func @slice_step_zero(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{step must be positive, got 0 in dimension 1}}
  %0 = orion.slice %x [0, 0] to [4, 8] step [1, 0] : tensor<4x8xf32>
  return
}

// -----

func.func @slice_step_negative(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{step must be positive, got -1 in dimension 0}}
  %0 = orion.slice %x [3, 0] to [0, 8] step [-1, 1] : tensor<4x8xf32>
  return
}

// -----

func.func @slice_empty(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{slice [2, 2) is empty or outside dimension 1 of size 8}}
  %0 = orion.slice %x [0, 2] to [4, 2] : tensor<4x8xf32>
  return
}

// -----

func.func @slice_past_end(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{slice [0, 5) is empty or outside dimension 0 of size 4}}
  %0 = orion.slice %x [0, 0] to [5, 8] : tensor<4x8xf32>
  return
}

// -----

func.func @slice_negative_begin(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{slice [-1, 8) is empty or outside dimension 1 of size 8}}
  %0 = orion.slice %x [0, -1] to [4, 8] : tensor<4x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// orion.concat, orion.split
//===----------------------------------------------------------------------===//

// -----

func.func @concat_no_inputs() {
  // expected-error @+2 {{needs at least one input}}
  // expected-error @+1 {{'orion.concat' op failed to infer returned types}}
  %0 = "orion.concat"() <{axis = 0 : i64}> : () -> tensor<4xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = orion.concat(%a, %a) axis = 2 : tensor<4x8xf32>, tensor<4x8xf32>
  return
}

// -----

func.func @concat_axis_rank0(%a: tensor<f32>) {
  // expected-error @+1 {{axis 0 is out of range for rank 0}}
  %0 = orion.concat(%a, %a) axis = 0 : tensor<f32>, tensor<f32>
  return
}

// -----

func.func @concat_element_types(%a: tensor<4x8xf32>, %b: tensor<4x8xf16>) {
  // expected-error @+1 {{inputs must have the same element type, got f32 and f16}}
  %0 = orion.concat(%a, %b) axis = 0 : tensor<4x8xf32>, tensor<4x8xf16>
  return
}

// -----

func.func @concat_shapes(%a: tensor<4x8xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+1 {{input 2 has shape [4, 3], which differs from [4, 8] outside axis 0}}
  %0 = orion.concat(%a, %a, %b) axis = 0 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x3xf32>
  return
}

// -----

func.func @concat_ranks(%a: tensor<4x8xf32>, %b: tensor<1x4x8xf32>) {
  // expected-error @+1 {{input 1 has shape [1, 4, 8], which differs from [4, 8] outside axis 1}}
  %0 = orion.concat(%a, %b) axis = -1 : tensor<4x8xf32>, tensor<1x4x8xf32>
  return
}

// -----

func.func @split_axis(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{axis -3 is out of range for rank 2}}
  %0:2 = orion.split %x axis = -3 sizes = [2, 2] : tensor<4x8xf32>
  return
}

// -----

func.func @split_sizes_empty(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{sizes must not be empty}}
  orion.split %x axis = 0 sizes = [] : tensor<4x8xf32>
  return
}

// -----

func.func @split_sizes_positive(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{sizes must be positive, got [4, 0, 4]}}
  %0:3 = orion.split %x axis = 1 sizes = [4, 0, 4] : tensor<4x8xf32>
  return
}

// -----

func.func @split_sizes_sum(%x: tensor<4x9xf32>) {
  // expected-error @+1 {{sizes [4, 4] add up to 8 but dimension 1 has size 9}}
  %0:2 = orion.split %x axis = 1 sizes = [4, 4] : tensor<4x9xf32>
  return
}

// -----

// The sizes must not wrap around to the dimension's extent.
func.func @split_sizes_overflow(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{sizes [9223372036854775807, 9223372036854775807, 6] overflow a 64-bit extent}}
  %0:3 = orion.split %x axis = 0 sizes = [9223372036854775807, 9223372036854775807, 6] : tensor<4x4xf32>
  return
}

// -----

func.func @split_result_count(%x: tensor<4x9xf32>) {
  // expected-error @+1 {{operation defines 3 results but was provided 2 to bind}}
  %0:2 = orion.split %x axis = 1 sizes = [3, 3, 3] : tensor<4x9xf32>
  return
}

//===----------------------------------------------------------------------===//
// orion.cast
//===----------------------------------------------------------------------===//

// -----

func.func @cast_shape(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'orion.cast' op requires the same shape for all operands and results}}
  %0 = orion.cast %x : tensor<4x8xf32> to tensor<8x4xf16>
  return
}

// -----

func.func @cast_f64(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'orion.cast' op result #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 32-bit signless integer values, but got 'tensor<4x8xf64>'}}
  %0 = orion.cast %x : tensor<4x8xf32> to tensor<4x8xf64>
  return
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// -----

func.func @reduce_axes_empty(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{axes must not be empty}}
  %0 = orion.reduce_sum %x [] : tensor<4x8xf32>
  return
}

// -----

func.func @reduce_axis_range(%x: tensor<4x8x16xf32>) {
  // expected-error @+1 {{axis 3 is out of range for rank 3}}
  %0 = orion.reduce_mean %x [0, 3] : tensor<4x8x16xf32>
  return
}

// -----

func.func @reduce_axis_repeated(%x: tensor<4x8x16xf32>) {
  // expected-error @+1 {{axis -1 is repeated in axes [2, -1]}}
  %0 = orion.reduce_max %x [2, -1] : tensor<4x8x16xf32>
  return
}

// -----

func.func @reduce_wrong_result_type(%x: tensor<4x8xf32>) {
  // keep_dims is missing, so the inferred type drops the axis.
  // expected-error @+2 {{'orion.reduce_sum' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<4x1xf32>'}}
  // expected-error @+1 {{'orion.reduce_sum' op failed to infer returned types}}
  %0 = "orion.reduce_sum"(%x) <{axes = array<i64: 1>}> : (tensor<4x8xf32>) -> tensor<4x1xf32>
  return
}

// -----

// A negative axis is reported as written, not as its unsigned bit pattern.
func.func @concat_negative_axis(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{axis -3 is out of range for rank 2}}
  %0 = orion.concat(%a, %a) axis = -3 : tensor<4x8xf32>, tensor<4x8xf32>
  return
}

// -----

func.func @to_surface_rows(%x: tensor<4x64x8xf32>) {
  // A rank-3 tensor is the [256, 8] matrix of its rows.
  // expected-error @+1 {{'orion.to_surface' op surface sequence 64 differs from the host tensor's 256}}
  %0 = orion.to_surface %x : tensor<4x64x8xf32> -> tensor<1x8x1x64xf16>
  return
}

// -----

func.func @to_surface_not_float(%x: tensor<64x8xf32>) {
  // expected-error @+1 {{'orion.to_surface' op surface must be fp16 or fp32 [1, C, 1, S], got 'tensor<1x8x1x64xbf16>'}}
  %0 = orion.to_surface %x : tensor<64x8xf32> -> tensor<1x8x1x64xbf16>
  return
}

// -----

func.func @to_surface_bad_surface_shape(%x: tensor<64x8xf32>) {
  // expected-error @+1 {{'orion.to_surface' op surface must be fp16 or fp32 [1, C, 1, S], got 'tensor<1x8x2x64xf16>'}}
  %0 = orion.to_surface %x : tensor<64x8xf32> -> tensor<1x8x2x64xf16>
  return
}

// -----

func.func @to_surface_seq_mismatch(%x: tensor<64x8xf32>) {
  // expected-error @+1 {{'orion.to_surface' op surface sequence 32 differs from the host tensor's 64}}
  %0 = orion.to_surface %x : tensor<64x8xf32> -> tensor<1x8x1x32xf16>
  return
}

// -----

func.func @from_surface_channels_overflow(%s: tensor<1x16x1x64xf16>) {
  // expected-error @+1 {{'orion.from_surface' op channels [12, 20) do not fit the surface's 16 channels}}
  %0 = orion.from_surface %s {channel_offset = 12} : tensor<1x16x1x64xf16> -> tensor<64x8xf32>
  return
}

// -----

func.func @from_surface_negative_offset(%s: tensor<1x16x1x64xf16>) {
  // expected-error @+1 {{'orion.from_surface' op channels [-1, 7) do not fit the surface's 16 channels}}
  %0 = orion.from_surface %s {channel_offset = -1} : tensor<1x16x1x64xf16> -> tensor<64x8xf32>
  return
}

// -----

func.func private @kernel(%s: tensor<1x16x1x64xf16>) -> tensor<64x16xf32> attributes {orion.device = "ane"} {
  // expected-error @+1 {{'orion.from_surface' op belongs to host functions, not to kernel @kernel}}
  %0 = orion.from_surface %s : tensor<1x16x1x64xf16> -> tensor<64x16xf32>
  return %0 : tensor<64x16xf32>
}

// -----

func.func @pack_surface_one(%x: tensor<64x8xf32>) {
  // expected-error @+1 {{'orion.pack_surface' op packs at least two tensors, got 1}}
  %0 = orion.pack_surface %x : tensor<64x8xf32> -> tensor<1x8x1x64xf16>
  return
}

// -----

func.func @pack_surface_seq_mismatch(%x: tensor<64x8xf32>, %y: tensor<32x8xf32>) {
  // expected-error @+1 {{'orion.pack_surface' op surface sequence 64 differs from the host tensor's 32}}
  %0 = orion.pack_surface %x, %y : tensor<64x8xf32>, tensor<32x8xf32> -> tensor<1x16x1x64xf16>
  return
}

// -----

func.func @pack_surface_channels(%x: tensor<64x8xf32>, %y: tensor<64x4xf32>) {
  // expected-error @+1 {{'orion.pack_surface' op the tensors fill 12 channels of the surface's 16}}
  %0 = orion.pack_surface %x, %y : tensor<64x8xf32>, tensor<64x4xf32> -> tensor<1x16x1x64xf16>
  return
}

// -----

func.func @one_hot_shape(%t: tensor<4xi32>) -> tensor<4x9xf32> {
  // expected-error @+1 {{'orion.one_hot' op result shape must be the indices' shape plus [depth] = [4, 10], got [4, 9]}}
  %0 = orion.one_hot %t depth = 10 : tensor<4xi32> -> tensor<4x9xf32>
  return %0 : tensor<4x9xf32>
}

// -----

func.func @one_hot_depth(%t: tensor<4xi32>) -> tensor<4x0xf32> {
  // expected-error @+1 {{'orion.one_hot' op depth must be positive, got 0}}
  %0 = orion.one_hot %t depth = 0 : tensor<4xi32> -> tensor<4x0xf32>
  return %0 : tensor<4x0xf32>
}

// -----

func.func @embedding_grad_rows(%d: tensor<4x8xf32>, %i: tensor<4xi32>) -> tensor<0x8xf32> {
  // expected-error @+1 {{'orion.embedding_grad' op rows must be positive, got 0}}
  %0 = orion.embedding_grad %d[%i] rows = 0 : tensor<4x8xf32>, tensor<4xi32> -> tensor<0x8xf32>
  return %0 : tensor<0x8xf32>
}

// -----

func.func @embedding_grad_updates(%d: tensor<5x8xf32>, %i: tensor<4xi32>) -> tensor<10x8xf32> {
  // expected-error @+1 {{'orion.embedding_grad' op updates must be the indices' shape plus [D], got [5, 8] for indices [4]}}
  %0 = orion.embedding_grad %d[%i] rows = 10 : tensor<5x8xf32>, tensor<4xi32> -> tensor<10x8xf32>
  return %0 : tensor<10x8xf32>
}

// -----

func.func @embedding_grad_shape(%d: tensor<4x8xf32>, %i: tensor<4xi32>) -> tensor<10x4xf32> {
  // expected-error @+1 {{'orion.embedding_grad' op result shape must be [rows, D] = [10, 8], got [10, 4]}}
  %0 = orion.embedding_grad %d[%i] rows = 10 : tensor<4x8xf32>, tensor<4xi32> -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}

// -----

func.func @embedding_grad_type(%d: tensor<4x8xf32>, %i: tensor<4xi32>) -> tensor<10x8xf16> {
  // expected-error @+1 {{'orion.embedding_grad' op result element type must be the updates' ('f32'), got 'f16'}}
  %0 = orion.embedding_grad %d[%i] rows = 10 : tensor<4x8xf32>, tensor<4xi32> -> tensor<10x8xf16>
  return %0 : tensor<10x8xf16>
}
