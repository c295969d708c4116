//===- TrainInputs.cpp - What `orion train` starts from -------------------===//

#include "TrainInputs.h"
#include "InitWeights.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"
#include "orion/format/BlobFile.h"
#include "orion/format/Fp16.h"
#include "orion/format/Npy.h"
#include "orion/model/Tokenizer.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"

#include <cstring>

using namespace mlir;
namespace rt = ::orion::rt;

namespace orion::cli {

namespace {

llvm::Error err(const std::string &message) {
  return llvm::createStringError(message);
}

/// Builds the train step and hands its function to `use`.
template <typename F>
llvm::Error withTrainFunc(const mlir::orion::ModelConfig &config, int64_t seq,
                          F use) {
  MLIRContext context;
  OwningOpRef<ModuleOp> module(ModuleOp::create(UnknownLoc::get(&context)));
  auto func = mlir::orion::buildModel(*module, config, seq, "train",
                                      mlir::orion::ModelStep::Train);
  if (!func)
    return func.takeError();
  use(*func);
  return llvm::Error::success();
}

} // namespace

llvm::Expected<std::map<std::string, std::vector<int64_t>>>
trainParameterShapes(const mlir::orion::ModelConfig &config, int64_t seq) {
  std::map<std::string, std::vector<int64_t>> shapes;
  if (llvm::Error e = withTrainFunc(config, seq, [&](func::FuncOp f) {
        f.walk([&](mlir::orion::ParamOp p) {
          auto s = p.getType().getShape();
          shapes[p.getName().str()] = {s.begin(), s.end()};
        });
      }))
    return std::move(e);
  return shapes;
}

llvm::Expected<rt::MasterWeights>
initialMasterWeights(const mlir::orion::ModelConfig &config, int64_t seq,
                     const rt::WeightStore *store, const std::string &source,
                     uint64_t initSeed) {
  std::optional<rt::WeightStore> initial;
  if (!store) {
    rt::SafeTensorsWriter writer;
    if (llvm::Error e = withTrainFunc(config, seq, [&](func::FuncOp f) {
          writer = initialWeights(f, initSeed);
        }))
      return std::move(e);
    auto file = rt::SafeTensorsFile::fromBytes(writer.bytes(), "init");
    if (!file)
      return err(file.error().message());
    std::vector<rt::SafeTensorsFile> files;
    files.push_back(std::move(*file));
    auto s = rt::WeightStore::fromFiles(std::move(files));
    if (!s)
      return err(s.error().message());
    initial = std::move(*s);
    store = &*initial;
  }
  auto shapes = trainParameterShapes(config, seq);
  if (!shapes)
    return shapes.takeError();
  rt::MasterWeights weights;
  for (const auto &[name, shape] : *shapes) {
    const rt::TensorView *t = store->find(name);
    if (!t)
      return err(source + ": no tensor '" + name +
                 "', a parameter of the model");
    if (t->shape != shape)
      return err(source + ": tensor '" + name +
                 "' does not have the model's shape for it");
    rt::MasterParam p;
    p.shape = shape;
    p.value.resize(size_t(t->elementCount()));
    const uint8_t *d = t->data;
    for (size_t i = 0; i < p.value.size(); ++i) {
      uint16_t h;
      switch (t->dtype) {
      case rt::DType::F32:
        std::memcpy(&p.value[i], d + 4 * i, 4);
        break;
      case rt::DType::F16:
        std::memcpy(&h, d + 2 * i, 2);
        p.value[i] = rt::halfToFloat(h);
        break;
      case rt::DType::BF16:
        std::memcpy(&h, d + 2 * i, 2);
        p.value[i] = rt::bfloat16ToFloat(h);
        break;
      default:
        return err(source + ": tensor '" + name + "' is " +
                   rt::safeTensorsDTypeName(t->dtype) +
                   "; weights must be F32, F16 or BF16");
      }
    }
    weights.emplace(name, std::move(p));
  }
  return weights;
}

llvm::Expected<std::vector<int32_t>>
readTrainTokens(const std::string &path,
                const std::optional<std::string> &tokenizer, bool addBos) {
  if (llvm::StringRef(path).ends_with(".npy")) {
    auto t = rt::readNpy(path);
    if (!t)
      return err(t.error().message());
    if (t->dtype != "int32" || t->shape.size() != 1)
      return err(path + ": training data must be a 1-D integer array of "
                        "token ids");
    return std::move(t->i32);
  }
  if (!tokenizer)
    return err(path + " is not a .npy of token ids; give --tokenizer FILE "
                      "to train on it as text");
  auto tok = rt::loadTokenizer(*tokenizer);
  if (!tok)
    return err(tok.error().message());
  auto bytes = rt::readFile(path);
  if (!bytes)
    return err(bytes.error().message());
  return (*tok)->encode(
      std::string_view(reinterpret_cast<const char *>(bytes->data()),
                       bytes->size()),
      addBos);
}

} // namespace orion::cli
