//===- OrionCanonicalize.td - DRR canonicalizations --------*- tablegen -*-===//
//
// Declarative rewrites used by the ops' getCanonicalizationPatterns. Folders
// in OrionFolds.cpp handle the single-op simplifications; patterns here need
// to look at more than one op.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DIALECT_ORION_IR_ORIONCANONICALIZE_TD
#define ORION_DIALECT_ORION_IR_ORIONCANONICALIZE_TD

include "mlir/IR/PatternBase.td"
include "Orion/Dialect/Orion/IR/OrionOps.td"

// -(-x) == x exactly, for floats and integers alike.
def NegNegPattern : Pat<(Orion_NegOp (Orion_NegOp $x)), (replaceWithValue $x)>;

#endif // ORION_DIALECT_ORION_IR_ORIONCANONICALIZE_TD
