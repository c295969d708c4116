//===- DirectoryLock.h - Readers/writers lock on a directory ----*- C++ -*-===//
//
// Orion's writers of a package (a patch, `orion patch --recover`, a compile
// replacing it, a trainer) hold an exclusive lock on it, and its readers
// (Package::open and everything that keeps a Package: the executor, `orion
// run`, `orion generate`) a shared one; the trainer also locks its --save
// directory exclusively. The lock is flock(2) on `DIR/.orion-lock`, a file
// inside the directory, so the kernel releases it when the process dies,
// however it dies. A lock on a package that was replaced meanwhile (a
// compile renames a new directory over it) is retried on the new one.
//
// Within one process the lock nests: a second acquire of a directory the
// process already holds shares the first (a shared request under an
// exclusive one is granted; an exclusive one under a shared one upgrades it
// until released). The lock excludes processes, not threads.
//
// The lock file is created only by code that checked the directory is
// Orion's (a parsed manifest, or a checkpoint directory). In a directory
// the process cannot write and holding no lock file, a shared lock is
// granted without a file: no Orion writer can work there either.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_FORMAT_DIRECTORYLOCK_H
#define ORION_FORMAT_DIRECTORYLOCK_H

#include "orion/format/Error.h"

#include <optional>
#include <string>

namespace orion::rt {

/// Name of the lock file inside a locked directory.
constexpr const char *kLockFile = ".orion-lock";

/// Seconds an acquire waits when not told: ORION_LOCK_TIMEOUT, else 60.
double defaultLockTimeout();

class DirectoryLock {
public:
  enum class Mode { Shared, Exclusive };

  /// Locks `dir`, waiting up to `timeoutSeconds` (defaultLockTimeout() when
  /// unset; 0 tries once). `what` names the directory in messages
  /// ("package", "checkpoint directory").
  static Expected<DirectoryLock>
  acquire(const std::string &dir, Mode mode, const std::string &what,
          std::optional<double> timeoutSeconds = std::nullopt);

  DirectoryLock(DirectoryLock &&other) noexcept;
  DirectoryLock &operator=(DirectoryLock &&other) noexcept;
  DirectoryLock(const DirectoryLock &) = delete;
  DirectoryLock &operator=(const DirectoryLock &) = delete;
  ~DirectoryLock();

  Mode mode() const { return mode_; }

private:
  DirectoryLock(struct HeldLock *held, Mode mode) : held_(held), mode_(mode) {}
  void release();

  struct HeldLock *held_ = nullptr; // null: granted without a lock file
  Mode mode_ = Mode::Shared;
};

} // namespace orion::rt

#endif // ORION_FORMAT_DIRECTORYLOCK_H
