//===- WeightPatcherTest.cpp - Delta patching and crash safety ------------===//

#include "orion/format/BlobFile.h"
#include "orion/format/Fp16.h"
#include "orion/format/MILProgram.h"
#include "orion/format/Package.h"
#include "orion/format/WeightPatcher.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sys/file.h>
#include <random>
#include <sys/wait.h>
#include <unistd.h>

using namespace orion::rt;
using namespace orion::rt::milast;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path &p) {
  auto bytes = readFile(p.string());
  return bytes ? std::string(bytes->begin(), bytes->end()) : "<unreadable>";
}

/// A package with two programs: "attn" holds a fused QKV blob built from
/// three [O, I] parameters and an identity norm weight; "ffn" holds a
/// transposed copy of w1 and a slice of a fused parameter.
class PatchFixture : public ::testing::Test {
protected:
  static constexpr int64_t I = 64, O = 32;

  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("orion-patch-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir / "programs/attn/weights");
    fs::create_directories(dir / "programs/ffn/weights");

    auto src = [](const std::string &p, std::vector<int64_t> shape) {
      WeightSource s;
      s.param = p;
      s.paramShape = std::move(shape);
      return s;
    };
    ProgramSpec attn;
    attn.name = "attn";
    attn.milFile = "programs/attn/model.mil";
    attn.inputs = {{"x", {1, I, 1, 64}, "fp16", 49152, 0}};
    attn.outputs = {{"y", {1, O, 1, 64}, "fp16", 49152, 0}};
    WeightEntry qkv{"programs/attn/weights/weight.bin",
                    "@model_path/weights/weight.bin", 0, "fp16",
                    {3 * O, I, 1, 1}, {src("wq", {O, I}), src("wk", {O, I}),
                                       src("wv", {O, I})}};
    WeightEntry norm{"programs/attn/weights/weight.bin",
                     "@model_path/weights/weight.bin", 0, "fp16",
                     {1, I, 1, 1}, {src("norm", {I})}};
    ProgramSpec ffn;
    ffn.name = "ffn";
    ffn.milFile = "programs/ffn/model.mil";
    ffn.inputs = attn.inputs;
    ffn.outputs = attn.outputs;
    WeightEntry w1t{"programs/ffn/weights/weight.bin",
                    "@model_path/weights/weight.bin", 0, "fp16",
                    {I, O, 1, 1}, {src("w1", {O, I})}};
    w1t.sources[0].perm = {1, 0};
    WeightEntry part{"programs/ffn/weights/weight.bin",
                     "@model_path/weights/weight.bin", 0, "fp32",
                     {O, 16, 1, 1}, {src("fused", {O, 48})}};
    part.sources[0].slice = WeightSource::Slice{1, 16, 32};

    // Blob offsets come from a writer fed only sizes (values are zero).
    auto layout = [](std::vector<WeightEntry *> entries,
                     const fs::path &file) {
      BlobFileWriter w;
      for (WeightEntry *e : entries) {
        size_t bytes = size_t(e->elementCount()) * (e->dtype == "fp16" ? 2 : 4);
        std::vector<uint8_t> zeros(bytes, 0);
        e->offset = w.add(*blobDTypeFromName(e->dtype), zeros.data(), bytes);
      }
      ASSERT_TRUE(w.writeTo(file.string()));
    };
    layout({&qkv, &norm}, dir / "programs/attn/weights/weight.bin");
    layout({&w1t, &part}, dir / "programs/ffn/weights/weight.bin");
    attn.weights = {qkv, norm};
    ffn.weights = {w1t, part};
    manifest.programs = {attn, ffn};
    std::ofstream(dir / "manifest.json") << printManifest(manifest);
    for (const ProgramSpec &p : manifest.programs)
      std::ofstream(dir / p.milFile) << milFor(p);
  }

