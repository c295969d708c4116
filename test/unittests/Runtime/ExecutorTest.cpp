//===- ExecutorTest.cpp - Host plans, surfaces and delta reload -----------===//
//
// A two-program package built by hand: "proj" (ANE placement) is a 1x1 conv
// of a host [S, C] tensor bound by channels into a [1, C, 1, S] surface;
// "act" (CPU placement) is a relu on the result. Expected values are
// computed here with plain loops, rounding where the program stores fp16.
//
//===----------------------------------------------------------------------===//

#include "PackageTestUtil.h"

#include "orion/exec/Executor.h"
#include "orion/format/BlobFile.h"
#include "orion/format/Fp16.h"
#include "orion/format/Npy.h"
#include "orion/format/SafeTensors.h"
#include "orion/format/WeightPatcher.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

using namespace orion::rt;
namespace fs = std::filesystem;

namespace {

constexpr int64_t S = 32, C = 64, O = 48;

float r16(float v) { return halfToFloat(floatToHalf(v)); }

std::vector<float> randomValues(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float &x : v)
    x = u(rng);
  return v;
}

const char *kProjMIL =
    "program(1.3)\n{\n    func main<ios18>(tensor<fp16, [1,64,1,32]> x) {\n"
    "        tensor<fp16, [48,64,1,1]> w = const()[name=string(\"w\"), "
    "val=tensor<fp16, [48,64,1,1]>(BLOBFILE(path=string(\"@model_path/"
    "weights/weight.bin\"), offset=uint64(64)))];\n"
    "        tensor<fp16, [1,48,1,32]> y = conv(weight=w, x=x)[name=string(\"y\")];\n"
    "    } -> (y);\n}\n";

const char *kActMIL =
    "program(1.3)\n{\n    func main<ios18>(tensor<fp32, [1,48,1,32]> a) {\n"
    "        tensor<fp32, [1,48,1,32]> r = relu(x=a)[name=string(\"r\")];\n"
    "    } -> (r);\n}\n";

