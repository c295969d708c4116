//===- StagedDirectory.cpp - Crash-safe replacement on disk ---------------===//

#include "orion/format/StagedDirectory.h"
#include "orion/format/Strings.h"
#include "orion/format/BlobFile.h" // crashPointForTests, writeFileAtomically
#include "orion/format/Manifest.h" // isSafeRelativePath

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <optional>
#include <signal.h>
#include <set>
#include <sstream>
#include <unistd.h>

namespace orion::rt {

namespace fs = std::filesystem;

namespace {

void faultPoint(const char *envVar, const char *stage) {
  if (envVar)
    crashPointForTests(envVar, stage);
}

std::string parentOf(const std::string &path) {
  fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

/// fsyncs the distinct parent directories of `paths`.
Status syncParents(const std::vector<std::string> &paths) {
  std::set<std::string> dirs;
  for (const std::string &p : paths)
    dirs.insert(parentOf(p));
  for (const std::string &d : dirs)
    if (Status s = syncPath(d); !s)
      return s;
  return Status::ok();
}

/// Staged files under `root`, found by their suffix.
std::vector<fs::path> findStaged(const std::string &root,
                                 const std::string &suffix) {
  std::vector<fs::path> found;
  std::error_code ec;
  for (const auto &entry : fs::recursive_directory_iterator(root, ec))
    if (std::string name = entry.path().filename().string();
        name.size() > suffix.size() && endsWith(name, suffix))
      found.push_back(entry.path());
  return found;
}

} // namespace

Status syncPath(const std::string &path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Error(path + ": cannot open to flush: " + systemErrorText(errno));
  // Some filesystems refuse fsync on a directory (EINVAL): they give no
  // stronger guarantee to ask for, so that is not an error.
  if (::fsync(fd) != 0 && errno != EINVAL) {
    std::string err = systemErrorText(errno);
    ::close(fd);
    return Error(path + ": cannot flush: " + err);
  }
  ::close(fd);
  return Status::ok();
}

Status syncTree(const std::string &root) {
  std::error_code ec;
  std::vector<std::string> paths;
  for (const auto &entry : fs::recursive_directory_iterator(root, ec)) {
    std::error_code typeEc;
    if (entry.is_regular_file(typeEc) || entry.is_directory(typeEc))
      paths.push_back(entry.path().string());
  }
  if (ec)
    return Error(root + ": cannot list: " + ec.message());
  // Files before the directories that name them.
  for (const std::string &p : paths)
    if (Status s = syncPath(p); !s)
      return s;
  return syncPath(root);
}

//===----------------------------------------------------------------------===//
// StagedDirectory
//===----------------------------------------------------------------------===//

StagedDirectory::StagedDirectory(std::string target, std::string staging,
                                 std::string setAside)
    : target_(std::move(target)), staging_(std::move(staging)),
      setAside_(std::move(setAside)) {}

StagedDirectory::StagedDirectory(StagedDirectory &&other) noexcept
    : target_(std::move(other.target_)), staging_(std::move(other.staging_)),
      setAside_(std::move(other.setAside_)),
      faultVariable_(other.faultVariable_), committed_(other.committed_),
      hadTarget_(other.hadTarget_) {
  other.committed_ = true; // the moved-from object owns nothing
}

StagedDirectory::~StagedDirectory() { discard(); }

void StagedDirectory::discard() {
  if (committed_)
    return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
  committed_ = true;
}

Expected<StagedDirectory> StagedDirectory::create(std::string target,
                                                  std::string staging,
                                                  std::string setAside) {
  std::error_code ec;
  fs::remove_all(staging, ec);
  if (!fs::create_directories(staging, ec))
    return Error(staging + ": cannot create: " +
                 (ec ? ec.message() : std::string("it exists")));
  return StagedDirectory(std::move(target), std::move(staging),
                         std::move(setAside));
}

Status StagedDirectory::sync() { return syncTree(staging_); }

Status StagedDirectory::commit() {
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(target_, ec))) {
    discard();
    return Error(target_ + ": is a symbolic link; refusing to replace it");
  }
  hadTarget_ = fs::exists(target_, ec);
  if (hadTarget_) {
    fs::remove_all(setAside_, ec);
    fs::rename(target_, setAside_, ec);
    if (ec) {
      hadTarget_ = false;
      discard();
      return Error(target_ + ": cannot set aside: " + ec.message());
    }
    faultPoint(faultVariable_, "after-set-aside");
  }
  fs::rename(staging_, target_, ec);
  if (ec) {
    Error error(target_ + ": cannot rename into place: " + ec.message());
    if (hadTarget_) { // put the old one back where readers look
      std::error_code restoreEc;
      fs::rename(setAside_, target_, restoreEc);
      hadTarget_ = bool(restoreEc);
    }
    discard();
    return error;
  }
  committed_ = true;
  return syncPath(parentOf(target_));
}

void StagedDirectory::removeSetAside() {
  std::error_code ec;
  if (hadTarget_)
    fs::remove_all(setAside_, ec);
}

namespace {

/// The pid `name` ends with after `prefix`, if it is all digits.
std::optional<pid_t> pidAfter(const std::string &name,
                              const std::string &prefix) {
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix))
    return std::nullopt;
  const std::string digits = name.substr(prefix.size());
  if (digits.size() > 9 ||
      digits.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return pid_t(std::stol(digits));
}