  /// MIL text whose BLOBFILE consts match the program's weight table.
  static std::string milFor(const ProgramSpec &p) {
    Function fn;
    fn.name = "main";
    fn.inputs.push_back({Type::tensor("fp16", {1, I, 1, 64}), "x"});
    int k = 0;
    for (const WeightEntry &w : p.weights) {
      Operation c;
      std::string name = "w" + std::to_string(k++);
      Type type = Type::tensor(w.dtype, w.shape);
      c.results.push_back({type, name});
      c.op = "const";
      c.attributes.push_back({"name", Value::string(name)});
      c.attributes.push_back(
          {"val", Value::blobFile(type, "@model_path/weights/weight.bin",
                                  w.offset)});
      fn.body.push_back(c);
    }
    Operation id;
    id.results.push_back({Type::tensor("fp16", {1, I, 1, 64}), "y"});
    id.op = "identity";
    id.arguments.push_back({"x", Value::ref("x")});
    id.attributes.push_back({"name", Value::string("y")});
    fn.body.push_back(id);
    fn.outputs.push_back("y");
    Program program;
    program.functions.push_back(fn);
    return printMIL(program, MILSpelling::Compact);
  }
  void TearDown() override { fs::remove_all(dir); }

  /// A store whose values are f(tensor index, element index) + shift.
  WeightStore store(float shift) {
    SafeTensorsWriter w;
    auto add = [&](const std::string &name, std::vector<int64_t> shape,
                   int tag) {
      int64_t n = 1;
      for (int64_t d : shape)
        n *= d;
      std::vector<float> v(n);
      for (int64_t i = 0; i < n; ++i)
        v[i] = shift + tag + 0.001f * float(i % 997);
      w.add(name, DType::F32, shape, v.data(), v.size() * 4);
    };
    add("wq", {O, I}, 1);
    add("wk", {O, I}, 2);
    add("wv", {O, I}, 3);
    add("norm", {I}, 4);
    add("w1", {O, I}, 5);
    add("fused", {O, 48}, 6);
    fs::path p = dir / ("store" + std::to_string(int(shift)) + ".safetensors");
    EXPECT_TRUE(w.writeTo(p.string()));
    auto s = WeightStore::open(p.string());
    EXPECT_TRUE(s) << s.error().message();
    return std::move(*s);
  }

  fs::path dir;
  Manifest manifest;
};

TEST_F(PatchFixture, OpenChecksMILAgainstBlobs) {
  ASSERT_TRUE(Package::open(dir.string()));
  // Declare the norm weight as fp32 in the MIL text: the blob holds fp16.
  ProgramSpec attn = manifest.programs[0];
  attn.weights[1].dtype = "fp32";
  std::ofstream(dir / attn.milFile) << milFor(attn);
  auto pkg = Package::open(dir.string());
  ASSERT_FALSE(pkg);
  EXPECT_EQ(pkg.error().message(),
            (dir / "programs/attn/weights/weight.bin").string() +
                ": offset 12416: programs/attn/model.mil: const 'w1' "
                "declares fp32 [1,64,1,1] (64 elements) but the blob holds "
                "64 x fp16");
}

TEST_F(PatchFixture, RewritesOnlyWeightBytes) {
  std::string milBefore = slurp(dir / "programs/attn/model.mil");
  std::string manifestBefore = slurp(dir / "manifest.json");
  std::string blobBefore = slurp(dir / "programs/attn/weights/weight.bin");

  WeightStore s = store(0);
  auto report = patchPackage(dir.string(), s);
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->blobsPatched, 4u);
  EXPECT_EQ(report->filesRewritten, 2u);
  EXPECT_EQ(report->nonFinite, 0u);

  EXPECT_EQ(slurp(dir / "programs/attn/model.mil"), milBefore);
  EXPECT_EQ(slurp(dir / "manifest.json"), manifestBefore);
  std::string blobAfter = slurp(dir / "programs/attn/weights/weight.bin");
  ASSERT_EQ(blobAfter.size(), blobBefore.size());
  // Every byte outside the blobs' data ranges is unchanged.
  auto file = BlobFile::open((dir / "programs/attn/weights/weight.bin").string());
  ASSERT_TRUE(file);
  std::vector<bool> isData(blobAfter.size(), false);
  for (const BlobInfo &b : file->blobs())
    for (uint64_t i = 0; i < b.sizeBytes; ++i)
      isData[b.dataOffset + i] = true;
  for (size_t i = 0; i < blobAfter.size(); ++i)
    if (!isData[i])
      ASSERT_EQ(blobAfter[i], blobBefore[i]) << "byte " << i;
}

