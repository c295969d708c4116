//===- Package.h - An ANE package on disk -----------------------*- C++ -*-===//
//
//   PKG/manifest.json
//   PKG/programs/<name>/model.mil
//   PKG/programs/<name>/weights/weight.bin
//
// Opening a package validates the manifest, that every file it names exists
// inside the package, and that no weight patch was interrupted half-way (see
// WeightPatcher.h): a package is only ever read whole-old or whole-new.
// A Package holds a shared lock on its directory (DirectoryLock.h) for as
// long as it (or a copy) lives: no other process patches or replaces it
// meanwhile, and opening one waits for a patch in progress.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_FORMAT_PACKAGE_H
#define ORION_FORMAT_PACKAGE_H

#include "orion/format/DirectoryLock.h"
#include "orion/format/Error.h"
#include "orion/format/Manifest.h"

#include <memory>
#include <string>

namespace orion::rt {

/// The journal a patch writes at its commit point (package-relative).
constexpr const char *kPatchJournal = ".orion-patch-journal";
/// Suffix of a patched file staged next to the one it replaces.
constexpr const char *kPatchStagedSuffix = ".orion-patch-new";
/// Suffix of the previous generation of a patched file, which the next
/// patch reuses (it is not part of the package and may be deleted).
constexpr const char *kPatchPreviousSuffix = ".orion-prev";

class Package {
public:
  static Expected<Package> open(const std::string &dir);

  const std::string &dir() const { return dir_; }
  const Manifest &manifest() const { return manifest_; }
  /// Absolute or dir-relative path of a package-relative file.
  std::string path(const std::string &relative) const {
    return dir_ + "/" + relative;
  }

private:
  std::string dir_;
  Manifest manifest_;
  std::shared_ptr<DirectoryLock> lock_; // shared, or nested in a writer's
};

/// Locks `dir` after checking that its manifest.json parses as an Orion
/// package manifest: the lock file is never created in another directory.
Expected<DirectoryLock>
lockPackage(const std::string &dir, DirectoryLock::Mode mode,
            std::optional<double> timeoutSeconds = std::nullopt);

/// Checks that every BLOBFILE const of every program's MIL text names a
/// blob inside the package whose dtype and element count match the const.
/// Package::open runs it.
Status checkProgramBlobs(const Package &pkg);

/// True if a patch of `dir` stopped after its commit point or while staging.
bool hasInterruptedPatch(const std::string &dir);

/// Finishes a patch that passed its commit point (the journal exists) or
/// discards one that did not; afterwards the package is whole again. It
/// holds the package's exclusive lock, so it never touches a live patch: it
/// waits for it (and then finds nothing to do).
/// `summary` (optional) says which happened.
Status recoverInterruptedPatch(const std::string &dir,
                               std::string *summary = nullptr);

} // namespace orion::rt

#endif // ORION_FORMAT_PACKAGE_H
