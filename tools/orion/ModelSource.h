//===- ModelSource.h - Where a command's model comes from -------*- C++ -*-===//
//
// Commands that build a model take a built-in preset and/or a JSON config
// (`--preset NAME`, `--config FILE`), with weights from `--weights STORE`;
// or another tool's checkpoint (`--model FILE|DIR`, see docs/models.md).
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TOOLS_ORION_MODELSOURCE_H
#define ORION_TOOLS_ORION_MODELSOURCE_H

#include "Command.h"

#include "Orion/Frontend/ModelBuilder.h"
#include "orion/model/ModelImport.h"

#include <optional>
#include <string>

namespace orion::cli {

/// The preset, then the JSON file's keys over it; or, with --model, the
/// config of an imported checkpoint (its weights are read and checked too).
llvm::Expected<mlir::orion::ModelConfig> loadConfig(const Args &args);

/// A checkpoint imported with `--model FILE|DIR`, with its config.
struct ImportedArgsModel {
  ::orion::rt::ImportedModel model;
  mlir::orion::ModelConfig config;
};

/// `--model` for commands that use the weights too (`generate`, `train`):
/// rejects --preset, --config and --weights beside it; nullopt without
/// --model.
llvm::Expected<std::optional<ImportedArgsModel>>
importModelOption(const Args &args);

/// `--allow-non-finite`, declared by every command that takes weights.
Option allowNonFiniteOption();

/// Refuses weights holding NaN or Inf (naming `source` and the parameter)
/// unless the command line says --allow-non-finite.
llvm::Error checkFiniteInput(const Args &args,
                             const ::orion::rt::WeightStore &store,
                             const std::string &source);

/// `--weights STORE` opened and checked with checkFiniteInput.
llvm::Expected<::orion::rt::WeightStore>
openWeightsOption(const Args &args, const std::string &path);

/// The config an importer found in the checkpoint at `path`.
llvm::Expected<mlir::orion::ModelConfig>
configOfImport(const std::string &path,
               const ::orion::rt::ImportedModel &imported);

} // namespace orion::cli

#endif // ORION_TOOLS_ORION_MODELSOURCE_H
