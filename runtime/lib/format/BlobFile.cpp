//===- BlobFile.cpp - coremltools MILBlob storage v2 ----------------------===//

#include "orion/format/BlobFile.h"
#include "orion/format/Memory.h"

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <sstream>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace orion::rt {

namespace {

template <typename T> T load(const uint8_t *p) {
  T v;
  std::memcpy(&v, p, sizeof v); // the formats are little-endian, as are we
  return v;
}

template <typename T> void store(uint8_t *p, T v) {
  std::memcpy(p, &v, sizeof v);
}

/// coremltools' BlobDataType codes.
struct BlobCode {
  DType dtype;
  uint32_t code;
};

constexpr BlobCode kBlobCodes[] = {
    {DType::F16, 1},  {DType::F32, 2},  {DType::U8, 3},
    {DType::I8, 4},   {DType::BF16, 5}, {DType::I16, 6},
    {DType::U16, 7},  {DType::I32, 14}, {DType::U32, 15},
};

std::string errnoText() { return systemErrorText(errno); }

} // namespace

std::optional<uint32_t> blobDTypeCode(DType dtype) {
  for (const BlobCode &c : kBlobCodes)
    if (c.dtype == dtype)
      return c.code;
  return std::nullopt;
}

std::optional<DType> blobDTypeFromCode(uint32_t code) {
  for (const BlobCode &c : kBlobCodes)
    if (c.code == code)
      return c.dtype;
  return std::nullopt;
}

std::optional<DType> blobDTypeFromName(std::string_view name) {
  std::optional<DType> dtype = parseMILDType(name);
  if (dtype && blobDTypeCode(*dtype))
    return dtype;
  return std::nullopt;
}

size_t BlobInfo::elementCount() const {
  return sizeBytes / dtypeSize(dtype);
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

static Expected<int> openRegularFile(const std::string &path, uint64_t *size) {
  // O_NONBLOCK: opening a FIFO would otherwise wait for a writer forever.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return Error(path + ": cannot open: " + errnoText());
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error(path + ": not a regular file");
  }
  // Reads of a regular file never block; clear the flag anyway.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  *size = uint64_t(st.st_size);
  return fd;
}

Expected<std::vector<uint8_t>> readFile(const std::string &path,
                                        size_t headroom) {
  uint64_t size = 0;
  auto opened = openRegularFile(path, &size);
  if (!opened)
    return opened.error();
  int fd = *opened;
  if (Status s = checkAllocation(uint64_t(headroom) + size,
                                 path + ": reading the whole file");
      !s) {
    ::close(fd);
    return s.error();
  }
  std::vector<uint8_t> bytes(headroom + size_t(size));
  size_t done = headroom;
  while (done < bytes.size()) {
    ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      ::close(fd);
      return Error(path + ": read failed at byte " +
                   std::to_string(done - headroom) +
                   ": " + (n < 0 ? errnoText() : "unexpected end of file"));
    }
    done += size_t(n);
  }
  ::close(fd);
  return bytes;
}

/// A read-only mapping of a whole file (weights are paged in as read, so a
/// BLOBFILE larger than memory can still be inspected or run).
class BlobFile::Mapping {
public:
  Mapping(void *base, size_t size) : base_(base), size_(size) {}
  ~Mapping() {
    if (size_)
      ::munmap(base_, size_);
  }
  const uint8_t *data() const { return static_cast<const uint8_t *>(base_); }
  size_t size() const { return size_; }

private:
  void *base_;
  size_t size_;
};

