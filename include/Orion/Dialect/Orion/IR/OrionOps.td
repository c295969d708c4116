//===- OrionOps.td - Ops of the orion dialect --------------*- tablegen -*-===//
//
// Every op has value semantics, verifies shapes, dtypes and attributes, and
// infers its result type where the operands determine it. Ops that need a
// result type to be spelled (param, constant, reshape, cast) say so in their
// assembly format.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DIALECT_ORION_IR_ORIONOPS_TD
#define ORION_DIALECT_ORION_IR_ORIONOPS_TD

include "Orion/Dialect/Orion/IR/OrionDialect.td"
include "Orion/Dialect/Orion/IR/OrionAttrs.td"
include "Orion/Dialect/Orion/IR/OrionInterfaces.td"
include "Orion/Dialect/Orion/IR/OrionTraits.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Orion_FloatTensor : RankedTensorOf<[F32, F16, BF16]>;
def Orion_Tensor : RankedTensorOf<[F32, F16, BF16, I32]>;
def Orion_IndexTensor : RankedTensorOf<[I32]>;

// Every op says how it is lowered and differentiated (OrionTraits.td).
class Orion_Op<string mnemonic, list<Trait> traits = []>
    : Op<Orion_Dialect, mnemonic, traits # [Orion_Classified, Orion_OpInfo]>;

// A primitive the ANE runs, with a derivative rule: most ops.
defvar Orion_ANEDifferentiable =
    [Orion_MILLowered, Orion_ANEPrimitive, Orion_Differentiable];
// The derivative of a max selects elements by comparison.
defvar Orion_NoComparisonDerivative = Orion_NoDerivative<
    "its derivative selects elements by comparison, and orion has no "
    "comparison op">;

//===----------------------------------------------------------------------===//
// Values: parameters and constants
//===----------------------------------------------------------------------===//

def Orion_ParamOp : Orion_Op<"param", [Pure, Orion_MILLowered,
    Orion_ANEPrimitive, Orion_NoDerivative<"a leaf: orion-autodiff sums the "
    "gradients that reach it into the parameter's gradient">]> {
  let summary = "a named tensor held in the weight store";
  let description = [{
    Refers to a model parameter by name. The value lives outside the IR (in a
    weight store: safetensors, llama2.c checkpoint or BLOBFILEs), so weight
    updates never change the IR and a 124M-parameter model stays small.

    ```mlir
    %wq = orion.param "layers.0.attention.wq" : tensor<768x768xf32>
    ```
  }];
  let arguments = (ins StrAttr:$name);
  let results = (outs Orion_Tensor:$result);
  let assemblyFormat = "$name attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Orion_ConstantOp : Orion_Op<"constant",
    [ConstantLike, Pure, AllTypesMatch<["value", "result"]>, Orion_MILLowered,
     Orion_ANEPrimitive, Orion_NoDerivative<"a constant: nothing is "
     "differentiated with respect to it">]> {
  let summary = "a small constant tensor";
  let description = [{
    An inline constant. Use it for scalars, masks and tables that are part of
    the program rather than the model; large weights belong in `orion.param`.

    ```mlir
    %half = orion.constant dense<5.000000e-01> : tensor<f32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Orion_Tensor:$result);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops (numpy broadcasting)
//===----------------------------------------------------------------------===//

class Orion_BinaryOp<string mnemonic, list<Trait> traits = []>
    : Orion_Op<mnemonic, traits # [Pure, InferTypeOpAdaptor, Orion_Pointwise]
                              # Orion_ANEDifferentiable> {
  let arguments = (ins Orion_Tensor:$lhs, Orion_Tensor:$rhs);
  let results = (outs Orion_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` custom<BinaryOperandTypes>(type($lhs), type($rhs))
  }];
  let description = [{
    Elementwise with numpy broadcasting: shapes are aligned from the right and
    a dimension of size 1 stretches to match. Both operands share one element
    type. When both operand types are the same, the type is written once.
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &results) {
      return inferBinary(loc, adaptor.getLhs(), adaptor.getRhs(), results);
    }
  }];
}

