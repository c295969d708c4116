//===- Passes.td - Passes on the orion dialect -------------*- tablegen -*-===//
//
// Graph-level passes that run before partitioning and the MIL conversion:
// decomposition of composite ops, projection fusion and cleanup.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TRANSFORMS_PASSES_TD
#define ORION_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def OrionDecompose : Pass<"orion-decompose", "::mlir::func::FuncOp"> {
  let summary = "Rewrite composite orion ops into primitives the ANE and CPU "
                "kernels implement";
  let description = [{
    The ANE compiler has no gelu, silu, erf, layer_norm, rotary embedding or
    usable attention op (its SDPA ignores causal masks; docs/ane-constraints.md
    ANE-NO-GELU-SILU, ANE-SDPA-MASK, ANE-OP-SET), so frontends' composite ops
    must become primitive arithmetic
    before the MIL conversion. Every expansion is numerically faithful:

    - `gelu approximate = tanh`: `0.5 x (1 + tanh(c (x + 0.044715 x^3)))`
      with the exact c = sqrt(2/pi) = 0.7978845608028654 (mechramc/Orion's
      builder truncated it to 0.7979, a 4.9e-6 difference).
    - `gelu` (exact erf): the ANE has no erf, so `exact-gelu` picks an
      approximation. `tanh` (default) is the form above, max |error| against
      x Phi(x) = 4.73e-4 (at |x| = 2.70); `sigmoid` is x sigmoid(1.702 x),
      two ops instead of nine, max |error| = 2.03e-2 (at x = -2.27). Errors
      were measured in double precision on [-12, 12] in steps of 1e-5.
    - `silu`: x * sigmoid(x).
    - `layer_norm`: mean, centre, biased variance, `+ eps`, then
      `pow(-0.5)` (default) or `rsqrt` (see `inverse-sqrt`), scale, bias.
    - `rms_norm`: x * (mean(x^2) + eps)^-0.5 * weight.
    - `log_softmax`: (x - max) - log(sum(exp(x - max))), stable. MIL has
      no log_softmax.
    - `softmax`: kept by default, since MIL's softmax is an ANE primitive;
      with `decompose-softmax` it becomes exp(x - max) / sum(exp(x - max)).
    - `attention`: per head. q, k and v are reshaped to
      [..., S, heads, D] and transposed to [..., heads, S, D]. For GQA the
      `heads / kv_heads` query heads that share a key/value head are folded
      into the row dimension ([..., kv_heads, group * Sq, D]), so one matmul
      against the unrepeated key serves the whole group: the same numbers
      as repeating each kv head, without a concat (the ANE rejects concat,
      ANE-NO-CONCAT) and without copying keys and values. Then
      QK^T (`transpose_rhs`), `* scale`, `+ mask`, softmax, `@ V`, and the
      inverse transpose/reshape. The causal mask is an `orion.constant`
      [Sq, Skv]: 0 where key j <= i + Skv - Sq, -1e4 elsewhere (a single
      query, as in a decode step, sees every key and gets none). Not -inf:
      -inf minus the row max is NaN for a fully masked row and -inf is a
      hazard in fp16 arithmetic (and in the backward pass, 0 * inf), while
      exp(-1e4 - max) is exactly 0 in fp16 and f32 alike; -1e4 also leaves
      headroom below fp16's -65504 when added to a negative score.
    - `rope`: out = x * cos + rot(x) * sin on [..., S, heads, D], where
      rot(x) pairs each dimension with its partner and negates the first of
      each pair: (2i, 2i+1) for `interleaved` (llama2.c, Meta) and
      (i, i + D/2) for `half` (Hugging Face rotate_half). rot is an
      `orion.linear` with a constant [D, D] signed permutation matrix (a
      1x1 conv on the ANE, exact since every product is x * {0, 1, -1});
      slicing and concatenating would need the concat the ANE rejects. The
      cos/sin tables [S, 1, D] are computed in double precision from theta
      and head_dim for positions 0..S-1 and rounded once to the element
      type. With a `positions` operand the tables are [max-positions, D]
      constants gathered with `orion.embedding` (a CPU op).
    - `cross_entropy` is left as is: `orion-partition` sends the loss to
      the CPU, where `convert-orion-to-mil` expands it into a max-shifted
      log-sum-exp minus the logit picked by a `one_hot` of the targets
      (MIL primitives the cpu device runs; the ANE has no one_hot).

    Ops with dynamic shapes that a decomposition needs to reshape are an
    error.
  }];
  let options = [
    Option<"exactGelu", "exact-gelu", "::mlir::orion::ExactGeluForm",
           "::mlir::orion::ExactGeluForm::Tanh",
           "approximation of the exact (erf) gelu, which the ANE lacks",
           [{::llvm::cl::values(
             clEnumValN(::mlir::orion::ExactGeluForm::Tanh, "tanh",
                        "the tanh form, max error 4.7e-4"),
             clEnumValN(::mlir::orion::ExactGeluForm::Sigmoid, "sigmoid",
                        "x*sigmoid(1.702x), max error 2.0e-2"))}]>,
    Option<"inverseSqrt", "inverse-sqrt", "::mlir::orion::InverseSqrtForm",
           "::mlir::orion::InverseSqrtForm::Pow",
           "how norms compute 1/sqrt(var + eps)",
           [{::llvm::cl::values(
             clEnumValN(::mlir::orion::InverseSqrtForm::Pow, "pow",
                        "pow(v, -0.5), as mechramc/Orion's kernels ran on the "
                        "ANE"),
             clEnumValN(::mlir::orion::InverseSqrtForm::Rsqrt, "rsqrt",
                        "rsqrt(v), one op but disputed in MIL text"))}]>,
    Option<"decomposeSoftmax", "decompose-softmax", "bool", "false",
           "also expand softmax (MIL has a native softmax, so off by default)">,
    Option<"maxPositions", "max-positions", "int64_t", "2048",
           "rows of the rope cos/sin tables gathered by a positions operand">,
  ];
  let dependentDialects = ["::mlir::orion::OrionDialect"];
}

