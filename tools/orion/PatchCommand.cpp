//===- PatchCommand.cpp - orion patch: delta compilation ------------------===//

#include "Command.h"
#include "ModelSource.h"
#include "Table.h"

#include "orion/format/Package.h"
#include "orion/format/WeightPatcher.h"
#include "orion/model/ModelImport.h"

#include <chrono>
#include <filesystem>
#include <iostream>

using namespace orion::rt;

namespace orion::cli {

static int runPatch(const Args &args) {
  const std::string pkg = args.positional()[0];
  if (args.flag("recover")) {
    std::string summary;
    if (Status s = recoverInterruptedPatch(pkg, &summary); !s)
      return fail("patch", s.error().message());
    std::cout << (summary.empty() ? "nothing to recover" : summary) << "\n";
    return 0;
  }
  auto storePath = args.value("weights");
  auto modelPath = args.value("model");
  if (storePath.has_value() == modelPath.has_value())
    return fail("patch", "expected --weights STORE, --model FILE|DIR or "
                         "--recover (see `orion patch --help`)");
  auto start = std::chrono::steady_clock::now();
  // A checkpoint of another tool goes through the importer, which renames,
  // transposes and converts its tensors into a store of ours.
  std::optional<ImportedModel> imported;
  std::optional<WeightStore> opened;
  if (modelPath) {
    auto m = importModel(*modelPath);
    if (!m)
      return fail("patch", m.error().message());
    imported = std::move(*m);
  } else {
    auto s = WeightStore::open(*storePath);
    if (!s)
      return fail("patch", s.error().message());
    opened = std::move(*s);
  }
  const WeightStore &store = imported ? imported->weights : *opened;
  PatchOptions options;
  options.clampToFp16 = args.flag("clamp-fp16");
  // --clamp-fp16 maps NaN and Inf to finite values: it accepts them. A
  // missing package is reported first, by the patcher.
  if (!options.clampToFp16 && std::filesystem::is_directory(pkg))
    if (llvm::Error e = checkFiniteInput(args, store,
                                         modelPath ? *modelPath : *storePath))
      return fail("patch", llvm::toString(std::move(e)));
  auto report = patchPackage(pkg, store, options);
  if (!report)
    return fail("patch", report.error().message());
  // A store of another model (or a typo'd directory) must not look like
  // a successful patch.
  if (report->blobsPatched == 0)
    return fail("patch", "no tensor of " +
                             (modelPath ? *modelPath : *storePath) +
                             " is a parameter of " + pkg + " (" +
                             std::to_string(report->blobsSkipped) +
                             " blobs left as they were)");
  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  if (!report->recovery.empty())
    std::cout << "note: " << report->recovery << "\n";
  for (const std::string &w : report->warnings)
    std::cerr << "orion patch: warning: " << w << "\n";
  Table table({"blobs patched", "blobs untouched", "files rewritten",
               "weight bytes", "seconds"});
  table.add({std::to_string(report->blobsPatched),
             std::to_string(report->blobsSkipped),
             std::to_string(report->filesRewritten),
             formatBytes(report->weightBytes), formatNumber(seconds)});
  table.print(std::cout);
  if (report->nonFinite && !options.clampToFp16)
    std::cerr << "orion patch: warning: " << report->nonFinite
              << " NaN/Inf values written; --clamp-fp16 maps them into the "
                 "fp16 range\n";
  return 0;
}

Command patchCommand() {
  Command c;
  c.name = "patch";
  c.usage = "PKG (--weights STORE | --model FILE|DIR) [--clamp-fp16] | PKG "
            "--recover";
  c.summary = "Write new weights into a compiled package without recompiling";
  c.description =
      "Rewrites only the weight bytes the package's weight table names, from a\n"
      "weight store (a .safetensors file or a directory of them), converting\n"
      "fp32 to fp16 and applying each entry's transform (transpose, slice of a\n"
      "fused parameter, fusion). MIL text, offsets and file sizes stay\n"
      "byte-identical, so programs reload without a recompile.\n"
      "--model takes the values from a checkpoint of another tool instead,\n"
      "as `orion compile --model` reads it: a llama2.c .bin, a Hugging Face\n"
      "GPT-2 or Llama directory (config.json + *.safetensors) or .safetensors\n"
      "file, or an Orion safetensors file with \"orion.config\" metadata\n"
      "(docs/models.md).\n"
      "A patch is atomic across the whole package: if it is interrupted,\n"
      "readers refuse the package until `--recover` (or the next patch)\n"
      "completes or discards it. A patch holds the package's lock: readers,\n"
      "other patches and --recover wait for it (ORION_LOCK_TIMEOUT seconds,\n"
      "default 60), and it waits for readers in other processes.";
  c.options = {
      {"weights", "STORE", "safetensors file or directory with new values"},
      {"model", "FILE|DIR",
       "llama2.c, Hugging Face or Orion checkpoint with new values"},
      {"clamp-fp16", "", "clamp values outside the fp16 range (NaN -> 0)"},
      {"recover", "", "finish or discard an interrupted patch and exit"},
      allowNonFiniteOption(),
  };
  c.minPositional = 1;
  c.maxPositional = 1;
  c.run = runPatch;
  return c;
}

} // namespace orion::cli
