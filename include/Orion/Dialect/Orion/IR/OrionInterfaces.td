//===- OrionInterfaces.td - What each orion op is -----------*- tablegen -*-===//
//
// The reasons an op is CPU-only or has no derivative, as text the passes
// print. Every orion op implements OpInfo (through Orion_Op); the traits in
// OrionTraits.td that carry a reason override the empty default.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DIALECT_ORION_IR_ORIONINTERFACES_TD
#define ORION_DIALECT_ORION_IR_ORIONINTERFACES_TD

include "mlir/IR/OpBase.td"

def Orion_OpInfo : OpInterface<"OpInfo"> {
  let cppNamespace = "::mlir::orion";
  let description = [{
    Per-op facts the passes report in diagnostics. Which passes handle an op
    is decided by its traits (OrionTraits.td); this interface only gives the
    reasons as text, so `convert-orion-to-mil` and `orion-autodiff` can
    explain a refusal without a list of their own.
  }];
  let methods = [
    StaticInterfaceMethod<
      [{Why the op converts in "cpu" kernels only (Orion_CpuOnly); empty
        otherwise.}],
      "::llvm::StringRef", "getCpuOnlyReason", (ins), [{}],
      [{ return {}; }]>,
    StaticInterfaceMethod<
      [{Why orion-autodiff has no derivative rule for the op
        (Orion_NoDerivative); empty otherwise.}],
      "::llvm::StringRef", "getNoDerivativeReason", (ins), [{}],
      [{ return {}; }]>,
  ];
}

#endif // ORION_DIALECT_ORION_IR_ORIONINTERFACES_TD
