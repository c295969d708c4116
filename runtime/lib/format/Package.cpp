//===- Package.cpp - An ANE package on disk -------------------------------===//

#include "orion/format/Package.h"
#include "orion/format/BlobFile.h"
#include "orion/format/MILProgram.h"
#include "orion/format/StagedDirectory.h"

#include <map>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace orion::rt {

namespace fs = std::filesystem;

bool hasInterruptedPatch(const std::string &dir) {
  return hasStagedFiles(dir, kPatchJournal, kPatchStagedSuffix);
}

namespace {

Expected<Manifest> readManifest(const std::string &dir) {
  const std::string manifestPath = dir + "/manifest.json";
  auto text = readFile(manifestPath);
  if (!text)
    return text.error();
  return parseManifest(std::string(text->begin(), text->end()), manifestPath);
}

} // namespace

Expected<DirectoryLock> lockPackage(const std::string &dir,
                                    DirectoryLock::Mode mode,
                                    std::optional<double> timeoutSeconds) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return Error(dir + ": not a package directory");
  if (auto probe = readManifest(dir); !probe)
    return probe.error();
  return DirectoryLock::acquire(dir, mode, "package", timeoutSeconds);
}

Status recoverInterruptedPatch(const std::string &dir, std::string *summary) {
  auto lock = lockPackage(dir, DirectoryLock::Mode::Exclusive);
  if (!lock)
    return lock.error();
  size_t completed = 0, discarded = 0;
  if (Status s = recoverStagedFiles(dir, kPatchJournal, kPatchStagedSuffix,
                                    completed, discarded);
      !s)
    return s;
  if (summary) {
    if (completed)
      *summary = "completed an interrupted patch (" +
                 std::to_string(completed) + " files)";
    else if (discarded)
      *summary = "discarded an uncommitted patch (" +
                 std::to_string(discarded) + " staged files)";
    else
      summary->clear();
  }
  return Status::ok();
}

Expected<Package> Package::open(const std::string &dir) {
  auto lock = lockPackage(dir, DirectoryLock::Mode::Shared);
  if (!lock)
    return lock.error();
  // Under the lock no patch is in progress: staged files are a dead one's.
  if (hasInterruptedPatch(dir))
    return Error(dir + ": a weight patch was interrupted; run `orion patch " +
                 dir + " --recover` (or patch again) before using it");
  // Read again under the lock: a compile may have replaced the package.
  auto manifest = readManifest(dir);
  if (!manifest)
    return manifest.error();
  const std::string manifestPath = dir + "/manifest.json";
  std::error_code ec;
  Package pkg;
  pkg.dir_ = dir;
  pkg.manifest_ = std::move(*manifest);
  pkg.lock_ = std::make_shared<DirectoryLock>(std::move(*lock));
  for (const ProgramSpec &p : pkg.manifest_.programs) {
    std::set<std::string> files{p.milFile};
    for (const WeightEntry &w : p.weights)
      files.insert(w.file);
    for (const std::string &f : files)
      if (!fs::is_regular_file(pkg.path(f), ec))
        return Error(manifestPath + ": program '" + p.name + "' names " + f +
                     ", which does not exist");
  }
  if (Status s = checkProgramBlobs(pkg); !s)
    return s.error();
  return pkg;
}

Status checkProgramBlobs(const Package &pkg) {
  std::map<std::string, BlobFile> files;
  for (const ProgramSpec &p : pkg.manifest().programs) {
    auto text = readFile(pkg.path(p.milFile));
    if (!text)
      return text.error();
    auto program = milast::parseMIL(std::string_view(
                                reinterpret_cast<const char *>(text->data()),
                                text->size()),
                            pkg.path(p.milFile));
    if (!program)
      return program.error();
    const std::string programDir =
        fs::path(p.milFile).parent_path().generic_string();
    for (const milast::Function &fn : program->functions)
      for (const milast::Operation &op : fn.body) {
        const milast::Value *val = op.op == "const" ? op.attribute("val") : nullptr;
        const milast::BlobFileRef *ref = val ? val->get<milast::BlobFileRef>() : nullptr;
        if (!ref)
          continue;
        const std::string where = p.milFile + ": const '" + op.nameAttr() + "'";
        Expected<std::string> rel = blobFileRelativePath(ref->path);
        if (!rel)
          return Error(where + ": " + rel.error().message());
        const std::string file = programDir + "/" + *rel;
        auto it = files.find(file);
        if (it == files.end()) {
          auto opened = BlobFile::openIndex(pkg.path(file));
          if (!opened)
            return opened.error();
          it = files.emplace(file, std::move(*opened)).first;
        }
        auto blob = it->second.blobAt(ref->offset);
        if (!blob)
          return Error(where + ": " + blob.error().message());
        uint64_t elements = 1;
        std::string shape;
        for (int64_t d : ref->type.shape) {
          elements *= uint64_t(d);
          shape += (shape.empty() ? "" : ",") + std::to_string(d);
        }
        if (ref->type.dtype != milDTypeName(blob->dtype) ||
            elements != blob->elementCount())
          return Error(pkg.path(file) + ": offset " +
                       std::to_string(ref->offset) + ": " + where +
                       " declares " + ref->type.dtype + " [" + shape + "] (" +
                       std::to_string(elements) +
                       " elements) but the blob holds " +
                       std::to_string(blob->elementCount()) + " x " +
                       milDTypeName(blob->dtype));
      }
  }
  return Status::ok();
}

} // namespace orion::rt
