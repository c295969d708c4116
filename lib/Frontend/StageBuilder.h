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
#include "llvm/ADT/StringMap.h"

namespace mlir::orion {

/// What a prefill or decode step threads through every layer's attention
/// (see ModelStep); a plain forward pass has none.
struct KVCacheIO {
  bool returnKV = false; // prefill and decode: collect each layer's k and v
  Value positions;       // decode: [1] i32, the new token's position
  Value cacheSlot;       // decode: [1, T], one-hot at the position
  Value attnMask;        // decode: [1, T], 0 up to the position, -1e4 after
  SmallVector<Value> kCache, vCache; // decode: per layer [T, kv_dim]
  SmallVector<Value> kOut, vOut;     // filled by `attend`

  bool decoding() const { return bool(cacheSlot); }
};

struct StageBuilder {
  /// Parameters take their shapes from `config`'s parameter list
  /// (orion/model/Params.h), the one the importers and trainer use.
  StageBuilder(OpBuilder &b, const ModelConfig &config);

  /// Ops created from now on belong to `stage` ("layer3.mlp").
  void setStage(const llvm::Twine &stage) {
    loc = NameLoc::get(b.getStringAttr(stage), b.getUnknownLoc());
  }

  /// An f32 `orion.param` named `name`, shaped as the parameter list says.
  Value param(const llvm::Twine &name);

  /// The listed parameters no `param` call asked for ("" when none): the
  /// builder and the list disagree.
  std::string unusedParams() const;

  /// Layer `layer`'s attention: causal over the sequence, or, when
  /// decoding, over the cache with this token's key and value in its slot.
  /// `k` is already rotated (RoPE).
  Value attend(int64_t layer, Value q, Value k, Value v, int64_t heads,
               int64_t kvHeads);

  /// Decode steps' positions ([1] i32), or null for 0..S-1.
  Value positions() const { return kv ? kv->positions : Value(); }

  OpBuilder &b;
  Location loc;
  KVCacheIO *kv = nullptr;

private:
  struct ListedParam {
    std::vector<int64_t> shape;
    bool used = false;
  };
  llvm::StringMap<ListedParam> params;
};

/// The body of @forward for each family: tokens [S] i32 -> logits [S, V].
Value buildGPT2(StageBuilder &sb, const ModelConfig &config, Value tokens);
Value buildLlama(StageBuilder &sb, const ModelConfig &config, Value tokens);

} // namespace mlir::orion

#endif // ORION_LIB_FRONTEND_STAGEBUILDER_H
