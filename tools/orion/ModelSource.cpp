//===- ModelSource.cpp - Where a command's model comes from ---------------===//

#include "ModelSource.h"

#include "llvm/Support/MemoryBuffer.h"

#include <sstream>

using namespace mlir::orion;

namespace orion::cli {

llvm::Expected<ModelConfig>
configOfImport(const std::string &path,
               const ::orion::rt::ImportedModel &imported) {
  auto parsed = parseModelConfig(imported.configJson);
  if (!parsed)
    return llvm::createStringError(path + ": " +
                                   llvm::toString(parsed.takeError()));
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
    auto p = presetConfig(*preset);
    if (!p)
      return p.takeError();
    config = *p;
  }
  if (auto path = args.value("config")) {
    auto buffer = llvm::MemoryBuffer::getFile(*path);
    if (!buffer)
      return llvm::createStringError("cannot read " + *path + ": " +
                                     buffer.getError().message());
    auto parsed = parseModelConfig((*buffer)->getBuffer(), config);
    if (!parsed)
      return llvm::createStringError(*path + ": " +
                                     llvm::toString(parsed.takeError()));
    config = *parsed;
  }
  return config;
}

std::string configToJson(const ModelConfig &c) {
  std::ostringstream os;
  os.precision(9);
  os << "{\"family\": \""
     << (c.family == ModelFamily::GPT2 ? "gpt2" : "llama")
     << "\", \"vocab\": " << c.vocab << ", \"dim\": " << c.dim
     << ", \"layers\": " << c.layers << ", \"heads\": " << c.heads
     << ", \"kv_heads\": " << c.kvHeads << ", \"hidden\": " << c.hidden
     << ", \"max_seq\": " << c.maxSeq << ", \"norm_eps\": " << c.normEps
     << ", \"rope_theta\": " << c.ropeTheta << ", \"tied_classifier\": "
     << (c.tiedClassifier ? "true" : "false") << "}";
  return os.str();
}

} // namespace orion::cli
