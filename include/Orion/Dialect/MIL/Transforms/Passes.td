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

#endif // ORION_DIALECT_MIL_TRANSFORMS_PASSES_TD
