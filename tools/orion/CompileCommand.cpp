//===- CompileCommand.cpp - orion compile: IR to an ANE package -----------===//

#include "Command.h"
#include "ModelSource.h"
#include "Orion/Driver/CompileModel.h"
#include "Table.h"

#include "Orion/Driver/CliDiagnostics.h"
#include "Orion/InitAllDialects.h"
#include "Orion/Pipelines/Pipelines.h"
#include "orion/model/ModelImport.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/SourceMgr.h"

#include <chrono>
#include <iostream>

using namespace mlir;
using mlir::orion::PackageOptions;
using mlir::orion::PackageSummary;
using mlir::orion::ProgramSummary;
using mlir::orion::compileModel;
using mlir::orion::compileModuleToPackage;
using mlir::orion::ModelCompileOptions;
namespace rt = ::orion::rt;

namespace orion::cli {

namespace {

/// --seq's default for --model: the model's context, up to this many tokens
/// (as `orion build-model`).
constexpr int64_t kDefaultMaxSeq = 256;

/// The pipeline's settings from --granularity, --compute-type,
/// --weight-type, --surface-type, --recompute, --pack-inputs and
/// --loss-scale; a bad value names its flag and the values it takes.
llvm::Expected<mlir::orion::ANEPipelineConfig> pipelineConfig(const Args &args) {
  mlir::orion::ANEPipelineConfig config;
  for (const char *key :
       {"granularity", "compute-type", "weight-type", "surface-type",
        "recompute"})
    if (auto v = args.value(key))
      if (llvm::Error e = mlir::orion::setPipelineOption(config, key, *v))
        return std::move(e);
  config.packInputs = args.flag("pack-inputs");
  config.lossScale = args.flag("loss-scale");
  return config;
}

/// --pipeline: false for inference (the default), true for training.
std::optional<bool> trainingPipeline(const Args &args) {
  std::string name = args.value("pipeline").value_or("inference");
  if (name == "inference" || name == "training")
    return name == "training";
  return std::nullopt;
}

void printSummary(const PackageSummary &summary, const std::string &output,
                  const std::string &spellingName, double seconds) {
  for (const std::string &w : summary.warnings)
    std::cerr << "orion compile: warning: " << w << "\n";
  Table table({"program", "inputs", "outputs", "MIL statements", "blobs",
               "weight bytes"});
  size_t statements = 0, blobs = 0;
  uint64_t bytes = 0;
  for (const ProgramSummary &p : summary.programs) {
    table.add({p.name, std::to_string(p.inputs), std::to_string(p.outputs),
               std::to_string(p.statements), std::to_string(p.blobs),
               formatBytes(p.weightBytes)});
    statements += p.statements;
    blobs += p.blobs;
    bytes += p.weightBytes;
  }
  table.add({"total", "", "", std::to_string(statements), std::to_string(blobs),
             formatBytes(bytes)});
  std::cout << "wrote " << output << " (" << spellingName << " MIL, "
            << formatNumber(seconds) << " s)\n";
  table.print(std::cout);
  if (summary.zeroFilledBlobs)
    std::cout << "note: " << summary.zeroFilledBlobs
              << " weight blobs are zeros (no values given); fill them with "
                 "`orion patch "
              << output << " --weights STORE`\n";
}

/// `orion compile --model`: import, build the IR, compile with its weights.
int compileImported(const Args &args,
                    const mlir::orion::ANEPipelineConfig &pipeline,
                    const std::string &modelPath,
                    const std::string &output, rt::milast::MILSpelling spelling,
                    const std::string &spellingName,
                    std::chrono::steady_clock::time_point start) {
  auto imported = rt::importModel(modelPath);
  if (!imported)
    return fail("compile", imported.error().message());
  if (llvm::Error e = checkFiniteInput(args, imported->weights, modelPath))
    return fail("compile", llvm::toString(std::move(e)));
  auto config = rt::parseModelConfig(imported->configJson, modelPath);
  if (!config)
    return fail("compile", config.error().message());
  int64_t seq = std::min<int64_t>(kDefaultMaxSeq, config->maxSeq);
  if (auto s = args.value("seq"))
    if (llvm::StringRef(*s).getAsInteger(10, seq))
      return fail("compile", "--seq must be an integer, got '" + *s + "'");
  std::cout << "imported " << modelPath << " (" << imported->format << ", "
            << imported->parameterCount << " parameters), seq " << seq
            << "\n";
  ModelCompileOptions compileOptions;
  compileOptions.spelling = spelling;
  if (trainingPipeline(args).value_or(false))
    compileOptions.step = mlir::orion::ModelStep::Train;
  auto summary = compileModel(*config, seq, &imported->weights, pipeline,
                              output, compileOptions);
  if (!summary)
    return fail("compile", llvm::toString(summary.takeError()));
  printSummary(*summary, output, spellingName,
               std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                             start)
                   .count());
  return 0;
}

} // namespace

