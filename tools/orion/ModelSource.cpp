//===- ModelSource.cpp - Where a command's model comes from ---------------===//

#include "ModelSource.h"

#include "llvm/Support/MemoryBuffer.h"


using namespace mlir::orion;

namespace orion::cli {

llvm::Expected<ModelConfig>
configOfImport(const std::string &path,
               const ::orion::rt::ImportedModel &imported) {
  auto parsed = ::orion::rt::parseModelConfig(imported.configJson, path);
  if (!parsed)
    return llvm::createStringError(parsed.error().message());
  return *parsed;
}

llvm::Expected<std::optional<ImportedArgsModel>>
importModelOption(const Args &args) {
  auto path = args.value("model");
  if (!path)
    return std::nullopt;
  if (args.value("preset") || args.value("config") || args.value("weights"))
    return llvm::createStringError("--model brings its own config and "
                                   "weights; drop --preset, --config and "
                                   "--weights");
  auto imported = ::orion::rt::importModel(*path);
  if (!imported)
    return llvm::createStringError(imported.error().message());
  auto config = configOfImport(*path, *imported);
  if (!config)
    return config.takeError();
  return ImportedArgsModel{std::move(*imported), *config};
}

llvm::Expected<ModelConfig> loadConfig(const Args &args) {
  bool model = args.value("model").has_value();
  if (!model && !args.value("preset") && !args.value("config"))
    return llvm::createStringError(
        "give --preset NAME, --config FILE or --model FILE|DIR");
  if (model && (args.value("preset") || args.value("config")))
    return llvm::createStringError("--model brings its own config; drop "
                                   "--preset and --config");
  if (model) {
    auto imported = ::orion::rt::importModel(*args.value("model"));
    if (!imported)
      return llvm::createStringError(imported.error().message());
    return configOfImport(*args.value("model"), *imported);
  }
  ModelConfig config;
  if (auto preset = args.value("preset")) {
    auto p = ::orion::rt::presetConfig(*preset);
    if (!p)
      return llvm::createStringError(p.error().message());
    config = *p;
  }
  if (auto path = args.value("config")) {
    auto buffer = llvm::MemoryBuffer::getFile(*path);
    if (!buffer)
      return llvm::createStringError("cannot read " + *path + ": " +
                                     buffer.getError().message());
    auto parsed = ::orion::rt::parseModelConfig(
        (*buffer)->getBuffer().str(), *path, config);
    if (!parsed)
      return llvm::createStringError(parsed.error().message());
    config = *parsed;
  }
  return config;
}

} // namespace orion::cli
