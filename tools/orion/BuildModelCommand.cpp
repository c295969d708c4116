//===- BuildModelCommand.cpp - orion build-model: config to orion IR ------===//
//
// Writes the whole-model `orion` function of a preset or JSON config, the
// starting point of the ANE pipeline, without going through orion-opt.
//
//===----------------------------------------------------------------------===//

#include "Command.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"
#include "Orion/Frontend/ModelBuilder.h"
#include "orion/runtime/ModelImport.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"

#include <iostream>
#include <set>

using namespace mlir;
using namespace mlir::orion;

namespace orion::cli {

namespace {

/// Distinct parameter names and their total element count.
std::pair<size_t, int64_t> countParams(func::FuncOp func) {
  std::set<std::string> seen;
  int64_t elements = 0;
  func.walk([&](ParamOp p) {
    if (seen.insert(p.getName().str()).second)
      elements += p.getType().getNumElements();
  });
  return {seen.size(), elements};
}

/// The preset, then the JSON file's keys over it; or an imported
/// checkpoint's config.
llvm::Expected<ModelConfig> loadConfig(const Args &args) {
  ModelConfig config;
  if (auto path = args.value("model")) {
    auto imported = ::orion::rt::importModel(*path);
    if (!imported)
      return llvm::createStringError(imported.error().message());
    auto parsed = parseModelConfig(imported->configJson);
    if (!parsed)
      return llvm::createStringError(*path + ": " +
                                     llvm::toString(parsed.takeError()));
    return *parsed;
  }
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

int runBuildModel(const Args &args) {
  bool model = args.value("model").has_value();
  if (!model && !args.value("preset") && !args.value("config"))
    return fail("build-model",
                "give --preset NAME, --config FILE or --model FILE|DIR");
  if (model && (args.value("preset") || args.value("config")))
    return fail("build-model", "--model brings its own config; drop --preset "
                               "and --config");
  auto config = loadConfig(args);
  if (!config)
    return fail("build-model", llvm::toString(config.takeError()));
  int64_t seq = std::min<int64_t>(256, config->maxSeq);
  if (auto s = args.value("seq")) {
    if (llvm::StringRef(*s).getAsInteger(10, seq))
      return fail("build-model", "--seq must be an integer, got '" + *s + "'");
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module(ModuleOp::create(UnknownLoc::get(&context)));
  auto func = buildModel(*module, *config, seq);
  if (!func)
    return fail("build-model", llvm::toString(func.takeError()));

  const std::string output = *args.value("o");
  std::string error;
  auto file = openOutputFile(output, &error);
  if (!file)
    return fail("build-model", error);
  // Locations carry the stages orion-partition cuts along, so they are part
  // of the output (as #loc aliases at the end).
  OpPrintingFlags flags;
  flags.enableDebugInfo(true, /*prettyForm=*/false);
  module->print(file->os(), flags);
  file->keep();

  auto [names, elements] = countParams(*func);
  // With `-o -` the IR is on stdout; keep the summary out of it.
  std::ostream &summary = output == "-" ? std::cerr : std::cout;
  summary << "wrote " << output << ": "
          << (config->family == ModelFamily::GPT2 ? "gpt2" : "llama") << ", "
          << config->layers << " layers, seq " << seq << ", " << names
          << " parameters, " << elements << " weights\n";
  return 0;
}

} // namespace

Command buildModelCommand() {
  Command c;
  c.name = "build-model";
  c.usage = "(--preset NAME | --config FILE | --model FILE|DIR) [--seq S] -o "
            "MODEL.mlir";
  c.summary = "Write a whole-model orion function for a model config";
  c.description =
      "Builds @forward(tokens: tensor<Sxi32>) -> tensor<SxVxf32> in orion ops\n"
      "with orion.param weights named like the checkpoints (Hugging Face\n"
      "GPT-2, llama2.c/Meta Llama; linear weights in [out, in] layout).\n"
      "Presets: gpt2-124m, stories15m, stories42m, stories110m, gpt2-tiny,\n"
      "llama-tiny. A JSON config ({\"family\": \"gpt2\"|\"llama\", \"vocab\",\n"
      "\"dim\", \"layers\", \"heads\", \"kv_heads\", \"hidden\", \"max_seq\",\n"
      "\"norm_eps\", \"rope_theta\", \"tied_classifier\"}) overrides the preset's\n"
      "fields. S defaults to min(256, max_seq). Each op's location names its\n"
      "stage (embed, layerN.attn, layerN.mlp, final_norm, logits);\n"
      "orion-partition cuts kernels along these stages.\n"
      "--model takes the config of a checkpoint (a llama2.c .bin, a Hugging\n"
      "Face GPT-2 or Llama directory or .safetensors file with config.json,\n"
      "or an Orion safetensors file; see docs/models.md); its weights are\n"
      "read and checked too, and bind by name in `orion compile --weights`\n"
      "or `orion patch --model`.";
  c.options = {
      {"o", "FILE", "output .mlir file ('-' for stdout)", /*required=*/true},
      {"preset", "NAME", "a built-in model config"},
      {"config", "FILE", "a JSON model config (overrides the preset)"},
      {"model", "FILE|DIR",
       "the config of a llama2.c, Hugging Face or Orion checkpoint"},
      {"seq", "S", "sequence length (static shape of the function)"},
  };
  c.run = runBuildModel;
  return c;
}

} // namespace orion::cli
