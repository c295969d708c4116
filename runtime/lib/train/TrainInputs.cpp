//===- TrainInputs.cpp - What a training run starts from ------------------===//

#include "orion/train/TrainInputs.h"

#include "orion/format/BlobFile.h"
#include "orion/format/Npy.h"
#include "orion/format/Strings.h"
#include "orion/model/InitWeights.h"
#include "orion/model/Params.h"
#include "orion/model/Tokenizer.h"

namespace orion::rt {

namespace {

Expected<WeightStore> initialStore(const ModelConfig &config,
                                   uint64_t initSeed) {
  auto weights = initialWeights(config, initSeed);
  if (!weights)
    return weights.error();
  auto file = SafeTensorsFile::fromBytes(weights->bytes(), "init");
  if (!file)
    return file.error();
  std::vector<SafeTensorsFile> files;
  files.push_back(std::move(*file));
  return WeightStore::fromFiles(std::move(files));
}

} // namespace

Expected<MasterWeights> initialMasterWeights(const ModelConfig &config,
                                             const WeightStore *store,
                                             const std::string &source,
                                             uint64_t initSeed) {
  std::optional<WeightStore> initial;
  if (!store) {
    auto s = initialStore(config, initSeed);
    if (!s)
      return s.error();
    initial = std::move(*s);
    store = &*initial;
  }
  MasterWeights weights;
  for (const auto &[name, shape] : parameterSpecs(config)) {
    const TensorView *t = store->find(name);
    if (!t)
      return Error(source + ": no tensor '" + name +
                   "', a parameter of the model");
    if (t->shape != shape)
      return Error(source + ": tensor '" + name +
                   "' does not have the model's shape for it");
    if (t->dtype != DType::F32 && t->dtype != DType::F16 &&
        t->dtype != DType::BF16)
      return Error(source + ": tensor '" + name + "' is " +
                   safeTensorsDTypeName(t->dtype) +
                   "; weights must be F32, F16 or BF16");
    MasterParam p;
    p.shape = shape;
    p.value = toF32(*t);
    weights.emplace(name, std::move(p));
  }
  return weights;
}

Expected<std::vector<int32_t>>
readTrainTokens(const std::string &path,
                const std::optional<std::string> &tokenizer, bool addBos) {
  if (endsWith(path, ".npy")) {
    auto t = readNpy(path);
    if (!t)
      return t.error();
    if (t->dtype != "int32" || t->shape.size() != 1)
      return Error(path + ": training data must be a 1-D integer array of "
                          "token ids");
    return std::move(t->i32);
  }
  if (!tokenizer)
    return Error(path + " is not a .npy of token ids; give --tokenizer FILE "
                        "to train on it as text");
  auto tok = loadTokenizer(*tokenizer);
  if (!tok)
    return tok.error();
  auto bytes = readFile(path);
  if (!bytes)
    return bytes.error();
  return (*tok)->encode(
      std::string_view(reinterpret_cast<const char *>(bytes->data()),
                       bytes->size()),
      addBos);
}

} // namespace orion::rt