class ExecutorFixture : public ::testing::Test {
protected:
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("orion-exec-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  /// Writes the package with weights `w` ([O, C] row-major, fp32 values
  /// converted to the blob's fp16).
  void writePackage(const fs::path &pkg, const std::vector<float> &w) {
    fs::create_directories(pkg / "programs/proj/weights");
    fs::create_directories(pkg / "programs/act");
    std::vector<uint16_t> halves(w.size());
    floatsToHalves(w.data(), halves.data(), w.size());
    BlobFileWriter blob;
    ASSERT_EQ(blob.add(DType::F16, halves.data(), halves.size() * 2),
              64u);
    ASSERT_TRUE(blob.writeTo((pkg / "programs/proj/weights/weight.bin").string()));
    std::ofstream(pkg / "programs/proj/model.mil") << kProjMIL;
    std::ofstream(pkg / "programs/act/model.mil") << kActMIL;

    Manifest m;
    ProgramSpec proj{"proj", "programs/proj/model.mil", "ane",
                     {{"x", {1, C, 1, S}, "fp16", 49152, 0}},
                     {{"y", {1, O, 1, S}, "fp16", 49152, 0}},
                     {}};
    WeightEntry entry;
    entry.file = "programs/proj/weights/weight.bin";
    entry.milPath = "@model_path/weights/weight.bin";
    entry.offset = 64;
    entry.dtype = "fp16";
    entry.shape = {O, C, 1, 1};
    entry.sources.push_back({"w", {O, C}, std::nullopt, {}});
    proj.weights.push_back(entry);
    ProgramSpec act{"act", "programs/act/model.mil", "cpu",
                    {{"a", {1, O, 1, S}, "fp32", 49152, 0}},
                    {{"r", {1, O, 1, S}, "fp32", 49152, 0}},
                    {}};
    m.programs = {proj, act};
    HostPlan plan;
    plan.inputs = {{"h", {S, C}, "fp32"}};
    plan.intermediates = {{"p", {S, O}, "fp32"}};
    plan.outputs = {{"o", {S, O}, "fp32"}};
    plan.steps = {{"proj", {{"h", "x", "channels", 0}}, {{"p", "y", "channels", 0}}},
                  {"act", {{"p", "a", "channels", 0}}, {{"o", "r", "channels", 0}}}};
    m.hostPlan = plan;
    std::ofstream(pkg / "manifest.json") << printManifest(m);
  }

  /// relu(round16(round16(h) @ round16(w)^T)), [S, O].
  static std::vector<float> expected(const std::vector<float> &h,
                                     const std::vector<float> &w) {
    std::vector<float> out(S * O);
    for (int64_t s = 0; s < S; ++s)
      for (int64_t o = 0; o < O; ++o) {
        float acc = 0;
        for (int64_t c = 0; c < C; ++c)
          acc += r16(h[s * C + c]) * r16(w[o * C + c]);
        out[s * O + o] = std::max(0.0f, r16(acc));
      }
    return out;
  }

  fs::path dir;
};

TEST_F(ExecutorFixture, RunsHostPlanThroughChannelSurfaces) {
  auto w = randomValues(O * C, 1), h = randomValues(S * C, 2);
  writePackage(dir / "pkg", w);
  auto ex = Executor::open((dir / "pkg").string(), {"cpu"});
  ASSERT_TRUE(ex) << ex.error().message();
  auto out = (*ex)->run({{"h", HostTensor::fp32({S, C}, h)}});
  ASSERT_TRUE(out) << out.error().message();
  const HostTensor &o = out->at("o");
  ASSERT_EQ(o.shape, (std::vector<int64_t>{S, O}));
  std::vector<float> want = expected(h, w);
  for (size_t i = 0; i < want.size(); ++i)
    ASSERT_NEAR(o.f32[i], want[i], 2e-3f * (1 + std::fabs(want[i])))
        << "element " << i;
  // proj's fp16 output cannot be act's fp32 input surface: "p" goes through
  // the host (h in, p out, p in, o out).
  EXPECT_EQ((*ex)->surfacesPassed(), 0u);
  EXPECT_EQ((*ex)->hostCopies(), 4u);
}

TEST_F(ExecutorFixture, AneSimRunsTheSamePlan) {
  auto w = randomValues(O * C, 3), h = randomValues(S * C, 4);
  writePackage(dir / "pkg", w);
  auto ex = Executor::open((dir / "pkg").string(), {"ane-sim"});
  ASSERT_TRUE(ex) << ex.error().message();
  auto out = (*ex)->run({{"h", HostTensor::fp32({S, C}, h)}});
  ASSERT_TRUE(out) << out.error().message();
  std::vector<float> want = expected(h, w);
  for (size_t i = 0; i < want.size(); ++i)
    ASSERT_NEAR(out->at("o").f32[i], want[i], 2e-2f * (1 + std::fabs(want[i])))
        << "element " << i;
}

TEST_F(ExecutorFixture, PatchThenReloadEqualsFreshCompileWithoutRecompiling) {
  auto wA = randomValues(O * C, 5), wB = randomValues(O * C, 6);
  auto h = randomValues(S * C, 7);
  writePackage(dir / "pkg", wA);
  writePackage(dir / "fresh", wB);

  auto ex = Executor::open((dir / "pkg").string(), {"cpu"});
  ASSERT_TRUE(ex);
  TensorMap in{{"h", HostTensor::fp32({S, C}, h)}};
  auto before = (*ex)->run(in);
  ASSERT_TRUE(before);
  const uint64_t compiles = (*ex)->device("ane").counters().compiles;
  const uint64_t cpuCompiles = (*ex)->device("cpu").counters().compiles;

  SafeTensorsWriter store;
  store.add("w", DType::F32, {O, C}, wB.data(), wB.size() * 4);
  ASSERT_TRUE(store.writeTo((dir / "b.safetensors").string()));
  auto opened = WeightStore::open((dir / "b.safetensors").string());
  ASSERT_TRUE(opened);
  ASSERT_TRUE(patchPackage((dir / "pkg").string(), *opened));

  // Weights are fixed at load: nothing changes until the reload.
  auto stale = (*ex)->run(in);
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->at("o").f32, before->at("o").f32);

