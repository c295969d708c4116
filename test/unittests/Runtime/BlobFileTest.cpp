//===- BlobFileTest.cpp - MILBlob v2 reader/writer against the spec -------===//
//
// Golden bytes are spelled out field by field from coremltools'
// StorageFormat.hpp layout, not produced by our writer.
//
//===----------------------------------------------------------------------===//

#include "orion/format/BlobFile.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

using namespace orion::rt;

namespace {

void put32(std::vector<uint8_t> &b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    b[at + i] = uint8_t(v >> (8 * i));
}
void put64(std::vector<uint8_t> &b, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    b[at + i] = uint8_t(v >> (8 * i));
}

/// Two blobs: fp16 [1.0, -2.0, 0.5] and int32 [7], as the spec lays them out.
std::vector<uint8_t> goldenTwoBlobs() {
  std::vector<uint8_t> b(320, 0);
  put32(b, 0, 2); // count
  put32(b, 4, 2); // version
  // Blob 0: metadata at 64, data at 128, 6 bytes, padded to 192.
  put32(b, 64, 0xDEADBEEF);
  put32(b, 68, 1); // Float16
  put64(b, 72, 6);
  put64(b, 80, 128);
  const uint8_t halves[] = {0x00, 0x3C, 0x00, 0xC0, 0x00, 0x38};
  std::memcpy(&b[128], halves, sizeof halves);
  // Blob 1: metadata at 192, data at 256, 4 bytes, padded to 320.
  put32(b, 192, 0xDEADBEEF);
  put32(b, 196, 14); // Int32
  put64(b, 200, 4);
  put64(b, 208, 256);
  put32(b, 256, 7);
  return b;
}

std::string errorOf(std::vector<uint8_t> bytes) {
  auto file = BlobFile::fromBytes(std::move(bytes), "w.bin");
  return file ? std::string("<no error>") : file.error().message();
}

TEST(BlobFileWriter, MatchesTheSpecByteForByte) {
  BlobFileWriter writer;
  const uint16_t halves[] = {0x3C00, 0xC000, 0x3800};
  const int32_t seven = 7;
  EXPECT_EQ(writer.add(DType::F16, halves, sizeof halves), 64u);
  EXPECT_EQ(writer.add(DType::I32, &seven, sizeof seven), 192u);
  EXPECT_EQ(writer.bytes(), goldenTwoBlobs());
}

TEST(BlobFileWriter, OffsetsDependOnlyOnSizes) {
  std::vector<float> a(100, 1.0f), b(100, -3.5f);
  BlobFileWriter wa, wb;
  EXPECT_EQ(wa.add(DType::F32, a.data(), 400),
            wb.add(DType::F32, b.data(), 400));
  EXPECT_EQ(wa.nextOffset(), wb.nextOffset());
  EXPECT_EQ(wa.nextOffset(), 64u + alignToBlob(64 + 400));
}

TEST(BlobFile, ReadsGoldenFile) {
  auto file = BlobFile::fromBytes(goldenTwoBlobs(), "w.bin");
  ASSERT_TRUE(file) << file.error().message();
  ASSERT_EQ(file->blobs().size(), 2u);
  auto blob = file->blobAt(192);
  ASSERT_TRUE(blob);
  EXPECT_EQ(blob->dtype, DType::I32);
  EXPECT_EQ(blob->elementCount(), 1u);
  int32_t v;
  std::memcpy(&v, file->data(*blob), 4);
  EXPECT_EQ(v, 7);
}

TEST(BlobFile, AcceptsOrionStyleUnpaddedSingleBlob) {
  // mechramc/Orion writes 128 + 2N bytes with no trailing padding.
  std::vector<uint8_t> b(128 + 6, 0);
  put32(b, 0, 1);
  put32(b, 4, 2);
  put32(b, 64, 0xDEADBEEF);
  put32(b, 68, 1);
  put32(b, 72, 6);
  put32(b, 80, 128);
  auto file = BlobFile::fromBytes(b, "orion.bin");
  ASSERT_TRUE(file) << file.error().message();
  EXPECT_EQ(file->blobs()[0].elementCount(), 3u);
}

TEST(BlobFile, RejectsTruncatedHeader) {
  EXPECT_EQ(errorOf(std::vector<uint8_t>(12, 0)),
            "w.bin: truncated: 12 bytes, the storage header alone needs 64");
}

TEST(BlobFile, RejectsWrongVersion) {
  auto b = goldenTwoBlobs();
  put32(b, 4, 1);
  EXPECT_EQ(errorOf(b),
            "w.bin: offset 4: unsupported storage version 1 (expected 2)");
}

TEST(BlobFile, RejectsBadSentinel) {
  auto b = goldenTwoBlobs();
  put32(b, 192, 0xCAFEF00D);
  EXPECT_EQ(errorOf(b), "w.bin: offset 192: blob 1 of 2: bad sentinel "
                        "0xcafef00d (expected 0xdeadbeef)");
}

TEST(BlobFile, RejectsUnknownDType) {
  auto b = goldenTwoBlobs();
  put32(b, 68, 99);
  EXPECT_EQ(errorOf(b), "w.bin: offset 68: blob 0 of 2: unknown dtype code 99");
}

TEST(BlobFile, RejectsUnalignedData) {
  auto b = goldenTwoBlobs();
  put64(b, 80, 136);
  EXPECT_EQ(errorOf(b), "w.bin: offset 80: blob 0 of 2: data offset 136 is "
                        "not 64-byte aligned");
}

TEST(BlobFile, RejectsDataOverlappingMetadata) {
  auto b = goldenTwoBlobs();
  put64(b, 208, 128); // blob 1's data would overlap blob 0 and its metadata
  EXPECT_EQ(errorOf(b), "w.bin: offset 208: blob 1 of 2: data offset 128 "
                        "overlaps this or an earlier block");
}

TEST(BlobFile, RejectsDataPastEnd) {
  auto b = goldenTwoBlobs();
  put64(b, 200, 1000);
  EXPECT_EQ(errorOf(b), "w.bin: offset 200: blob 1 of 2: data [256, +1000) "
                        "runs past the end of the file (320 bytes)");
}

TEST(BlobFile, RejectsHugeSizeWithoutOverflow) {
  auto b = goldenTwoBlobs();
  put64(b, 72, ~uint64_t(0));
  EXPECT_NE(errorOf(b).find("runs past the end of the file"),
            std::string::npos);
}

TEST(BlobFile, RejectsSizeNotMultipleOfElement) {
  auto b = goldenTwoBlobs();
  put64(b, 72, 5);
  EXPECT_EQ(errorOf(b), "w.bin: offset 72: blob 0 of 2: size 5 is not a "
                        "multiple of the fp16 element size");
}

TEST(BlobFile, RejectsCountBeyondFile) {
  auto b = goldenTwoBlobs();
  put32(b, 0, 3);
  EXPECT_EQ(errorOf(b), "w.bin: offset 320: blob 2 of 3: metadata block is "
                        "truncated (file has 320 bytes)");
}

TEST(BlobFile, RejectsTrailingBytes) {
  auto b = goldenTwoBlobs();
  b.resize(448, 0);
  EXPECT_EQ(errorOf(b), "w.bin: offset 320: 128 unexpected bytes after the "
                        "last of 2 blobs");
}

TEST(BlobFile, BlobAtNamesMissingOffset) {
  auto file = BlobFile::fromBytes(goldenTwoBlobs(), "w.bin");
  ASSERT_TRUE(file);
  auto blob = file->blobAt(128);
  ASSERT_FALSE(blob);
  EXPECT_EQ(blob.error().message(),
            "w.bin: offset 128: no blob metadata block starts here (the file "
            "has 2 blobs)");
}

TEST(BlobFile, WriteAtomicallyAndReopen) {
  auto dir = std::filesystem::temp_directory_path() /
             ("orion-blob-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "weight.bin").string();
  BlobFileWriter writer;
  const float values[] = {1.5f, -2.25f};
  writer.add(DType::F32, values, sizeof values);
  ASSERT_TRUE(writer.writeTo(path));
  auto file = BlobFile::open(path);
  ASSERT_TRUE(file) << file.error().message();
  EXPECT_EQ(file->bytes(), writer.bytes());
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir),
                          std::filesystem::directory_iterator()),
            1); // no temporary file left behind
  std::filesystem::remove_all(dir);
}

TEST(BlobFile, OpenNamesMissingFile) {
  auto file = BlobFile::open("/nonexistent/weight.bin");
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().message(),
            "/nonexistent/weight.bin: cannot open: No such file or directory");
}

} // namespace