def OrionFuseProjections
    : Pass<"orion-fuse-projections", "::mlir::func::FuncOp"> {
  let summary = "Fuse QKV and gate/up projections into one linear per group";
  let description = [{
    Linears that read the same input are one wider matrix product: one
    1x1 conv on the ANE instead of three (or two) means fewer dispatches
    and one weight stream. A group is fused only if every weight (and every
    bias, when the linears have biases) is an `orion.param` with the same
    input dimension and dtype, so the fused weight is a pure function of
    named parameters:

    - `qkv`: the linears whose results feed the query, key and value of one
      `orion.attention` (directly or through rope, reshape, transpose, cast,
      or a concat with a KV cache), in q, k, v order; GQA's narrower k/v
      are fine.
    - `gate-up`: two linears whose results meet in `mul(act(a), b)` with
      act one of silu, gelu, sigmoid or relu (SwiGLU/GeGLU), gate first.

    The group becomes `linear(x, W)` with W = concat(W_1, ..., W_n) along
    axis 0 ([out, in] rows), followed by an `orion.split` of the last
    dimension into the original widths; this computes exactly the same
    numbers. W is a new `orion.param` named `fused(<name_1>,...,<name_n>)`
    with an `orion.fused_from` array of the source names in concatenation
    order, so the package's weight table can build (and patch) the fused
    blob from the checkpoint's parameters. Biases fuse the same way.
  }];
  let options = [
    Option<"qkv", "qkv", "bool", "true", "fuse attention q/k/v projections">,
    Option<"gateUp", "gate-up", "bool", "true",
           "fuse gated-MLP gate/up projections">,
  ];
  let dependentDialects = ["::mlir::orion::OrionDialect"];
}

def OrionFuseCleanup : Pass<"orion-fuse-cleanup", "::mlir::func::FuncOp"> {
  let summary = "Cancel layout shuffles, lossless cast chains and identities";
  let description = [{
    Decomposition and the [1, C, 1, S] layout leave transposes, reshapes,
    casts and splits that cost an ANE op (and an fp16 rounding) each while
    computing nothing. This pass runs every orion op's folders and
    canonicalization patterns (reshape and transpose chains, cast round
    trips through a wider type, x + 0, x * 1, neg(neg x)) plus the rewrites
    they do not cover, all exact:

    - a transpose that moves only size-1 dimensions is a reshape, so the
      reshape folder can then merge it with its neighbours;
    - cast(cast(x : A -> B) : B -> C) is cast(x : A -> C) when A -> B is a
      lossless widening (the exact value of x reaches the second rounding);
    - a reduction over size-1 dimensions only, without keep_dims, is a
      reshape;
    - a one-piece split is its input; concat(split(x)) in order on the same
      axis is x; split(concat(a, b, ...)) with matching pieces is a, b, ...;

    and erases dead ops. It never changes a rounding step or a result type.
  }];
  let dependentDialects = ["::mlir::orion::OrionDialect"];
}