def Orion_AddOp : Orion_BinaryOp<"add", [Commutative]> {
  let summary = "elementwise addition";
  let hasFolder = 1;
}
def Orion_SubOp : Orion_BinaryOp<"sub"> {
  let summary = "elementwise subtraction";
  let hasFolder = 1;
}
def Orion_MulOp : Orion_BinaryOp<"mul", [Commutative]> {
  let summary = "elementwise multiplication";
  let hasFolder = 1;
}
def Orion_DivOp : Orion_BinaryOp<"div"> {
  let summary = "elementwise division";
  let hasFolder = 1;
}
def Orion_PowOp : Orion_BinaryOp<"pow"> {
  let summary = "elementwise power";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

class Orion_UnaryOp<string mnemonic, list<Trait> traits = []>
    : Orion_Op<mnemonic, traits # [Pure, SameOperandsAndResultType,
                                   Orion_Pointwise]> {
  let arguments = (ins Orion_FloatTensor:$input);
  let results = (outs Orion_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Orion_NegOp : Orion_UnaryOp<"neg", Orion_ANEDifferentiable> {
  let summary = "elementwise negation";
  let arguments = (ins Orion_Tensor:$input);
  let results = (outs Orion_Tensor:$result);
  let hasCanonicalizer = 1;
}
def Orion_ExpOp : Orion_UnaryOp<"exp", Orion_ANEDifferentiable> { let summary = "elementwise e^x"; }
def Orion_LogOp : Orion_UnaryOp<"log", Orion_ANEDifferentiable> {
  let summary = "elementwise natural logarithm";
}
def Orion_SqrtOp : Orion_UnaryOp<"sqrt", Orion_ANEDifferentiable> { let summary = "elementwise square root"; }
def Orion_RsqrtOp : Orion_UnaryOp<"rsqrt", Orion_ANEDifferentiable> {
  let summary = "elementwise reciprocal square root";
}
def Orion_TanhOp : Orion_UnaryOp<"tanh", Orion_ANEDifferentiable> { let summary = "elementwise tanh"; }
def Orion_SigmoidOp : Orion_UnaryOp<"sigmoid", Orion_ANEDifferentiable> {
  let summary = "elementwise logistic sigmoid 1/(1+e^-x)";
}
def Orion_ReluOp : Orion_UnaryOp<"relu", [Orion_MILLowered, Orion_ANEPrimitive,
    Orion_NoComparisonDerivative]> { let summary = "elementwise max(x, 0)"; }
def Orion_SiluOp : Orion_UnaryOp<"silu", [Orion_MILLowered, Orion_Decomposed,
    Orion_Differentiable]> {
  let summary = "elementwise x * sigmoid(x) (Llama's SwiGLU activation)";
}

def Orion_GeluOp : Orion_UnaryOp<"gelu", [Orion_MILLowered, Orion_Decomposed]> {
  let summary = "Gaussian error linear unit";
  let description = [{
    `approximate = none` is x * Phi(x) with the exact erf; `approximate = tanh`
    is 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))), the form GPT-2 was
    trained with. The ANE has no gelu op, so `orion-decompose` expands both.

    ```mlir
    %y = orion.gelu %x approximate = tanh : tensor<256x3072xf32>
    ```
  }];
  let arguments = (ins Orion_FloatTensor:$input,
      DefaultValuedAttr<Orion_GeluApproximation,
                        "::mlir::orion::GeluApproximation::None">:$approximate);
  let assemblyFormat = [{
    $input (`approximate` `=` $approximate^)? attr-dict `:` type($input)
  }];
}

//===----------------------------------------------------------------------===//
// Normalizations and softmax
//===----------------------------------------------------------------------===//

class Orion_SoftmaxLikeOp<string mnemonic, list<Trait> traits>
    : Orion_Op<mnemonic, traits # [Pure, SameOperandsAndResultType]> {
  let arguments = (ins Orion_FloatTensor:$input,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs Orion_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`axis` `=` $axis^)? attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      return verifySoftmaxAxis(*this, getType(), getAxis());
    }
  }];
}

