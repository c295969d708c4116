//===- ModelImport.cpp - Which importer reads a path ----------------------===//
//
// A directory is a Hugging Face model (config.json + *.safetensors) or a
// directory of Orion safetensors; a file is a safetensors file (by
// extension or by its header) or else a llama2.c checkpoint. Orion's own
// checkpoints carry their config as the metadata key "orion.config".
//
//===----------------------------------------------------------------------===//

#include "orion/model/ImportSupport.h"

#include "orion/format/BlobFile.h" // readFile

#include <cstring>
#include <filesystem>
#include <fstream>

namespace orion::rt {

namespace fs = std::filesystem;

namespace import {

Expected<ImportedModel> importOrion(const std::string &configJson,
                                    WeightStore source,
                                    const std::string &sourceName) {
  auto spec = parseModelConfig(configJson, sourceName + ": orion.config");
  if (!spec)
    return spec.error();
  std::vector<TensorMapping> mappings;
  bool allF32 = true;
  for (const ParamSpec &p : parameterSpecs(*spec)) {
    mappings.push_back({p, p.name});
    const TensorView *v = source.find(p.name);
    allF32 = allF32 && v && v->dtype == DType::F32;
  }
  if (Status s = checkMapping(mappings, source, sourceName,
                              [](const std::string &) { return false; });
      !s)
    return s.error();
  if (!allF32)
    return convertMapping("orion", *spec, mappings, source, sourceName);
  // Already our names, layout and dtype: keep the store as it is.
  ImportedModel model;
  model.format = "orion";
  model.configJson = modelConfigToJson(*spec);
  model.weights = std::move(source);
  for (const auto &[n, view] : model.weights.tensors())
    model.parameterCount += view->elementCount();
  return model;
}

} // namespace import

namespace {

/// The first bytes of a file (fewer if it is shorter).
std::vector<uint8_t> peek(const std::string &path, size_t n) {
  std::vector<uint8_t> bytes(n);
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char *>(bytes.data()), std::streamsize(n));
  bytes.resize(in ? n : size_t(std::max<std::streamsize>(in.gcount(), 0)));
  return bytes;
}

/// An 8-byte header length followed by '{': the start of a safetensors
/// file. (llama2.c's first int32 fields make that length >= 2^32.)
bool looksLikeSafeTensors(const std::vector<uint8_t> &head, uint64_t size) {
  if (head.size() < 9 || head[8] != '{')
    return false;
  uint64_t len;
  std::memcpy(&len, head.data(), 8);
  return len <= size - 8;
}

Expected<std::string> readText(const std::string &path) {
  auto bytes = readFile(path);
  if (!bytes)
    return bytes.error();
  return std::string(bytes->begin(), bytes->end());
}

Expected<ImportedModel> importHFDirectory(const std::string &dir,
                                          const std::string &configPath) {
  auto config = readText(configPath);
  if (!config)
    return config.error();
  auto store = WeightStore::open(dir);
  if (!store)
    return store.error();
  return import::importHuggingFace(*config, configPath, *store, dir);
}

Expected<ImportedModel> importSafeTensorsFile(const std::string &path) {
  auto file = SafeTensorsFile::open(path);
  if (!file)
    return file.error();
  auto meta = file->metadata().find("orion.config");
  std::string orionConfig =
      meta == file->metadata().end() ? std::string() : meta->second;
  std::vector<SafeTensorsFile> files;
  files.push_back(std::move(*file));
  auto store = WeightStore::fromFiles(std::move(files));
  if (!store)
    return store.error();
  if (!orionConfig.empty())
    return import::importOrion(orionConfig, std::move(*store), path);
  fs::path config = fs::path(path).parent_path() / "config.json";
  std::error_code ec;
  if (!fs::is_regular_file(config, ec))
    return Error(path + ": a safetensors file needs a config.json beside it "
                        "(Hugging Face) or an \"orion.config\" metadata "
                        "entry (Orion)");
  auto text = readText(config.string());
  if (!text)
    return text.error();
  return import::importHuggingFace(*text, config.string(), *store, path);
}

/// A directory without config.json: Orion safetensors files, whose
/// "orion.config" entries must agree.
Expected<ImportedModel> importOrionDirectory(const std::string &dir) {
  auto store = WeightStore::open(dir);
  if (!store)
    return store.error();
  std::string config;
  for (const SafeTensorsFile &f : store->files()) {
    auto it = f.metadata().find("orion.config");
    if (it == f.metadata().end())
      continue;
    if (!config.empty() && it->second != config)
      return Error(f.name() + ": its \"orion.config\" differs from another "
                              "file's in " + dir);
    config = it->second;
  }
  if (config.empty())
    return Error(dir + ": no config.json (Hugging Face) and no safetensors "
                       "file with an \"orion.config\" metadata entry (Orion)");
  return import::importOrion(config, std::move(*store), dir);
}

} // namespace

Expected<ImportedModel> importModel(const std::string &path) {
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status))
    return Error(path + ": no such file or directory");
  if (fs::is_directory(status)) {
    std::string config = (fs::path(path) / "config.json").string();
    if (fs::is_regular_file(config, ec))
      return importHFDirectory(path, config);
    return importOrionDirectory(path);
  }
  if (!fs::is_regular_file(status))
    return Error(path + ": not a regular file or directory");
  uint64_t size = fs::file_size(path, ec);
  if (ec)
    return Error(path + ": cannot open: " + ec.message());
  std::vector<uint8_t> head = peek(path, 16);
  if (fs::path(path).extension() == ".safetensors" ||
      looksLikeSafeTensors(head, size))
    return importSafeTensorsFile(path);
  // PyTorch's .pt/.bin files are zip archives of pickles.
  if (head.size() >= 4 && std::memcmp(head.data(), "PK\x03\x04", 4) == 0)
    return Error(path + ": a zip archive (a PyTorch pickle?), not a llama2.c "
                        "checkpoint; save Hugging Face models as safetensors");
  return import::importLlama2c(path);
}

} // namespace orion::rt
