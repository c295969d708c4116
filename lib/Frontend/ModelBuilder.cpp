//===- ModelBuilder.cpp - Whole-model function skeleton -------------------===//

#include "StageBuilder.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"

#include "orion/model/Params.h"
#include "orion/model/Protocol.h"

#include "mlir/IR/Verifier.h"

using namespace mlir;
using namespace mlir::orion;
namespace protocol = ::orion::rt::protocol;

StageBuilder::StageBuilder(OpBuilder &b, const ModelConfig &config)
    : b(b), loc(b.getUnknownLoc()) {
  for (const ::orion::rt::ParamSpec &p : ::orion::rt::parameterSpecs(config))
    params[p.name].shape = p.shape;
}

Value StageBuilder::param(const llvm::Twine &name) {
  std::string key = name.str();
  auto it = params.find(key);
  if (it == params.end())
    llvm::report_fatal_error("model builder uses parameter '" +
                             llvm::Twine(key) +
                             "', which orion/model/Params.h does not list");
  it->second.used = true;
  auto type = RankedTensorType::get(it->second.shape, b.getF32Type());
  return ParamOp::create(b, loc, type, b.getStringAttr(key));
}

std::string StageBuilder::unusedParams() const {
  std::string unused;
  for (const auto &entry : params)
    if (!entry.getValue().used)
      unused += (unused.empty() ? "" : ", ") + entry.getKey().str();
  return unused;
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
  for (const std::string &why : {::orion::rt::checkModelConfig(config),
                                ::orion::rt::checkSequenceLength(config, seq)})
    if (!why.empty())
      return llvm::createStringError(why);
  MLIRContext *ctx = module.getContext();
  ctx->loadDialect<OrionDialect, func::FuncDialect>();

  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  Type f32 = b.getF32Type(), i32 = b.getI32Type();
  int64_t kvDim = config.kvDim();
  bool decode = step == ModelStep::Decode;
  int64_t tokens = decode ? 1 : seq;
  auto kvType = RankedTensorType::get({tokens, kvDim}, f32);
  auto cacheType = RankedTensorType::get({seq, kvDim}, f32);

  Signature in, out;
  in.add(RankedTensorType::get({tokens}, i32), protocol::kTokens);
  if (decode) {
    in.add(RankedTensorType::get({1}, i32), protocol::kPositions);
    in.add(RankedTensorType::get({1, seq}, f32), protocol::kCacheSlot);
    in.add(RankedTensorType::get({1, seq}, f32), protocol::kAttnMask);
    for (int64_t l = 0; l < config.layers; ++l) {
      in.add(cacheType, protocol::kvCacheName('k', l));
      in.add(cacheType, protocol::kvCacheName('v', l));
    }
  }
  bool train = step == ModelStep::Train;
  if (train) {
    in.add(RankedTensorType::get({tokens}, i32), protocol::kTargets);
    out.add(RankedTensorType::get({}, f32), protocol::kLoss);
  } else {
    out.add(RankedTensorType::get({tokens, config.vocab}, f32),
            protocol::kLogits);
  }
  if (step == ModelStep::Prefill || step == ModelStep::Decode)
    for (int64_t l = 0; l < config.layers; ++l) {
      out.add(kvType, protocol::kvName('k', l));
      out.add(kvType, protocol::kvName('v', l));
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
  StageBuilder sb(b, config);
  sb.kv = &kv;
  Value tokenIds = entry->getArgument(0);
  SmallVector<Value> results;
  results.push_back(config.family == ModelFamily::GPT2
                        ? buildGPT2(sb, config, tokenIds)
                        : buildLlama(sb, config, tokenIds));
  if (train) {
    Location lossLoc = NameLoc::get(b.getStringAttr(protocol::kLoss));
    results.front() = CrossEntropyOp::create(b, lossLoc, results.front(),
                                             entry->getArgument(1));
  }
  for (size_t l = 0; l < kv.kOut.size(); ++l) {
    results.push_back(kv.kOut[l]);
    results.push_back(kv.vOut[l]);
  }
  func::ReturnOp::create(b, sb.loc, results);
  if (std::string unused = sb.unusedParams(); !unused.empty())
    return llvm::createStringError("internal error: the model builder does "
                                   "not use the listed parameters " +
                                   unused);

  if (failed(verify(func)))
    return llvm::createStringError("built model '" + name.str() +
                                   "' does not verify");
  return func;
}