def Orion_SoftmaxOp : Orion_SoftmaxLikeOp<"softmax", Orion_ANEDifferentiable> {
  let summary = "softmax along one axis";
  let description = [{
    exp(x - max(x)) / sum(exp(x - max(x))) along `axis` (default -1; negative
    axes count from the end).
  }];
}
def Orion_LogSoftmaxOp : Orion_SoftmaxLikeOp<"log_softmax",
    [Orion_Decomposed, Orion_Differentiable]> {
  let summary = "log of softmax along one axis, computed stably";
}

def Orion_LayerNormOp : Orion_Op<"layer_norm", [Pure, InferTypeOpAdaptor,
    Orion_Decomposed]> {
  let summary = "layer normalization over the last dimension";
  let description = [{
    (x - mean) / sqrt(var + epsilon) * weight + bias over the last dimension,
    with the biased variance (GPT-2's LayerNorm). `weight` and the optional
    `bias` are 1-D with the size of that dimension.

    ```mlir
    %y = orion.layer_norm %x, %g, %b eps = 1.0e-05 : tensor<256x768xf32>, tensor<768xf32>, tensor<768xf32>
    ```
  }];
  let arguments = (ins Orion_FloatTensor:$input, Orion_FloatTensor:$weight,
                       Optional<Orion_FloatTensor>:$bias,
                       DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon);
  let hasVerifier = 1;
  let results = (outs Orion_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? (`eps` `=` $epsilon^)? attr-dict `:`
    type($input) `,` type($weight) (`,` type($bias)^)?
  }];
}

def Orion_RMSNormOp : Orion_Op<"rms_norm", [Pure, InferTypeOpAdaptor,
    Orion_Decomposed]> {
  let summary = "root-mean-square normalization over the last dimension";
  let description = [{
    x / sqrt(mean(x^2) + epsilon) * weight over the last dimension (Llama's
    RMSNorm). `weight` is 1-D with the size of that dimension.

    ```mlir
    %y = orion.rms_norm %x, %w eps = 1.0e-05 : tensor<256x768xf32>, tensor<768xf32>
    ```
  }];
  let arguments = (ins Orion_FloatTensor:$input, Orion_FloatTensor:$weight,
                       DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon);
  let hasVerifier = 1;
  let results = (outs Orion_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`eps` `=` $epsilon^)? attr-dict `:`
    type($input) `,` type($weight)
  }];
}

//===----------------------------------------------------------------------===//
// Linear algebra and transformer blocks
//===----------------------------------------------------------------------===//

