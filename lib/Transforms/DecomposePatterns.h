//===- DecomposePatterns.h - orion-decompose rewrite patterns ---*- C++ -*-===//
//
// One populate function per family of composite ops; each lives in its own
// file. The orion-decompose pass (Decompose.cpp) applies them all.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_LIB_TRANSFORMS_DECOMPOSEPATTERNS_H
#define ORION_LIB_TRANSFORMS_DECOMPOSEPATTERNS_H

#include "Orion/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::orion {

struct DecomposeOptions {
  ExactGeluForm exactGelu = ExactGeluForm::Tanh;
  InverseSqrtForm inverseSqrt = InverseSqrtForm::Pow;
  bool decomposeSoftmax = false;
  int64_t maxPositions = 2048;
};

/// gelu, silu, log_softmax and (optionally) softmax.
void populateDecomposeActivationPatterns(RewritePatternSet &patterns,
                                         const DecomposeOptions &options);
/// layer_norm and rms_norm.
void populateDecomposeNormPatterns(RewritePatternSet &patterns,
                                   const DecomposeOptions &options);
/// attention, with its causal mask and GQA grouping.
void populateDecomposeAttentionPatterns(RewritePatternSet &patterns,
                                        const DecomposeOptions &options);
/// rope, with or without a positions operand.
void populateDecomposeRopePatterns(RewritePatternSet &patterns,
                                   const DecomposeOptions &options);

} // namespace mlir::orion

#endif // ORION_LIB_TRANSFORMS_DECOMPOSEPATTERNS_H
