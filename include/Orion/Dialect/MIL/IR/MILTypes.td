//===- MILTypes.td - Types and attributes of mil -----------*- tablegen -*-===//

#ifndef ORION_DIALECT_MIL_IR_MILTYPES_TD
#define ORION_DIALECT_MIL_IR_MILTYPES_TD

include "Orion/Dialect/MIL/IR/MILDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

def MIL_StringType : TypeDef<MIL_Dialect, "String"> {
  let mnemonic = "string";
  let summary = "MIL's scalar string (dtype names, pad types)";
}

def MIL_BlobFileAttr : AttrDef<MIL_Dialect, "BlobFile", [TypedAttrInterface]> {
  let mnemonic = "blob";
  let summary = "a tensor stored in a BLOBFILE";
  let description = [{
    Refers to a blob in a coremltools MILBlob v2 file: `path` is the MIL path
    (`@model_path/weights/weight.bin`) and `offset` the byte offset of the
    blob's 64-byte metadata block (not of its data). Printed in MIL as
    `BLOBFILE(path=string("..."), offset=uint64(N))`.

    ```mlir
    #mil.blob<"@model_path/weights/weight.bin", 64> : tensor<768x768x1x1xf16>
    ```

    Like a dense attribute, it carries the tensor type of the value it holds.
  }];
  let parameters = (ins StringRefParameter<"MIL path of the BLOBFILE">:$path,
                        "uint64_t":$offset,
                        AttributeSelfTypeParameter<"tensor type">:$type);
  let assemblyFormat = "`<` $path `,` $offset `>`";
  let genVerifyDecl = 1;
}

def MIL_WeightSourceAttr : AttrDef<MIL_Dialect, "WeightSource"> {
  let mnemonic = "source";
  let summary = "a weight-store parameter, optionally sliced and transposed";
  let description = [{
    Names parameter `param` of shape `shape` in the weight store. `slice`
    (axis, begin, end; end exclusive) then `perm` (a transpose) are applied
    before the values are flattened row-major into a blob.

    ```mlir
    #mil.source<"h.0.attn.c_attn.weight", [768, 2304], slice = [1, 0, 768], perm = [1, 0]>
    ```
  }];
  let parameters = (ins StringRefParameter<"parameter name">:$param,
                        ArrayRefParameter<"int64_t">:$shape,
                        OptionalArrayRefParameter<"int64_t">:$slice,
                        OptionalArrayRefParameter<"int64_t">:$perm);
  let assemblyFormat = [{
    `<` $param `,` `[` $shape `]` (`,` `slice` `=` `[` $slice^ `]`)?
    (`,` `perm` `=` `[` $perm^ `]`)? `>`
  }];
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The shape after slice and transpose.
    ::llvm::SmallVector<int64_t> getResultShape() const;
  }];
}

def MIL_WeightAttr : AttrDef<MIL_Dialect, "Weight", [TypedAttrInterface]> {
  let mnemonic = "weight";
  let summary = "a constant built from weight-store parameters";
  let description = [{
    The value of a weight `mil.const` before `mil-assign-blobs` gives it a
    BLOBFILE offset: the row-major flattening of each source, concatenated in
    order (a fused QKV weight has three sources), in the attribute's type.
    `mil-assign-blobs` turns it into a `#mil.blob` and records the sources in
    the const's `mil.sources` attribute for the package's weight table.

    ```mlir
    #mil.weight<[#mil.source<"layers.0.attention.wq", [768, 768]>]> : tensor<768x768x1x1xf16>
    ```
  }];
  let parameters = (ins ArrayRefParameter<"WeightSourceAttr">:$sources,
                        AttributeSelfTypeParameter<"tensor type">:$type);
  let assemblyFormat = "`<` `[` $sources `]` `>`";
  let genVerifyDecl = 1;
}

#endif // ORION_DIALECT_MIL_IR_MILTYPES_TD