def Orion_LinearOp : Orion_Op<"linear", [Pure, InferTypeOpAdaptor]
    # Orion_ANEDifferentiable> {
  let summary = "x @ weight^T + bias, with PyTorch's [out, in] weight layout";
  let description = [{
    `input` is `[..., in]`, `weight` is `[out, in]` (nn.Linear's layout; the
    ANE target turns it into a 1x1 conv on `[out, in, 1, 1]`), and the
    optional `bias` is `[out]`. The result is `[..., out]`.

    ```mlir
    %q = orion.linear %h, %wq : tensor<256x768xf32>, tensor<768x768xf32>
    ```
  }];
  let arguments = (ins Orion_FloatTensor:$input, Orion_FloatTensor:$weight,
                       Optional<Orion_FloatTensor>:$bias);
  let results = (outs Orion_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:`
    type($input) `,` type($weight) (`,` type($bias)^)?
  }];
}

def Orion_MatmulOp : Orion_Op<"matmul", [Pure, InferTypeOpAdaptor]
    # Orion_ANEDifferentiable> {
  let summary = "batched matrix product with optional transposes";
  let description = [{
    `lhs` is `[..., M, K]` (or `[..., K, M]` with `transpose_lhs`), `rhs` is
    `[..., K, N]` (or `[..., N, K]` with `transpose_rhs`); leading batch
    dimensions broadcast. Both operands have rank of at least 2.

    ```mlir
    %s = orion.matmul %q, %k transpose_rhs : tensor<12x256x64xf32>, tensor<12x256x64xf32>
    ```
  }];
  let arguments = (ins Orion_Tensor:$lhs, Orion_Tensor:$rhs,
                       UnitAttr:$transpose_lhs, UnitAttr:$transpose_rhs);
  let results = (outs Orion_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`transpose_lhs` $transpose_lhs^)?
    (`transpose_rhs` $transpose_rhs^)? attr-dict `:` type($lhs) `,` type($rhs)
  }];
}

def Orion_RopeOp : Orion_Op<"rope", [Pure, InferTypeOpAdaptor,
    Orion_Decomposed]> {
  let summary = "rotary position embedding on packed heads";
  let description = [{
    Rotates each head of `input` (`[..., S, heads * head_dim]`) by angles
    `pos * theta^(-2i/head_dim)`. Positions are 0..S-1, or the i32 values of
    the optional `positions` operand (`[S]`), which a decode step with a KV
    cache uses. `style` picks the dimension pairing (see RopeStyle).

    ```mlir
    %qr = orion.rope %q head_dim = 64 : tensor<256x768xf32>
    ```
  }];
  let arguments = (ins Orion_FloatTensor:$input,
                       Optional<Orion_IndexTensor>:$positions,
                       I64Attr:$head_dim,
                       DefaultValuedAttr<F32Attr, "10000.0">:$theta,
                       DefaultValuedAttr<Orion_RopeStyle,
                           "::mlir::orion::RopeStyle::Interleaved">:$style);
  let hasVerifier = 1;
  let results = (outs Orion_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`,` $positions^)? `head_dim` `=` $head_dim (`theta` `=` $theta^)?
    (`style` `=` $style^)? attr-dict `:` type($input) (`,` type($positions)^)?
  }];
}

def Orion_AttentionOp : Orion_Op<"attention", [Pure, InferTypeOpAdaptor,
    Orion_Decomposed]> {
  let summary = "multi-head scaled dot-product attention on packed heads";
  let description = [{
    `query` is `[..., Sq, heads * D]`, `key` and `value` are
    `[..., Skv, kv_heads * D]`; `heads` must be a multiple of `kv_heads`
    (grouped-query attention shares each key/value head among
    `heads / kv_heads` query heads). Scores are scaled by `scale`
    (default 1/sqrt(D)). With `causal`, query i (aligned to the end of the key
    sequence, so a KV-cached decode step sees every earlier key) attends to
    keys j <= i + Skv - Sq. The result has the query's type.

    The optional `mask` (`[Sq, Skv]`, the query's element type) is added to
    the scaled scores of every head before the softmax. A KV-cache decode
    step attends over a fixed-length cache and masks the slots not filled
    yet with it (0 where a key is visible, a large negative value where not).

    With `transposed_kv`, key and value are `[..., kv_heads * D, Skv]`:
    channel-major, the way an ANE surface `[1, C, 1, S]` holds a cache, so
    each head's keys are already the `[D, Skv]` block QK^T multiplies by and
    no transpose is needed.

    ```mlir
    %o = orion.attention %q, %k, %v heads = 12 kv_heads = 12 causal
        : tensor<256x768xf32>, tensor<256x768xf32>, tensor<256x768xf32>
    %d = orion.attention %q1, %kc, %vc mask %m heads = 12 kv_heads = 12
        : tensor<1x768xf32>, tensor<512x768xf32>, tensor<512x768xf32>,
          tensor<1x512xf32>
    ```
  }];
  let arguments = (ins Orion_FloatTensor:$query, Orion_FloatTensor:$key,
                       Orion_FloatTensor:$value,
                       Optional<Orion_FloatTensor>:$mask, I64Attr:$heads,
                       I64Attr:$kv_heads, UnitAttr:$causal,
                       OptionalAttr<F32Attr>:$scale, UnitAttr:$transposed_kv);
  let hasVerifier = 1;
  let results = (outs Orion_FloatTensor:$result);
  let assemblyFormat = [{
    $query `,` $key `,` $value (`mask` $mask^)? `heads` `=` $heads
    `kv_heads` `=` $kv_heads (`causal` $causal^)? (`scale` `=` $scale^)?
    (`transposed_kv` $transposed_kv^)?
    attr-dict `:` type($query) `,` type($key) `,` type($value)
    (`,` type($mask)^)?
  }];
}

def Orion_EmbeddingOp : Orion_Op<"embedding", [Pure, InferTypeOpAdaptor,
    Orion_Differentiable, Orion_CpuOnly<"embedding is a gather, which the ANE "
    "does not run; orion-partition must place it in a \"cpu\" kernel">]> {
  let summary = "gathers rows of a table by token id";
  let description = [{
    `table` is `[V, D]`, `indices` is an i32 tensor of any shape; the result is
    `indices.shape + [D]`. Ids outside [0, V) are a runtime error.

    ```mlir
    %x = orion.embedding %wte[%tokens] : tensor<50257x768xf32>, tensor<256xi32>
    ```
  }];
  let arguments = (ins Orion_FloatTensor:$table, Orion_IndexTensor:$indices);
  let results = (outs Orion_FloatTensor:$result);
  let assemblyFormat = [{
    $table `[` $indices `]` attr-dict `:` type($table) `,` type($indices)
  }];
}

def Orion_EmbeddingGradOp : Orion_Op<"embedding_grad", [Pure,
    Orion_CpuOnly<"embedding_grad is a scatter-add, which the ANE does not "
    "run; orion-partition must place it in a \"cpu\" kernel">,
    Orion_NoDerivative<"it is a gradient orion-autodiff builds; nothing "
    "differentiates it again">]> {
  let summary = "sums rows into a zero table by token id (embedding's gradient)";
  let description = [{
    The transpose of `orion.embedding`: `d` is `indices.shape + [D]`, the
    result is `[rows, D]`, zero except that row `indices[i]` accumulates
    `d[i]` (repeated ids add up). Ids outside [0, rows) contribute nothing.
    It reads only the used rows, where one_hot(ids)^T @ d is a GEMM over
    the whole vocabulary.

    ```mlir
    %g = orion.embedding_grad %d[%tokens] rows = 32000 : tensor<256x288xf32>, tensor<256xi32> -> tensor<32000x288xf32>
    ```
  }];
  let arguments = (ins Orion_FloatTensor:$updates, Orion_IndexTensor:$indices,
                       I64Attr:$rows);
  let results = (outs Orion_FloatTensor:$result);
  let assemblyFormat = [{
    $updates `[` $indices `]` `rows` `=` $rows attr-dict `:` type($updates)
    `,` type($indices) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Orion_CrossEntropyOp : Orion_Op<"cross_entropy", [Pure,
    InferTypeOpAdaptor, Orion_Differentiable, Orion_CpuOnly<"cross_entropy's "
    "target pick is a one_hot, which the ANE does not run; orion-partition "
    "must place the loss in a \"cpu\" kernel">]> {
  let summary = "mean softmax cross-entropy of logits against target ids";
  let description = [{
    `logits` is `[..., V]`, `targets` is i32 with the logits' shape minus the
    last dimension. The result is a rank-0 tensor: the mean over all
    positions of -log softmax(logits)[target].

    ```mlir
    %loss = orion.cross_entropy %logits, %targets : tensor<256x32000xf32>, tensor<256xi32>
    ```
  }];
  let arguments = (ins Orion_FloatTensor:$logits, Orion_IndexTensor:$targets);
  let results = (outs Orion_FloatTensor:$result);
  let assemblyFormat = [{
    $logits `,` $targets attr-dict `:` type($logits) `,` type($targets)
  }];
}

def Orion_OneHotOp : Orion_Op<"one_hot", [Pure,
    Orion_CpuOnly<"the ANE has no one_hot; orion-partition must place it in "
    "a \"cpu\" kernel">, Orion_NoDerivative<"its input is integer ids, so "
    "no gradient flows through it">]> {
  let summary = "float rows with a 1 at each id and 0 elsewhere";
  let description = [{
    `indices` is an i32 tensor of any shape; the result is
    `indices.shape + [depth]` in a float type, 1 where the last index equals
    the id and 0 elsewhere. An id outside [0, depth) gives a row of zeros.
    cross_entropy's gradient uses it: softmax(logits) - one_hot(targets).

    ```mlir
    %t = orion.one_hot %targets depth = 32000 : tensor<256xi32> -> tensor<256x32000xf32>
    ```
  }];
  let arguments = (ins Orion_IndexTensor:$indices, I64Attr:$depth);
  let results = (outs Orion_FloatTensor:$result);
  let assemblyFormat = [{
    $indices `depth` `=` $depth attr-dict `:` type($indices) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

def Orion_ReshapeOp : Orion_Op<"reshape", [Pure] # Orion_ANEDifferentiable> {
  let summary = "reinterprets a tensor with another static shape";
  let description = [{
    The element count and element type stay the same; row-major order is kept.

    ```mlir
    %y = orion.reshape %x : tensor<256x768xf32> -> tensor<256x12x64xf32>
    ```
  }];
  let arguments = (ins Orion_Tensor:$input);
  let results = (outs Orion_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Orion_TransposeOp : Orion_Op<"transpose", [Pure, InferTypeOpAdaptor]
    # Orion_ANEDifferentiable> {
  let summary = "permutes dimensions";
  let description = [{
    Result dimension i is input dimension `perm[i]`.

    ```mlir
    %y = orion.transpose %x [1, 0, 2] : tensor<256x12x64xf32>
    ```
  }];
  let arguments = (ins Orion_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs Orion_Tensor:$result);
  let assemblyFormat = "$input $perm attr-dict `:` type($input)";
  let hasFolder = 1;
}

def Orion_SliceOp : Orion_Op<"slice", [Pure, InferTypeOpAdaptor]
    # Orion_ANEDifferentiable> {
  let summary = "static strided slice";
  let description = [{
    Takes `begin[i] <= j < end[i]` in steps of `step[i]` (default 1) along
    every dimension. Bounds must lie within the input.

    ```mlir
    %q = orion.slice %qkv [0, 0] to [256, 768] : tensor<256x2304xf32>
    ```
  }];
  let arguments = (ins Orion_Tensor:$input, DenseI64ArrayAttr:$begin,
                       DenseI64ArrayAttr:$end,
                       OptionalAttr<DenseI64ArrayAttr>:$step);
  let results = (outs Orion_Tensor:$result);
  let assemblyFormat = [{
    $input $begin `to` $end (`step` $step^)? attr-dict `:` type($input)
  }];
  let hasFolder = 1;
}

def Orion_ConcatOp : Orion_Op<"concat", [Pure, InferTypeOpAdaptor,
    Orion_MILLowered, Orion_Differentiable]> {
  let summary = "joins tensors along one axis";
  let description = [{
    All inputs share rank, element type and every dimension but `axis`.

    ```mlir
    %y = orion.concat(%a, %b) axis = 1 : tensor<4x8xf32>, tensor<4x2xf32>
    ```
  }];
  let arguments = (ins Variadic<Orion_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Orion_Tensor:$result);
  let assemblyFormat = [{
    `(` $inputs `)` `axis` `=` $axis attr-dict `:` type($inputs)
  }];
  let hasFolder = 1;
}

def Orion_SplitOp : Orion_Op<"split", [Pure, InferTypeOpAdaptor]
    # Orion_ANEDifferentiable> {
  let summary = "cuts a tensor into consecutive pieces along one axis";
  let description = [{
    `sizes` gives each piece's extent along `axis` and must add up to the
    input's extent there. One result per piece.

    ```mlir
    %q, %k, %v = orion.split %qkv axis = 1 sizes = [768, 768, 768] : tensor<256x2304xf32>
    ```
  }];
  let arguments = (ins Orion_Tensor:$input, I64Attr:$axis,
                       DenseI64ArrayAttr:$sizes);
  let results = (outs Variadic<Orion_Tensor>:$results);
  let assemblyFormat = [{
    $input `axis` `=` $axis `sizes` `=` $sizes attr-dict `:` type($input)
  }];
}

def Orion_CastOp : Orion_Op<"cast", [Pure, SameOperandsAndResultShape,
    Orion_Pointwise] # Orion_ANEDifferentiable> {
  let summary = "converts the element type";
  let description = [{
    Floats round to nearest even; float to i32 truncates toward zero.

    ```mlir
    %h = orion.cast %x : tensor<256x768xf32> to tensor<256x768xf16>
    ```
  }];
  let arguments = (ins Orion_Tensor:$input);
  let results = (outs Orion_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Orion_ReduceOp<string mnemonic, list<Trait> traits>
    : Orion_Op<mnemonic, traits # [Pure, InferTypeOpAdaptor, Orion_MILLowered,
                                   Orion_ANEPrimitive]> {
  let arguments = (ins Orion_Tensor:$input, DenseI64ArrayAttr:$axes,
                       UnitAttr:$keep_dims);
  let results = (outs Orion_Tensor:$result);
  let assemblyFormat = [{
    $input $axes (`keep_dims` $keep_dims^)? attr-dict `:` type($input)
  }];
  let description = [{
    Reduces over `axes` (distinct, negative values count from the end). With
    `keep_dims` the reduced dimensions stay as size 1.
  }];
  let hasFolder = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &results) {
      return inferReduceOp(loc, adaptor.getInput(), adaptor.getAxes(),
                           adaptor.getKeepDims(), results);
    }
  }];
}

def Orion_ReduceSumOp : Orion_ReduceOp<"reduce_sum", [Orion_Differentiable]> {
  let summary = "sum over axes";
}
def Orion_ReduceMeanOp : Orion_ReduceOp<"reduce_mean", [Orion_Differentiable]> {
  let summary = "mean over axes";
}
def Orion_ReduceMaxOp : Orion_ReduceOp<"reduce_max", [Orion_NoComparisonDerivative]> {
  let summary = "maximum over axes";
}

//===----------------------------------------------------------------------===//
// Host-side surface layout (orion-assign-layout)
//===----------------------------------------------------------------------===//

class Orion_SurfaceOp<string mnemonic>
    : Orion_Op<mnemonic, [Pure, Orion_HostBoundary]> {
  let arguments = (ins Orion_Tensor:$input,
                       DefaultValuedAttr<I64Attr, "0">:$channel_offset);
  let results = (outs Orion_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Orion_ToSurfaceOp : Orion_SurfaceOp<"to_surface"> {
  let summary = "places a host [S, C] tensor into an fp16 ANE surface";
  let description = [{
    The ANE reads and writes IOSurfaces holding fp16 `[1, Ct, 1, S]`
    tensors, channel-major: element (c, s) at `c * S + s`. A host `[S, C]`
    row-major tensor occupies channels `[channel_offset, channel_offset + C)`
    of such a surface (several tensors may share one by channel ranges);
    this is the package manifest's `SurfaceBinding{layout = "channels"}`.
    Only host functions use it: kernels see surfaces as arguments.

    ```mlir
    %s = orion.to_surface %x {channel_offset = 0} : tensor<256x768xf32> -> tensor<1x768x1x256xf16>
    ```
  }];
}

def Orion_FromSurfaceOp : Orion_SurfaceOp<"from_surface"> {
  let summary = "reads a host [S, C] tensor out of an fp16 ANE surface";
  let description = [{
    The inverse of `orion.to_surface`: channels
    `[channel_offset, channel_offset + C)` of a `[1, Ct, 1, S]` fp16 surface
    become a row-major `[S, C]` host tensor.

    ```mlir
    %y = orion.from_surface %s {channel_offset = 0} : tensor<1x768x1x256xf16> -> tensor<256x768xf32>
    ```
  }];
}

def Orion_PackSurfaceOp : Orion_Op<"pack_surface", [Pure, Orion_HostBoundary]> {
  let summary = "places several host [S, C_i] tensors side by side in one surface";
  let description = [{
    One `[1, sum C_i, 1, S]` surface holding host tensor i at channels
    `[C_0 + ... + C_(i-1), C_0 + ... + C_i)`: one ANE input instead of
    several (orion-assign-layout `pack-inputs`). The kernel slices the
    channel ranges apart; the manifest binds each tensor at its offset.
    Only host functions use it.

    ```mlir
    %s = orion.pack_surface %x, %m : tensor<1x768xf32>, tensor<1x256xf32> -> tensor<1x1024x1x1xf16>
    ```
  }];
  let arguments = (ins Variadic<Orion_FloatTensor>:$inputs);
  let results = (outs Orion_Tensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` type($inputs) `->` type($result)";
  let hasVerifier = 1;
}

#endif // ORION_DIALECT_ORION_IR_ORIONOPS_TD
