//===- DirectoryLock.cpp - Readers/writers lock on a directory ------------===//

#include "orion/format/DirectoryLock.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace orion::rt {

/// One lock file this process holds, shared by every nested acquire.
struct HeldLock {
  int fd;
  dev_t dev;
  ino_t ino;
  int shared = 0, exclusive = 0;
  bool exclusiveNow = false;
};

namespace {

using Clock = std::chrono::steady_clock;

std::mutex &registryMutex() {
  static std::mutex m;
  return m;
}

std::vector<HeldLock *> &registry() {
  static std::vector<HeldLock *> held;
  return held;
}

/// flock(fd, op), retried until `deadline`. False on timeout (errno set).
bool flockUntil(int fd, int op, Clock::time_point deadline) {
  for (;;) {
    if (::flock(fd, op | LOCK_NB) == 0)
      return true;
    if (errno == EINTR)
      continue;
    if (errno != EWOULDBLOCK || Clock::now() >= deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

Error busy(const std::string &dir, DirectoryLock::Mode mode,
           const std::string &what, double timeout) {
  std::string holder = mode == DirectoryLock::Mode::Shared
                           ? "another Orion process is writing it (a patch, "
                             "--recover, a compile replacing it or a trainer)"
                           : "another Orion process is reading or writing it";
  return Error(dir + ": the " + what + " is in use: " + holder +
               (timeout > 0 ? "; gave up after " + seconds(timeout) +
                                  " s (ORION_LOCK_TIMEOUT sets the wait)"
                            : ""));
}

} // namespace

double defaultLockTimeout() {
  if (const char *env = std::getenv("ORION_LOCK_TIMEOUT")) {
    char *end = nullptr;
    double v = std::strtod(env, &end);
    if (end != env && std::isfinite(v) && v >= 0)
      return v;
  }
  return 60;
}

Expected<DirectoryLock>
DirectoryLock::acquire(const std::string &dir, Mode mode,
                       const std::string &what,
                       std::optional<double> timeoutSeconds) {
  const double timeout = timeoutSeconds.value_or(defaultLockTimeout());
  const auto deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(timeout));
  const std::string path = dir + "/" + kLockFile;
  const int op = mode == Mode::Shared ? LOCK_SH : LOCK_EX;
  for (;;) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
                    0644);
    if (fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM)) {
      fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0 && errno == ENOENT && mode == Mode::Shared)
        return DirectoryLock(nullptr, mode); // read-only and never locked
    }
    if (fd < 0) {
      if (errno == ELOOP)
        return Error(path + ": is a symbolic link; Orion does not follow "
                            "links inside a " + what);
      return Error(path + ": cannot open the lock file: " +
                   std::strerror(errno));
    }
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      return Error(path + ": not a regular file; Orion keeps its lock there");
    }

    std::lock_guard<std::mutex> guard(registryMutex());
    auto &held = registry();
    auto it = std::find_if(held.begin(), held.end(), [&](HeldLock *h) {
      return h->dev == st.st_dev && h->ino == st.st_ino;
    });
    if (it != held.end()) { // nested in this process
      ::close(fd);
      HeldLock *h = *it;
      if (mode == Mode::Exclusive && !h->exclusiveNow) {
        if (!flockUntil(h->fd, LOCK_EX, deadline))
          return busy(dir, mode, what, timeout);
        h->exclusiveNow = true;
      }
      ++(mode == Mode::Exclusive ? h->exclusive : h->shared);
      return DirectoryLock(h, mode);
    }
    if (!flockUntil(fd, op, deadline)) {
      int err = errno;
      ::close(fd);
      if (err != EWOULDBLOCK)
        return Error(path + ": cannot lock: " + std::strerror(err));
      return busy(dir, mode, what, timeout);
    }
    // A writer may have replaced the directory while this one waited: the
    // lock counts only if it is on the file the directory holds now.
    struct stat now;
    if (::lstat(path.c_str(), &now) != 0 || now.st_dev != st.st_dev ||
        now.st_ino != st.st_ino) {
      ::close(fd);
      continue;
    }
    auto *h = new HeldLock{fd, st.st_dev, st.st_ino};
    ++(mode == Mode::Exclusive ? h->exclusive : h->shared);
    h->exclusiveNow = mode == Mode::Exclusive;
    held.push_back(h);
    return DirectoryLock(h, mode);
  }
}

DirectoryLock::DirectoryLock(DirectoryLock &&other) noexcept
    : held_(other.held_), mode_(other.mode_) {
  other.held_ = nullptr;
}

DirectoryLock &DirectoryLock::operator=(DirectoryLock &&other) noexcept {
  if (this != &other) {
    release();
    held_ = other.held_;
    mode_ = other.mode_;
    other.held_ = nullptr;
  }
  return *this;
}

DirectoryLock::~DirectoryLock() { release(); }

void DirectoryLock::release() {
  if (!held_)
    return;
  std::lock_guard<std::mutex> guard(registryMutex());
  HeldLock *h = held_;
  held_ = nullptr;
  --(mode_ == Mode::Exclusive ? h->exclusive : h->shared);
  if (h->exclusive == 0 && h->shared == 0) {
    ::close(h->fd); // releases the flock
    auto &held = registry();
    held.erase(std::find(held.begin(), held.end(), h));
    delete h;
    return;
  }
  if (h->exclusive == 0 && h->exclusiveNow) { // back to the readers' lock
    while (::flock(h->fd, LOCK_SH) != 0 && errno == EINTR) {
    }
    h->exclusiveNow = false;
  }
}

} // namespace orion::rt
