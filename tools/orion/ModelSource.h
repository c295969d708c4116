//===- ModelSource.h - Where a command's model comes from -------*- C++ -*-===//
//
// Commands that build a model take a built-in preset and/or a JSON config
// (`--preset NAME`, `--config FILE`), with weights from `--weights STORE`.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TOOLS_ORION_MODELSOURCE_H
#define ORION_TOOLS_ORION_MODELSOURCE_H

#include "Command.h"

#include "Orion/Frontend/ModelBuilder.h"

#include <string>

namespace orion::cli {

/// The preset, then the JSON file's keys over it. At least one is required.
llvm::Expected<mlir::orion::ModelConfig> loadConfig(const Args &args);

/// The config as canonical JSON (every field, fixed order): what a cache
/// key hashes and what `parseModelConfig` reads back.
std::string configToJson(const mlir::orion::ModelConfig &config);

} // namespace orion::cli

#endif // ORION_TOOLS_ORION_MODELSOURCE_H
