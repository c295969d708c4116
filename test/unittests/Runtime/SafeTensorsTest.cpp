//===- SafeTensorsTest.cpp - safetensors reader and writer ----------------===//

#include "orion/format/SafeTensors.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

using namespace orion::rt;

namespace {

/// A file with the given header JSON and `dataBytes` zero bytes of data.
std::vector<uint8_t> fileWith(const std::string &header, size_t dataBytes) {
  std::vector<uint8_t> b(8);
  uint64_t n = header.size();
  std::memcpy(b.data(), &n, 8);
  b.insert(b.end(), header.begin(), header.end());
  b.resize(b.size() + dataBytes, 0);
  return b;
}

std::string errorOf(std::vector<uint8_t> bytes) {
  auto f = SafeTensorsFile::fromBytes(std::move(bytes), "w.safetensors");
  return f ? "<no error>" : f.error().message();
}

TEST(SafeTensors, WriterRoundTrips) {
  SafeTensorsWriter w;
  const float a[] = {1, 2, 3, 4, 5, 6};
  const uint16_t h[] = {0x3C00, 0x4000};
  w.add("layers.0.wq", DType::F32, {2, 3}, a, sizeof a);
  w.add("norm", DType::F16, {2}, h, sizeof h);
  auto f = SafeTensorsFile::fromBytes(w.bytes(), "t");
  ASSERT_TRUE(f) << f.error().message();
  const TensorView *wq = f->find("layers.0.wq");
  ASSERT_NE(wq, nullptr);
  EXPECT_EQ(wq->shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(std::memcmp(wq->data, a, sizeof a), 0);
  EXPECT_EQ(f->find("norm")->dtype, DType::F16);
  EXPECT_EQ(f->find("missing"), nullptr);
}

TEST(SafeTensors, ReadsHandWrittenHeaderWithMetadata) {
  auto f = SafeTensorsFile::fromBytes(
      fileWith(R"({"__metadata__":{"format":"pt"},)"
               R"("b":{"dtype":"BF16","shape":[2],"data_offsets":[8,12]},)"
               R"("a":{"dtype":"I32","shape":[2],"data_offsets":[0,8]}})",
               12),
      "t");
  ASSERT_TRUE(f) << f.error().message();
  EXPECT_EQ(f->metadata().at("format"), "pt");
  EXPECT_EQ(f->tensors().size(), 2u);
}

TEST(SafeTensors, RejectsMalformedFiles) {
  EXPECT_EQ(errorOf({1, 2, 3}),
            "w.safetensors: truncated: 3 bytes, the header length alone "
            "needs 8");
  auto huge = fileWith("{}", 0);
  huge[0] = 0xff;
  EXPECT_EQ(errorOf(huge), "w.safetensors: header length 255 exceeds the "
                           "file (10 bytes)");
  EXPECT_EQ(errorOf(fileWith("{not json", 0)),
            "w.safetensors: header is not a JSON object");
  EXPECT_EQ(errorOf(fileWith(R"({"t":{"shape":[1],"data_offsets":[0,4]}})", 4)),
            "w.safetensors: tensor 't': missing string 'dtype'");
  EXPECT_EQ(errorOf(fileWith(
                R"({"t":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}})", 8)),
            "w.safetensors: tensor 't': unsupported dtype 'F64'");
  EXPECT_EQ(errorOf(fileWith(
                R"({"t":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", 8)),
            "w.safetensors: tensor 't': data_offsets [0, 16) lie outside the "
            "8-byte data section");
  EXPECT_EQ(errorOf(fileWith(
                R"({"t":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8)),
            "w.safetensors: tensor 't': data_offsets cover 8 bytes but shape "
            "and dtype F32 need 12");
  EXPECT_EQ(errorOf(fileWith(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                             R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                             12)),
            "w.safetensors: tensors 'a' and 'b' overlap");
  EXPECT_EQ(errorOf(fileWith(
                R"({"t":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", 4)),
            "w.safetensors: tensor 't': shape entries must be non-negative "
            "integers");
}

TEST(WeightStore, OpensDirectoryAndRejectsDuplicates) {
  namespace fs = std::filesystem;
  auto dir = fs::temp_directory_path() /
             ("orion-store-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const float v[] = {1, 2};
  SafeTensorsWriter a, b;
  a.add("x", DType::F32, {2}, v, sizeof v);
  b.add("y", DType::F32, {2}, v, sizeof v);
  ASSERT_TRUE(a.writeTo((dir / "a.safetensors").string()));
  ASSERT_TRUE(b.writeTo((dir / "b.safetensors").string()));
  auto store = WeightStore::open(dir.string());
  ASSERT_TRUE(store) << store.error().message();
  EXPECT_NE(store->find("x"), nullptr);
  EXPECT_NE(store->find("y"), nullptr);
  ASSERT_TRUE(a.writeTo((dir / "c.safetensors").string()));
  auto dup = WeightStore::open(dir.string());
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().message(), (dir / "c.safetensors").string() +
                                       ": tensor 'x' is also defined in " +
                                       (dir / "a.safetensors").string());
  fs::remove_all(dir);
}

} // namespace