static int runCompile(const Args &args) {
  auto start = std::chrono::steady_clock::now();
  const std::string output = *args.value("o");
  std::string spellingName = args.value("spelling").value_or("compact");
  PackageOptions options;
  if (spellingName == "verbose")
    options.spelling = rt::milast::MILSpelling::Verbose;
  else if (spellingName != "compact")
    return fail("compile", "--spelling must be compact or verbose, got '" +
                               spellingName + "'");

  // Checked before any work.
  auto pipeline = pipelineConfig(args);
  if (!pipeline)
    return fail("compile", llvm::toString(pipeline.takeError()));
  std::optional<bool> training = trainingPipeline(args);
  if (!training)
    return fail("compile", "--pipeline must be inference or training, got '" +
                               *args.value("pipeline") + "'");
  auto modelPath = args.value("model");
  if (modelPath.has_value() == !args.positional().empty())
    return fail("compile", "give either INPUT.mlir or --model FILE|DIR (see "
                           "`orion compile --help`)");
  if (modelPath) {
    if (args.value("weights"))
      return fail("compile", "--model brings its own weights; --weights is "
                             "for INPUT.mlir");
    return compileImported(args, *pipeline, *modelPath, output,
                           options.spelling,
                           spellingName, start);
  }
  if (args.value("seq"))
    return fail("compile", "--seq is for --model; INPUT.mlir has its shapes");
  const std::string input = args.positional()[0];

  std::optional<rt::WeightStore> store;
  if (auto path = args.value("weights")) {
    auto opened = openWeightsOption(args, *path);
    if (!opened)
      return fail("compile", llvm::toString(opened.takeError()));
    store = std::move(*opened);
    options.store = &*store;
  }

  DialectRegistry registry;
  mlir::orion::registerAllDialects(registry);
  MLIRContext context(registry);
  context.printOpOnDiagnostic(false); // remarks and errors say enough
  llvm::SourceMgr sourceMgr;
  mlir::orion::CliDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(input, sourceMgr,
                                                           ParserConfig(&context));
  if (!module) {
    if (sourceMgr.getNumBuffers() == 0)
      return fail("compile", "cannot read " + input);
    return 1; // the parser has printed file:line:col diagnostics
  }

  auto summary =
      compileModuleToPackage(*module, *pipeline, options, output, *training);
  if (failed(summary))
    return 1; // the passes have printed their diagnostics
  printSummary(*summary, output, spellingName,
               std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                             start)
                   .count());
  return 0;
}

