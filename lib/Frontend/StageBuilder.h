//===- StageBuilder.h - Emits orion ops under a named stage -----*- C++ -*-===//
//
// The GPT-2 and Llama builders share this: it tags every op with the
// current stage's NameLoc (see ModelBuilder.h) and creates parameters.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_LIB_FRONTEND_STAGEBUILDER_H
#define ORION_LIB_FRONTEND_STAGEBUILDER_H

#include "Orion/Frontend/ModelBuilder.h"

#include "mlir/IR/Builders.h"

namespace mlir::orion {

struct StageBuilder {
  explicit StageBuilder(OpBuilder &b) : b(b), loc(b.getUnknownLoc()) {}

  /// Ops created from now on belong to `stage` ("layer3.mlp").
  void setStage(const llvm::Twine &stage) {
    loc = NameLoc::get(b.getStringAttr(stage), b.getUnknownLoc());
  }

  /// An f32 `orion.param` named `name`.
  Value param(const llvm::Twine &name, ArrayRef<int64_t> shape);

  OpBuilder &b;
  Location loc;
};

/// The body of @forward for each family: tokens [S] i32 -> logits [S, V].
Value buildGPT2(StageBuilder &sb, const ModelConfig &config, Value tokens);
Value buildLlama(StageBuilder &sb, const ModelConfig &config, Value tokens);

} // namespace mlir::orion

#endif // ORION_LIB_FRONTEND_STAGEBUILDER_H
