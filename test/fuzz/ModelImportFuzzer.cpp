//===- ModelImportFuzzer.cpp - libFuzzer target for the model importers ---===//
//
// The first byte picks the importer; the rest is its input:
//   0: a llama2.c .bin checkpoint;
//   1: a Hugging Face config.json, a NUL byte, then one safetensors file;
//   2: an Orion safetensors file (config in its "orion.config" metadata).
// Whatever the input, an import either fails with a message or returns
// only F32 tensors whose bytes are all readable.
//
//===----------------------------------------------------------------------===//

#include "orion/model/ImportSupport.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

using namespace orion::rt;

namespace {

Expected<WeightStore> storeOf(const uint8_t *data, size_t size,
                              std::string *orionConfig = nullptr) {
  auto file = SafeTensorsFile::fromBytes(std::vector<uint8_t>(data, data + size),
                                         "fuzz.safetensors");
  if (!file)
    return file.error();
  if (orionConfig) {
    auto it = file->metadata().find("orion.config");
    *orionConfig = it == file->metadata().end() ? "" : it->second;
  }
  std::vector<SafeTensorsFile> files;
  files.push_back(std::move(*file));
  return WeightStore::fromFiles(std::move(files));
}

Expected<ImportedModel> importInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return Error("empty input");
  const uint8_t mode = data[0] % 3;
  ++data;
  --size;
  if (mode == 0)
    return import::importLlama2cBytes(std::vector<uint8_t>(data, data + size),
                                      "fuzz.bin");
  if (mode == 1) {
    const uint8_t *nul = std::find(data, data + size, uint8_t(0));
    std::string config(data, nul);
    size_t rest = nul == data + size ? 0 : size_t(data + size - nul - 1);
    auto store = storeOf(nul + (rest ? 1 : 0), rest);
    if (!store)
      return store.error();
    return import::importHuggingFace(config, "config.json", *store,
                                     "fuzz.safetensors");
  }
  std::string config;
  auto store = storeOf(data, size, &config);
  if (!store)
    return store.error();
  return import::importOrion(config, std::move(*store), "fuzz.safetensors");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto model = importInput(data, size);
  if (!model) {
    if (model.error().message().empty())
      std::abort(); // every failure says why
    return 0;
  }
  int64_t count = 0;
  float sum = 0;
  for (const auto &[name, view] : model->weights.tensors()) {
    if (view->dtype != DType::F32 ||
        view->sizeBytes != size_t(view->elementCount()) * 4)
      std::abort();
    count += view->elementCount();
    for (size_t i = 0; i < view->sizeBytes; i += 4) {
      float v;
      std::memcpy(&v, view->data + i, 4);
      sum += v;
    }
  }
  if (count != model->parameterCount || model->configJson.empty())
    std::abort();
  return sum == 12345.0f;
}
