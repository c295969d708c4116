//===- NpyTest.cpp - .npy reader and writer edge cases --------------------===//

#include "orion/format/Npy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace orion::rt;

namespace {

std::vector<uint8_t> npyWithHeader(const std::string &dict, uint8_t version) {
  const size_t prefix = version == 1 ? 10 : 12;
  std::string header = dict;
  header.append((64 - (prefix + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::vector<uint8_t> out = {0x93, 'N', 'U', 'M', 'P', 'Y', version, 0};
  for (size_t i = 0; i < prefix - 8; ++i)
    out.push_back(uint8_t(header.size() >> (8 * i)));
  out.insert(out.end(), header.begin(), header.end());
  return out;
}

// 2^40 * 2^24 elements wrap a 64-bit count to 0, which matched the empty
// data section before the count was checked ahead of each multiply.
TEST(Npy, RejectsShapesWhoseCountOverflows) {
  auto bytes = npyWithHeader("{'descr': '<f4', 'fortran_order': False, "
                             "'shape': (1099511627776, 16777216), }",
                             1);
  auto t = parseNpy(bytes, "big.npy");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().message(), "big.npy: shape is too large");
}

// A header over 64 KiB (here 40,000 dims) does not fit format 1.0's 16-bit
// length: the writer switches to 2.0 and the file reads back.
// A zero dimension makes the count 0, but the other dimensions' product
// (what strides multiply) must still fit.
TEST(Npy, RejectsShapesWhoseProductOverflowsPastAZero) {
  auto bytes = npyWithHeader("{'descr': '<f4', 'fortran_order': False, "
                             "'shape': (0, 1099511627776, 1099511627776), }",
                             1);
  auto t = parseNpy(bytes, "zero.npy");
  ASSERT_FALSE(t) << "accepted shape with " << t->shape.size() << " dims";
  EXPECT_NE(t.error().message().find("too large"), std::string::npos)
      << t.error().message();
}

TEST(Npy, WritesLongHeadersAsVersion2) {
  HostTensor t = HostTensor::int32(std::vector<int64_t>(40000, 1), {7});
  std::vector<uint8_t> bytes = npyBytes(t);
  ASSERT_GT(bytes.size(), 0xffffu);
  EXPECT_EQ(bytes[6], 2);
  auto back = parseNpy(bytes, "long.npy");
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->shape, t.shape);
  EXPECT_EQ(back->i32, t.i32);
  EXPECT_EQ(npyBytes(HostTensor::fp32({2}, {1, 2}))[6], 1);
}

} // namespace
