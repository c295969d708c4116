//===- StagedDirectoryTest.cpp - Crash-safe replacement on disk -----------===//

#include "orion/format/BlobFile.h"
#include "orion/format/StagedDirectory.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace orion::rt;

namespace {

std::string slurp(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void spit(const fs::path &p, const std::string &text) {
  fs::create_directories(p.parent_path());
  ASSERT_TRUE(writeFileAtomically(p.string(), text.data(), text.size()));
}

class StagedDirectoryTest : public ::testing::Test {
protected:
  void SetUp() override {
    root = fs::temp_directory_path() /
           ("orion-staged-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    fs::create_directories(root);
    target = (root / "pkg").string();
    staging = (root / "pkg.tmp").string();
    setAside = (root / "pkg.old").string();
  }
  void TearDown() override { fs::remove_all(root); }

  fs::path root;
  std::string target, staging, setAside;
};

TEST_F(StagedDirectoryTest, CommitReplacesTheTargetWhole) {
  spit(fs::path(target) / "old.txt", "old");
  {
    auto dir = StagedDirectory::create(target, staging, setAside);
    ASSERT_TRUE(dir) << dir.error().message();
    spit(fs::path(dir->path()) / "sub/new.txt", "new");
    ASSERT_TRUE(dir->sync());
    ASSERT_TRUE(dir->commit());
    EXPECT_TRUE(dir->hadTarget());
    // Until removed, the old generation is kept under its set-aside name.
    EXPECT_EQ(slurp(fs::path(setAside) / "old.txt"), "old");
    dir->removeSetAside();
  }
  EXPECT_EQ(slurp(fs::path(target) / "sub/new.txt"), "new");
  EXPECT_FALSE(fs::exists(fs::path(target) / "old.txt"));
  EXPECT_FALSE(fs::exists(staging));
  EXPECT_FALSE(fs::exists(setAside));
}

TEST_F(StagedDirectoryTest, CommitWithoutATargetCreatesIt) {
  auto dir = StagedDirectory::create(target, staging, setAside);
  ASSERT_TRUE(dir);
  spit(fs::path(dir->path()) / "a.txt", "a");
  ASSERT_TRUE(dir->commit());
  EXPECT_FALSE(dir->hadTarget());
  EXPECT_EQ(slurp(fs::path(target) / "a.txt"), "a");
}

TEST_F(StagedDirectoryTest, FailureBeforeCommitLeavesTheTargetUntouched) {
  spit(fs::path(target) / "old.txt", "old");
  spit(fs::path(staging) / "leftover.txt", "from a crashed writer");
  {
    auto dir = StagedDirectory::create(target, staging, setAside);
    ASSERT_TRUE(dir);
    EXPECT_TRUE(fs::is_empty(dir->path())) << "a leftover was kept";
    spit(fs::path(dir->path()) / "new.txt", "new");
    // The writer fails here: the staged directory goes out of scope.
  }
  EXPECT_FALSE(fs::exists(staging));
  EXPECT_EQ(slurp(fs::path(target) / "old.txt"), "old");
  EXPECT_FALSE(fs::exists(fs::path(target) / "new.txt"));
}

TEST_F(StagedDirectoryTest, AFailedSetAsideIsReported) {
  spit(fs::path(target) / "old.txt", "old");
  // The set-aside name's directory does not exist, so that rename fails.
  auto dir = StagedDirectory::create(target, staging,
                                     (root / "missing/pkg.old").string());
  ASSERT_TRUE(dir);
  spit(fs::path(dir->path()) / "new.txt", "new");
  Status s = dir->commit();
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message().find(target + ": cannot set aside"),
            std::string::npos)
      << s.error().message();
  EXPECT_EQ(slurp(fs::path(target) / "old.txt"), "old");
  EXPECT_FALSE(fs::exists(staging));
}

TEST_F(StagedDirectoryTest, CrashAfterSetAsideKeepsTheOldGeneration) {
  spit(fs::path(target) / "old.txt", "old");
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::setenv("ORION_STAGED_TEST_FAULT", "after-set-aside", 1);
    auto dir = StagedDirectory::create(target, staging, setAside);
    if (!dir)
      ::_exit(1);
    dir->setFaultVariable("ORION_STAGED_TEST_FAULT");
    (void)dir->commit();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 86) << "fault point not hit";
  EXPECT_FALSE(fs::exists(target));
  EXPECT_EQ(slurp(fs::path(setAside) / "old.txt"), "old");
}

TEST_F(StagedDirectoryTest, SyncFlushesFilesAndDirectories) {
  spit(root / "tree/a/b.txt", "b");
  spit(root / "tree/c.txt", "c");
  EXPECT_TRUE(syncTree((root / "tree").string()));
  EXPECT_TRUE(syncPath((root / "tree/a").string()));
  Status missing = syncPath((root / "nope").string());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("nope: cannot open to flush"),
            std::string::npos);
}

