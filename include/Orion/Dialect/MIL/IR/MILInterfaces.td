//===- MILInterfaces.td - Interfaces of mil ops ------------*- tablegen -*-===//

#ifndef ORION_DIALECT_MIL_IR_MILINTERFACES_TD
#define ORION_DIALECT_MIL_IR_MILINTERFACES_TD

include "mlir/IR/OpBase.td"

def MIL_OpInterface : OpInterface<"MILOp"> {
  let cppNamespace = "::mlir::orion::mil";
  let description = [{
    What the MIL text emitter and importer need to treat every mil op alike:
    its MIL argument names in ODS order and which operands each covers.
    MIL_Op implements it from the op's ODS `arguments`.
  }];
  let methods = [
    StaticInterfaceMethod<"MIL's argument names, in ODS order.",
      "::llvm::ArrayRef<::mlir::orion::mil::MILArgument>", "getMILArguments">,
    InterfaceMethod<"Operand range (start, length) of ODS operand group `index`.",
      "std::pair<unsigned, unsigned>", "getODSOperandIndexAndLength",
      (ins "unsigned":$index), [{}], [{
        return $_op.getODSOperandIndexAndLength(index);
      }]>,
  ];
}

#endif // ORION_DIALECT_MIL_IR_MILINTERFACES_TD
