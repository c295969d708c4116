//===- OrionDialect.td - The orion graph dialect -----------*- tablegen -*-===//
//
// The `orion` dialect models whole transformer graphs at tensor level. It is
// the input to every Orion pass: decomposition, fusion, autodiff, partitioning
// and layout assignment all rewrite `orion` IR before it is lowered to `mil`.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DIALECT_ORION_IR_ORIONDIALECT_TD
#define ORION_DIALECT_ORION_IR_ORIONDIALECT_TD

include "mlir/IR/OpBase.td"

def Orion_Dialect : Dialect {
  let name = "orion";
  let cppNamespace = "::mlir::orion";
  let summary = "Tensor-level transformer graphs for the Apple Neural Engine";
  let description = [{
    Value-semantics ops on ranked tensors of f32, f16, bf16 and i32 that
    describe transformer models (GPT-2, Llama). Weights are referenced by name
    through `orion.param` and live in a weight store, so a model's IR stays
    small and never changes when weights do.
  }];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 1;
  let dependentDialects = ["::mlir::func::FuncDialect"];

  // The discardable attributes the passes attach. The dialect names and
  // verifies them (verifyOperationAttribute, verifyRegion{Arg,Result}Attribute
  // in OrionDialect.cpp); code spells them only through these.
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
  let extraClassDeclaration = [{
    /// On a kernel func (orion-partition): "ane" or "cpu".
    static constexpr ::llvm::StringLiteral getDeviceAttrName() {
      return "orion.device";
    }
    /// Unit, on the host func that calls the kernels (orion-partition).
    static constexpr ::llvm::StringLiteral getHostAttrName() {
      return "orion.host";
    }
    /// `#orion.surface<bytes = N>` on an ANE kernel's arguments and results
    /// (orion-assign-layout).
    static constexpr ::llvm::StringLiteral getSurfaceAttrName() {
      return "orion.surface";
    }
    /// On a fused `orion.param`: the source parameter names, concatenated in
    /// this order along axis 0 (orion-fuse-projections). The package
    /// writer's weight table reads it.
    static constexpr ::llvm::StringLiteral getFusedFromAttrName() {
      return "orion.fused_from";
    }
    /// On a fused `orion.param`: the shape of each `orion.fused_from` source
    /// (an array of DenseI64ArrayAttr, in the same order). Frontends may
    /// record it; convert-orion-to-mil derives it from the fused linear's
    /// split when it is absent.
    static constexpr ::llvm::StringLiteral getFusedShapesAttrName() {
      return "orion.fused_shapes";
    }
    /// A host tensor's name, on function arguments and results (frontends,
    /// orion-autodiff's `grad.<param>` and `loss_scale`).
    static constexpr ::llvm::StringLiteral getNameAttrName() {
      return "orion.name";
    }
    /// On a gradient result: the parameter it is the gradient of
    /// (orion-autodiff).
    static constexpr ::llvm::StringLiteral getGradientOfAttrName() {
      return "orion.gradient_of";
    }
    /// Unit, on a forward op orion-autodiff recomputed in the backward pass.
    static constexpr ::llvm::StringLiteral getRecomputedAttrName() {
      return "orion.recomputed";
    }

    /// The device of kernel `func` ("ane" or "cpu"), or null when it is not
    /// a kernel.
    static ::mlir::StringAttr getDevice(::mlir::Operation *func) {
      return func->getAttrOfType<::mlir::StringAttr>(getDeviceAttrName());
    }
    static bool isHost(::mlir::Operation *func) {
      return func->hasAttr(getHostAttrName());
    }
  }];
}

#endif // ORION_DIALECT_ORION_IR_ORIONDIALECT_TD
