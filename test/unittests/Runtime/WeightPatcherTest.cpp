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
#include <fstream>
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

} // namespace
