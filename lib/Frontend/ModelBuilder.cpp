//===- ModelBuilder.cpp - Whole-model function skeleton -------------------===//

#include "StageBuilder.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"

#include "mlir/IR/Verifier.h"

using namespace mlir;
using namespace mlir::orion;

Value StageBuilder::param(const llvm::Twine &name, ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, b.getF32Type());
  return ParamOp::create(b, loc, type, b.getStringAttr(name));
}

Value StageBuilder::attend(int64_t layer, Value q, Value k, Value v,
                           int64_t heads, int64_t kvHeads) {
  if (kv && kv->returnKV) {
    kv->kOut.push_back(k);
    kv->vOut.push_back(v);
  }
  if (!kv || !kv->decoding())
    return AttentionOp::create(b, loc, q, k, v, /*mask=*/Value(), heads,
                               kvHeads, /*causal=*/true, /*scale=*/nullptr);
  // The cache is used channel-major ([kv_dim, T], as its ANE surface
  // [1, kv_dim, 1, T] holds it, so the boundary's transpose cancels):
  // [kv_dim, 1] * [1, T] broadcasts the new column into slot p only.
  auto fill = [&](Value cache, Value row) -> Value {
    Value column = TransposeOp::create(b, loc, row, ArrayRef<int64_t>{1, 0});
    Value placed = MulOp::create(b, loc, column, kv->cacheSlot);
    Value channelMajor =
        TransposeOp::create(b, loc, cache, ArrayRef<int64_t>{1, 0});
    return AddOp::create(b, loc, channelMajor, placed);
  };
  Value keys = fill(kv->kCache[layer], k);
  Value values = fill(kv->vCache[layer], v);
  return AttentionOp::create(b, loc, q, keys, values, kv->attnMask, heads,
                             kvHeads, /*causal=*/false, /*scale=*/nullptr,
                             /*transposed_kv=*/true);
}

namespace {

/// Collects a function's arguments and results with their host names.
struct Signature {
  SmallVector<Type> types;
  SmallVector<std::string> names;
  void add(Type type, const llvm::Twine &name) {
    types.push_back(type);
    names.push_back(name.str());
  }
};

} // namespace

llvm::Expected<func::FuncOp>
mlir::orion::buildModel(ModuleOp module, const ModelConfig &config,
                        int64_t seq, llvm::StringRef name, ModelStep step) {
  if (llvm::Error err = validateModelConfig(config, seq))
    return std::move(err);
  MLIRContext *ctx = module.getContext();
  ctx->loadDialect<OrionDialect, func::FuncDialect>();

  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  Type f32 = b.getF32Type(), i32 = b.getI32Type();
  int64_t kvDim = config.family == ModelFamily::GPT2
                      ? config.dim
                      : config.kvHeads * (config.dim / config.heads);
  bool decode = step == ModelStep::Decode;
  int64_t tokens = decode ? 1 : seq;
  auto kvType = RankedTensorType::get({tokens, kvDim}, f32);
  auto cacheType = RankedTensorType::get({seq, kvDim}, f32);

  Signature in, out;
  in.add(RankedTensorType::get({tokens}, i32), "tokens");
  if (decode) {
    in.add(RankedTensorType::get({1}, i32), "positions");
    in.add(RankedTensorType::get({1, seq}, f32), "cache_slot");
    in.add(RankedTensorType::get({1, seq}, f32), "attn_mask");
    for (int64_t l = 0; l < config.layers; ++l) {
      in.add(cacheType, "k_cache_" + llvm::Twine(l));
      in.add(cacheType, "v_cache_" + llvm::Twine(l));
    }
  }
  bool train = step == ModelStep::Train;
  if (train) {
    in.add(RankedTensorType::get({tokens}, i32), "targets");
    out.add(RankedTensorType::get({}, f32), "loss");
  } else {
    out.add(RankedTensorType::get({tokens, config.vocab}, f32), "logits");
  }
  if (step == ModelStep::Prefill || step == ModelStep::Decode)
    for (int64_t l = 0; l < config.layers; ++l) {
      out.add(kvType, "k_" + llvm::Twine(l));
      out.add(kvType, "v_" + llvm::Twine(l));
    }

  auto func = func::FuncOp::create(b, b.getUnknownLoc(), name,
                                   b.getFunctionType(in.types, out.types));
  // Host tensor names a package's host plan (and `orion run`) uses.
  for (auto [i, n] : llvm::enumerate(in.names))
    func.setArgAttr(i, "orion.name", b.getStringAttr(n));
  for (auto [i, n] : llvm::enumerate(out.names))
    func.setResultAttr(i, "orion.name", b.getStringAttr(n));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);

  KVCacheIO kv;
  kv.returnKV = step == ModelStep::Prefill || step == ModelStep::Decode;
  if (decode) {
    kv.positions = entry->getArgument(1);
    kv.cacheSlot = entry->getArgument(2);
    kv.attnMask = entry->getArgument(3);
    for (int64_t l = 0; l < config.layers; ++l) {
      kv.kCache.push_back(entry->getArgument(4 + 2 * l));
      kv.vCache.push_back(entry->getArgument(5 + 2 * l));
    }
  }
  StageBuilder sb(b);
  sb.kv = &kv;
  Value tokenIds = entry->getArgument(0);
  SmallVector<Value> results;
  results.push_back(config.family == ModelFamily::GPT2
                        ? buildGPT2(sb, config, tokenIds)
                        : buildLlama(sb, config, tokenIds));
  if (train) {
    Location lossLoc = NameLoc::get(b.getStringAttr("loss"));
    results.front() = CrossEntropyOp::create(b, lossLoc, results.front(),
                                             entry->getArgument(1));
  }
  for (size_t l = 0; l < kv.kOut.size(); ++l) {
    results.push_back(kv.kOut[l]);
    results.push_back(kv.vOut[l]);
  }
  func::ReturnOp::create(b, sb.loc, results);

  if (failed(verify(func)))
    return llvm::createStringError("built model '" + name.str() +
                                   "' does not verify");
  return func;
}
