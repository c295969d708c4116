//===- TrainDataTest.cpp - Training windows and their seeded order --------===//

#include "orion/train/TrainData.h"

#include <gtest/gtest.h>

#include <numeric>
#include <set>

using namespace orion::rt;

namespace {

std::vector<int32_t> iota(int n) {
  std::vector<int32_t> v(static_cast<size_t>(n));
  std::iota(v.begin(), v.end(), 0);
  return v;
}

TEST(TrainData, WindowsShiftTargetsByOne) {
  auto d = TrainData::create(iota(17), 4, 100, 0, "ids");
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_EQ(d->windows(), 4); // (17 - 1) / 4
  Batch b = d->next();
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(b.tokens[i], b.window * 4 + i);
    EXPECT_EQ(b.targets[i], b.window * 4 + i + 1);
  }
}

TEST(TrainData, EachEpochVisitsEveryWindowAndSeekReplays) {
  auto d = TrainData::create(iota(101), 10, 200, 42, "ids");
  ASSERT_TRUE(d);
  std::vector<int64_t> seen;
  for (int i = 0; i < 30; ++i)
    seen.push_back(d->next().window);
  for (int epoch = 0; epoch < 3; ++epoch) {
    std::set<int64_t> s(seen.begin() + epoch * 10,
                        seen.begin() + epoch * 10 + 10);
    EXPECT_EQ(s.size(), 10u) << "epoch " << epoch;
  }
  // Epochs are shuffled differently, and the order is not the identity.
  EXPECT_NE(std::vector<int64_t>(seen.begin(), seen.begin() + 10),
            std::vector<int64_t>(seen.begin() + 10, seen.begin() + 20));
  // A fresh stream sought to position 13 continues identically.
  auto e = TrainData::create(iota(101), 10, 200, 42, "ids");
  e->seek(13);
  for (int i = 13; i < 30; ++i)
    EXPECT_EQ(e->next().window, seen[size_t(i)]) << i;
  EXPECT_EQ(e->position(), 30);
}

TEST(TrainData, RejectsShortDataAndIdsOutsideTheVocabulary) {
  auto shortData = TrainData::create(iota(4), 4, 100, 0, "tiny.npy");
  ASSERT_FALSE(shortData);
  EXPECT_NE(shortData.error().message().find("tiny.npy: 4 tokens"),
            std::string::npos)
      << shortData.error().message();
  auto big = TrainData::create({1, 2, 300, 4}, 2, 256, 0, "d.npy");
  ASSERT_FALSE(big);
  EXPECT_NE(big.error().message().find("token 2 is 300"), std::string::npos)
      << big.error().message();
  EXPECT_FALSE(TrainData::create({1, -1, 2}, 2, 256, 0, "d.npy"));
}

} // namespace
