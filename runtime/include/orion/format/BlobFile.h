//===- BlobFile.h - coremltools MILBlob storage v2 --------------*- C++ -*-===//
//
// Reader, writer and in-place patcher for the BLOBFILE weight files that MIL
// programs reference with BLOBFILE(path=..., offset=uint64(M)). Layout (all
// little-endian, everything 64-byte aligned):
//
//   0    storage header: u32 count, u32 version (= 2), 7 x u64 reserved
//   M    blob metadata:  u32 sentinel 0xDEADBEEF, u32 dtype, u64 size in
//                        bytes, u64 data offset (absolute), u64 padding bits,
//                        4 x u64 reserved
//   M+64 data, then zero padding to the next 64-byte boundary
//
// M, the metadata offset, is what MIL's `offset=` names.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_FORMAT_BLOBFILE_H
#define ORION_FORMAT_BLOBFILE_H

#include "orion/format/DType.h"
#include "orion/format/Error.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orion::rt {

/// coremltools' BlobDataType code of `dtype`, or nullopt for the dtypes
/// BLOBFILEs do not store (int64, bool, string).
std::optional<uint32_t> blobDTypeCode(DType dtype);
/// The dtype of a code, or nullopt for a code this reader does not know.
std::optional<DType> blobDTypeFromCode(uint32_t code);
/// A dtype BLOBFILEs store, by MIL name ("fp16", "fp32", "uint8", "int8",
/// "bf16", "int16", "uint16", "int32", "uint32"); nullopt for others.
std::optional<DType> blobDTypeFromName(std::string_view name);

constexpr uint64_t kBlobAlignment = 64;
constexpr uint32_t kBlobSentinel = 0xDEADBEEF;
constexpr uint32_t kBlobStorageVersion = 2;

inline uint64_t alignToBlob(uint64_t offset) {
  return (offset + kBlobAlignment - 1) / kBlobAlignment * kBlobAlignment;
}

/// One blob's metadata, validated against the file it came from.
struct BlobInfo {
  uint64_t metadataOffset = 0;
  uint64_t dataOffset = 0;
  uint64_t sizeBytes = 0;
  DType dtype = DType::F16;

  size_t elementCount() const;
};

/// A whole BLOBFILE, checked on load: header, every sentinel, dtype,
/// alignment, bounds and overlap. open() maps the file read-only rather
/// than reading it, so its size is not bounded by memory.
class BlobFile {
public:
  static Expected<BlobFile> open(const std::string &path);
  /// `name` is used in error messages in place of a path.
  static Expected<BlobFile> fromBytes(std::vector<uint8_t> bytes,
                                      std::string name);
  /// Reads and checks only the header and metadata blocks (a few KB for a
  /// 100 MB file): for code that needs offsets, not values. data() and
  /// bytes() are empty in such a file.
  static Expected<BlobFile> openIndex(const std::string &path);

  const std::string &name() const { return name_; }
  const std::vector<BlobInfo> &blobs() const { return blobs_; }
  /// The blob whose metadata block starts at `metadataOffset`.
  Expected<BlobInfo> blobAt(uint64_t metadataOffset) const;
  const uint8_t *data(const BlobInfo &blob) const {
    return contents() + blob.dataOffset;
  }
  uint64_t fileSize() const { return fileSize_; }
  /// A copy of the whole file (data() reads in place); empty for openIndex.
  std::vector<uint8_t> bytes() const;

private:
  class Mapping;
  BlobFile(std::vector<uint8_t> bytes, std::string name)
      : bytes_(std::move(bytes)), name_(std::move(name)) {}
  Status parse();
  Status parse(uint64_t size,
               const std::function<bool(uint64_t, size_t, uint8_t *)> &readAt);
  const uint8_t *contents() const;

  std::vector<uint8_t> bytes_;           // fromBytes
  std::shared_ptr<const Mapping> mapping_; // open
  std::string name_;
  std::vector<BlobInfo> blobs_;
  uint64_t fileSize_ = 0;
};

/// Builds a BLOBFILE in memory; offsets depend only on the sequence of
/// (dtype, size) added, never on the values.
class BlobFileWriter {
public:
  BlobFileWriter();
  /// Appends a blob and returns its metadata offset (MIL's `offset=`).
  /// `dtype` must be one BLOBFILEs store (blobDTypeCode).
  uint64_t add(DType dtype, const void *data, size_t sizeBytes);
  /// Appends a blob of zeros without holding them: writeTo leaves a hole
  /// (a sparse file), so packages compiled without weights cost no I/O.
  uint64_t addZeros(DType dtype, size_t sizeBytes);
  /// The offset the next add() will return.
  uint64_t nextOffset() const { return size_; }
  uint32_t count() const { return count_; }
  /// The whole file, zero blobs included.
  std::vector<uint8_t> bytes() const;
  /// Writes the file atomically (temporary file, fsync, rename).
  Status writeTo(const std::string &path) const;

private:
  /// Non-zero bytes at a file offset (header, metadata, data).
  struct Extent {
    uint64_t offset;
    std::vector<uint8_t> bytes;
  };
  uint64_t appendMetadata(DType dtype, size_t sizeBytes);

  std::vector<Extent> extents_; // extents_[0] is the storage header
  uint64_t size_ = 0;
  uint32_t count_ = 0;
};

/// Writes `bytes` to `path` through a temporary file and rename, so a reader
/// sees the old file or the new one, never a torn one.
Status writeFileAtomically(const std::string &path, const void *data,
                           size_t size);

/// Reads a whole file, with an error naming it. The contents start after
/// `headroom` zero bytes, so a caller can put a header in front of a large
/// file without copying it. Only regular files are read (a FIFO or device
/// is an error, not a wait), and only if they fit the memory limit
/// (Memory.h).
Expected<std::vector<uint8_t>> readFile(const std::string &path,
                                        size_t headroom = 0);

/// Test hook of the crash-safe writers (patches, checkpoints): when the
/// environment variable `envVar` names `stage`, the process ends there as a
/// crash would (exit status 86), so tests can check recovery
/// deterministically.
void crashPointForTests(const char *envVar, const char *stage);

} // namespace orion::rt

#endif // ORION_FORMAT_BLOBFILE_H
