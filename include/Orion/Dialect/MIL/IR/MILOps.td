//===- MILOps.td - Ops of the mil dialect ------------------*- tablegen -*-===//
//
// One op per MIL op. Operands carry MIL's argument names and print as
// `mil.op(arg = %v, ...)`, in the order MIL text spells them: mechramc/Orion's
// codegen sorts arguments alphabetically (`conv(dilations=, groups=, pad=,
// pad_type=, strides=, weight=, x=)`, `matmul(transpose_x=, transpose_y=, x=,
// y=)`), except for reduce_*, which it spells `x, axes, keep_dims`. The ODS
// operand order is the printed order, so the generic form and the C++
// builders list the arguments in the same order too.
//
// Arguments MIL requires to be compile-time constants (perm, axes, dtype, ...)
// are still SSA operands, as in MIL text, and verifiers check that they come
// from `mil.const` and agree with the result type. MIL tensors have static
// shapes; scalars are rank-0 tensors.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DIALECT_MIL_IR_MILOPS_TD
#define ORION_DIALECT_MIL_IR_MILOPS_TD

include "Orion/Dialect/MIL/IR/MILDialect.td"
include "Orion/Dialect/MIL/IR/MILTypes.td"
include "Orion/Dialect/MIL/IR/MILInterfaces.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints: MIL dtypes fp16, fp32, int32, bool, int8, uint8
//===----------------------------------------------------------------------===//

class MIL_TypeOf<Type base, string summary>
    : Type<base.predicate, summary, "::mlir::RankedTensorType">;

def MIL_FloatTensor : MIL_TypeOf<StaticShapeTensorOf<[F16, F32]>,
    "static tensor of fp16 or fp32">;
def MIL_NumericTensor : MIL_TypeOf<StaticShapeTensorOf<[F16, F32, I32]>,
    "static tensor of fp16, fp32 or int32">;
def MIL_Tensor : MIL_TypeOf<StaticShapeTensorOf<[F16, F32, I32, I1, I8, UI8]>,
    "static tensor of fp16, fp32, int32, bool, int8 or uint8">;
def MIL_IntTensor : MIL_TypeOf<StaticShapeTensorOf<[I32]>,
    "static tensor of int32">;
def MIL_BoolTensor : MIL_TypeOf<StaticShapeTensorOf<[I1]>,
    "static tensor of bool">;
// Constant argument vectors: perm, axes, shape, begin, end, strides, ...
def MIL_IntVector : MIL_TypeOf<1DTensorOf<[I32]>,
    "MIL int32 vector (tensor<Nxi32>)">;
def MIL_BoolVector : MIL_TypeOf<1DTensorOf<[I1]>,
    "MIL bool vector (tensor<Nxi1>)">;
def MIL_BoolScalar : MIL_TypeOf<0DTensorOf<[I1]>, "MIL bool (tensor<i1>)">;
def MIL_IntScalar : MIL_TypeOf<0DTensorOf<[I32]>, "MIL int32 (tensor<i32>)">;
def MIL_FloatScalar : MIL_TypeOf<0DTensorOf<[F16, F32]>,
    "MIL fp16 or fp32 scalar (tensor<f16> or tensor<f32>)">;
def MIL_Scalar : MIL_TypeOf<0DTensorOf<[F16, F32, I32, I1]>,
    "MIL fp16, fp32, int32 or bool scalar">;
def MIL_String : Type<CPred<"::llvm::isa<::mlir::orion::mil::StringType>($_self)">,
                      "MIL string", "::mlir::orion::mil::StringType">;

// How an ODS operand group maps to MIL arguments (see getMILArguments).
class MIL_ArgKind<dag args, int i> {
  string value = !cond(
      !isa<Attr>(!getdagarg<Constraint>(args, i)) : "Attribute",
      !isa<Optional>(!getdagarg<Constraint>(args, i)) : "Optional",
      !isa<Variadic>(!getdagarg<Constraint>(args, i)) : "Variadic",
      true : "Single");
}

class MIL_Op<string mnemonic, list<Trait> traits = []>
    : Op<MIL_Dialect, mnemonic, traits # [MIL_OpInterface]> {
  // MIL's argument names in ODS order, generated from `arguments`, so the
  // MIL text emitter and importer handle every op with one piece of code.
  let extraClassDeclaration = [{
    static ::llvm::ArrayRef<::mlir::orion::mil::MILArgument>
    getMILArguments() {
      static const ::mlir::orion::mil::MILArgument arguments[] = {
        }] # !interleave(!foreach(i, !range(!size(arguments)),
            "{\"" # !getdagname(arguments, i) #
            "\", ::mlir::orion::mil::MILArgKind::" #
            MIL_ArgKind<arguments, i>.value # "}"), ",\n        ") # [{
      };
      return arguments;
    }
  }];
}

