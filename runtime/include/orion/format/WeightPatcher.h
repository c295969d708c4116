//===- WeightPatcher.h - Delta compilation: new weights in place -*- C++ -*-===//
//
// Rewrites the weight bytes a package's weight table names, from a weight
// store, without touching MIL text, offsets or file sizes, so the ANE program
// cache key (which depends only on MIL text) stays the same and no recompile
// is needed.
//
// Crash safety: every changed BLOBFILE is first written whole next to the
// original (`<file>.orion-patch-new`); then a journal listing them is written
// atomically (the commit point); then each staged file is renamed over its
// original and the journal removed. A crash before the journal leaves the old
// package plus staged files that recovery deletes; a crash after it leaves a
// journal that recovery completes. Package::open refuses a package with an
// unfinished patch, so no reader ever sees old and new weights mixed. The
// protocol is StagedFiles (StagedDirectory.h); the patch adds the reuse of
// each file's previous generation (`<file>.orion-prev`), only when that is a
// private regular file (no symlink, no name shared with another tree).
//
// Concurrency: a patch holds the package's exclusive lock (DirectoryLock.h)
// from before recovery to after the commit, so no reader or other writer
// sees or touches it half done.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_FORMAT_WEIGHTPATCHER_H
#define ORION_FORMAT_WEIGHTPATCHER_H

#include "orion/format/Error.h"
#include "orion/format/Manifest.h"
#include "orion/format/SafeTensors.h"

#include <cstdint>
#include <string>
#include <vector>

namespace orion::rt {

struct PatchOptions {
  /// Map out-of-range and infinite values to +-65504 and NaN to 0 when
  /// writing fp16 blobs. Off by default: such values are reported instead.
  bool clampToFp16 = false;
  /// fsync every staged file before the journal commits the patch. The
  /// rename protocol alone already keeps a crashed *process* from leaving
  /// a mix of old and new weights; the flush also survives a power loss.
  /// A training loop, whose durable state is its checkpoint, turns it off.
  bool durable = true;
};

struct PatchReport {
  size_t blobsPatched = 0;
  size_t blobsSkipped = 0;   // no parameter of theirs in the store
  size_t filesRewritten = 0;
  uint64_t weightBytes = 0;  // blob data bytes rewritten
  size_t nonFinite = 0;      // NaN/Inf values written (or clamped)
  size_t clamped = 0;        // values changed by clampToFp16
  std::vector<std::string> warnings;
  std::string recovery;      // set if an interrupted patch was recovered
};

/// Statistics of one blob's conversion.
struct ConversionStats {
  size_t nonFinite = 0;
  size_t clamped = 0;
};

/// Writes blob `entry`'s data (entry.elementCount() elements of entry.dtype)
/// into `dst` from the store. Every source must be present with its
/// recorded shape and a float dtype.
Status materializeBlob(const WeightEntry &entry, const WeightStore &store,
                       const PatchOptions &options, uint8_t *dst,
                       ConversionStats &stats);

/// Patches every blob of the package whose parameters are in the store.
Expected<PatchReport> patchPackage(const std::string &dir,
                                   const WeightStore &store,
                                   const PatchOptions &options = {});

} // namespace orion::rt

#endif // ORION_FORMAT_WEIGHTPATCHER_H
