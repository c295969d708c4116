//===- Passes.td - Passes on the mil dialect ---------------*- tablegen -*-===//

#ifndef ORION_DIALECT_MIL_TRANSFORMS_PASSES_TD
#define ORION_DIALECT_MIL_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def MILAssignNames : Pass<"mil-assign-names", "::mlir::func::FuncOp"> {
  let summary = "Give every mil op and function argument a MIL name";
  let description = [{
    MIL text names every value, and the ANE binds surfaces in alphabetical
    order of those names, so names are part of a program's meaning. The MIL
    emitter never invents them (it must not change IR); this pass does,
    before emission. Existing `mil.name` attributes are kept. A new name
    comes from the op's NameLoc (`loc("q_conv")`) when it has one, otherwise
    from the op's mnemonic with a counter (`conv_0`); arguments default to
    `x`. A function result's `mil.name` (orion-assign-layout's `out_0`,
    `out_1`, ...) names the op producing it, so the ANE binds outputs in
    return order. Names are made valid MIL identifiers and unique within the
    function; two explicit names that collide are an error.
  }];
  let dependentDialects = ["::mlir::orion::mil::MILDialect"];
}

def MILAssignBlobs : Pass<"mil-assign-blobs", "::mlir::func::FuncOp"> {
  let summary = "Pack a program's weights into one BLOBFILE at fixed offsets";
  let description = [{
    Replaces each `#mil.weight` const (and each dense fp16/fp32 const larger
    than `inline-limit` elements, such as a causal mask) with a
    `#mil.blob<path, offset>` into a single BLOBFILE per function, laid out
    as coremltools' MILBlob v2 writer would: metadata blocks at 64-byte
    aligned offsets, in op order. Offsets depend only on the sequence of
    blob sizes, never on weight values, which is what lets `orion patch`
    rewrite weights in place without recompiling. The weight sources move
    to the const's `mil.sources` attribute (the package's weight table) and
    dense values to `mil.value`, where the package writer finds them.
  }];
  let options = [
    Option<"path", "path", "std::string", "\"@model_path/weights/weight.bin\"",
           "MIL path of the function's BLOBFILE">,
    Option<"inlineLimit", "inline-limit", "int64_t", "64",
           "dense float consts with more elements than this go to the blob">,
  ];
  let dependentDialects = ["::mlir::orion::mil::MILDialect"];
}

def MILLegalizeANE : Pass<"mil-legalize-ane", "::mlir::func::FuncOp"> {
  let summary = "Rewrite mil programs into the form the ANE compiler accepts";
  let description = [{
    Runs on functions with `orion.device = "ane"` and on functions without
    `orion.device` (stand-alone MIL programs); "cpu" kernels and the
    `orion.host` function are skipped. Every rewrite computes the same
    values (gelu's exact form becomes its tanh approximation, as in
    orion-decompose):

    - `gelu` -> `0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))` from
      mul/add/tanh (`SIGMOID_APPROXIMATION`: x * sigmoid(1.702 x)), and
      `silu` -> x * sigmoid(x): the ANE rejects both (ANE-NO-GELU-SILU).
    - `conv(bias=)` -> conv + `add` of the bias as [1, Cout, 1, ...]: the
      ANE's conv takes no bias (ANE-CONV-NO-BIAS).
    - A `concat` read only by `slice_by_index` ops that each fall inside one
      input: every slice reads that input instead and the concat goes
      (ANE-NO-CONCAT). Other concats are left for mil-validate-ane.
    - `split` -> one `slice_by_index` per piece (mechramc/Orion's codegen has
      no split; ANE-OP-SET).
    - Compile-time arguments MIL lets one omit are made explicit named
      consts, as mechramc/Orion always spelled them: matmul's transpose_x and
      transpose_y, reduce's axes and keep_dims, softmax's axis and conv's
      pad_type, strides, pad, dilations and groups (the ANE's MIL parser
      wants bool arguments as named const refs; ANE-NAMED-CONST-ARGS).
    - A returned function argument, or a value returned twice, is returned
      through its own `identity`, so every output names a distinct live op
      (ANE-LIVE-OUTPUTS).

    The rule IDs are those of docs/ane-constraints.md.
  }];
  let dependentDialects = ["::mlir::orion::mil::MILDialect"];
}

def MILValidateANE : Pass<"mil-validate-ane", "::mlir::func::FuncOp"> {
  let summary = "Report everything in a mil program the ANE would reject";
  let description = [{
    Runs on the functions mil-legalize-ane does. Each error names the rule
    it enforces (by its ID in docs/ane-constraints.md, or as a
    "compiler-level rule" or an "ANE limit") and says what to do:

    - ops the ANE rejects or Orion's ANE target never emits: concat
      (ANE-NO-CONCAT), gelu and silu (ANE-NO-GELU-SILU),
      scaled_dot_product_attention (ANE-SDPA-MASK), split, gather, one_hot,
      erf, layer_norm, linear, select, band_part (ANE-OP-SET);
    - conv with `bias=` (ANE-CONV-NO-BIAS); matmul/reduce/conv/softmax
      compile-time arguments left implicit (must be named mil.consts,
      ANE-NAMED-CONST-ARGS);
    - outputs: a returned function argument or a value returned twice (a
      MIL output must name its own live op, ANE-LIVE-OUTPUTS), output names
      not in alphabetical order of return position (ANE-OUTPUT-ORDER),
      input names not in alphabetical order of argument position
      (ANE-INPUT-ORDER);
    - surfaces: inputs of different sizes (ANE-UNIFORM-INPUTS), outputs of
      different sizes (ANE-UNIFORM-OUTPUTS), any input or output below
      49,152 bytes (ANE-MIN-SURFACE). Sizes come from the
      `orion.surface = {bytes = N}` argument and result attributes when
      present, otherwise from the types;
    - any tensor with more than 65,536 channels (dim 1 of a rank-4
      [N, C, H, W] tensor, else the last dim; ANE-MAX-CHANNELS);
    - and warns when one op's working set (its distinct tensor operands and
      results) exceeds the SRAM budget (`sram-budget-mb`, 32 MB;
      ANE-SRAM-BUDGET).
  }];
  let options = [
    Option<"sramBudgetMB", "sram-budget-mb", "int64_t", "32",
           "per-op working set above which to warn (MB)">,
  ];
  let dependentDialects = ["::mlir::orion::mil::MILDialect"];
}

#endif // ORION_DIALECT_MIL_TRANSFORMS_PASSES_TD