TEST_F(PatchFixture, AppliesFusionTransposeAndSlice) {
  WeightStore s = store(0);
  ASSERT_TRUE(patchPackage(dir.string(), s));
  auto attn = BlobFile::open((dir / "programs/attn/weights/weight.bin").string());
  auto ffn = BlobFile::open((dir / "programs/ffn/weights/weight.bin").string());
  ASSERT_TRUE(attn && ffn);
  auto half = [](const BlobFile &f, size_t blob, size_t i) {
    uint16_t h;
    std::memcpy(&h, f.data(f.blobs()[blob]) + 2 * i, 2);
    return halfToFloat(h);
  };
  auto value = [](int tag, int64_t i) { return tag + 0.001f * float(i % 997); };
  // Fused QKV: wk's element 5 sits after all of wq.
  EXPECT_EQ(half(*attn, 0, O * I + 5), halfToFloat(floatToHalf(value(2, 5))));
  // w1 transposed: blob[i][o] = w1[o][i].
  EXPECT_EQ(half(*ffn, 0, 3 * O + 7),
            halfToFloat(floatToHalf(value(5, 7 * I + 3))));
  // fp32 slice of columns 16..32 of fused [O, 48]: blob[o][j] = fused[o][16+j].
  float f;
  std::memcpy(&f, ffn->data(ffn->blobs()[1]) + 4 * (2 * 16 + 1), 4);
  EXPECT_EQ(f, value(6, 2 * 48 + 17));
}

TEST_F(PatchFixture, ReportsMissingShapeMismatchAndPartialFusion) {
  SafeTensorsWriter w;
  std::vector<float> bad(O * (I + 1), 1.0f);
  w.add("wq", DType::F32, {O, I + 1}, bad.data(), bad.size() * 4);
  ASSERT_TRUE(w.writeTo((dir / "bad.safetensors").string()));
  auto s = WeightStore::open((dir / "bad.safetensors").string());
  ASSERT_TRUE(s);
  auto report = patchPackage(dir.string(), *s);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().message(),
            "the weight store has only 1 of the 3 parameters fused into "
            "programs/attn/weights/weight.bin offset 64; a fused blob is "
            "patched whole or not at all");
  EXPECT_FALSE(hasInterruptedPatch(dir.string()));
}

TEST_F(PatchFixture, WarnsOnNonFiniteAndClampsOnRequest) {
  SafeTensorsWriter w;
  std::vector<float> norm(I, 1.0f);
  norm[3] = 1e6f;
  norm[4] = std::numeric_limits<float>::quiet_NaN();
  w.add("norm", DType::F32, {I}, norm.data(), norm.size() * 4);
  ASSERT_TRUE(w.writeTo((dir / "n.safetensors").string()));
  auto s = WeightStore::open((dir / "n.safetensors").string());
  ASSERT_TRUE(s);
  auto plain = patchPackage(dir.string(), *s);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->nonFinite, 2u);
  EXPECT_EQ(plain->clamped, 0u);
  ASSERT_EQ(plain->warnings.size(), 1u);
  EXPECT_EQ(plain->warnings[0], "programs/attn/weights/weight.bin offset 12416: "
                                "2 values are NaN/Inf or overflow fp16");
  PatchOptions clamp;
  clamp.clampToFp16 = true;
  auto clamped = patchPackage(dir.string(), *s, clamp);
  ASSERT_TRUE(clamped);
  EXPECT_EQ(clamped->clamped, 2u);
  auto f = BlobFile::open((dir / "programs/attn/weights/weight.bin").string());
  uint16_t h3, h4;
  std::memcpy(&h3, f->data(f->blobs()[1]) + 6, 2);
  std::memcpy(&h4, f->data(f->blobs()[1]) + 8, 2);
  EXPECT_EQ(halfToFloat(h3), 65504.0f);
  EXPECT_EQ(halfToFloat(h4), 0.0f);
}

/// Runs a patch in a child that ends itself at `fault`.
void patchWithFault(const std::string &dir, const WeightStore &s,
                    const char *fault) {
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::setenv("ORION_PATCH_FAULT", fault, 1);
    auto r = patchPackage(dir, s);
    ::_exit(r ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 86) << "fault point " << fault << " not hit";
}

TEST_F(PatchFixture, CrashBeforeCommitKeepsOldWeights) {
  WeightStore oldStore = store(0), newStore = store(100);
  ASSERT_TRUE(patchPackage(dir.string(), oldStore));
  std::string oldAttn = slurp(dir / "programs/attn/weights/weight.bin");
  patchWithFault(dir.string(), newStore, "after-staging");
  auto pkg = Package::open(dir.string());
  ASSERT_FALSE(pkg);
  EXPECT_NE(pkg.error().message().find("a weight patch was interrupted"),
            std::string::npos);
  std::string summary;
  ASSERT_TRUE(recoverInterruptedPatch(dir.string(), &summary));
  EXPECT_EQ(summary, "discarded an uncommitted patch (2 staged files)");
  EXPECT_TRUE(Package::open(dir.string()));
  EXPECT_EQ(slurp(dir / "programs/attn/weights/weight.bin"), oldAttn);
}

