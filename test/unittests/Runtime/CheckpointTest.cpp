//===- CheckpointTest.cpp - Training checkpoints: exact and atomic --------===//

#include "orion/train/Checkpoint.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sys/wait.h>
#include <unistd.h>

using namespace orion::rt;
namespace fs = std::filesystem;

namespace {

const char *kConfig =
    "{\"family\": \"llama\", \"vocab\": 8, \"dim\": 4, \"layers\": 1, "
    "\"heads\": 1, \"kv_heads\": 1, \"hidden\": 8, \"max_seq\": 16, "
    "\"norm_eps\": 1e-05, \"rope_theta\": 10000, \"tied_classifier\": true}";

/// A state whose values include the bit patterns a text or fp16 round trip
/// would lose: denormals, -0, huge and tiny numbers.
TrainState makeState(int64_t step, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<uint32_t> bits;
  auto randomFloats = [&](size_t n) {
    std::vector<float> v(n);
    for (float &x : v) {
      uint32_t b = bits(rng) & 0xBFFFFFFFu; // never Inf/NaN exponents
      std::memcpy(&x, &b, 4);
    }
    if (n > 2) {
      v[0] = -0.0f;
      v[1] = std::numeric_limits<float>::denorm_min();
    }
    return v;
  };
  TrainState s;
  s.configJson = kConfig;
  for (auto [name, shape] :
       std::vector<std::pair<std::string, std::vector<int64_t>>>{
           {"tok_embeddings.weight", {8, 4}}, {"norm.weight", {4}}}) {
    MasterParam p;
    p.shape = shape;
    size_t n = size_t(shape.size() == 2 ? shape[0] * shape[1] : shape[0]);
    p.value = randomFloats(n);
    p.m = randomFloats(n);
    p.v = randomFloats(n);
    s.params[name] = std::move(p);
  }
  s.step = step;
  s.adamSteps = step - 1;
  s.skipped = 1;
  s.dataPosition = 3 * step;
  s.dataSeed = 0xFEEDFACECAFEBEEFull; // > INT64_MAX: stored unsigned
  s.seq = 16;
  s.dataTokens = 12345;
  s.lossScale.scale = 2048;
  s.lossScale.goodSteps = 17;
  return s;
}

void expectSame(const TrainState &a, const TrainState &b) {
  EXPECT_EQ(a.configJson, b.configJson);
  EXPECT_EQ(a.step, b.step);
  EXPECT_EQ(a.adamSteps, b.adamSteps);
  EXPECT_EQ(a.skipped, b.skipped);
  EXPECT_EQ(a.dataPosition, b.dataPosition);
  EXPECT_EQ(a.dataSeed, b.dataSeed);
  EXPECT_EQ(a.seq, b.seq);
  EXPECT_EQ(a.dataTokens, b.dataTokens);
  EXPECT_EQ(a.lossScale.scale, b.lossScale.scale);
  EXPECT_EQ(a.lossScale.goodSteps, b.lossScale.goodSteps);
  ASSERT_EQ(a.params.size(), b.params.size());
  for (const auto &[name, p] : a.params) {
    const MasterParam &q = b.params.at(name);
    EXPECT_EQ(p.shape, q.shape) << name;
    for (auto [x, y] : {std::pair{&p.value, &q.value}, {&p.m, &q.m},
                        {&p.v, &q.v}}) {
      ASSERT_EQ(x->size(), y->size()) << name;
      EXPECT_EQ(std::memcmp(x->data(), y->data(), x->size() * 4), 0)
          << name << ": not bit-exact";
    }
  }
}

class CheckpointTest : public ::testing::Test {
protected:
  void SetUp() override {
    root = (fs::temp_directory_path() /
            ("orion-ckpt-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    fs::remove_all(root);
  }
  void TearDown() override { fs::remove_all(root); }

  /// Saves in a child that ends itself at fault point `fault`.
  void saveWithFault(const TrainState &s, const char *fault) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::setenv("ORION_CHECKPOINT_FAULT", fault, 1);
      ::_exit(saveCheckpoint(root, s) ? 0 : 1);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 86) << "fault point " << fault
                                       << " not hit";
  }