class StagedFilesTest : public StagedDirectoryTest {
protected:
  void SetUp() override {
    StagedDirectoryTest::SetUp();
    spit(root / "a.bin", "old a");
    spit(root / "sub/b.bin", "old b");
  }
  /// Stages new contents for a.bin and sub/b.bin.
  void stageBoth(StagedFiles &files) {
    for (auto [file, text] : {std::pair{"a.bin", "new a"},
                              std::pair{"sub/b.bin", "new b"}}) {
      auto path = files.add(file);
      ASSERT_TRUE(path) << path.error().message();
      spit(*path, text);
    }
  }
};

TEST_F(StagedFilesTest, CommitAndApplyReplaceEveryFile) {
  for (bool durable : {false, true}) {
    StagedFiles files(root.string(), ".journal", ".new", durable);
    stageBoth(files);
    ASSERT_TRUE(files.commit());
    EXPECT_TRUE(fs::exists(root / ".journal"));
    std::vector<std::string> seen;
    ASSERT_TRUE(files.apply([&](const std::string &t) { seen.push_back(t); }));
    EXPECT_EQ(seen, (std::vector<std::string>{files.targetPath("a.bin"),
                                              files.targetPath("sub/b.bin")}));
    EXPECT_EQ(slurp(root / "a.bin"), "new a");
    EXPECT_EQ(slurp(root / "sub/b.bin"), "new b");
    EXPECT_FALSE(hasStagedFiles(root.string(), ".journal", ".new"));
  }
}

TEST_F(StagedFilesTest, FailureBeforeCommitDiscardsTheStagedFiles) {
  {
    StagedFiles files(root.string(), ".journal", ".new", true);
    stageBoth(files);
  }
  EXPECT_FALSE(hasStagedFiles(root.string(), ".journal", ".new"));
  EXPECT_EQ(slurp(root / "a.bin"), "old a");
  EXPECT_EQ(slurp(root / "sub/b.bin"), "old b");
}

TEST_F(StagedFilesTest, AfterCommitStagedFilesAreKeptForRecovery) {
  {
    StagedFiles files(root.string(), ".journal", ".new", true);
    stageBoth(files);
    ASSERT_TRUE(files.commit());
    // The writer fails before apply(): nothing may be discarded now.
  }
  ASSERT_TRUE(hasStagedFiles(root.string(), ".journal", ".new"));
  size_t completed = 0, discarded = 0;
  ASSERT_TRUE(recoverStagedFiles(root.string(), ".journal", ".new", completed,
                                 discarded));
  EXPECT_EQ(completed, 2u);
  EXPECT_EQ(discarded, 0u);
  EXPECT_EQ(slurp(root / "a.bin"), "new a");
  EXPECT_EQ(slurp(root / "sub/b.bin"), "new b");
  EXPECT_FALSE(hasStagedFiles(root.string(), ".journal", ".new"));
}

TEST_F(StagedFilesTest, RecoveryWithoutAJournalDiscards) {
  spit(root / "sub/b.bin.new", "half-written");
  size_t completed = 0, discarded = 0;
  ASSERT_TRUE(recoverStagedFiles(root.string(), ".journal", ".new", completed,
                                 discarded));
  EXPECT_EQ(completed, 0u);
  EXPECT_EQ(discarded, 1u);
  EXPECT_EQ(slurp(root / "sub/b.bin"), "old b");
}

} // namespace
