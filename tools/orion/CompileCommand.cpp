//===- CompileCommand.cpp - orion compile: IR to an ANE package -----------===//

#include "Command.h"
#include "CompileModel.h"
#include "Table.h"

#include "Orion/Dialect/MIL/Transforms/Passes.h"
#include "Orion/InitAllDialects.h"
#include "Orion/Pipelines/Pipelines.h"
#include "Orion/Target/ANE/PackageWriter.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/SourceMgr.h"

#include <chrono>
#include <iostream>

using namespace mlir;
using mlir::orion::PackageOptions;
using mlir::orion::PackageSummary;
using mlir::orion::ProgramSummary;
namespace rt = ::orion::rt;

namespace orion::cli {

static int runCompile(const Args &args) {
  auto start = std::chrono::steady_clock::now();
  const std::string input = args.positional()[0];
  const std::string output = *args.value("o");
  std::string spellingName = args.value("spelling").value_or("compact");
  PackageOptions options;
  if (spellingName == "verbose")
    options.spelling = rt::MILSpelling::Verbose;
  else if (spellingName != "compact")
    return fail("compile", "--spelling must be compact or verbose, got '" +
                               spellingName + "'");

  std::optional<rt::WeightStore> store;
  if (auto path = args.value("weights")) {
    auto opened = rt::WeightStore::open(*path);
    if (!opened)
      return fail("compile", opened.error().message());
    store = std::move(*opened);
    options.store = &*store;
  }

  DialectRegistry registry;
  mlir::orion::registerAllDialects(registry);
  MLIRContext context(registry);
  context.printOpOnDiagnostic(false); // remarks and errors say enough
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(input, sourceMgr,
                                                           ParserConfig(&context));
  if (!module) {
    if (sourceMgr.getNumBuffers() == 0)
      return fail("compile", "cannot read " + input);
    return 1; // the parser has printed file:line:col diagnostics
  }

  CompileRequest request;
  request.package = options;
  for (const char *key :
       {"granularity", "compute-type", "weight-type", "surface-type"})
    if (auto v = args.value(key))
      request.pipelineOptions += std::string(key) + "=" + *v + " ";
  // The pipeline's own option parser checks every value.
  if (!mlir::orion::ANEPipelineOptions::createFromString(
          request.pipelineOptions))
    return fail("compile", "bad --granularity, --compute-type, "
                           "--weight-type or --surface-type value (see "
                           "`orion compile --help`)");
  auto summary = compileModule(*module, output, request);
  if (failed(summary))
    return 1;
  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();

  for (const std::string &w : summary->warnings)
    std::cerr << "orion compile: warning: " << w << "\n";
  std::cout << "wrote " << output << " (" << spellingName << " MIL, "
            << formatNumber(seconds) << " s)\n";
  printPackageSummary(*summary, std::cout);
  if (summary->zeroFilledBlobs)
    std::cout << "note: " << summary->zeroFilledBlobs
              << " weight blobs are zeros (no values given); fill them with "
                 "`orion patch "
              << output << " --weights STORE`\n";
  return 0;
}

Command compileCommand() {
  Command c;
  c.name = "compile";
  c.usage = "INPUT.mlir -o PKG [--weights STORE] [--spelling compact|verbose] "
            "[--granularity G] [--compute-type T] [--weight-type T] "
            "[--surface-type T]";
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
      "is complete.";
  c.options = {
      {"o", "PKG", "output package directory", /*required=*/true},
      {"weights", "STORE", "safetensors file or directory with weight values"},
      {"spelling", "FORM",
       "MIL text form: compact (program(1.3), default) or verbose "
       "(program(1.0), for M1/M2)"},
      {"granularity", "G", "kernel size: layer (default), block or model"},
      {"compute-type", "T",
       "inside kernels: auto (fp16 on the ANE, fp32 on the CPU; default), "
       "fp16 or fp32"},
      {"weight-type", "T",
       "conv and matmul weights stored as: auto (the compute type; "
       "default), fp16 or fp32, cast to the compute type at use (fp16 with "
       "--compute-type fp32 halves the bytes the cpu device reads)"},
      {"surface-type", "T", "ANE surfaces: fp16 (default) or fp32"},
  };
  c.minPositional = 1;
  c.maxPositional = 1;
  c.run = runCompile;
  return c;
}

} // namespace orion::cli