TEST_F(PatchFixture, CrashAfterCommitCompletesNewWeights) {
  WeightStore newStore = store(100);
  ASSERT_TRUE(patchPackage(dir.string(), newStore));
  std::string newAttn = slurp(dir / "programs/attn/weights/weight.bin");
  std::string newFfn = slurp(dir / "programs/ffn/weights/weight.bin");
  ASSERT_TRUE(patchPackage(dir.string(), store(0)));
  for (const char *fault : {"after-journal", "after-first-rename"}) {
    patchWithFault(dir.string(), newStore, fault);
    EXPECT_FALSE(Package::open(dir.string())) << fault;
    std::string summary;
    ASSERT_TRUE(recoverInterruptedPatch(dir.string(), &summary));
    EXPECT_NE(summary.find("completed an interrupted patch"), std::string::npos)
        << summary;
    EXPECT_EQ(slurp(dir / "programs/attn/weights/weight.bin"), newAttn);
    EXPECT_EQ(slurp(dir / "programs/ffn/weights/weight.bin"), newFfn);
    ASSERT_TRUE(patchPackage(dir.string(), store(0))); // back to old
  }
}

TEST_F(PatchFixture, KilledAtRandomTimesIsNeverMixed) {
  WeightStore oldStore = store(0), newStore = store(100);
  ASSERT_TRUE(patchPackage(dir.string(), newStore));
  const std::string newAttn = slurp(dir / "programs/attn/weights/weight.bin");
  const std::string newFfn = slurp(dir / "programs/ffn/weights/weight.bin");
  ASSERT_TRUE(patchPackage(dir.string(), oldStore));
  const std::string oldAttn = slurp(dir / "programs/attn/weights/weight.bin");
  const std::string oldFfn = slurp(dir / "programs/ffn/weights/weight.bin");

  std::mt19937 rng(7);
  int sawOld = 0, sawNew = 0;
  for (int trial = 0; trial < 30; ++trial) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      for (;;) { // alternate until killed
        (void)patchPackage(dir.string(), newStore);
        (void)patchPackage(dir.string(), oldStore);
      }
    }
    ::usleep(std::uniform_int_distribution<int>(200, 20000)(rng));
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    if (!Package::open(dir.string()))
      ASSERT_TRUE(recoverInterruptedPatch(dir.string()));
    ASSERT_TRUE(Package::open(dir.string()));
    std::string a = slurp(dir / "programs/attn/weights/weight.bin");
    std::string f = slurp(dir / "programs/ffn/weights/weight.bin");
    bool isOld = a == oldAttn && f == oldFfn;
    bool isNew = a == newAttn && f == newFfn;
    ASSERT_TRUE(isOld || isNew) << "mixed weights after kill in trial " << trial;
    sawOld += isOld;
    sawNew += isNew;
  }
  EXPECT_GT(sawOld + sawNew, 0);
}

//===----------------------------------------------------------------------===//
// Links: a patch never writes through a symlink or a shared hard link
//===----------------------------------------------------------------------===//

/// A file outside the package, `bytes` long, that no patch may change.
std::string plantVictim(const fs::path &path, size_t bytes) {
  std::string text(bytes, 'V');
  std::ofstream(path, std::ios::binary) << text;
  return text;
}

TEST_F(PatchFixture, PlantedPreviousGenerationLinkIsNotWrittenThrough) {
  const fs::path file = dir / "programs/attn/weights/weight.bin";
  const fs::path victim = dir.string() + "-victim";
  const std::string text = plantVictim(victim, fs::file_size(file));
  fs::create_symlink(victim, file.string() + kPatchPreviousSuffix);
  ASSERT_TRUE(patchPackage(dir.string(), store(0)));
  ASSERT_TRUE(patchPackage(dir.string(), store(100)));
  EXPECT_EQ(slurp(victim), text);
  fs::remove(victim);
}

