//===- Passes.td - Conversions between Orion's dialects ----*- tablegen -*-===//

#ifndef ORION_CONVERSION_PASSES_TD
#define ORION_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertOrionToMIL : Pass<"convert-orion-to-mil", "::mlir::ModuleOp"> {
  let summary = "Convert the bodies of orion kernels to mil ops";
  let description = [{
    Converts every `func.func` that carries `orion.device` (a kernel made by
    `orion-partition`) from orion ops to mil ops; other functions (the host
    function) are left alone. Shapes map one to one; float element types
    become the compute type (`compute-type`: fp16 on "ane" kernels and fp32
    on "cpu" kernels unless set). `weight-type` (auto: the compute type)
    is the element type conv and matmul weights (params) are stored in:
    with compute-type=fp32 and weight-type=fp16 the weight const is an fp16
    BLOBFILE blob, half the bytes to read per token, and a `mil.cast` to the
    compute type (named `<weight>_cast`) feeds the conv or matmul; the cpu
    device keeps such weights in fp16 and converts inside its kernels.
    Other params, inline constants and biases stay in the compute type.
    The signature is converted too; with
    `keep-io-type` float arguments and results keep their element type (fp16
    or fp32, as `orion-assign-layout` chose the surfaces) and a `mil.cast`
    (with a named dtype const) converts them at the boundary, so the host's
    calls stay valid whatever the compute type. The ANE pipelines always
    set it.

    Every MIL compile-time argument is a `mil.const`, spelled as
    mechramc/Orion's codegen does: `orion.linear` is the 1x1 conv
    (transpose + reshape to [1, in, 1, S], `mil.conv` with
    `pad_type`/`strides`/`pad`/`dilations`/`groups` consts and an
    [out, in, 1, 1] `#mil.weight`, the bias as a separate `mil.add`, and back
    to [S, out]); matmul gets `transpose_x` and `transpose_y` bool consts,
    reductions `axes` and `keep_dims`, softmax an int32 `axis`.
    `orion.param` becomes a `#mil.weight` const; a fused param
    (`orion.fused_from`) gets one source per name, whose shapes come from
    `orion.fused_shapes` or, when that is absent, from the `orion.split` of
    the fused linear's result. When a source op has a name location
    (`loc("q")`), the ops it becomes are named after it (`q_conv`,
    `q_conv_pt`, ...) the way mechramc/Orion named them, so
    `mil-assign-names` gives its MIL names.

    `orion.embedding` (mil.gather), `orion.one_hot` (mil.one_hot) and
    `orion.cross_entropy` convert in "cpu" kernels only. cross_entropy has
    no MIL op: it becomes reduce_max, sub, exp, reduce_sum, log, a one_hot
    of the targets times the shifted logits, and a reduce_mean over all
    positions to a rank-0 result (see LossPatterns.cpp). split and concat
    convert everywhere and `mil-validate-ane` reports them on the ANE. Ops
    without a MIL form (composites `orion-decompose` expands, dynamic
    shapes) fail to legalize with a note saying why.
  }];
  let options = [
    Option<"computeType", "compute-type", "::mlir::orion::ComputeType",
           "::mlir::orion::ComputeType::Auto",
           "element type of float tensors inside kernels",
           [{::llvm::cl::values(
             clEnumValN(::mlir::orion::ComputeType::Auto, "auto",
                        "fp16 on ANE kernels, fp32 on CPU kernels"),
             clEnumValN(::mlir::orion::ComputeType::FP16, "fp16", "fp16"),
             clEnumValN(::mlir::orion::ComputeType::FP32, "fp32", "fp32"))}]>,
    Option<"weightType", "weight-type", "::mlir::orion::ComputeType",
           "::mlir::orion::ComputeType::Auto",
           "element type conv and matmul weights are stored in",
           [{::llvm::cl::values(
             clEnumValN(::mlir::orion::ComputeType::Auto, "auto",
                        "the compute type"),
             clEnumValN(::mlir::orion::ComputeType::FP16, "fp16",
                        "fp16, cast to the compute type at use"),
             clEnumValN(::mlir::orion::ComputeType::FP32, "fp32",
                        "fp32, cast to the compute type at use"))}]>,
    Option<"keepIOType", "keep-io-type", "bool", "false",
           "keep the element types of kernel arguments and results and cast "
           "to the compute type at the boundary">,
  ];
  let dependentDialects = ["::mlir::orion::mil::MILDialect"];
}

#endif // ORION_CONVERSION_PASSES_TD