Expected<BlobFile> BlobFile::open(const std::string &path) {
  uint64_t size = 0;
  auto opened = openRegularFile(path, &size);
  if (!opened)
    return opened.error();
  int fd = *opened;
  void *base = nullptr;
  if (size) {
    base = ::mmap(nullptr, size_t(size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (base == MAP_FAILED) {
      std::string err = errnoText();
      ::close(fd);
      return Error(path + ": cannot map " + std::to_string(size) +
                   " bytes: " + err);
    }
  }
  ::close(fd);
  BlobFile file({}, path);
  file.mapping_ = std::make_shared<Mapping>(base, size_t(size));
  if (Status s = file.parse(); !s)
    return s.error();
  return file;
}

Expected<BlobFile> BlobFile::fromBytes(std::vector<uint8_t> bytes,
                                       std::string name) {
  BlobFile file(std::move(bytes), std::move(name));
  if (Status s = file.parse(); !s)
    return s.error();
  return file;
}

Status BlobFile::parse() {
  const uint8_t *base = contents();
  uint64_t size = mapping_ ? mapping_->size() : bytes_.size();
  return parse(size, [&](uint64_t offset, size_t n, uint8_t *dst) {
    std::memcpy(dst, base + offset, n);
    return true;
  });
}

const uint8_t *BlobFile::contents() const {
  return mapping_ ? mapping_->data() : bytes_.data();
}

std::vector<uint8_t> BlobFile::bytes() const {
  if (!mapping_)
    return bytes_;
  return std::vector<uint8_t>(mapping_->data(),
                              mapping_->data() + mapping_->size());
}

Expected<BlobFile> BlobFile::openIndex(const std::string &path) {
  uint64_t size = 0;
  auto opened = openRegularFile(path, &size);
  if (!opened)
    return opened.error();
  int fd = *opened;
  BlobFile file({}, path);
  Status s = file.parse(size, [&](uint64_t offset, size_t n, uint8_t *dst) {
    return ::pread(fd, dst, n, off_t(offset)) == ssize_t(n);
  });
  ::close(fd);
  if (!s)
    return s.error();
  return file;
}

Status BlobFile::parse(
    uint64_t size,
    const std::function<bool(uint64_t, size_t, uint8_t *)> &readAt) {
  fileSize_ = size;
  auto fail = [&](uint64_t offset, const std::string &what) {
    return Error(name_ + ": offset " + std::to_string(offset) + ": " + what);
  };
  if (size < kBlobAlignment)
    return Error(name_ + ": truncated: " + std::to_string(size) +
                 " bytes, the storage header alone needs 64");
  uint8_t header[kBlobAlignment];
  if (!readAt(0, sizeof header, header))
    return fail(0, "cannot read the storage header");
  const uint32_t count = load<uint32_t>(&header[0]);
  const uint32_t version = load<uint32_t>(&header[4]);
  if (version != kBlobStorageVersion)
    return fail(4, "unsupported storage version " + std::to_string(version) +
                       " (expected 2)");

  uint64_t cursor = kBlobAlignment;
  for (uint32_t i = 0; i < count; ++i) {
    std::string which =
        "blob " + std::to_string(i) + " of " + std::to_string(count) + ": ";
    if (cursor > size || size - cursor < kBlobAlignment)
      return fail(cursor, which + "metadata block is truncated (file has " +
                              std::to_string(size) + " bytes)");
    uint8_t meta[kBlobAlignment];
    if (!readAt(cursor, sizeof meta, meta))
      return fail(cursor, which + "cannot read the metadata block");
    uint32_t sentinel = load<uint32_t>(meta);
    if (sentinel != kBlobSentinel) {
      std::ostringstream os;
      os << which << "bad sentinel 0x" << std::hex << sentinel
         << " (expected 0xdeadbeef)";
      return fail(cursor, os.str());
    }
    uint32_t code = load<uint32_t>(meta + 4);
    std::optional<DType> dtype = blobDTypeFromCode(code);
    if (!dtype)
      return fail(cursor + 4, which + "unknown dtype code " +
                                  std::to_string(code));
    BlobInfo info;
    info.metadataOffset = cursor;
    info.dtype = *dtype;
    info.sizeBytes = load<uint64_t>(meta + 8);
    info.dataOffset = load<uint64_t>(meta + 16);
    if (info.dataOffset % kBlobAlignment != 0)
      return fail(cursor + 16, which + "data offset " +
                                   std::to_string(info.dataOffset) +
                                   " is not 64-byte aligned");
    if (info.dataOffset < cursor + kBlobAlignment)
      return fail(cursor + 16, which + "data offset " +
                                   std::to_string(info.dataOffset) +
                                   " overlaps this or an earlier block");
    if (info.dataOffset > size || info.sizeBytes > size - info.dataOffset)
      return fail(cursor + 8, which + "data [" +
                                  std::to_string(info.dataOffset) + ", +" +
                                  std::to_string(info.sizeBytes) +
                                  ") runs past the end of the file (" +
                                  std::to_string(size) + " bytes)");
    if (info.sizeBytes % dtypeSize(*dtype) != 0)
      return fail(cursor + 8, which + "size " +
                                  std::to_string(info.sizeBytes) +
                                  " is not a multiple of the " +
                                  milDTypeName(info.dtype) + " element size");
    blobs_.push_back(info);
    cursor = alignToBlob(info.dataOffset + info.sizeBytes);
  }
  if (cursor < size)
    return fail(cursor, std::to_string(size - cursor) +
                            " unexpected bytes after the last of " +
                            std::to_string(count) + " blobs");
  return Status::ok();
}

Expected<BlobInfo> BlobFile::blobAt(uint64_t metadataOffset) const {
  auto it = std::lower_bound(blobs_.begin(), blobs_.end(), metadataOffset,
                             [](const BlobInfo &b, uint64_t off) {
                               return b.metadataOffset < off;
                             });
  if (it == blobs_.end() || it->metadataOffset != metadataOffset)
    return Error(name_ + ": offset " + std::to_string(metadataOffset) +
                 ": no blob metadata block starts here (the file has " +
                 std::to_string(blobs_.size()) + " blobs)");
  return *it;
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

BlobFileWriter::BlobFileWriter() {
  Extent header{0, std::vector<uint8_t>(kBlobAlignment, 0)};
  store<uint32_t>(&header.bytes[4], kBlobStorageVersion);
  extents_.push_back(std::move(header));
  size_ = kBlobAlignment;
}

uint64_t BlobFileWriter::appendMetadata(DType dtype, size_t sizeBytes) {
  const uint64_t metadataOffset = size_;
  Extent meta{metadataOffset, std::vector<uint8_t>(kBlobAlignment, 0)};
  store<uint32_t>(&meta.bytes[0], kBlobSentinel);
  std::optional<uint32_t> code = blobDTypeCode(dtype);
  assert(code && "BLOBFILEs do not store this dtype");
  // Code 0 if not: the reader rejects the blob rather than misreading it.
  store<uint32_t>(&meta.bytes[4], code.value_or(0));
  store<uint64_t>(&meta.bytes[8], sizeBytes);
  store<uint64_t>(&meta.bytes[16], metadataOffset + kBlobAlignment);
  extents_.push_back(std::move(meta));
  size_ = alignToBlob(metadataOffset + kBlobAlignment + sizeBytes);
  store<uint32_t>(&extents_[0].bytes[0], ++count_);
  return metadataOffset;
}

uint64_t BlobFileWriter::add(DType dtype, const void *data,
                             size_t sizeBytes) {
  uint64_t metadataOffset = appendMetadata(dtype, sizeBytes);
  if (sizeBytes) {
    const uint8_t *p = static_cast<const uint8_t *>(data);
    extents_.push_back(
        {metadataOffset + kBlobAlignment, std::vector<uint8_t>(p, p + sizeBytes)});
  }
  return metadataOffset;
}

uint64_t BlobFileWriter::addZeros(DType dtype, size_t sizeBytes) {
  return appendMetadata(dtype, sizeBytes);
}

std::vector<uint8_t> BlobFileWriter::bytes() const {
  std::vector<uint8_t> out(size_, 0);
  for (const Extent &e : extents_)
    std::memcpy(out.data() + e.offset, e.bytes.data(), e.bytes.size());
  return out;
}

namespace {

/// Writes all `n` bytes at `offset`; false on an error (errno set).
bool pwriteAll(int fd, const uint8_t *data, size_t n, uint64_t offset) {
  while (n) {
    ssize_t w = ::pwrite(fd, data, n, off_t(offset));
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return false;
    data += w;
    offset += uint64_t(w);
    n -= size_t(w);
  }
  return true;
}

/// Creates `path` atomically: a temporary file of `size` bytes (holes where
/// `fill` writes nothing), filled, flushed and renamed into place.
Status writeAtomically(const std::string &path, uint64_t size,
                       const std::function<bool(int)> &fill) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  // A fresh file, never one a link (or a planted name) points at.
  ::unlink(tmp.c_str());
  int fd = ::open(tmp.c_str(),
                  O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0)
    return Error(path + ": cannot create: " + errnoText());
  auto fail = [&](const std::string &what) {
    std::string err = errnoText();
    ::close(fd);
    ::unlink(tmp.c_str());
    return Error(path + ": " + what + ": " + err);
  };
  if (::ftruncate(fd, off_t(size)) != 0)
    return fail("cannot size");
  if (!fill(fd))
    return fail("write failed");
  if (::fsync(fd) != 0)
    return fail("cannot flush");
  if (::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return Error(path + ": cannot flush: " + errnoText());
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string err = errnoText();
    ::unlink(tmp.c_str());
    return Error(path + ": cannot rename into place: " + err);
  }
  return Status::ok();
}

} // namespace

Status BlobFileWriter::writeTo(const std::string &path) const {
  // Zero blobs stay holes: only the extents are written.
  return writeAtomically(path, size_, [&](int fd) {
    for (const Extent &e : extents_)
      if (!pwriteAll(fd, e.bytes.data(), e.bytes.size(), e.offset))
        return false;
    return true;
  });
}

Status writeFileAtomically(const std::string &path, const void *data,
                           size_t size) {
  return writeAtomically(path, size, [&](int fd) {
    return pwriteAll(fd, static_cast<const uint8_t *>(data), size, 0);
  });
}

void crashPointForTests(const char *envVar, const char *stage) {
  const char *fault = std::getenv(envVar);
  if (fault && std::strcmp(fault, stage) == 0)
    ::_exit(86);
}

} // namespace orion::rt
