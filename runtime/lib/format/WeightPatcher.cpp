//===- WeightPatcher.cpp - Delta compilation: new weights in place --------===//

#include "orion/format/WeightPatcher.h"
#include "orion/format/BlobFile.h"
#include "orion/format/Fp16.h"
#include "orion/format/Package.h"
#include "orion/format/StagedDirectory.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <sys/stat.h>
#include <future>
#include <memory>
#include <map>
#include <unistd.h>

namespace orion::rt {

namespace fs = std::filesystem;

namespace {

std::string shapeStr(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

float loadFloat(const TensorView &v, size_t i) {
  switch (v.dtype) {
  case DType::F32: {
    float f;
    std::memcpy(&f, v.data + 4 * i, 4);
    return f;
  }
  case DType::F16: {
    uint16_t h;
    std::memcpy(&h, v.data + 2 * i, 2);
    return halfToFloat(h);
  }
  case DType::BF16: {
    uint16_t h;
    std::memcpy(&h, v.data + 2 * i, 2);
    return bfloat16ToFloat(h);
  }
  default:
    return 0.0f;
  }
}

/// The source's elements after slice and transpose, row-major, as floats.
std::vector<float> gather(const WeightSource &src, const TensorView &view) {
  const std::vector<int64_t> &shape = src.paramShape;
  const size_t rank = shape.size();
  std::vector<int64_t> strides(rank, 1);
  for (size_t i = rank; i-- > 1;)
    strides[i - 1] = strides[i] * shape[i];
  std::vector<int64_t> sliced = shape;
  int64_t base = 0;
  if (src.slice) {
    sliced[src.slice->axis] = src.slice->end - src.slice->begin;
    base = src.slice->begin * strides[src.slice->axis];
  }
  std::vector<int64_t> dims(rank), steps(rank);
  for (size_t i = 0; i < rank; ++i) {
    size_t from = src.perm.empty() ? i : size_t(src.perm[i]);
    dims[i] = sliced[from];
    steps[i] = strides[from];
  }
  int64_t total = 1;
  for (int64_t d : dims)
    total *= d;
  std::vector<float> out(static_cast<size_t>(total));
  if (rank == 0) {
    if (total)
      out[0] = loadFloat(view, size_t(base));
    return out;
  }
  std::vector<int64_t> index(rank, 0);
  const int64_t inner = dims[rank - 1], innerStep = steps[rank - 1];
  for (int64_t produced = 0; produced < total; produced += inner) {
    int64_t offset = base;
    for (size_t i = 0; i + 1 < rank; ++i)
      offset += index[i] * steps[i];
    for (int64_t j = 0; j < inner; ++j)
      out[size_t(produced + j)] = loadFloat(view, size_t(offset + j * innerStep));
    for (size_t i = rank - 1; i-- > 0;) { // odometer over outer dims
      if (++index[i] < dims[i])
        break;
      index[i] = 0;
    }
  }
  return out;
}

/// Converts floats to the blob dtype at dst, counting and optionally clamping.
void convert(const float *src, size_t n, DType dtype,
             const PatchOptions &options, uint8_t *dst, ConversionStats &stats) {
  if (dtype == DType::F32) {
    for (size_t i = 0; i < n; ++i)
      stats.nonFinite += !std::isfinite(src[i]);
    std::memcpy(dst, src, n * 4);
    return;
  }
  // fp16 (the ANE's format): convert in bulk, then look for inf/NaN, which
  // also catches finite floats that overflowed the fp16 range.
  // Chunks small enough that the check reads halves still in L1.
  uint16_t *out = reinterpret_cast<uint16_t *>(dst);
  constexpr size_t kChunk = 4096;
  for (size_t begin = 0; begin < n; begin += kChunk) {
    size_t end = std::min(n, begin + kChunk);
    floatsToHalves(src + begin, out + begin, end - begin);
    uint16_t any = 0;
    for (size_t i = begin; i < end; ++i)
      any |= uint16_t((out[i] & 0x7c00u) == 0x7c00u);
    if (!any)
      continue;
    for (size_t i = begin; i < end; ++i) {
      if ((out[i] & 0x7c00u) != 0x7c00u)
        continue;
      ++stats.nonFinite;
      if (!options.clampToFp16)
        continue;
      ++stats.clamped;
      float f = src[i];
      out[i] = std::isnan(f) ? 0 : floatToHalf(f > 0 ? kFp16Max : -kFp16Max);
    }
  }
}

} // namespace

Status materializeBlob(const WeightEntry &entry, const WeightStore &store,
                       const PatchOptions &options, uint8_t *dst,
                       ConversionStats &stats) {
  auto dtype = blobDTypeFromName(entry.dtype);
  if (!dtype || (*dtype != DType::F16 && *dtype != DType::F32))
    return Error("blob at " + entry.file + " offset " +
                 std::to_string(entry.offset) + " has dtype " + entry.dtype +
                 "; only fp16 and fp32 blobs are built from parameters");
  const size_t elemSize = *dtype == DType::F16 ? 2 : 4;
  size_t written = 0;
  for (const WeightSource &src : entry.sources) {
    const TensorView *view = store.find(src.param);
    if (!view)
      return Error("parameter '" + src.param + "' (for " + entry.file +
                   " offset " + std::to_string(entry.offset) +
                   ") is not in the weight store");
    if (view->shape != src.paramShape)
      return Error("parameter '" + src.param + "' is " +
                   shapeStr(view->shape) +
                   " in the weight store but the package expects " +
                   shapeStr(src.paramShape));
    if (view->dtype != DType::F32 && view->dtype != DType::F16 &&
        view->dtype != DType::BF16)
      return Error("parameter '" + src.param + "' has dtype " +
                   safeTensorsDTypeName(view->dtype) +
                   "; weights must be F32, F16 or BF16");
    const bool contiguousF32 = !src.slice && src.perm.empty() &&
                               view->dtype == DType::F32;
    std::vector<float> gathered;
    const float *values;
    size_t count;
    if (contiguousF32) { // the common case: no copy before conversion
      values = reinterpret_cast<const float *>(view->data);
      count = size_t(view->elementCount());
    } else {
      gathered = gather(src, *view);
      values = gathered.data();
      count = gathered.size();
    }
    if (written + count > size_t(entry.elementCount()))
      return Error("sources of " + entry.file + " offset " +
                   std::to_string(entry.offset) + " overflow the blob");
    convert(values, count, *dtype, options, dst + written * elemSize, stats);
    written += count;
  }
  if (written != size_t(entry.elementCount()))
    return Error("sources of " + entry.file + " offset " +
                 std::to_string(entry.offset) + " fill " +
                 std::to_string(written) + " of " +
                 std::to_string(entry.elementCount()) + " elements");
  return Status::ok();
}

namespace {

/// ORION_PATCH_FAULT=<stage> ends the process there (crashPointForTests).
void faultPoint(const char *stage) {
  crashPointForTests("ORION_PATCH_FAULT", stage);
}

/// True if `path` is a regular file this user owns whose only name is
/// `path`: writing into it changes nothing outside the package (not a
/// symlink's target, not a file shared by a `cp -al` snapshot).
bool isPrivateFile(const struct stat &st) {
  return S_ISREG(st.st_mode) && st.st_nlink == 1 && st.st_uid == ::geteuid();
}

/// A staged copy of a BLOBFILE. It reuses the previous generation of the
/// file (`<file>.orion-prev`, kept by the last patch) when its size matches:
/// overwriting pages the kernel already holds is about twice as fast as
/// allocating fresh zeroed ones and freeing the old ones at the rename.
/// Only a private file is reused (isPrivateFile, checked again on the open
/// descriptor); anything else is unlinked, never written through, and the
/// copy starts from a fresh file.
class StagedFile {
public:
  static Expected<std::unique_ptr<StagedFile>> create(const std::string &target,
                                                      const std::string &path,
                                                      uint64_t size) {
    const std::string prev = target + kPatchPreviousSuffix;
    ::unlink(path.c_str()); // a leftover (or planted) staged name
    struct stat st;
    if (::lstat(prev.c_str(), &st) == 0) {
      if (isPrivateFile(st) && uint64_t(st.st_size) == size)
        ::rename(prev.c_str(), path.c_str());
      else
        ::unlink(prev.c_str());
    }
    int fd = ::open(path.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0 && (::fstat(fd, &st) != 0 || !isPrivateFile(st))) {
      ::close(fd); // replaced between the checks: do not write into it
      ::unlink(path.c_str());
      fd = -1;
    }
    if (fd < 0)
      fd = ::open(path.c_str(),
                  O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
      return Error(path + ": cannot create: " + systemErrorText(errno));
    auto file = std::unique_ptr<StagedFile>(new StagedFile(path, fd));
    if (::ftruncate(fd, off_t(size)) != 0)
      return Error(path + ": cannot size: " + systemErrorText(errno));
    return file;
  }
  ~StagedFile() {
    if (fd_ >= 0)
      ::close(fd_);
  }
  /// Writes `n` bytes at `offset`.
  Status write(uint64_t offset, const uint8_t *data, size_t n) {
    while (n) {
      ssize_t w = ::pwrite(fd_, data, n, off_t(offset));
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        return Error(path_ + ": write failed: " + systemErrorText(errno));
      data += w;
      offset += uint64_t(w);
      n -= size_t(w);
    }
    return Status::ok();
  }
  int fd() const { return fd_; }
  /// Everything on disk before the journal names this file.
  Status flush() {
    if (::fsync(fd_) != 0)
      return Error(path_ + ": cannot flush: " + systemErrorText(errno));
    return Status::ok();
  }

private:
  StagedFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_;
};

/// Copies every byte of the file outside the `patched` (offset, size)
/// ranges into the staged file: header, metadata, padding and the blobs
/// that keep their values.
Status copyUnpatched(const std::string &path, uint64_t size,
                     std::vector<std::pair<uint64_t, uint64_t>> patched,
                     StagedFile &out) {
  std::sort(patched.begin(), patched.end());
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Error(path + ": cannot open: " + systemErrorText(errno));
  std::vector<uint8_t> chunk(1 << 20);
  auto copy = [&](uint64_t begin, uint64_t end) -> Status {
    while (begin < end) {
      size_t n = size_t(std::min<uint64_t>(chunk.size(), end - begin));
      ssize_t r = ::pread(fd, chunk.data(), n, off_t(begin));
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        return Error(path + ": read failed at byte " + std::to_string(begin));
      if (Status s = out.write(begin, chunk.data(), size_t(r)); !s)
        return s;
      begin += uint64_t(r);
    }
    return Status::ok();
  };
  uint64_t cursor = 0;
  Status status;
  for (const auto &[offset, bytes] : patched) {
    if (status)
      status = copy(cursor, offset);
    cursor = offset + bytes;
  }
  if (status)
    status = copy(cursor, size);
  ::close(fd);
  return status;
}

/// The blobs of `file` the store has parameters for. Blobs with none are
/// skipped (counted in the report); a fused blob with only some is an error.
Expected<std::vector<const WeightEntry *>>
blobsToPatch(const std::string &file,
             const std::vector<const WeightEntry *> &entries,
             const WeightStore &store, PatchReport &report) {
  std::vector<const WeightEntry *> todo;
  for (const WeightEntry *w : entries) {
    size_t present = 0;
    for (const WeightSource &s : w->sources)
      present += store.find(s.param) != nullptr;
    if (present == 0) {
      ++report.blobsSkipped;
      continue;
    }
    if (present != w->sources.size())
      return Error("the weight store has only " + std::to_string(present) +
                   " of the " + std::to_string(w->sources.size()) +
                   " parameters fused into " + file + " offset " +
                   std::to_string(w->offset) +
                   "; a fused blob is patched whole or not at all");
    todo.push_back(w);
  }
  return todo;
}

/// One patch of a package: each changed BLOBFILE staged whole, then
/// committed through the journal (StagedFiles).
class Patch {
public:
  Patch(const Package &pkg, const WeightStore &store,
        const PatchOptions &options, PatchReport &report)
      : pkg_(pkg), store_(store), options_(options), report_(report),
        staged_(pkg.dir(), kPatchJournal, kPatchStagedSuffix,
                options.durable) {
    staged_.setFaultVariable("ORION_PATCH_FAULT");
  }

