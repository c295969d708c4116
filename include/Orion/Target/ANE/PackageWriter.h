//===- PackageWriter.h - Write an ANE package -------------------*- C++ -*-===//
//
// Turns a module of mil functions (names and blobs assigned) into the package
// of docs/package-format.md: one program per func.func with its MIL text and
// BLOBFILE, and manifest.json with surfaces, bindings and the weight table.
// Reads IR only; the passes before it make every decision.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TARGET_ANE_PACKAGEWRITER_H
#define ORION_TARGET_ANE_PACKAGEWRITER_H

#include "orion/ane/AneTarget.h"
#include "orion/format/MILProgram.h"
#include "orion/format/SafeTensors.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace mlir::orion {

namespace rt = ::orion::rt;

struct PackageOptions {
  rt::milast::MILSpelling spelling = rt::milast::MILSpelling::Compact;
  /// Values for `#mil.weight` blobs; without a store they are written as
  /// zeros, ready for `orion patch`.
  const rt::WeightStore *store = nullptr;
  /// Smallest surface of a program without `#orion.surface` attributes
  /// (hand-written mil functions); the ANE fails evaluation on smaller ones
  /// (docs/ane-constraints.md ANE-MIN-SURFACE).
  uint64_t minSurfaceBytes = ::orion::ane::kMinSurfaceBytes;
};

struct ProgramSummary {
  std::string name;
  size_t statements = 0;  // MIL statements in the function body
  size_t blobs = 0;
  uint64_t weightBytes = 0;
  size_t inputs = 0, outputs = 0;
  std::string device; // the manifest's placement: "ane" or "cpu"
};

struct PackageSummary {
  std::vector<ProgramSummary> programs;
  size_t zeroFilledBlobs = 0; // weights whose parameters were not available
  std::vector<std::string> warnings;
};

/// Writes the package to `dir` (replacing an existing one only once the new
/// one is complete). Errors are emitted as diagnostics.
FailureOr<PackageSummary> writePackage(ModuleOp module, StringRef dir,
                                       const PackageOptions &options);

} // namespace mlir::orion

#endif // ORION_TARGET_ANE_PACKAGEWRITER_H
