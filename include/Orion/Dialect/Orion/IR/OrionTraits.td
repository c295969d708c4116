//===- OrionTraits.td - Where an op runs, how it is differentiated -*- tablegen -*-===//
//
// Every orion op states, through these traits, how the compiler handles it:
// how it is lowered (Orion_MILLowered, Orion_ANEPrimitive, Orion_CpuOnly,
// Orion_Decomposed, Orion_HostBoundary) and how it is differentiated
// (Orion_Differentiable, Orion_NoDerivative, or Orion_Decomposed: its
// primitives are). orion-partition, convert-orion-to-mil, orion-autodiff
// and orion-fuse-projections derive their op sets from them, and
// Orion_Classified (on every op, through Orion_Op) fails the build when an
// op has no lowering or no derivative story. C++: OrionTraits.h.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DIALECT_ORION_IR_ORIONTRAITS_TD
#define ORION_DIALECT_ORION_IR_ORIONTRAITS_TD

include "mlir/IR/OpBase.td"

class Orion_Trait<string name, code declaration = [{}]>
    : NativeOpTrait<name, [], declaration> {
  let cppNamespace = "::mlir::OpTrait::orion";
}

// Elementwise (with broadcasting): each result element depends only on the
// operand elements at its index. Cheap to recompute in the backward pass,
// and an activation for orion-fuse-projections' gate/up pattern.
def Orion_Pointwise : Orion_Trait<"Pointwise">;

// convert-orion-to-mil has a pattern for it in every kernel.
def Orion_MILLowered : Orion_Trait<"MILLowered">;

// orion-partition may place it in an ANE kernel: its MIL form is ops the
// ANE runs. Requires Orion_MILLowered.
def Orion_ANEPrimitive : Orion_Trait<"ANEPrimitive">;

// orion-decompose expands it into primitives (it may also have a MIL form
// of its own, for CPU kernels or hand-written IR).
def Orion_Decomposed : Orion_Trait<"Decomposed">;

// Converts in "cpu" kernels only, for `reason` (printed when it meets an
// ANE kernel). Excludes Orion_MILLowered.
class Orion_CpuOnly<string reason>
    : Orion_Trait<"CpuOnly",
        "static ::llvm::StringRef getCpuOnlyReason() { return R\"(" # reason #
        ")\"; }">;

// Only orion-assign-layout makes it, in the host function between kernels.
def Orion_HostBoundary : Orion_Trait<"HostBoundary">;

// orion-autodiff has a derivative rule for it.
def Orion_Differentiable : Orion_Trait<"Differentiable">;

// orion-autodiff has no rule for it, for `reason` (printed as a note).
// Excludes Orion_Differentiable.
class Orion_NoDerivative<string reason>
    : Orion_Trait<"NoDerivative",
        "static ::llvm::StringRef getNoDerivativeReason() { return R\"(" #
        reason # ")\"; }">;

// On every op: checks at compile time that the op is classified.
def Orion_Classified : Orion_Trait<"Classified">;

#endif // ORION_DIALECT_ORION_IR_ORIONTRAITS_TD
