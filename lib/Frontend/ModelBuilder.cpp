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

llvm::Expected<func::FuncOp> mlir::orion::buildModel(ModuleOp module,
                                                     const ModelConfig &config,
                                                     int64_t seq,
                                                     llvm::StringRef name) {
  if (llvm::Error err = validateModelConfig(config, seq))
    return std::move(err);
  MLIRContext *ctx = module.getContext();
  ctx->loadDialect<OrionDialect, func::FuncDialect>();

  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  auto tokensType = RankedTensorType::get({seq}, b.getI32Type());
  auto logitsType = RankedTensorType::get({seq, config.vocab}, b.getF32Type());
  auto func = func::FuncOp::create(b, b.getUnknownLoc(), name,
                                   b.getFunctionType(tokensType, logitsType));
  // Host tensor names a package's host plan (and `orion run`) uses.
  func.setArgAttr(0, "orion.name", b.getStringAttr("tokens"));
  func.setResultAttr(0, "orion.name", b.getStringAttr("logits"));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);

  StageBuilder sb(b);
  Value tokens = entry->getArgument(0);
  Value logits = config.family == ModelFamily::GPT2
                     ? buildGPT2(sb, config, tokens)
                     : buildLlama(sb, config, tokens);
  func::ReturnOp::create(b, sb.loc, logits);

  if (failed(verify(func)))
    return llvm::createStringError("built model '" + name.str() +
                                   "' does not verify");
  return func;
}
