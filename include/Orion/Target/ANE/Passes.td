//===- Passes.td - The ANE target's rules as passes --------*- tablegen -*-===//
//
// The ANE's rules (docs/ane-constraints.md) as rewrites and diagnostics on
// mil programs. They belong to the ANE target, not to the mil dialect: mil
// mirrors MIL text, which other targets (the cpu device) run unrestricted.
// A function's placement comes from KernelPlacement.h, never from reading
// another dialect's attributes.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TARGET_ANE_PASSES_TD
#define ORION_TARGET_ANE_PASSES_TD

include "mlir/Pass/PassBase.td"

def MILLegalizeANE : Pass<"mil-legalize-ane", "::mlir::func::FuncOp"> {
  let summary = "Rewrite mil programs into the form the ANE compiler accepts";
  let description = [{
    Runs on ANE kernels and on functions no dialect placed (stand-alone MIL
    programs); CPU kernels and the host function are skipped. Placement comes
    from the KernelPlacementInterface (KernelPlacement.h), which the orion
    dialect implements from `orion.device` and `orion.host`. Every rewrite
    computes the same values (gelu's exact form becomes its tanh
    approximation, as in orion-decompose):

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
      `#orion.surface<bytes = N>` argument and result attributes
      (`orion.surface`) when present, otherwise from the types;
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

#endif // ORION_TARGET_ANE_PASSES_TD