TEST_F(PatchFixture, SymlinkedWeightFileIsReplacedNotWrittenThrough) {
  const fs::path file = dir / "programs/attn/weights/weight.bin";
  const fs::path victim = dir.string() + "-victim";
  fs::rename(file, victim);
  const std::string text = slurp(victim);
  fs::create_symlink(victim, file);
  for (float shift : {0.0f, 100.0f, 200.0f})
    ASSERT_TRUE(patchPackage(dir.string(), store(shift)));
  EXPECT_EQ(slurp(victim), text);
  EXPECT_FALSE(fs::is_symlink(file));
  fs::remove(victim);
}

TEST_F(PatchFixture, HardLinkSnapshotIsNotOverwritten) {
  ASSERT_TRUE(patchPackage(dir.string(), store(0)));
  ASSERT_TRUE(patchPackage(dir.string(), store(50)));
  // `cp -al`: every file of the snapshot is a second name of the package's.
  const fs::path snapshot = dir.string() + "-snapshot";
  fs::remove_all(snapshot);
  fs::copy(dir, snapshot,
           fs::copy_options::recursive | fs::copy_options::create_hard_links);
  std::map<std::string, std::string> before;
  for (const auto &e : fs::recursive_directory_iterator(snapshot))
    if (e.is_regular_file())
      before[e.path().string()] = slurp(e.path());
  for (float shift : {100.0f, 200.0f, 300.0f})
    ASSERT_TRUE(patchPackage(dir.string(), store(shift)));
  for (const auto &[path, text] : before)
    EXPECT_EQ(slurp(path), text) << path;
  fs::remove_all(snapshot);
}

TEST_F(PatchFixture, SymlinkedDirectoryIsRefused) {
  const fs::path weights = dir / "programs/ffn/weights";
  const fs::path outside = dir.string() + "-outside";
  fs::remove_all(outside);
  fs::rename(weights, outside);
  fs::create_directory_symlink(outside, weights);
  const std::string text = slurp(outside / "weight.bin");
  auto r = patchPackage(dir.string(), store(100));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("does not write through links"),
            std::string::npos)
      << r.error().message();
  EXPECT_EQ(slurp(outside / "weight.bin"), text);
  EXPECT_EQ(fs::directory_iterator(outside)->path().filename(), "weight.bin");
  fs::remove_all(outside);
}

//===----------------------------------------------------------------------===//
// Locks: a live patch is waited for, never called interrupted or recovered
//===----------------------------------------------------------------------===//

/// Forks a child that holds `dir`'s lock exclusively (raw flock, as a patch
/// in progress would) with a staged file in place, until `release` is
/// written to. Returns the child's pid and the pipe's write end.
std::pair<pid_t, int> holdLikeALivePatch(const fs::path &dir) {
  int ready[2], release[2];
  EXPECT_EQ(::pipe(ready), 0);
  EXPECT_EQ(::pipe(release), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    int fd = ::open((dir / ".orion-lock").c_str(), O_RDWR | O_CREAT, 0644);
    if (fd < 0 || ::flock(fd, LOCK_EX) != 0)
      ::_exit(2);
    std::ofstream(dir / "programs/attn/weights/weight.bin.orion-patch-new")
        << "half-written";
    char c = 1;
    (void)!::write(ready[1], &c, 1);
    (void)!::read(release[0], &c, 1);
    fs::remove(dir / "programs/attn/weights/weight.bin.orion-patch-new");
    ::_exit(0);
  }
  char c;
  EXPECT_EQ(::read(ready[0], &c, 1), 1);
  ::close(ready[0]);
  ::close(ready[1]);
  ::close(release[0]);
  return {pid, release[1]};
}