//===----------------------------------------------------------------------===//
// const
//===----------------------------------------------------------------------===//

def MIL_ConstOp : MIL_Op<"const", [ConstantLike, Pure]> {
  let summary = "a constant: inline value or BLOBFILE reference";
  let description = [{
    `val` is a dense elements attribute (tensors and scalars, as rank-0
    tensors), a string (`!mil.string`) or a `#mil.blob<path, offset>`.

    ```mlir
    %perm = mil.const dense<[0, 1, 3, 2]> : tensor<4xi32>
    %dt = mil.const "fp16" : !mil.string
    %w = mil.const #mil.blob<"@model_path/weights/weight.bin", 64> : tensor<768x768x1x1xf16>
    ```
  }];
  let arguments = (ins AnyAttr:$val);
  let results = (outs AnyType:$result);
  let assemblyFormat = "custom<ConstValue>($val, type($result)) attr-dict";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops: `mil.add(x = %a, y = %b)`
//===----------------------------------------------------------------------===//

class MIL_BinaryOp<string mnemonic, string sym, list<Trait> traits = []>
    : MIL_Op<mnemonic, traits # [Pure]> {
  let summary = "elementwise " # sym;
  let arguments = (ins MIL_NumericTensor:$x, MIL_NumericTensor:$y);
  let results = (outs MIL_NumericTensor:$result);
  let assemblyFormat = [{
    `(` `x` `=` $x `,` ` ` `y` `=` $y `)` attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let description = [{
    MIL `elementwise_binary`: numpy broadcasting of x and y; x, y and the
    result share a dtype (fp16, fp32 or int32). Scalars are rank-0 operands
    that broadcast, e.g. `pow(x=rms1_mse, y=rms1_nhalf)`.
  }];
}

def MIL_AddOp : MIL_BinaryOp<"add", "x + y">;
def MIL_SubOp : MIL_BinaryOp<"sub", "x - y">;
def MIL_MulOp : MIL_BinaryOp<"mul", "x * y">;
def MIL_RealDivOp : MIL_BinaryOp<"real_div", "x / y"> {
  let description = [{
    MIL `real_div`: elementwise true division with numpy broadcasting.
    mechramc/Orion's reference kernels never emitted it: division is `mul` by a
    reciprocal scalar const.
  }];
}
def MIL_PowOp : MIL_BinaryOp<"pow", "x ^ y"> {
  let description = [{
    MIL `pow`: elementwise power with numpy broadcasting. mechramc/Orion's
    RMSNorm and LayerNorm composites use `pow(x=..., y=-0.5)` instead of
    `rsqrt`.
  }];
}
def MIL_MaximumOp : MIL_BinaryOp<"maximum", "max(x, y)">;
def MIL_MinimumOp : MIL_BinaryOp<"minimum", "min(x, y)">;

//===----------------------------------------------------------------------===//
// Elementwise unary ops: `mil.exp(x = %a)`
//===----------------------------------------------------------------------===//

class MIL_UnaryOp<string mnemonic, string sym, Type T = MIL_FloatTensor,
                  list<Trait> traits = []>
    : MIL_Op<mnemonic, traits # [Pure]> {
  let summary = "elementwise " # sym;
  let arguments = (ins T:$x);
  let results = (outs T:$result);
  let assemblyFormat = [{
    `(` `x` `=` $x `)` attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let description = [{
    MIL `elementwise_unary` / activation: the result has the type of x.
  }];
}

def MIL_ExpOp : MIL_UnaryOp<"exp", "exp(x)">;
def MIL_SqrtOp : MIL_UnaryOp<"sqrt", "sqrt(x)">;
def MIL_TanhOp : MIL_UnaryOp<"tanh", "tanh(x)"> {
  let description = [{
    MIL `tanh`. mechramc/Orion's GELU composite is the tanh approximation
    `0.5·x·(1+tanh(0.7979·(x+0.044715·x³)))` built from mul/add/tanh.
  }];
}
def MIL_SigmoidOp : MIL_UnaryOp<"sigmoid", "1 / (1 + exp(-x))">;
def MIL_ReluOp : MIL_UnaryOp<"relu", "max(x, 0)">;
def MIL_NegOp : MIL_UnaryOp<"neg", "-x", MIL_NumericTensor> {
  let description = [{
    `neg`: elementwise negation, as spelled by mechramc/Orion's codegen
    (`neg(x=IN)`). coremltools' MIL op registry (A.9.2) does not list it.
  }];
}
def MIL_IdentityOp : MIL_UnaryOp<"identity", "x", MIL_Tensor> {
  let description = [{
    MIL `identity`: the result is x. mechramc/Orion's linear composite emits
    `{p}_out = identity(x={p}_conv)` when there is no bias; the optimizer
    removes it.
  }];
}
def MIL_ErfOp : MIL_UnaryOp<"erf", "erf(x)"> {
  let description = [{
    MIL `erf`. mechramc/Orion never emitted it (exact GELU would need it; it
    used the tanh approximation instead, since the ANE has no gelu:
    docs/ane-constraints.md ANE-NO-GELU-SILU), so the ANE target treats it as
    unsupported (ANE-OP-SET).
  }];
}
def MIL_SiluOp : MIL_UnaryOp<"silu", "x * sigmoid(x)"> {
  let description = [{
    MIL `silu` (activation). The ANE compiler rejects it
    (docs/ane-constraints.md ANE-NO-GELU-SILU: "silu also requires
    decomposition"); Orion emits `sigmoid` + `mul`.
  }];
}

// Unary ops with an optional `epsilon` const: `mil.rsqrt(epsilon = %e, x = %a)`
class MIL_UnaryEpsOp<string mnemonic, string sym, string dflt>
    : MIL_Op<mnemonic, [Pure]> {
  let summary = "elementwise " # sym;
  let arguments = (ins Optional<MIL_FloatScalar>:$epsilon, MIL_FloatTensor:$x);
  let results = (outs MIL_FloatTensor:$result);
  let assemblyFormat = [{
    `(` (`epsilon` `=` $epsilon^ `,` ` `)? `x` `=` $x `)` attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let description = "MIL `" # mnemonic # "`: " # sym # "; `epsilon` "
    # "(default " # dflt # ") is a mil.const scalar of x's dtype. The result "
    # "has the type of x.";
}

def MIL_RsqrtOp : MIL_UnaryEpsOp<"rsqrt", "1 / sqrt(x + epsilon)", "1e-12">;
def MIL_InverseOp : MIL_UnaryEpsOp<"inverse", "1 / (x + epsilon)", "1e-4">;
def MIL_LogOp : MIL_UnaryEpsOp<"log", "log(x + epsilon)", "1e-45">;

//===----------------------------------------------------------------------===//
// Activations and normalization
//===----------------------------------------------------------------------===//

def MIL_SoftmaxOp : MIL_Op<"softmax", [Pure]> {
  let summary = "softmax along one axis";
  let description = [{
    MIL `softmax(axis=, x=)`: `exp(x) / reduce_sum(exp(x), axis)`. `axis` is
    an int32 mil.const in [-rank, rank) (default -1); the result has the type
    of x.
  }];
  let arguments = (ins Optional<MIL_IntScalar>:$axis, MIL_FloatTensor:$x);
  let results = (outs MIL_FloatTensor:$result);
  let assemblyFormat = [{
    `(` (`axis` `=` $axis^ `,` ` `)? `x` `=` $x `)` attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_GeluOp : MIL_Op<"gelu", [Pure]> {
  let summary = "Gaussian error linear unit";
  let description = [{
    MIL `gelu(mode=, x=)` with `mode` one of "EXACT" (default),
    "TANH_APPROXIMATION", "SIGMOID_APPROXIMATION". The ANE compiler rejects
    gelu (docs/ane-constraints.md ANE-NO-GELU-SILU: "gelu is not a valid MIL
    op"); Orion emits the tanh approximation from mul/add/tanh instead.
  }];
  let arguments = (ins Optional<MIL_String>:$mode, MIL_FloatTensor:$x);
  let results = (outs MIL_FloatTensor:$result);
  let assemblyFormat = [{
    `(` (`mode` `=` $mode^ `,` ` `)? `x` `=` $x `)` attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_LayerNormOp : MIL_Op<"layer_norm", [Pure, AttrSizedOperandSegments]> {
  let summary = "layer normalization over axes";
  let description = [{
    MIL `layer_norm(axes=, beta=, epsilon=, gamma=, x=)`:
    `(x - mean) / sqrt(var + epsilon) * gamma + beta` over `axes` (default
    all). gamma and beta have shape `x.shape[axes]`. Orion never emits it:
    its LayerNorm and RMSNorm are reduce_mean/reduce_sum + pow(-0.5)
    composites, so the ANE target treats layer_norm as unsupported.
  }];
  let arguments = (ins Optional<MIL_IntVector>:$axes,
                       Optional<MIL_FloatTensor>:$beta,
                       Optional<MIL_FloatScalar>:$epsilon,
                       Optional<MIL_FloatTensor>:$gamma,
                       MIL_FloatTensor:$x);
  let results = (outs MIL_FloatTensor:$result);
  let assemblyFormat = [{
    `(` (`axes` `=` $axes^ `,` ` `)? (`beta` `=` $beta^ `,` ` `)?
        (`epsilon` `=` $epsilon^ `,` ` `)? (`gamma` `=` $gamma^ `,` ` `)?
        `x` `=` $x `)` attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// conv, matmul, linear
//===----------------------------------------------------------------------===//

def MIL_ConvOp : MIL_Op<"conv", [Pure, AttrSizedOperandSegments]> {
  let summary = "1-D/2-D/3-D convolution";
  let description = [{
    MIL `conv`: x `[N, Cin, *D]`, weight `[Cout, Cin/groups, *K]`, result
    `[N, Cout, *D']` with `D'[i] = floor((D[i] + padding - (K[i]-1)*dilations[i]
    - 1) / strides[i]) + 1` (`pad_type` "valid": no padding; "custom": `pad`;
    "same"/"same_lower": `D'[i] = ceil(D[i] / strides[i])`). strides,
    pad_type, pad, dilations and groups are mil.consts (defaults 1s, "valid",
    0s, 1s, 1). Orion emits all five as named consts, never `bias=` (the ANE
    conv does not support it; a separate `add` follows):

    ```mlir
    %q = mil.conv(dilations = %dl, groups = %gr, pad = %pd, pad_type = %pt,
                  strides = %st, weight = %w, x = %x) : (...) -> tensor<1x768x1x256xf16>
    ```
  }];
  let arguments = (ins Optional<MIL_FloatTensor>:$bias,
                       Optional<MIL_IntVector>:$dilations,
                       Optional<MIL_IntScalar>:$groups,
                       Optional<MIL_IntVector>:$pad,
                       Optional<MIL_String>:$pad_type,
                       Optional<MIL_IntVector>:$strides,
                       MIL_FloatTensor:$weight,
                       MIL_FloatTensor:$x);
  let results = (outs MIL_FloatTensor:$result);
  let assemblyFormat = [{
    `(` (`bias` `=` $bias^ `,` ` `)? (`dilations` `=` $dilations^ `,` ` `)?
        (`groups` `=` $groups^ `,` ` `)? (`pad` `=` $pad^ `,` ` `)?
        (`pad_type` `=` $pad_type^ `,` ` `)? (`strides` `=` $strides^ `,` ` `)?
        `weight` `=` $weight `,` ` ` `x` `=` $x `)` attr-dict `:`
        functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_MatmulOp : MIL_Op<"matmul", [Pure, AttrSizedOperandSegments]> {
  let summary = "batched matrix product";
  let description = [{
    MIL `matmul(transpose_x=, transpose_y=, x=, y=)`: numpy matmul of x and y
    after optionally swapping the last two dims of each; batch dims
    broadcast; rank-1 operands are promoted and the promoted dim dropped.
    The ANE's MIL parser requires transpose_x/transpose_y as named bool
    consts (inline `true`/`false` is rejected).
  }];
  let arguments = (ins Optional<MIL_BoolScalar>:$transpose_x,
                       Optional<MIL_BoolScalar>:$transpose_y,
                       MIL_NumericTensor:$x, MIL_NumericTensor:$y);
  let results = (outs MIL_NumericTensor:$result);
  let assemblyFormat = [{
    `(` (`transpose_x` `=` $transpose_x^ `,` ` `)?
        (`transpose_y` `=` $transpose_y^ `,` ` `)?
        `x` `=` $x `,` ` ` `y` `=` $y `)` attr-dict `:`
        functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_LinearOp : MIL_Op<"linear", [Pure]> {
  let summary = "fully connected layer: x @ weight^T + bias";
  let description = [{
    MIL `linear(bias=, weight=, x=)`: x `[*, Cin]`, weight a mil.const
    `[Cout, Cin]`, bias `[Cout]` (default zeros), result `[*, Cout]`. Orion
    never emits it: its linear layers are 1x1 `conv` (3x faster on the ANE)
    plus `add`, so the ANE target treats linear as unsupported.
  }];
  let arguments = (ins Optional<MIL_FloatTensor>:$bias, MIL_FloatTensor:$weight,
                       MIL_FloatTensor:$x);
  let results = (outs MIL_FloatTensor:$result);
  let assemblyFormat = [{
    `(` (`bias` `=` $bias^ `,` ` `)? `weight` `=` $weight `,` ` ` `x` `=` $x `)`
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_ScaledDotProductAttentionOp
    : MIL_Op<"scaled_dot_product_attention", [Pure]> {
  let summary = "softmax(query @ key^T / sqrt(E) + attn_mask) @ value";
  let description = [{
    MIL (iOS18) `scaled_dot_product_attention(attn_mask=, key=, query=,
    value=)`: query `[*B, L, E]`, key `[*B, S, E]`, value `[*B, S, EV]`,
    result `[*B, L, EV]`; attn_mask (bool or float) broadcasts to
    `[*B, L, S]`. The ANE compiles it but ignores causal masks
    (docs/ane-constraints.md ANE-SDPA-MASK); Orion decomposes attention into
    reshape/transpose/matmul/add/softmax instead and treats this op as
    unsupported.
  }];
  let arguments = (ins Optional<MIL_Tensor>:$attn_mask, MIL_FloatTensor:$key,
                       MIL_FloatTensor:$query, MIL_FloatTensor:$value);
  let results = (outs MIL_FloatTensor:$result);
  let assemblyFormat = [{
    `(` (`attn_mask` `=` $attn_mask^ `,` ` `)? `key` `=` $key `,` ` `
        `query` `=` $query `,` ` ` `value` `=` $value `)` attr-dict `:`
        functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reductions: `mil.reduce_sum(x = %a, axes = %ax, keep_dims = %kd)`
//===----------------------------------------------------------------------===//

class MIL_ReduceOp<string mnemonic, string sym>
    : MIL_Op<mnemonic, [Pure, AttrSizedOperandSegments]> {
  let summary = sym # " over axes";
  let description = [{
    MIL reduction `}] # mnemonic # [{(x=, axes=, keep_dims=)` (spelled in this
    order, not alphabetically). `axes` is an int32 vector mil.const (default:
    all axes), `keep_dims` a bool mil.const (default false); the result shape
    drops the reduced dims, or keeps them as 1 with keep_dims.
  }];
  let arguments = (ins MIL_NumericTensor:$x, Optional<MIL_IntVector>:$axes,
                       Optional<MIL_BoolScalar>:$keep_dims);
  let results = (outs MIL_NumericTensor:$result);
  let assemblyFormat = [{
    `(` `x` `=` $x `` custom<ReduceArgs>($axes, $keep_dims) `)` attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_ReduceSumOp : MIL_ReduceOp<"reduce_sum", "sum">;
def MIL_ReduceMeanOp : MIL_ReduceOp<"reduce_mean", "mean">;
def MIL_ReduceMaxOp : MIL_ReduceOp<"reduce_max", "maximum">;
def MIL_ReduceMinOp : MIL_ReduceOp<"reduce_min", "minimum">;

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

def MIL_ReshapeOp : MIL_Op<"reshape", [Pure]> {
  let summary = "same elements, new shape";
  let description = [{
    MIL `reshape(shape=, x=)`: `shape` is an int32 vector mil.const; one
    entry may be -1 (inferred) and, when its length equals rank(x), 0 copies
    the dim of x. The element count is kept and the result shape equals the
    resolved `shape`.
  }];
  let arguments = (ins MIL_IntVector:$shape, MIL_Tensor:$x);
  let results = (outs MIL_Tensor:$result);
  let assemblyFormat = [{
    `(` `shape` `=` $shape `,` ` ` `x` `=` $x `)` attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_TransposeOp : MIL_Op<"transpose", [Pure]> {
  let summary = "permute dims";
  let description = [{
    MIL `transpose(perm=, x=)`: `perm` is an int32 vector mil.const, a
    permutation of [0, rank); `result.shape[i] = x.shape[perm[i]]`.
  }];
  let arguments = (ins MIL_IntVector:$perm, MIL_Tensor:$x);
  let results = (outs MIL_Tensor:$result);
  let assemblyFormat = [{
    `(` `perm` `=` $perm `,` ` ` `x` `=` $x `)` attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_SliceByIndexOp
    : MIL_Op<"slice_by_index", [Pure, AttrSizedOperandSegments]> {
  let summary = "numpy-style strided slice";
  let description = [{
    MIL `slice_by_index`: `x[begin[i]:end[i]:stride[i], ...]`. begin, end and
    stride (default 1s) are int32 vector mil.consts of length rank(x);
    negative indices count from the end. begin_mask[i] / end_mask[i] ignore
    begin[i] / end[i]; squeeze_mask[i] takes the single index begin[i] and
    drops dim i. mechramc/Orion's backward kernels slice packed inputs with
    it.
  }];
  let arguments = (ins MIL_IntVector:$begin, Optional<MIL_BoolVector>:$begin_mask,
                       MIL_IntVector:$end, Optional<MIL_BoolVector>:$end_mask,
                       Optional<MIL_BoolVector>:$squeeze_mask,
                       Optional<MIL_IntVector>:$stride, MIL_Tensor:$x);
  let results = (outs MIL_Tensor:$result);
  let assemblyFormat = [{
    `(` `begin` `=` $begin `,` ` ` (`begin_mask` `=` $begin_mask^ `,` ` `)?
        `end` `=` $end `,` ` ` (`end_mask` `=` $end_mask^ `,` ` `)?
        (`squeeze_mask` `=` $squeeze_mask^ `,` ` `)? (`stride` `=` $stride^ `,` ` `)?
        `x` `=` $x `)` attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_SliceBySizeOp : MIL_Op<"slice_by_size", [Pure]> {
  let summary = "slice of a given size";
  let description = [{
    MIL `slice_by_size(begin=, size=, x=)`: begin and size are int32 vector
    mil.consts of length rank(x); `size[i] == -1` takes the rest of dim i.
  }];
  let arguments = (ins MIL_IntVector:$begin, MIL_IntVector:$size, MIL_Tensor:$x);
  let results = (outs MIL_Tensor:$result);
  let assemblyFormat = [{
    `(` `begin` `=` $begin `,` ` ` `size` `=` $size `,` ` ` `x` `=` $x `)` attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_CastOp : MIL_Op<"cast", [Pure]> {
  let summary = "convert the dtype";
  let description = [{
    MIL `cast(dtype=, x=)`: `dtype` is a string mil.const, one of "fp16",
    "fp32", "int32", "bool", "int8", "uint8"; the result has the shape of x
    and that element type. Orion casts fp32 I/O to fp16 and back.
  }];
  let arguments = (ins MIL_String:$dtype, MIL_Tensor:$x);
  let results = (outs MIL_Tensor:$result);
  let assemblyFormat = [{
    `(` `dtype` `=` $dtype `,` ` ` `x` `=` $x `)` attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_ExpandDimsOp : MIL_Op<"expand_dims", [Pure]> {
  let summary = "insert size-1 dims";
  let description = [{
    MIL `expand_dims(axes=, x=)`: inserts a dim of size 1 at each of `axes`
    (an int32 vector mil.const, indices into the result, negative from the
    end).
  }];
  let arguments = (ins MIL_IntVector:$axes, MIL_Tensor:$x);
  let results = (outs MIL_Tensor:$result);
  let assemblyFormat = [{
    `(` `axes` `=` $axes `,` ` ` `x` `=` $x `)` attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_SqueezeOp : MIL_Op<"squeeze", [Pure]> {
  let summary = "remove size-1 dims";
  let description = [{
    MIL `squeeze(axes=, x=)`: removes the dims in `axes` (an int32 vector
    mil.const; each must have size 1), or every size-1 dim without `axes`.
  }];
  let arguments = (ins Optional<MIL_IntVector>:$axes, MIL_Tensor:$x);
  let results = (outs MIL_Tensor:$result);
  let assemblyFormat = [{
    `(` (`axes` `=` $axes^ `,` ` `)? `x` `=` $x `)` attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Ops MIL has but Orion's ANE target does not use
//===----------------------------------------------------------------------===//

def MIL_ConcatOp : MIL_Op<"concat", [Pure, AttrSizedOperandSegments]> {
  let summary = "join tensors along an axis";
  let description = [{
    MIL `concat(axis=, interleave=, values=(a, b, ...))`: all values share a
    dtype and rank and agree on every dim but `axis` (an int32 mil.const),
    whose sizes add up. The ANE compiler rejects concat
    (docs/ane-constraints.md ANE-NO-CONCAT); Orion uses multi-output
    programs instead, and packs inputs on the CPU.

    ```mlir
    %r = mil.concat(axis = %ax, values = (%a, %b)) : (...) -> tensor<1x8x1x4xf16>
    ```
  }];
  let arguments = (ins MIL_IntScalar:$axis, Optional<MIL_BoolScalar>:$interleave,
                       Variadic<MIL_Tensor>:$values);
  let results = (outs MIL_Tensor:$result);
  let assemblyFormat = [{
    `(` `axis` `=` $axis `,` ` ` (`interleave` `=` $interleave^ `,` ` `)?
        `values` `=` `(` $values `)` `)` attr-dict `:`
        functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_SplitOp : MIL_Op<"split", [Pure, AttrSizedOperandSegments]> {
  let summary = "split a tensor along an axis";
  let description = [{
    MIL `split(axis=, num_splits=, split_sizes=, x=)`: exactly one of
    num_splits (int32 mil.const, equal to the number of results, which split
    `x.shape[axis]` evenly) or split_sizes (int32 vector mil.const, one entry
    per result, summing to `x.shape[axis]`). mechramc/Orion's codegen prints
    `// UNSUPPORTED OP: split`; multi-output programs replace it.
  }];
  let arguments = (ins MIL_IntScalar:$axis, Optional<MIL_IntScalar>:$num_splits,
                       Optional<MIL_IntVector>:$split_sizes, MIL_Tensor:$x);
  let results = (outs Variadic<MIL_Tensor>:$outputs);
  let assemblyFormat = [{
    `(` `axis` `=` $axis `,` ` ` (`num_splits` `=` $num_splits^ `,` ` `)?
        (`split_sizes` `=` $split_sizes^ `,` ` `)? `x` `=` $x `)` attr-dict `:`
        functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_GatherOp : MIL_Op<"gather", [Pure]> {
  let summary = "gather slices along an axis";
  let description = [{
    MIL `gather(axis=, indices=, x=)`: result shape is
    `x.shape[:axis] + indices.shape + x.shape[axis+1:]`; `axis` (default 0)
    is an int32 mil.const. mechramc/Orion never emitted it (its embedding
    lookups ran on the CPU), so the ANE target treats gather as unsupported;
    Orion emits it in "cpu" kernels only.
  }];
  let arguments = (ins Optional<MIL_IntScalar>:$axis, MIL_IntTensor:$indices,
                       MIL_Tensor:$x);
  let results = (outs MIL_Tensor:$result);
  let assemblyFormat = [{
    `(` (`axis` `=` $axis^ `,` ` `)? `indices` `=` $indices `,` ` ` `x` `=` $x `)`
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_OneHotOp : MIL_Op<"one_hot", [Pure, AttrSizedOperandSegments]> {
  let summary = "one-hot vectors of indices";
  let description = [{
    MIL `one_hot(axis=, indices=, off_value=, on_value=,
    one_hot_vector_size=)` (coremltools iOS15): the result is `indices.shape`
    with a dim of size `one_hot_vector_size` inserted at `axis` (default -1,
    the last; in [-rank-1, rank]); an element is `on_value` where its index
    along that dim equals the id and `off_value` elsewhere, so an id outside
    [0, size) gives a vector of off_values. on_value (default int32 1) and
    off_value (default int32 0) are scalar mil.consts of one dtype (fp16,
    fp32, int32 or bool), which the result takes. one_hot_vector_size is an
    int32 mil.const here: MIL tensors have static shapes. Orion emits it in
    "cpu" kernels only (cross_entropy's target pick); the ANE target treats
    it as unsupported.

    ```mlir
    %r = mil.one_hot(axis = %ax, indices = %ids, off_value = %off, on_value = %on, one_hot_vector_size = %n) : (tensor<i32>, tensor<4xi32>, tensor<f32>, tensor<f32>, tensor<i32>) -> tensor<4x10xf32>
    ```
  }];
  let arguments = (ins Optional<MIL_IntScalar>:$axis, MIL_IntTensor:$indices,
                       Optional<MIL_Scalar>:$off_value,
                       Optional<MIL_Scalar>:$on_value,
                       MIL_IntScalar:$one_hot_vector_size);
  let results = (outs MIL_Tensor:$result);
  let assemblyFormat = [{
    `(` (`axis` `=` $axis^ `,` ` `)? `indices` `=` $indices `,` ` `
        (`off_value` `=` $off_value^ `,` ` `)? (`on_value` `=` $on_value^ `,` ` `)?
        `one_hot_vector_size` `=` $one_hot_vector_size `)` attr-dict `:`
        functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_FillOp : MIL_Op<"fill", [Pure]> {
  let summary = "a tensor of one value";
  let description = [{
    MIL `fill(shape=, value=)` (coremltools iOS15): the result has shape
    `shape` (an int32 vector mil.const here: MIL tensors have static shapes)
    and every element `value`, a scalar mil.const (default fp32 0.0) whose
    dtype the result takes. Orion emits it in "cpu" kernels only (the zero
    table an embedding's gradient scatters into); the ANE target treats it as
    unsupported.

    ```mlir
    %z = mil.fill(shape = %s, value = %zero) : (tensor<2xi32>, tensor<f32>) -> tensor<32000x288xf32>
    ```
  }];
  let arguments = (ins MIL_IntVector:$shape, Optional<MIL_Scalar>:$value);
  let results = (outs MIL_Tensor:$result);
  let assemblyFormat = [{
    `(` `shape` `=` $shape (`,` ` ` `value` `=` $value^)? `)` attr-dict `:`
        functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_ScatterOp : MIL_Op<"scatter", [Pure, AttrSizedOperandSegments]> {
  let summary = "write or accumulate slices into a tensor along an axis";
  let description = [{
    MIL `scatter(axis=, data=, indices=, mode=, updates=)` (coremltools
    iOS15): the result is `data` with slice `indices[i]` along `axis`
    (default 0) combined with slice i of `updates` by `mode` (default "add";
    update, add, sub, mul, div, max or min). `updates` is
    `data.shape[:axis] + indices.shape + data.shape[axis+1:]`; coremltools
    documents `indices` as 1-D int32. With "add" repeated indices
    accumulate. axis and mode are mil.consts. Orion emits it in "cpu" kernels
    only (an embedding's gradient, mode "add" on axis 0); the ANE target
    treats it as unsupported.

    ```mlir
    %g = mil.scatter(axis = %ax, data = %z, indices = %ids, mode = %add, updates = %d) : (tensor<i32>, tensor<32000x288xf32>, tensor<256xi32>, !mil.string, tensor<256x288xf32>) -> tensor<32000x288xf32>
    ```
  }];
  let arguments = (ins Optional<MIL_IntScalar>:$axis, MIL_NumericTensor:$data,
                       MIL_IntVector:$indices, Optional<MIL_String>:$mode,
                       MIL_NumericTensor:$updates);
  let results = (outs MIL_NumericTensor:$result);
  let assemblyFormat = [{
    `(` (`axis` `=` $axis^ `,` ` `)? `data` `=` $data `,` ` `
        `indices` `=` $indices `,` ` ` (`mode` `=` $mode^ `,` ` `)?
        `updates` `=` $updates `)` attr-dict `:`
        functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_SelectOp : MIL_Op<"select", [Pure]> {
  let summary = "cond ? a : b, elementwise";
  let description = [{
    MIL `select(a=, b=, cond=)`: cond (bool), a and b broadcast to the result
    shape; a, b and the result share a dtype. Orion never emits it (causal
    masking is an additive mask blob), so the ANE target treats select as
    unsupported.
  }];
  let arguments = (ins MIL_Tensor:$a, MIL_Tensor:$b, MIL_BoolTensor:$cond);
  let results = (outs MIL_Tensor:$result);
  let assemblyFormat = [{
    `(` `a` `=` $a `,` ` ` `b` `=` $b `,` ` ` `cond` `=` $cond `)` attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MIL_BandPartOp : MIL_Op<"band_part", [Pure, AttrSizedOperandSegments]> {
  let summary = "keep a band around the diagonal of the last two dims";
  let description = [{
    MIL `band_part(lower=, upper=, x=)`: zeroes elements below `lower` /
    above `upper` diagonals of the last two dims (int32 mil.consts, default
    -1 = keep all; causal mask = lower -1, upper 0). Orion never emits it
    (causal masks are BLOBFILE consts), so the ANE target treats band_part
    as unsupported.
  }];
  let arguments = (ins Optional<MIL_IntScalar>:$lower,
                       Optional<MIL_IntScalar>:$upper, MIL_Tensor:$x);
  let results = (outs MIL_Tensor:$result);
  let assemblyFormat = [{
    `(` (`lower` `=` $lower^ `,` ` `)? (`upper` `=` $upper^ `,` ` `)? `x` `=` $x `)`
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // ORION_DIALECT_MIL_IR_MILOPS_TD
