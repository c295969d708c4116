//===- StagedDirectory.h - Crash-safe replacement on disk -------*- C++ -*-===//
//
// The two transactions Orion's writers use so that a reader, or a process
// that crashed half-way, never sees a half-written result:
//
// - StagedDirectory: a whole directory is built under a temporary name next
//   to its target, made durable, and renamed over the target; an existing
//   target is first set aside under a second name, so that until the new
//   directory is in place the old one still exists. The package writer
//   (PKG.orion-tmp-PID, PKG.orion-old-PID) and the checkpoint writer
//   (ROOT/.tmp-step-N, ROOT/.old-step-N) use it.
//
// - StagedFiles: several files inside a root directory are replaced
//   together. Each replacement is staged whole next to its file
//   (`<file><suffix>`); a journal listing them is written atomically (the
//   commit point); then each is renamed into place and the journal removed.
//   Before the journal the staged files are discarded; after it they are
//   what recoverStagedFiles finishes the replacement from, so they are never
//   discarded. The weight patcher uses it.
//
// Durability: files are fsynced before the step that makes them visible,
// and a directory is fsynced after the renames inside it, so a power loss
// keeps either the old state or the new one.
//
// Test hooks: with a fault variable set (crashPointForTests), the process
// ends at the named stages: "after-set-aside" (StagedDirectory, between the
// two renames), "after-journal" and "after-first-rename" (StagedFiles).
//
//===----------------------------------------------------------------------===//

#ifndef ORION_FORMAT_STAGEDDIRECTORY_H
#define ORION_FORMAT_STAGEDDIRECTORY_H

#include "orion/format/Error.h"

#include <functional>
#include <string>
#include <vector>

namespace orion::rt {

/// fsyncs `path` (a file or a directory). A directory's fsync makes the
/// renames and creations inside it durable.
Status syncPath(const std::string &path);

/// fsyncs every file and directory under `root`, and `root` itself.
Status syncTree(const std::string &root);

/// A directory built at a staging path and renamed over its target whole.
/// Destroying it before commit() removes the staging directory.
class StagedDirectory {
public:
  /// Creates `staging` empty (a leftover of a crashed writer is removed),
  /// with its missing parents. `setAside` is where commit() moves an
  /// existing target.
  static Expected<StagedDirectory> create(std::string target,
                                          std::string staging,
                                          std::string setAside);
  StagedDirectory(StagedDirectory &&other) noexcept;
  StagedDirectory &operator=(StagedDirectory &&) = delete;
  StagedDirectory(const StagedDirectory &) = delete;
  ~StagedDirectory();

  /// Where the new contents are written.
  const std::string &path() const { return staging_; }
  const std::string &target() const { return target_; }
  const std::string &setAsidePath() const { return setAside_; }

  /// Crash points for tests: `envVar` names the stage to end at.
  void setFaultVariable(const char *envVar) { faultVariable_ = envVar; }

  /// Makes the staged contents durable (every file and directory in it).
  Status sync();
  /// Sets an existing target aside, renames the staging directory to the
  /// target and fsyncs their parent. A target that is a symbolic link is
  /// refused (it is not Orion's to replace). A failed set-aside or rename is an
  /// error that leaves the target as it was (the set-aside one is moved
  /// back) and removes the staging directory.
  Status commit();
  /// True if commit() found a target and set it aside.
  bool hadTarget() const { return hadTarget_; }
  /// Removes the set-aside generation (after commit).
  void removeSetAside();

private:
  StagedDirectory(std::string target, std::string staging,
                  std::string setAside);
  void discard();

  std::string target_, staging_, setAside_;
  const char *faultVariable_ = nullptr;
  bool committed_ = false;
  bool hadTarget_ = false;
};

/// Cleans up after writers of `target` that died: directories named
/// `<target><stagingInfix><pid>` or `<target><setAsideInfix><pid>` whose
/// process no longer runs. A set-aside one is moved back to `target` when
/// the target is missing (its writer died between the two renames of
/// commit()); the rest are removed. Directories of live writers are left.
void cleanUpDeadWriters(const std::string &target,
                        const std::string &stagingInfix,
                        const std::string &setAsideInfix);

/// Files under `root` replaced together through a journal.
class StagedFiles {
public:
  /// `journal` is root-relative; a staged file is `<file><stagedSuffix>`.
  /// Without `durable` nothing is fsynced (the rename protocol alone keeps
  /// a crashed process from leaving a mix; the flush survives a power loss).
  StagedFiles(std::string root, std::string journal, std::string stagedSuffix,
              bool durable);
  StagedFiles(const StagedFiles &) = delete;
  StagedFiles &operator=(const StagedFiles &) = delete;
  /// Before the commit point, removes every staged file.
  ~StagedFiles();

  void setFaultVariable(const char *envVar) { faultVariable_ = envVar; }

  /// Records that the replacement of root-relative `file` is (about to be)
  /// staged, and returns the path to stage it at. Refused if a directory
  /// between the root and the file is not a real directory (a symlink would
  /// take the staged file, and the rename, outside the root).
  Expected<std::string> add(const std::string &file);
  const std::vector<std::string> &files() const { return files_; }
  /// `root/file`.
  std::string targetPath(const std::string &file) const;

  /// The commit point: writes the journal. The staged files must be
  /// complete (and, when durable, fsynced) before. From here on they are
  /// kept whatever happens: recovery finishes from them.
  Status commit();
  /// Renames every staged file into place, calling `beforeRename(target)`
  /// first, then removes the journal. A failure leaves the journal for
  /// recovery.
  Status apply(const std::function<void(const std::string &target)>
                   &beforeRename = nullptr);

private:
  std::string root_, journal_, suffix_;
  bool durable_;
  const char *faultVariable_ = nullptr;
  bool committed_ = false;
  std::vector<std::string> files_;
};

/// True if `root` holds the journal or any staged file.
bool hasStagedFiles(const std::string &root, const std::string &journal,
                    const std::string &stagedSuffix);

/// Finishes a replacement that passed its commit point (renames the staged
/// files the journal lists into place, counted in `completed`) and removes
/// every other staged file (counted in `discarded`).
Status recoverStagedFiles(const std::string &root, const std::string &journal,
                          const std::string &stagedSuffix, size_t &completed,
                          size_t &discarded);

} // namespace orion::rt

#endif // ORION_FORMAT_STAGEDDIRECTORY_H