  std::string root;
};

TEST_F(CheckpointTest, RoundTripIsBitExact) {
  TrainState s = makeState(10, 1);
  ASSERT_TRUE(saveCheckpoint(root, s));
  auto back = loadCheckpoint(root);
  ASSERT_TRUE(back) << back.error().message();
  expectSame(s, *back);
  // The generation's directory loads too. (That its model.safetensors is
  // an Orion model for --model: test/tools/orion/train.test.)
  auto direct = loadCheckpoint(root + "/" + checkpointName(10));
  ASSERT_TRUE(direct);
  expectSame(s, *direct);
}

TEST_F(CheckpointTest, CrashMidWriteKeepsThePreviousCheckpoint) {
  TrainState first = makeState(5, 1), second = makeState(10, 2);
  ASSERT_TRUE(saveCheckpoint(root, first));
  // Killed after writing the new weights but before the optimizer state;
  // then after the new generation is complete but before `latest` names it.
  for (const char *fault : {"after-model", "before-latest"}) {
    saveWithFault(second, fault);
    auto back = loadCheckpoint(root);
    ASSERT_TRUE(back) << fault << ": " << back.error().message();
    expectSame(first, *back);
  }
  // The next save finishes normally and removes the leftovers.
  TrainState third = makeState(15, 3);
  ASSERT_TRUE(saveCheckpoint(root, third));
  auto back = loadCheckpoint(root);
  ASSERT_TRUE(back);
  expectSame(third, *back);
  for (const auto &e : fs::directory_iterator(root))
    EXPECT_NE(e.path().filename().string().rfind(".tmp-", 0), 0u)
        << e.path();
}

TEST_F(CheckpointTest, CrashWhileReplacingTheSameStepKeepsTheOldOne) {
  TrainState first = makeState(10, 1), again = makeState(10, 2);
  ASSERT_TRUE(saveCheckpoint(root, first));
  for (const char *fault : {"after-model", "after-set-aside"}) {
    saveWithFault(again, fault);
    auto back = loadCheckpoint(root);
    ASSERT_TRUE(back) << fault << ": " << back.error().message();
    expectSame(first, *back);
  }
  ASSERT_TRUE(saveCheckpoint(root, again));
  auto back = loadCheckpoint(root);
  ASSERT_TRUE(back);
  expectSame(again, *back);
  EXPECT_FALSE(fs::exists(fs::path(root) / ".old-step-00000010"));
}

TEST_F(CheckpointTest, KeepsTheNewestTwoGenerations) {
  for (int64_t step : {1, 2, 3, 4})
    ASSERT_TRUE(saveCheckpoint(root, makeState(step, uint32_t(step))));
  std::vector<std::string> names;
  for (const auto &e : fs::directory_iterator(root))
    names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  // .orion-lock: the writers' lock (DirectoryLock.h).
  EXPECT_EQ(names, (std::vector<std::string>{".orion-lock", "latest",
                                             "step-00000003",
                                             "step-00000004"}));
}

TEST_F(CheckpointTest, PruneDeletesOnlyGenerationsOrionWrote) {
  // Directories of the user's beside the checkpoints: a name Orion would
  // give but other contents, and names Orion would not give.
  fs::create_directories(fs::path(root) / "step-00000001");
  std::ofstream(fs::path(root) / "step-00000001/notes.txt") << "mine";
  fs::create_directories(fs::path(root) / "step-1");
  fs::create_directories(fs::path(root) / ".tmp-mine");
  for (int64_t step : {2, 3, 4})
    ASSERT_TRUE(saveCheckpoint(root, makeState(step, uint32_t(step))));
  EXPECT_TRUE(fs::exists(fs::path(root) / "step-00000001/notes.txt"));
  EXPECT_TRUE(fs::exists(fs::path(root) / "step-1"));
  EXPECT_TRUE(fs::exists(fs::path(root) / ".tmp-mine"));
  EXPECT_FALSE(fs::exists(fs::path(root) / "step-00000002"));
  EXPECT_TRUE(fs::exists(fs::path(root) / "step-00000003"));
}

// Counters a resume would trust: a negative data position read outside the
// data (SIGSEGV), a negative step trained "step -2/42", a negative
// adam_steps made every weight NaN. Each is refused, naming file and field.
TEST_F(CheckpointTest, RejectsTrainerMetadataThatCannotBeResumed) {
  struct Case {
    const char *field;
    void (*spoil)(TrainState &);
  };
  const Case cases[] = {
      {"data_position", [](TrainState &s) { s.dataPosition = -4; }},
      {"step", [](TrainState &s) { s.step = -2; }},
      {"adam_steps", [](TrainState &s) { s.adamSteps = -1; }},
      {"adam_steps", [](TrainState &s) { s.adamSteps = s.step + 5; }},
      {"skipped", [](TrainState &s) { s.skipped = -3; }},
      {"seq", [](TrainState &s) { s.seq = 0; }},
      {"data_tokens", [](TrainState &s) { s.dataTokens = -1; }},
      {"loss_scale", [](TrainState &s) { s.lossScale.scale = 1e9; }},
      {"loss_scale_good_steps",
       [](TrainState &s) { s.lossScale.goodSteps = -1; }},
  };
  for (const Case &c : cases) {
    fs::remove_all(root);
    TrainState s = makeState(5, 2);
    c.spoil(s);
    ASSERT_TRUE(saveCheckpoint(root, s));
    auto loaded = loadCheckpoint(root);
    ASSERT_FALSE(loaded) << c.field << " was accepted";
    const std::string &msg = loaded.error().message();
    EXPECT_NE(msg.find("optimizer.safetensors: \"orion.trainer\" field '" +
                       std::string(c.field) + "'"),
              std::string::npos)
        << msg;
  }
}

TEST_F(CheckpointTest, ErrorsNameTheFile) {
  auto missing = loadCheckpoint(root);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("not a checkpoint"),
            std::string::npos);
  ASSERT_TRUE(saveCheckpoint(root, makeState(1, 1)));
  fs::remove(fs::path(root) / "step-00000001" / "optimizer.safetensors");
  auto broken = loadCheckpoint(root);
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message().find("optimizer.safetensors"),
            std::string::npos)
      << broken.error().message();
}

} // namespace