Command compileCommand() {
  Command c;
  c.name = "compile";
  c.usage = "(INPUT.mlir [--weights STORE] | --model FILE|DIR [--seq S]) -o "
            "PKG [--spelling compact|verbose] [--granularity G] "
            "[--compute-type T] [--weight-type T] [--surface-type T] "
            "[--pack-inputs] [--pipeline inference|training]";
  c.summary = "Compile a model (orion) or kernels (mil) into an ANE package";
  c.description =
      "A whole-model orion function (e.g. from `orion build-model`) runs\n"
      "through orion-ane-inference-pipeline: fusion, decomposition,\n"
      "partitioning into ANE and CPU kernels, surface layout, conversion to\n"
      "mil and the ANE rules; its host function becomes the package's host\n"
      "plan. Each func.func of mil ops becomes one program: names and BLOBFILE\n"
      "offsets are assigned (-mil-assign-names, -mil-assign-blobs), then\n"
      "PKG/manifest.json, PKG/programs/<name>/model.mil and\n"
      "PKG/programs/<name>/weights/weight.bin are written (see\n"
      "docs/package-format.md). Weight consts (#mil.weight) take their values\n"
      "from --weights; without it they are zeros, to be filled by `orion\n"
      "patch`. An existing package at PKG is replaced only once the new one\n"
      "is complete.\n"
      "\n"
      "--model compiles a checkpoint of another tool directly: the model is\n"
      "built from its config (as `orion build-model`) and its weights bound.\n"
      "FILE|DIR is a llama2.c .bin checkpoint (Stories15M/42M/110M); a\n"
      "Hugging Face GPT-2 or Llama directory with config.json and\n"
      "*.safetensors (sharded or not), or one such .safetensors file with\n"
      "config.json beside it; or an Orion safetensors file whose metadata\n"
      "holds \"orion.config\". F16/BF16 become F32, GPT-2's Conv1D weights\n"
      "are transposed and Llama's q/k rows un-permuted (docs/models.md).\n"
      "S defaults to min(256, the model's max_seq).\n"
      "\n"
      "--pipeline training runs orion-ane-training-pipeline instead: the\n"
      "function's first result must be a scalar loss (`orion build-model\n"
      "--step train`), orion-autodiff adds one gradient result per\n"
      "parameter (grad.<name>), and the backward ops get kernels of their\n"
      "own (docs/training-pipeline.md). With --model it builds the train\n"
      "step: inputs tokens and targets, outputs loss and the gradients.";
  c.options = {
      {"o", "PKG", "output package directory", /*required=*/true},
      {"weights", "STORE", "safetensors file or directory with weight values"},
      allowNonFiniteOption(),
      {"model", "FILE|DIR",
       "compile a llama2.c, Hugging Face or Orion checkpoint instead of "
       "INPUT.mlir"},
      {"seq", "S", "with --model: sequence length (default min(256, max_seq))"},
      {"spelling", "FORM",
       "MIL text form: compact (program(1.3), default) or verbose "
       "(program(1.0), for M1/M2)"},
      {"granularity", "G", "kernel size: layer (default), block or model"},
      {"compute-type", "T",
       "inside kernels: auto (fp16 on the ANE, fp32 on the CPU; default), "
       "fp16 or fp32; kernel inputs and outputs keep the surface type and "
       "are cast where the two differ"},
      {"weight-type", "T",
       "conv and matmul weights stored as: auto (the compute type; "
       "default), fp16 or fp32, cast to the compute type at use (fp16 with "
       "--compute-type fp32 halves the bytes the cpu device reads)"},
      {"surface-type", "T", "ANE surfaces: fp16 (default) or fp32"},
      {"pack-inputs", "",
       "share one ANE input surface among kernel arguments of equal "
       "sequence length (fewer bindings, more host copies)"},
      {"pipeline", "P",
       "inference (default) or training (differentiate the loss, return "
       "every parameter's gradient)"},
      {"loss-scale", "",
       "training: add a `loss_scale` input that seeds the backward pass "
       "(gradients come out multiplied by it; fp16 loss scaling)"},
      {"recompute", "R",
       "training: pointwise (default; recompute elementwise ops from saved "
       "values, so forward kernels return fewer tensors) or none (save every "
       "forward value the backward pass reads)"},
  };
  c.minPositional = 0; // INPUT.mlir or --model
  c.maxPositional = 1;
  c.run = runCompile;
  return c;
}

} // namespace orion::cli