  ASSERT_TRUE((*ex)->reloadWeights());
  auto patched = (*ex)->run(in);
  ASSERT_TRUE(patched);
  EXPECT_NE(patched->at("o").f32, before->at("o").f32);
  EXPECT_EQ((*ex)->device("ane").counters().compiles, compiles);
  EXPECT_EQ((*ex)->device("cpu").counters().compiles, cpuCompiles);
  EXPECT_GE((*ex)->device("ane").counters().reloads, 1u);

  auto freshEx = Executor::open((dir / "fresh").string(), {"cpu"});
  ASSERT_TRUE(freshEx);
  auto fresh = (*freshEx)->run(in);
  ASSERT_TRUE(fresh);
  ASSERT_EQ(patched->at("o").f32.size(), fresh->at("o").f32.size());
  EXPECT_EQ(std::memcmp(patched->at("o").f32.data(), fresh->at("o").f32.data(),
                        fresh->at("o").f32.size() * 4),
            0)
      << "patched + reloaded differs from a fresh package with the new "
         "weights";
}

// A resident input stays in its surface: runs may omit it, and rows written
// with writeRows() land exactly as a full copy of the updated tensor would.
TEST_F(ExecutorFixture, ResidentInputsKeepTheirSurfaceAndTakeRowUpdates) {
  auto w = randomValues(O * C, 11), h = randomValues(S * C, 12);
  writePackage(dir / "pkg", w);
  auto ex = Executor::open((dir / "pkg").string(), {"cpu"});
  ASSERT_TRUE(ex);
  ASSERT_TRUE((*ex)->makeResident("h", HostTensor::fp32({S, C}, h)));
  auto first = (*ex)->run({});
  ASSERT_TRUE(first) << first.error().message();
  auto again = (*ex)->run({});
  ASSERT_TRUE(again);
  EXPECT_EQ(first->at("o").f32, again->at("o").f32);

  auto rows = randomValues(3 * C, 13);
  ASSERT_TRUE((*ex)->writeRows("h", 7, HostTensor::fp32({3, C}, rows)));
  std::copy(rows.begin(), rows.end(), h.begin() + 7 * C);
  auto updated = (*ex)->run({});
  ASSERT_TRUE(updated);
  auto full = (*ex)->run({{"h", HostTensor::fp32({S, C}, h)}});
  ASSERT_TRUE(full);
  EXPECT_EQ(updated->at("o").f32, full->at("o").f32);
  EXPECT_NE(updated->at("o").f32, first->at("o").f32);

  auto outside = (*ex)->writeRows("h", S - 1, HostTensor::fp32({3, C}, rows));
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().message(),
            "rows [3, 64] at row 31 do not fit input 'h' (fp32 [32, 64])");
  auto notResident = (*ex)->writeRows("p", 0, HostTensor::fp32({1, O}, {}));
  ASSERT_FALSE(notResident);
  EXPECT_EQ(notResident.error().message(), "input 'p' is not resident");
  auto unknown = (*ex)->makeResident("q", HostTensor::fp32({1}, {0.0f}));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message(), "the host plan has no input 'q'");
}

