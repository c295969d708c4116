//===- ModelSource.cpp - Where a command's model comes from ---------------===//

#include "ModelSource.h"

#include "orion/format/Finite.h"

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

Option allowNonFiniteOption() {
  return {"allow-non-finite", "",
          "use weights holding NaN or Inf (refused by default, naming the "
          "parameter)"};
}

llvm::Error checkFiniteInput(const Args &args,
                             const ::orion::rt::WeightStore &store,
                             const std::string &source) {
  if (args.flag("allow-non-finite"))
    return llvm::Error::success();
  if (::orion::rt::Status s = ::orion::rt::checkFiniteWeights(store, source);
      !s)
    return llvm::createStringError(s.error().message());
  return llvm::Error::success();
}

llvm::Expected<::orion::rt::WeightStore>
openWeightsOption(const Args &args, const std::string &path) {
  auto opened = ::orion::rt::WeightStore::open(path);
  if (!opened)
    return llvm::createStringError(opened.error().message());
  if (llvm::Error e = checkFiniteInput(args, *opened, path))
    return std::move(e);
  return std::move(*opened);
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
  if (llvm::Error e = checkFiniteInput(args, imported->weights, *path))
    return std::move(e);
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
