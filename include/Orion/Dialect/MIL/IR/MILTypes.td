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

#endif // ORION_DIALECT_MIL_IR_MILTYPES_TD
