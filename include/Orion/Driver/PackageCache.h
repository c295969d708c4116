//===- PackageCache.h - Compiled packages kept between runs -----*- C++ -*-===//
//
// `orion generate` compiles a model's prefill and decode steps once and
// finds them again on the next run; `orion train` its train step. A package's directory name hashes what
// its contents depend on: the step and its length, the model config, the
// weight files (path, size, modification time), the pipeline options and
// the `orion` binary itself.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DRIVER_PACKAGECACHE_H
#define ORION_DRIVER_PACKAGECACHE_H

#include "Orion/Frontend/ModelBuilder.h"
#include "Orion/Pipelines/Pipelines.h"
#include "orion/format/SafeTensors.h"

#include "llvm/Support/Error.h"

#include <string>

namespace mlir::orion {

/// Path, size and modification time of `path` (a file, or each regular
/// file of a directory): what changes when weights or the compiler change.
std::string fileIdentity(const std::string &path);

/// $ORION_CACHE_DIR, else $XDG_CACHE_HOME/orion, else ~/.cache/orion.
std::string defaultCacheDir();

struct PackageCache {
  std::string dir;
  ModelConfig config;
  /// Weight values; null compiles zero blobs for a caller that patches
  /// them (`orion train`'s template package).
  const ::orion::rt::WeightStore *store = nullptr;
  std::string weightsIdentity; // fileIdentity of the weights
  ANEPipelineConfig pipeline;

  /// The package directory of `step` at length `seq`: found in the cache,
  /// or compiled into it (reported on stderr either way).
  llvm::Expected<std::string> ensure(ModelStep step,
                                     const char *stepName, int64_t seq) const;
};

} // namespace mlir::orion

#endif // ORION_DRIVER_PACKAGECACHE_H