  /// Stages a new copy of `file` with `todo`'s blobs rewritten.
  Status stageFile(const std::string &file,
                   const std::vector<const WeightEntry *> &todo);
  /// Waits for the background flushes of the staged files.
  Status finishStaging();
  bool empty() const { return staged_.files().empty(); }
  /// Commits (the journal) and renames every staged file into place.
  Status commit();

private:
  /// Writes blob `w`'s new data into `out` and records its byte range.
  Status patchBlob(const std::string &file, const BlobFile &blobs,
                   const WeightEntry &w, StagedFile &out,
                   std::vector<std::pair<uint64_t, uint64_t>> &ranges);

  const Package &pkg_;
  const WeightStore &store_;
  const PatchOptions &options_;
  PatchReport &report_;
  StagedFiles staged_;             // discards its files unless committed
  std::vector<uint8_t> scratch_;   // one blob's converted data, reused
  // Declared after staged_: pending flushes finish before files go.
  std::vector<std::future<Status>> flushes_;
};

Status Patch::stageFile(const std::string &file,
                        const std::vector<const WeightEntry *> &todo) {
  // Only metadata is read: patched blobs' old data would be overwritten
  // anyway; the rest of the file is copied below, a byte range at a time.
  const std::string target = pkg_.path(file);
  auto blobs = BlobFile::openIndex(target);
  if (!blobs)
    return blobs.error();
  auto stagedPath = staged_.add(file);
  if (!stagedPath)
    return stagedPath.error();
  auto out = StagedFile::create(target, *stagedPath, blobs->fileSize());
  if (!out)
    return out.error();
  std::vector<std::pair<uint64_t, uint64_t>> patchedRanges;
  for (const WeightEntry *w : todo)
    if (Status s = patchBlob(file, *blobs, *w, **out, patchedRanges); !s)
      return s;
  if (Status s = copyUnpatched(target, blobs->fileSize(), patchedRanges, **out);
      !s)
    return s;
  // Flush in the background while the next file converts; every flush
  // completes before the journal (the commit point) is written.
  if (options_.durable)
    flushes_.push_back(std::async(
        std::launch::async,
        [staged = std::shared_ptr<StagedFile>(std::move(*out))] {
          return staged->flush();
        }));
  return Status::ok();
}

Status Patch::patchBlob(const std::string &file, const BlobFile &blobs,
                        const WeightEntry &w, StagedFile &out,
                        std::vector<std::pair<uint64_t, uint64_t>> &ranges) {
  auto blob = blobs.blobAt(w.offset);
  if (!blob)
    return blob.error();
  if (milDTypeName(blob->dtype) != w.dtype ||
      blob->elementCount() != size_t(w.elementCount()))
    return Error(pkg_.path(file) + ": offset " + std::to_string(w.offset) +
                 ": blob holds " + std::to_string(blob->elementCount()) +
                 " x " + milDTypeName(blob->dtype) +
                 " but the manifest describes " +
                 std::to_string(w.elementCount()) + " x " + w.dtype);
  ConversionStats stats;
  ranges.push_back({blob->dataOffset, blob->sizeBytes});
  if (scratch_.size() < blob->sizeBytes)
    scratch_ = std::vector<uint8_t>(blob->sizeBytes);
  Status s = materializeBlob(w, store_, options_, scratch_.data(), stats);
  if (s)
    s = out.write(blob->dataOffset, scratch_.data(), blob->sizeBytes);
  if (!s)
    return s;
  if (stats.nonFinite)
    report_.warnings.push_back(file + " offset " + std::to_string(w.offset) +
                               ": " + std::to_string(stats.nonFinite) +
                               " values are NaN/Inf or overflow " + w.dtype +
                               (stats.clamped ? " (clamped)" : ""));
  report_.nonFinite += stats.nonFinite;
  report_.clamped += stats.clamped;
  report_.weightBytes += blob->sizeBytes;
  ++report_.blobsPatched;
  return Status::ok();
}

Status Patch::finishStaging() {
  Status flushed;
  for (auto &f : flushes_) {
    Status s = f.get();
    if (flushed && !s)
      flushed = s;
  }
  flushes_.clear();
  return flushed;
}

Status Patch::commit() {
  if (Status s = staged_.commit(); !s)
    return s;
  // Keep the replaced generation for the next patch to write into, unless
  // it is not the package's alone (a link, or shared with a snapshot).
  Status applied = staged_.apply([](const std::string &target) {
    const std::string prev = target + kPatchPreviousSuffix;
    ::unlink(prev.c_str());
    struct stat st;
    if (::lstat(target.c_str(), &st) == 0 && isPrivateFile(st))
      (void)::link(target.c_str(), prev.c_str());
  });
  if (!applied)
    return Error(applied.error().message() + "; run `orion patch " +
                 pkg_.dir() + " --recover` to finish");
  report_.filesRewritten = staged_.files().size();
  return Status::ok();
}

} // namespace

Expected<PatchReport> patchPackage(const std::string &dir,
                                   const WeightStore &store,
                                   const PatchOptions &options) {
  // Held through the commit: no reader opens the package half-patched and
  // no other writer interleaves.
  auto lock = lockPackage(dir, DirectoryLock::Mode::Exclusive);
  if (!lock)
    return lock.error();
  PatchReport report;
  if (hasInterruptedPatch(dir))
    if (Status s = recoverInterruptedPatch(dir, &report.recovery); !s)
      return s.error();
  auto pkg = Package::open(dir);
  if (!pkg)
    return pkg.error();

  // Group blobs by file: each file is rebuilt once.
  std::map<std::string, std::vector<const WeightEntry *>> byFile;
  for (const ProgramSpec &p : pkg->manifest().programs)
    for (const WeightEntry &w : p.weights)
      byFile[w.file].push_back(&w);

  Patch patch(*pkg, store, options, report);
  for (const auto &[file, entries] : byFile) {
    auto todo = blobsToPatch(file, entries, store, report);
    if (!todo)
      return todo.error();
    if (todo->empty())
      continue;
    if (Status s = patch.stageFile(file, *todo); !s)
      return s.error();
  }
  if (Status s = patch.finishStaging(); !s)
    return s.error();
  faultPoint("after-staging");
  if (patch.empty())
    return report;
  if (Status s = patch.commit(); !s)
    return s.error();
  return report;
}

} // namespace orion::rt