def OrionAutodiff : Pass<"orion-autodiff", "::mlir::func::FuncOp"> {
  let summary = "Reverse-mode differentiation of a loss with respect to "
                "every parameter";
  let description = [{
    Training needs the gradient of the loss with respect to each
    `orion.param`. For every public function whose result `loss-result` is a
    rank-0 float loss, this pass appends the backward ops after the forward
    ops and one result per parameter the loss depends on: its gradient, with
    the parameter's shape, named `grad.<param>` (`orion.name`) and tagged
    `orion.gradient_of = "<param>"`. Parameters used several times (a tied
    embedding and classifier) get one summed gradient.

    Gradients are ordinary orion ops, so partitioning, layout and the MIL
    conversion treat the backward graph like the forward one. The backward
    ops of stage `layerN.attn` are located in stage `layerN_grad.attn`, so
    `orion-partition` gives them kernels of their own; the forward values
    they read (attention probabilities, activations, norm inputs) become
    extra outputs of the forward kernels, as in mechramc/Orion's
    hand-written training kernels. By default every such value is saved; with
    `recompute=pointwise`, a saved value that one elementwise op computes
    from values the backward pass reads anyway (saved values, arguments,
    params, constants) is recomputed in the backward kernel instead, as
    mechramc/Orion's FFN backward recomputes silu(h1) from h1.

    With `loss-scale-input`, the function gets a last argument
    `loss_scale` (rank 0, the loss's type, `orion.name = "loss_scale"`)
    that seeds the backward pass in place of 1. fp16 kernels then carry
    gradients multiplied by it, above fp16's subnormal range, and the
    trainer divides them back (lowering the scale when they overflow).

    Run it after `orion-decompose`: rules exist for the primitives (add,
    sub, mul, div, pow, neg, exp, log, sqrt, rsqrt, tanh, sigmoid, silu,
    softmax, log_softmax, cast, linear, matmul, embedding, cross_entropy,
    reshape, transpose, unit-step slice, split, concat, reduce_sum,
    reduce_mean). Composite ops, relu and reduce_max are errors with a note
    saying why. The gradients of a linear are `dx = linear(dy, W^T)` (a 1x1
    conv on the ANE) and `dW = dy^T x` in W's own [out, in] layout; an
    embedding's is `one_hot(ids)^T dy`; cross_entropy's is
    `(softmax(logits) - one_hot(targets)) / N`.
  }];
  let options = [
    Option<"lossResult", "loss-result", "unsigned", "0",
           "index of the function result that is the loss">,
    Option<"lossScaleInput", "loss-scale-input", "bool", "false",
           "seed the backward pass with a new last argument `loss_scale` "
           "instead of 1, so every gradient comes out multiplied by it "
           "(dynamic loss scaling for fp16 kernels)">,
    Option<"recompute", "recompute", "::mlir::orion::RecomputePolicy",
           "::mlir::orion::RecomputePolicy::None",
           "which forward values the backward pass recomputes",
           [{::llvm::cl::values(
             clEnumValN(::mlir::orion::RecomputePolicy::None, "none",
                        "none: save every value it reads (default)"),
             clEnumValN(::mlir::orion::RecomputePolicy::Pointwise,
                        "pointwise",
                        "elementwise ops of values it has anyway"))}]>,
  ];
  let statistics = [
    Statistic<"numGradients", "gradients", "parameter gradients returned">,
    Statistic<"numSaved", "saved-values",
              "forward values the backward ops read">,
    Statistic<"savedBytes", "saved-bytes",
              "bytes of the forward values the backward ops read">,
    Statistic<"numRecomputed", "recomputed",
              "elementwise ops recomputed in the backward pass">,
  ];
  let dependentDialects = ["::mlir::orion::OrionDialect"];
}

def OrionPartition : Pass<"orion-partition", "::mlir::ModuleOp"> {
  let summary = "Outline ANE and CPU kernels; the model function becomes a "
                "host plan of kernel calls";
  let description = [{
    Splits the module's one public function (the whole model, after
    decomposition) into private kernel functions with
    `orion.device = "ane"` or `"cpu"`; the function itself gets `orion.host`
    and keeps only `func.call`s and `func.return`
    (docs/lowering-design.md section 1).

    Stages: the frontend names each op's stage in its location
    (`loc("layer3.mlp")`; rewrites keep locations). `granularity=block`
    makes one kernel per stage (`layer3_mlp`), `layer` one per layer
    (`layer3`, the default), `model` one for all ANE work (`model`). An op
    without a stage name joins the stage of its first computed operand.

    Devices: an op runs on the CPU if the ANE cannot run it: anything but
    the primitives the MIL conversion maps (so embedding, cross_entropy,
    concat and composites left undecomposed), integer tensors, a dimension
    above `max-channels`, or a weight or constant above `max-weight-mb`
    (GPT-2's and Stories' tied logits). A cheap op (not linear or matmul)
    whose computed operands all come from CPU ops of its own stage stays on
    the CPU too, rather than paying a transfer (GPT-2's position add).

    Parameters, constants and ops computing only from them are cloned into
    each kernel that uses them. Kernels are formed in program order, and an
    op joins its stage's current kernel only if every producer is in that
    kernel or an earlier one, so kernel calls never form a cycle. An ANE
    kernel whose fp16 weights and boundary tensors exceed `sram-budget-mb`
    gets a warning.
  }];
  let options = [
    Option<"granularity", "granularity", "::mlir::orion::PartitionGranularity",
           "::mlir::orion::PartitionGranularity::Layer",
           "how much of the model one kernel holds",
           [{::llvm::cl::values(
             clEnumValN(::mlir::orion::PartitionGranularity::Block, "block",
                        "one kernel per stage (attention, MLP)"),
             clEnumValN(::mlir::orion::PartitionGranularity::Layer, "layer",
                        "one kernel per transformer layer"),
             clEnumValN(::mlir::orion::PartitionGranularity::Model, "model",
                        "one kernel for all ANE work"))}]>,
    Option<"sramBudgetMB", "sram-budget-mb", "double", "32.0",
           "warn when an ANE kernel's working set exceeds this (MiB)">,
    Option<"maxChannels", "max-channels", "int64_t", "65536",
           "largest dimension an ANE tensor may have">,
    Option<"maxWeightMB", "max-weight-mb", "double", "32.0",
           "largest fp16 weight or constant an ANE kernel may hold (MiB)">,
  ];
  let statistics = [
    Statistic<"numKernels", "kernels", "kernels outlined">,
    Statistic<"numAneKernels", "ane-kernels", "kernels on the ANE">,
    Statistic<"numCpuKernels", "cpu-kernels", "kernels on the CPU">,
    Statistic<"numDispatches", "dispatches",
              "estimated ANE dispatches per call of the host function">,
    Statistic<"numTransfers", "transfers",
              "tensors crossing between CPU and ANE per call">,
  ];
  let dependentDialects = ["::mlir::orion::OrionDialect",
                           "::mlir::func::FuncDialect"];
}

def OrionAssignLayout : Pass<"orion-assign-layout", "::mlir::ModuleOp"> {
  let summary = "Give ANE kernels fp16 [1, C, 1, S] surface signatures";
  let description = [{
    The ANE exchanges data through IOSurfaces holding fp16 `[1, C, 1, S]`
    tensors, channel-major (docs/lowering-design.md section 2). For every
    kernel with `orion.device = "ane"`:

    - each `[S, C]` float argument and result becomes
      `tensor<1xCx1xSxf16>`; the body starts by turning arguments back into
      their logical form (`orion.reshape` to [C, S], `orion.transpose`,
      `orion.cast` to the old element type) and ends with the inverse, so
      the body keeps its logical shapes;
    - `orion.surface = #orion.surface<bytes = N>` on every argument and
      result: the allocation size, uniform per side (docs/ane-constraints.md
      ANE-UNIFORM-INPUTS, ANE-UNIFORM-OUTPUTS) and at least
      `min-surface-bytes` (ANE-MIN-SURFACE);
    - `mil.name` on every argument (`x`, `x_1`, ...) and result (`out_0`,
      `out_1`, ...), zero-padded so that alphabetical order, the order in
      which the ANE binds surfaces (ANE-OUTPUT-ORDER, ANE-INPUT-ORDER), is
      declaration order.

    In the host function (`orion.host`) each call of an ANE kernel gets an
    `orion.to_surface` per argument and an `orion.from_surface` per result
    (channel offset 0). CPU kernels keep their logical types.

    With `pack-inputs`, arguments with the same sequence length share one
    surface by channel range (`orion.pack_surface` at the call; the body
    slices its range back out): fewer ANE inputs to bind and fill, e.g. 7 ->
    2 for a Llama decode layer. Outputs are never packed (that would need
    concat, which the ANE rejects, ANE-NO-CONCAT), and a packed tensor is
    never handed from kernel to kernel on its surface, so packing trades
    bindings for host copies.
  }];
  let options = [
    Option<"minSurfaceBytes", "min-surface-bytes", "int64_t", "49152",
           "smallest surface allocation the ANE evaluates">,
    Option<"packInputs", "pack-inputs", "bool", "false",
           "share one input surface among arguments of equal sequence length">,
    Option<"surfaceTypeOption", "surface-type", "::mlir::orion::SurfaceType",
           "::mlir::orion::SurfaceType::FP16",
           "element type of ANE kernel surfaces",
           [{::llvm::cl::values(
             clEnumValN(::mlir::orion::SurfaceType::FP16, "fp16",
                        "fp16, the ANE's own format (default)"),
             clEnumValN(::mlir::orion::SurfaceType::FP32, "fp32",
                        "fp32 I/O (the ANE casts at the boundary; exact host "
                        "round trips, as mechramc/Orion's GPT-2 inference "
                        "kernels)"))}]>,
  ];
  let dependentDialects = ["::mlir::orion::OrionDialect"];
}

#endif // ORION_TRANSFORMS_PASSES_TD
