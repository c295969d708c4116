//===- MemoryTest.cpp - Allocations sized by input, checked first ---------===//

#include "orion/format/BlobFile.h"
#include "orion/format/Memory.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <unistd.h>

using namespace orion::rt;
namespace fs = std::filesystem;

namespace {

/// Sets ORION_MEMORY_LIMIT for one test.
struct ScopedLimit {
  explicit ScopedLimit(const char *bytes) {
    ::setenv("ORION_MEMORY_LIMIT", bytes, 1);
  }
  ~ScopedLimit() { ::unsetenv("ORION_MEMORY_LIMIT"); }
};

TEST(Memory, CheckedProductReportsOverflowEvenPastAZero) {
  EXPECT_EQ(checkedProduct({2, 3, 4}), 24u);
  EXPECT_EQ(checkedProduct({2, 3}, 4), 24u);
  EXPECT_EQ(checkedProduct({}), 1u);
  EXPECT_EQ(checkedProduct({0, 5}), 0u);
  EXPECT_FALSE(checkedProduct({-1, 5}));
  EXPECT_FALSE(checkedProduct({int64_t(1) << 40, int64_t(1) << 40}));
  // The count is 0, but the strides of the other dimensions overflow.
  EXPECT_FALSE(checkedProduct({0, int64_t(1) << 40, int64_t(1) << 40}));
  EXPECT_FALSE(checkedProduct({int64_t(1) << 62}, 4));
}

TEST(Memory, AllocationsBeyondTheLimitAreErrorsNamingWhat) {
  ScopedLimit limit("1000");
  EXPECT_EQ(memoryLimitBytes(), 1000u);
  EXPECT_TRUE(checkAllocation(1000, "x"));
  Status s = checkAllocation(1001, "w.bin: blob 3");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message().rfind("w.bin: blob 3 needs 1001 bytes, more "
                                      "than the memory limit of 1000 bytes",
                                      0),
            0u)
      << s.error().message();
}

TEST(Memory, ReadFileChecksTheFileSizeBeforeAllocating) {
  fs::path p = fs::temp_directory_path() /
               ("orion-memory-" + std::to_string(::getpid()) + ".bin");
  std::ofstream(p) << std::string(4096, 'x');
  ScopedLimit limit("1024");
  auto bytes = readFile(p.string());
  fs::remove(p);
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().message().find("needs 4096 bytes, more than the "
                                         "memory limit"),
            std::string::npos)
      << bytes.error().message();
}

TEST(Memory, CatchOutOfMemoryTurnsBadAllocIntoAnError) {
  Status s = catchOutOfMemory("pkg", []() -> Status { throw std::bad_alloc(); });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message(), "pkg: out of memory");
  Expected<int> v = catchOutOfMemory("pkg", []() -> Expected<int> { return 3; });
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, 3);
}

TEST(Memory, AFullDiskSaysSo) {
  EXPECT_EQ(systemErrorText(ENOSPC),
            std::string("the disk is full (") + std::strerror(ENOSPC) + ")");
  EXPECT_EQ(systemErrorText(ENOENT), std::strerror(ENOENT));
}

} // namespace