// A rank-0 output (a loss) reaches the host with its one element.
TEST_F(ExecutorFixture, RankZeroOutputHoldsOneElement) {
  const fs::path pkg = dir / "pkg";
  fs::create_directories(pkg / "programs/mean");
  std::ofstream(pkg / "programs/mean/model.mil")
      << "program(1.3)\n{\n    func main<ios18>(tensor<fp32, [4]> x) {\n"
         "        tensor<int32, [1]> ax = const()[name=string(\"ax\"), "
         "val=tensor<int32, [1]>([0])];\n"
         "        bool kd = const()[name=string(\"kd\"), val=bool(false)];\n"
         "        fp32 m = reduce_mean(x=x, axes=ax, keep_dims=kd)"
         "[name=string(\"m\")];\n"
         "    } -> (m);\n}\n";
  Manifest m;
  m.programs = {{"mean", "programs/mean/model.mil", "cpu",
                 {{"x", {4}, "fp32", 49152, 0}},
                 {{"m", {}, "fp32", 49152, 0}},
                 {}}};
  HostPlan plan;
  plan.inputs = {{"h", {4}, "fp32"}};
  plan.outputs = {{"loss", {}, "fp32"}};
  plan.steps = {{"mean", {{"h", "x", "identity", 0}},
                 {{"loss", "m", "identity", 0}}}};
  m.hostPlan = plan;
  std::ofstream(pkg / "manifest.json") << printManifest(m);
  for (const char *device : {"cpu", "ane-sim"}) {
    auto ex = Executor::open(pkg.string(), {device});
    ASSERT_TRUE(ex) << ex.error().message();
    auto out = (*ex)->run({{"h", HostTensor::fp32({4}, {1, 2, 3, 6})}});
    ASSERT_TRUE(out) << out.error().message();
    const HostTensor &loss = out->at("loss");
    EXPECT_TRUE(loss.shape.empty()) << device;
    ASSERT_EQ(loss.f32.size(), 1u) << device;
    EXPECT_FLOAT_EQ(loss.f32[0], 3.0f) << device;
  }
}

// An int32 host output (ids) comes back as int32, never through float.
TEST_F(ExecutorFixture, Int32OutputsStayInt32) {
  test::PackageSpec spec;
  spec.inputs = {{"ids", "x", {4}, "int32"}};
  spec.outputs = {{"same", "y", {4}, "int32"}};
  spec.body = test::op("tensor<int32, [4]>", "y", "identity(x=x)");
  ASSERT_TRUE(test::writePackage(dir / "ids", spec));
  auto ex = Executor::open((dir / "ids").string(), {"cpu"});
  ASSERT_TRUE(ex) << ex.error().message();
  auto out = (*ex)->run({{"ids", HostTensor::int32({4}, {7, -3, 0, 65537})}});
  ASSERT_TRUE(out) << out.error().message();
  const HostTensor &same = out->at("same");
  EXPECT_EQ(same.dtype, "int32");
  EXPECT_EQ(same.i32, (std::vector<int32_t>{7, -3, 0, 65537}));
  EXPECT_TRUE(same.f32.empty());
}

/// A gather of the rows of an [8, 4] table by input ids.
static test::PackageSpec gatherPackage(std::vector<float> table) {
  test::PackageSpec spec;
  spec.inputs = {{"tokens", "ids", {3}, "int32"}};
  spec.outputs = {{"rows", "out", {3, 4}}};
  spec.weights = {{"emb", {8, 4}, std::move(table)}};
  spec.body = test::op(test::fp32({3, 4}), "out", "gather(x=emb, indices=ids)");
  return spec;
}

// Token ids beyond the table were read as zero rows (negative ones wrapped).
TEST_F(ExecutorFixture, GatherIndexInputsAreRangeChecked) {
  ASSERT_TRUE(test::writePackage(dir / "g", gatherPackage(randomValues(32, 3))));
  auto ex = Executor::open((dir / "g").string(), {"cpu"});
  ASSERT_TRUE(ex) << ex.error().message();
  auto ok = (*ex)->run({{"tokens", HostTensor::int32({3}, {0, 7, 3})}});
  ASSERT_TRUE(ok) << ok.error().message();
  for (std::vector<int32_t> ids : {std::vector<int32_t>{0, 8, 1}, {-1, 0, 0}}) {
    auto bad = (*ex)->run({{"tokens", HostTensor::int32({3}, ids)}});
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message().find("not an index in [0, 8)"),
              std::string::npos)
        << bad.error().message();
  }
}

