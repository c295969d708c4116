//===- OrionAttrs.td - Attributes of the orion dialect -----*- tablegen -*-===//

#ifndef ORION_DIALECT_ORION_IR_ORIONATTRS_TD
#define ORION_DIALECT_ORION_IR_ORIONATTRS_TD

include "Orion/Dialect/Orion/IR/OrionDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

// The IOSurface an ANE kernel argument or result is bound to
// (orion-assign-layout): its allocation size, uniform per side and at least
// the ANE minimum (docs/ane-constraints.md ANE-UNIFORM-INPUTS,
// ANE-UNIFORM-OUTPUTS, ANE-MIN-SURFACE). The package writer copies it into
// the manifest's `surface_bytes`.
def Orion_SurfaceAttr : AttrDef<Orion_Dialect, "Surface"> {
  let mnemonic = "surface";
  let summary = "allocation of the IOSurface an ANE kernel boundary uses";
  let parameters = (ins "int64_t":$bytes);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

// How `orion.gelu` is computed: exactly (erf) or with the tanh approximation
// GPT-2 was trained with.
def Orion_GeluApproximation : I32EnumAttr<"GeluApproximation",
    "gelu approximation", [
      I32EnumAttrCase<"None", 0, "none">,
      I32EnumAttrCase<"Tanh", 1, "tanh">]> {
  let cppNamespace = "::mlir::orion";
}

// Which pairs of a head's dimensions `orion.rope` rotates together:
// (2i, 2i+1) as llama2.c and Meta's checkpoints do, or (i, i+D/2) as the
// Hugging Face "rotate_half" implementation does.
def Orion_RopeStyle : I32EnumAttr<"RopeStyle", "rotary embedding pairing", [
      I32EnumAttrCase<"Interleaved", 0, "interleaved">,
      I32EnumAttrCase<"Half", 1, "half">]> {
  let cppNamespace = "::mlir::orion";
}

#endif // ORION_DIALECT_ORION_IR_ORIONATTRS_TD
