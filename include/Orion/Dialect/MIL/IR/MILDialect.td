//===- MILDialect.td - The mil dialect ---------------------*- tablegen -*-===//
//
// `mil` mirrors Apple's MIL text one to one, so the ANE target can print it
// without deciding anything: every op is a MIL op with MIL's own argument
// names, and every non-tensor argument is an SSA value bound to `mil.const`.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DIALECT_MIL_IR_MILDIALECT_TD
#define ORION_DIALECT_MIL_IR_MILDIALECT_TD

include "mlir/IR/OpBase.td"

def MIL_Dialect : Dialect {
  let name = "mil";
  let cppNamespace = "::mlir::orion::mil";
  let summary = "Apple's Model Intermediate Language, one op per MIL statement";
  let description = [{
    Ops are MIL ops (`conv`, `matmul`, `reduce_sum`, ...) with MIL's argument
    names (`x`, `y`, `weight`, `transpose_x`, `axes`, `keep_dims`, `perm`,
    `begin`, `end`, `dtype`). Scalars are rank-0 tensors; strings have the
    `!mil.string` type. Weights are `mil.const` ops whose value is an inline
    dense attribute or a `#mil.blob<"path", offset>` reference into a
    BLOBFILE. Ops MIL has but the ANE rejects (concat, gelu, silu,
    layer_norm, ...) exist too, so the validator can name them.
  }];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let dependentDialects = ["::mlir::func::FuncDialect"];

  // The discardable attributes mil passes attach; named and verified here
  // (MILDialect.cpp), spelled nowhere else.
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
  let extraClassDeclaration = [{
    /// A mil op's MIL `name=` (its first result's name), and a function
    /// argument's or result's MIL name (mil-assign-names,
    /// orion-assign-layout). The ANE binds surfaces in alphabetical order
    /// of these names.
    static constexpr ::llvm::StringLiteral getNameAttrName() {
      return "mil.name";
    }
    /// All result names of a multi-result op whose results are not named
    /// `name`, `name_1`, ... (only imported MIL needs it).
    static constexpr ::llvm::StringLiteral getResultNamesAttrName() {
      return "mil.result_names";
    }
    /// On a blob `mil.const`: the `#mil.weight_source`s the package's weight
    /// table builds the blob from (mil-assign-blobs).
    static constexpr ::llvm::StringLiteral getSourcesAttrName() {
      return "mil.sources";
    }
    /// On a blob `mil.const`: the dense value the package writer stores
    /// (mil-assign-blobs).
    static constexpr ::llvm::StringLiteral getValueAttrName() {
      return "mil.value";
    }
  }];
}

#endif // ORION_DIALECT_MIL_IR_MILDIALECT_TD