// A package whose weights hold NaN/Inf is refused, naming the parameter.
TEST_F(ExecutorFixture, NonFiniteWeightsAreRefusedByName) {
  std::vector<float> table = randomValues(32, 4);
  table[9] = INFINITY;
  ASSERT_TRUE(test::writePackage(dir / "inf", gatherPackage(table)));
  auto refused = Executor::open((dir / "inf").string(), {"cpu"});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find(
                "weight.bin: parameter 'emb' holds 1 NaN/Inf value (the "
                "first, inf, at element 9)"),
            std::string::npos)
      << refused.error().message();
  Executor::Options allow{"cpu"};
  allow.allowNonFinite = true;
  EXPECT_TRUE(Executor::open((dir / "inf").string(), allow));
}

// A manifest's surface_bytes is an allocation size: checked, not trusted.
TEST_F(ExecutorFixture, HugeSurfaceBytesAreAnErrorNotAnAbort) {
  const fs::path pkg = dir / "huge";
  ASSERT_TRUE(test::writePackage(pkg, gatherPackage(randomValues(32, 5))));
  std::ifstream in(pkg / "manifest.json");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  auto m = parseManifest(text, "manifest.json");
  ASSERT_TRUE(m) << m.error().message();
  m->programs[0].outputs[0].surfaceBytes = uint64_t(1) << 50;
  std::ofstream(pkg / "manifest.json") << printManifest(*m);
  auto ex = Executor::open(pkg.string(), {"cpu"});
  ASSERT_TRUE(ex) << ex.error().message();
  auto out = (*ex)->run({{"tokens", HostTensor::int32({3}, {0, 1, 2})}});
  ASSERT_FALSE(out);
  EXPECT_NE(out.error().message().find(
                "manifest.json: program 'main' surface 'out' (surface_bytes) "
                "needs 1125899906842624 bytes, more than the memory limit"),
            std::string::npos)
      << out.error().message();
}

TEST_F(ExecutorFixture, RejectsBadInputs) {
  writePackage(dir / "pkg", randomValues(O * C, 8));
  auto ex = Executor::open((dir / "pkg").string(), {"cpu"});
  ASSERT_TRUE(ex);
  auto missing = (*ex)->run({});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message(), "missing input 'h' (fp32 [32, 64])");
  auto shape = (*ex)->run({{"h", HostTensor::fp32({S, C + 1},
                                                  randomValues(S * (C + 1), 9))}});
  ASSERT_FALSE(shape);
  EXPECT_EQ(shape.error().message(),
            "input 'h' is fp32 [32, 65] but the package expects fp32 [32, 64]");
  auto h = randomValues(S * C, 10);
  h[5] = std::nanf("");
  auto nan = (*ex)->run({{"h", HostTensor::fp32({S, C}, h)}});
  ASSERT_FALSE(nan);
  EXPECT_EQ(nan.error().message(),
            "input 'h' has a non-finite value (nan) at element 5");
  auto bogus = Executor::open((dir / "pkg").string(), {"gpu"});
  ASSERT_FALSE(bogus);
}

TEST(Npy, RoundTripsAndRejectsMalformedFiles) {
  auto dir = fs::temp_directory_path() / ("orion-npy-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  HostTensor t = HostTensor::fp32({2, 3}, {1, 2, 3, 4, 5, 6});
  ASSERT_TRUE(writeNpy((dir / "t.npy").string(), t));
  auto back = readNpy((dir / "t.npy").string());
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->shape, t.shape);
  EXPECT_EQ(back->f32, t.f32);
  auto bad = parseNpy({'x', 'y'}, "b.npy");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(), "b.npy: not a .npy file (bad magic)");
  fs::remove_all(dir);
}

} // namespace
