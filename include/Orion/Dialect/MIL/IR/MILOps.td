//===- MILOps.td - Ops of the mil dialect ------------------*- tablegen -*-===//
//
// One op per MIL op. Operands carry MIL's argument names and print as
// `mil.op(arg = %v, ...)`, in the order MIL text spells them. Arguments MIL
// requires to be compile-time constants (perm, axes, dtype, ...) are still
// SSA operands, as in MIL text, and verifiers check that they come from
// `mil.const` and agree with the result type.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DIALECT_MIL_IR_MILOPS_TD
#define ORION_DIALECT_MIL_IR_MILOPS_TD

include "Orion/Dialect/MIL/IR/MILDialect.td"
include "Orion/Dialect/MIL/IR/MILTypes.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints: MIL dtypes fp16, fp32, int32, bool, int8, uint8
//===----------------------------------------------------------------------===//

def MIL_FloatTensor : RankedTensorOf<[F16, F32]>;
def MIL_NumericTensor : RankedTensorOf<[F16, F32, I32]>;
def MIL_Tensor : RankedTensorOf<[F16, F32, I32, I1, I8, UI8]>;
def MIL_IntTensor : RankedTensorOf<[I32]>;
def MIL_BoolScalar : 0DTensorOf<[I1]>;
def MIL_IntScalar : 0DTensorOf<[I32]>;
def MIL_String : Type<CPred<"::llvm::isa<::mlir::orion::mil::StringType>($_self)">,
                      "MIL string", "::mlir::orion::mil::StringType">;

class MIL_Op<string mnemonic, list<Trait> traits = []>
    : Op<MIL_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// const
//===----------------------------------------------------------------------===//

def MIL_ConstOp : MIL_Op<"const", [ConstantLike, Pure]> {
  let summary = "a constant: inline value or BLOBFILE reference";
  let description = [{
    `val` is a dense elements attribute (tensors and scalars, as rank-0
    tensors), a string (`!mil.string`) or a `#mil.blob<path, offset>`.

    ```mlir
    %perm = mil.const dense<[0, 1, 3, 2]> : tensor<4xi32>
    %dt = mil.const "fp16" : !mil.string
    %w = mil.const #mil.blob<"@model_path/weights/weight.bin", 64> : tensor<768x768x1x1xf16>
    ```
  }];
  let arguments = (ins AnyAttr:$val);
  let results = (outs AnyType:$result);
  let assemblyFormat = "custom<ConstValue>($val, type($result)) attr-dict";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops
//===----------------------------------------------------------------------===//

class MIL_BinaryOp<string mnemonic, list<Trait> traits = []>
    : MIL_Op<mnemonic, traits # [Pure]> {
  let arguments = (ins MIL_NumericTensor:$x, MIL_NumericTensor:$y);
  let results = (outs MIL_NumericTensor:$result);
  let assemblyFormat = [{
    `(` `x` `=` $x `,` `y` `=` $y `)` attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let description = [{
    Elementwise with numpy broadcasting; x, y and the result share a dtype.
  }];
}

def MIL_AddOp : MIL_BinaryOp<"add"> { let summary = "x + y"; }

#endif // ORION_DIALECT_MIL_IR_MILOPS_TD