TEST_F(PatchFixture, ReaderAndRecoveryWaitForALivePatch) {
  ASSERT_TRUE(patchPackage(dir.string(), store(0)));
  auto [pid, release] = holdLikeALivePatch(dir);
  ::setenv("ORION_LOCK_TIMEOUT", "0.2", 1);
  auto pkg = Package::open(dir.string());
  ASSERT_FALSE(pkg);
  EXPECT_NE(pkg.error().message().find("in use: another Orion process is "
                                       "writing it"),
            std::string::npos)
      << pkg.error().message();
  EXPECT_EQ(pkg.error().message().find("interrupted"), std::string::npos);
  EXPECT_FALSE(recoverInterruptedPatch(dir.string()));
  EXPECT_FALSE(patchPackage(dir.string(), store(100)));
  EXPECT_TRUE(
      fs::exists(dir / "programs/attn/weights/weight.bin.orion-patch-new"));
  // Given time, the reader waits for the patch to end and opens the package.
  ::setenv("ORION_LOCK_TIMEOUT", "60", 1);
  char c = 1;
  ASSERT_EQ(::write(release, &c, 1), 1);
  EXPECT_TRUE(Package::open(dir.string()));
  ::unsetenv("ORION_LOCK_TIMEOUT");
  ::close(release);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/// Every element of every blob of the package, as floats.
std::vector<float> allWeights(const Package &pkg) {
  std::vector<float> values;
  std::set<std::string> files;
  for (const ProgramSpec &p : pkg.manifest().programs)
    for (const WeightEntry &w : p.weights)
      files.insert(w.file);
  for (const std::string &f : files) {
    auto blobs = BlobFile::open(pkg.path(f));
    if (!blobs)
      return {std::nanf("")};
    for (const BlobInfo &b : blobs->blobs())
      for (size_t i = 0; i < b.elementCount(); ++i) {
        const uint8_t *d = blobs->data(b);
        if (b.dtype == DType::F16) {
          uint16_t h;
          std::memcpy(&h, d + 2 * i, 2);
          values.push_back(halfToFloat(h));
        } else {
          float v;
          std::memcpy(&v, d + 4 * i, 4);
          values.push_back(v);
        }
      }
  }
  return values;
}

/// Several patchers (each writing weight sets of one constant value), a
/// --recover and readers at once on one package: every reader sees every
/// tensor hold one value, every patch and recovery succeeds. Pass or fail
/// does not depend on timing: the locks order them, whatever the order.
TEST_F(PatchFixture, ConcurrentPatchersRecoveryAndReadersSeeOneWeightSet) {
  auto constant = [&](float value) {
    SafeTensorsWriter w;
    for (const ProgramSpec &p : manifest.programs)
      for (const WeightEntry &e : p.weights)
        for (const WeightSource &src : e.sources) {
          int64_t n = 1;
          for (int64_t d : src.paramShape)
            n *= d;
          std::vector<float> v(size_t(n), value);
          w.add(src.param, DType::F32, src.paramShape, v.data(), v.size() * 4);
        }
    fs::path path = dir / ("const" + std::to_string(int(value)) +
                           ".safetensors");
    EXPECT_TRUE(w.writeTo(path.string()));
    auto s = WeightStore::open(path.string());
    EXPECT_TRUE(s);
    return std::move(*s);
  };
  ASSERT_TRUE(patchPackage(dir.string(), constant(1)));
  constexpr int kPatchers = 3, kPatches = 8, kReaders = 2, kReads = 25;
  std::vector<WeightStore> stores;
  for (int p = 0; p < kPatchers; ++p)
    for (int k = 0; k < kPatches; ++k)
      stores.push_back(constant(float(2 + p * kPatches + k)));
  std::vector<pid_t> children;
  auto spawn = [&](const std::function<int()> &body) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0)
      ::_exit(body());
    children.push_back(pid);
  };
  for (int p = 0; p < kPatchers; ++p)
    spawn([&, p] {
      for (int k = 0; k < kPatches; ++k)
        if (!patchPackage(dir.string(), stores[size_t(p * kPatches + k)]))
          return 1;
      return 0;
    });
  spawn([&] {
    for (int k = 0; k < kPatches; ++k)
      if (!recoverInterruptedPatch(dir.string()))
        return 1;
    return 0;
  });
  for (int r = 0; r < kReaders; ++r)
    spawn([&] {
      for (int k = 0; k < kReads; ++k) {
        auto pkg = Package::open(dir.string());
        if (!pkg)
          return 2;
        std::vector<float> values = allWeights(*pkg);
        for (float v : values)
          if (!(v == values.front()))
            return 3; // two weight sets mixed
      }
      return 0;
    });
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status)) << "child " << pid << " did not exit";
    EXPECT_EQ(WEXITSTATUS(status), 0)
        << "1: a patch or recovery failed, 2: a reader could not open the "
           "package, 3: a reader saw two weight sets mixed";
  }
  auto pkg = Package::open(dir.string());
  ASSERT_TRUE(pkg) << pkg.error().message();
  std::vector<float> values = allWeights(*pkg);
  for (float v : values)
    ASSERT_EQ(v, values.front());
}

} // namespace
