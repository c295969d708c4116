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
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

#endif // ORION_DIALECT_ORION_IR_ORIONDIALECT_TD