bool processRuns(pid_t pid) {
  return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM);
}

} // namespace

void cleanUpDeadWriters(const std::string &target,
                        const std::string &stagingInfix,
                        const std::string &setAsideInfix) {
  const fs::path path(target);
  const std::string base = path.filename().string();
  std::error_code ec;
  for (const auto &e : fs::directory_iterator(parentOf(target), ec)) {
    const std::string name = e.path().filename().string();
    auto staging = pidAfter(name, base + stagingInfix);
    auto setAside = pidAfter(name, base + setAsideInfix);
    if ((!staging && !setAside) || processRuns(staging ? *staging : *setAside))
      continue;
    std::error_code one;
    if (!fs::is_directory(e.symlink_status(one)))
      continue;
    if (setAside && !fs::exists(fs::symlink_status(target, one))) {
      fs::rename(e.path(), target, one);
      if (!one)
        continue;
    }
    fs::remove_all(e.path(), one);
  }
}

//===----------------------------------------------------------------------===//
// StagedFiles
//===----------------------------------------------------------------------===//

StagedFiles::StagedFiles(std::string root, std::string journal,
                         std::string stagedSuffix, bool durable)
    : root_(std::move(root)), journal_(std::move(journal)),
      suffix_(std::move(stagedSuffix)), durable_(durable) {}

StagedFiles::~StagedFiles() {
  if (committed_)
    return; // past the commit point: recovery finishes from the staged files
  std::error_code ec;
  for (const std::string &file : files_)
    fs::remove(targetPath(file) + suffix_, ec);
}

Expected<std::string> StagedFiles::add(const std::string &file) {
  fs::path dir = root_;
  for (const fs::path &part : fs::path(file).parent_path()) {
    dir /= part;
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(dir, ec)))
      return Error(dir.string() +
                   ": not a directory (a symbolic link?); Orion does not "
                   "write through links");
  }
  files_.push_back(file);
  return targetPath(file) + suffix_;
}

std::string StagedFiles::targetPath(const std::string &file) const {
  return root_ + "/" + file;
}

Status StagedFiles::commit() {
  std::vector<std::string> targets;
  std::string journal;
  for (const std::string &file : files_) {
    targets.push_back(targetPath(file));
    journal += file + "\n";
  }
  // The staged files' names must be durable before the journal names them.
  if (durable_)
    if (Status s = syncParents(targets); !s)
      return s;
  const std::string path = root_ + "/" + journal_;
  if (Status s = writeFileAtomically(path, journal.data(), journal.size()); !s)
    return s;
  committed_ = true;
  if (durable_)
    if (Status s = syncPath(parentOf(path)); !s)
      return s;
  faultPoint(faultVariable_, "after-journal");
  return Status::ok();
}

Status StagedFiles::apply(
    const std::function<void(const std::string &target)> &beforeRename) {
  std::vector<std::string> targets;
  for (size_t i = 0; i < files_.size(); ++i) {
    const std::string target = targetPath(files_[i]);
    if (beforeRename)
      beforeRename(target);
    std::error_code ec;
    fs::rename(target + suffix_, target, ec);
    if (ec)
      return Error(target + ": cannot rename into place (" + ec.message() +
                   ")");
    targets.push_back(target);
    if (i == 0)
      faultPoint(faultVariable_, "after-first-rename");
  }
  // The renames are durable before the journal that would redo them goes.
  if (durable_)
    if (Status s = syncParents(targets); !s)
      return s;
  std::error_code ec;
  fs::remove(root_ + "/" + journal_, ec);
  return Status::ok();
}

bool hasStagedFiles(const std::string &root, const std::string &journal,
                    const std::string &stagedSuffix) {
  std::error_code ec;
  return fs::exists(fs::path(root) / journal, ec) ||
         !findStaged(root, stagedSuffix).empty();
}

Status recoverStagedFiles(const std::string &root, const std::string &journal,
                          const std::string &stagedSuffix, size_t &completed,
                          size_t &discarded) {
  std::error_code ec;
  const fs::path journalPath = fs::path(root) / journal;
  completed = discarded = 0;
  if (fs::exists(journalPath, ec)) {
    // Past the commit point: every listed file was staged whole; finish.
    auto text = readFile(journalPath.string());
    if (!text)
      return text.error();
    std::istringstream lines(std::string(text->begin(), text->end()));
    std::string rel;
    std::vector<std::string> targets;
    while (std::getline(lines, rel)) {
      if (rel.empty())
        continue;
      if (!isSafeRelativePath(rel))
        return Error(journalPath.string() + ": names '" + rel +
                     "', which is outside " + root);
      fs::path target = fs::path(root) / rel;
      fs::path staged = target.string() + stagedSuffix;
      if (fs::exists(staged, ec)) {
        fs::rename(staged, target, ec);
        if (ec)
          return Error(staged.string() + ": cannot rename into place: " +
                       ec.message());
        targets.push_back(target.string());
        ++completed;
      }
    }
    if (Status s = syncParents(targets); !s)
      return s;
    fs::remove(journalPath, ec);
  }
  // Staged files without a journal never reached the commit point.
  for (const fs::path &p : findStaged(root, stagedSuffix)) {
    fs::remove(p, ec);
    ++discarded;
  }
  return Status::ok();
}

} // namespace orion::rt
