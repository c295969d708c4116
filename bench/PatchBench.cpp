//===- PatchBench.cpp - Delta compilation throughput, Stories110M-sized ---===//
//
// The goal: patching a Stories110M-sized weight set (about 110M parameters,
// fp32 in, fp16 out) runs at no less than half the speed of a plain memcpy
// plus fp32->fp16 conversion of the same bytes, measured in the same run.
//
// Setup (once, not timed): a package in a temporary directory laid out like
// Stories110M's ANE weights -- 12 layer programs (dim 768, hidden 2048) with
// wq, wk, wv, wo [768, 768], w1, w3 [2048, 768], w2 [768, 2048] and the two
// RMS norms [768] as fp16 blobs in one BLOBFILE each, plus an "embed" program
// holding the 32000 x 768 token embedding and the final norm (109.5M
// parameters in all) -- and a safetensors weight store with random fp32
// values for every one of them, loaded once.
//
//   BM_Bound        memcpy of all the store's fp32 bytes into a scratch
//                   buffer, then orion::rt::floatsToHalves over all of it.
//   BM_PatchPackage orion::rt::patchPackage(package, store): open and check
//                   the package, read every BLOBFILE, convert, write each
//                   file whole and fsync it, journal, rename. Its `ratio`
//                   counter is its throughput over BM_Bound's, both measured
//                   in this process (the bound is timed before any
//                   benchmark runs).
//   BM_Phase*       the phases of a patch, separately, so a slow patch can
//                   be attributed (see docs/benchmarks.md).
//
// Times are wall-clock (UseRealTime: a patch waits on the kernel). Every
// throughput is the store's fp32 bytes over the time (SetBytesProcessed),
// the phases' too, so the rates compare directly with the bound's.
//
// Page cache: the package lives under $TMPDIR (default /tmp) and every
// iteration rewrites the same files, so reads come from the page cache and
// writes land in it; only fsync reaches the device, and then only if $TMPDIR
// is on a disk rather than tmpfs. That is what a real patch on the Mac hits
// too (a training loop patches a package it just wrote or read, so it is
// cached, and fsync waits for the SSD), so it is measured, not avoided.
//
//===----------------------------------------------------------------------===//

#include "orion/format/BlobFile.h"
#include "orion/format/Fp16.h"
#include "orion/format/MILProgram.h"
#include "orion/format/Manifest.h"
#include "orion/format/Package.h"
#include "orion/format/SafeTensors.h"
#include "orion/format/WeightPatcher.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

using namespace orion::rt;
using namespace orion::rt::milast;
namespace fs = std::filesystem;

namespace {

constexpr int kLayers = 12;
constexpr int64_t kDim = 768, kHidden = 2048, kVocab = 32000;

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// The package and store, built once and removed at exit.
class Fixture {
public:
  Fixture() {
    dir_ = fs::temp_directory_path() /
           ("orion-bench-patch-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    buildPackage();
    buildStore();
  }
  ~Fixture() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string pkgDir() const { return (dir_ / "pkg").string(); }
  const WeightStore &store() const { return *store_; }
  const Manifest &manifest() const { return manifest_; }
  /// Total fp32 bytes of the store: the input every benchmark processes.
  uint64_t inputBytes() const { return params_ * 4; }
  uint64_t params() const { return params_; }
  size_t blobCount() const { return blobCount_; }

private:
  struct Param {
    std::string name;
    std::vector<int64_t> shape; // in the store
  };

  void buildPackage() {
    fs::path pkg = dir_ / "pkg";
    auto program = [&](const std::string &name,
                       const std::vector<Param> &params) {
      ProgramSpec p;
      p.name = name;
      p.milFile = "programs/" + name + "/model.mil";
      p.inputs = {{"x", {1, kDim, 1, 256}, "fp16", 393216, 0}};
      p.outputs = p.inputs;
      fs::create_directories(pkg / "programs" / name / "weights");
      // Offsets come from a writer fed only sizes, as the compiler lays
      // them out; the values (zeros) are what the patch replaces.
      BlobFileWriter writer;
      for (const Param &param : params) {
        WeightSource src;
        src.param = param.name;
        src.paramShape = param.shape;
        WeightEntry w;
        w.file = "programs/" + name + "/weights/weight.bin";
        w.milPath = "@model_path/weights/weight.bin";
        w.dtype = "fp16";
        w.shape = param.shape; // [O, I] -> MIL conv weight [O, I, 1, 1]
        if (w.shape.size() == 1)
          w.shape = {1, param.shape[0], 1, 1};
        else
          w.shape.insert(w.shape.end(), {1, 1});
        w.sources = {src};
        size_t bytes = size_t(w.elementCount()) * 2;
        std::vector<uint8_t> zeros(bytes, 0);
        w.offset = writer.add(DType::F16, zeros.data(), bytes);
        p.weights.push_back(std::move(w));
        uint64_t n = 1;
        for (int64_t d : param.shape)
          n *= uint64_t(d);
        params_ += n;
        allParams_.push_back(param);
        ++blobCount_;
      }
      if (Status s = writer.writeTo((pkg / p.weights[0].file).string()); !s)
        fail(s.error().message());
      std::ofstream(pkg / p.milFile) << milText(p);
      manifest_.programs.push_back(std::move(p));
    };
    program("embed", {{"tok_embeddings.weight", {kVocab, kDim}},
                      {"norm.weight", {kDim}}});
    for (int l = 0; l < kLayers; ++l) {
      std::string pre = "layers." + std::to_string(l) + ".";
      program("layer" + std::to_string(l),
              {{pre + "attention_norm.weight", {kDim}},
               {pre + "attention.wq.weight", {kDim, kDim}},
               {pre + "attention.wk.weight", {kDim, kDim}},
               {pre + "attention.wv.weight", {kDim, kDim}},
               {pre + "attention.wo.weight", {kDim, kDim}},
               {pre + "ffn_norm.weight", {kDim}},
               {pre + "feed_forward.w1.weight", {kHidden, kDim}},
               {pre + "feed_forward.w3.weight", {kHidden, kDim}},
               {pre + "feed_forward.w2.weight", {kDim, kHidden}}});
    }
    std::ofstream(pkg / "manifest.json") << printManifest(manifest_);
  }

  /// MIL text whose consts name every blob of `p` by BLOBFILE, as the
  /// compiler writes them (the ops that use them do not matter here).
  static std::string milText(const ProgramSpec &p) {
    Function fn;
    fn.name = "main";
    const SurfaceSpec &x = p.inputs[0];
    fn.inputs = {{Type::tensor(x.dtype, x.shape), x.name}};
    for (size_t i = 0; i < p.weights.size(); ++i) {
      const WeightEntry &w = p.weights[i];
      Operation op;
      std::string name = "w" + std::to_string(i);
      Type type = Type::tensor(w.dtype, w.shape);
      op.results = {{type, name}};
      op.op = "const";
      op.attributes = {{"name", Value::string(name)},
                       {"val", Value::blobFile(type, w.milPath, w.offset)}};
      fn.body.push_back(std::move(op));
    }
    Operation out;
    out.results = {{Type::tensor(x.dtype, x.shape), "y"}};
    out.op = "identity";
    out.arguments = {{"x", Value::ref(x.name)}};
    out.attributes = {{"name", Value::string("y")}};
    fn.body.push_back(std::move(out));
    fn.outputs = {"y"};
    Program program;
    program.buildInfo = orionBuildInfo();
    program.functions.push_back(std::move(fn));
    return printMIL(program, MILSpelling::Compact);
  }

  void buildStore() {
    fs::path path = dir_ / "weights.safetensors";
    {
      SafeTensorsWriter writer;
      uint64_t state = 0x9e3779b97f4a7c15ull; // xorshift64: fast, fixed seed
      std::vector<float> values;
      for (const Param &p : allParams_) {
        int64_t n = 1;
        for (int64_t d : p.shape)
          n *= d;
        values.resize(size_t(n));
        for (float &v : values) { // uniform in [-0.5, 0.5): finite in fp16
          state ^= state << 13;
          state ^= state >> 7;
          state ^= state << 17;
          v = float(state >> 40) * (1.0f / 16777216.0f) - 0.5f;
        }
        writer.add(p.name, DType::F32, p.shape, values.data(),
                   values.size() * 4);
      }
      if (Status s = writer.writeTo(path.string()); !s)
        fail(s.error().message());
    }
    auto store = WeightStore::open(path.string());
    if (!store)
      fail(store.error().message());
    store_.emplace(std::move(*store));
    fs::remove(path); // held in memory from here on
  }

  [[noreturn]] static void fail(const std::string &message) {
    std::fprintf(stderr, "bench-patch: setup failed: %s\n", message.c_str());
    std::exit(1);
  }

  fs::path dir_;
  Manifest manifest_;
  std::vector<Param> allParams_;
  uint64_t params_ = 0;
  size_t blobCount_ = 0;
  std::optional<WeightStore> store_;
};

std::unique_ptr<Fixture> gFixture;

Fixture &fixture() {
  if (!gFixture)
    gFixture = std::make_unique<Fixture>();
  return *gFixture;
}

/// Scratch buffers for the bound, allocated and touched once so page faults
/// are not part of it.
struct BoundBuffers {
  std::vector<float> floats;
  std::vector<uint16_t> halves;
  explicit BoundBuffers(uint64_t params) : floats(params, 1.0f),
                                           halves(params, 1) {}
};

void runBound(const Fixture &f, BoundBuffers &b) {
  size_t at = 0;
  for (const auto &[name, view] : f.store().tensors()) {
    std::memcpy(b.floats.data() + at, view->data, view->sizeBytes);
    at += view->sizeBytes / 4;
  }
  floatsToHalves(b.floats.data(), b.halves.data(), at);
  benchmark::DoNotOptimize(b.halves.data());
  benchmark::ClobberMemory();
}

/// The bound's throughput in bytes/s, measured before any benchmark: the
/// best of a few runs after a warm-up.
double boundBytesPerSecond() {
  static const double rate = [] {
    Fixture &f = fixture();
    BoundBuffers b(f.params());
    runBound(f, b); // warm-up
    double best = 1e30;
    for (int i = 0; i < 3; ++i) {
      auto start = Clock::now();
      runBound(f, b);
      best = std::min(best, secondsSince(start));
    }
    return double(f.inputBytes()) / best;
  }();
  return rate;
}

void BM_Bound(benchmark::State &state) {
  Fixture &f = fixture();
  BoundBuffers b(f.params());
  for (auto _ : state)
    runBound(f, b);
  state.SetBytesProcessed(int64_t(state.iterations()) *
                          int64_t(f.inputBytes()));
  state.counters["params"] = double(f.params());
}
BENCHMARK(BM_Bound)->Iterations(3)->UseRealTime()->Unit(
    benchmark::kMillisecond);

void BM_PatchPackage(benchmark::State &state) {
  Fixture &f = fixture();
  const double bound = boundBytesPerSecond();
  double seconds = 0;
  for (auto _ : state) {
    auto start = Clock::now();
    auto report = patchPackage(f.pkgDir(), f.store());
    seconds += secondsSince(start);
    if (!report) {
      state.SkipWithError(report.error().message().c_str());
      return;
    }
    if (report->blobsPatched != f.blobCount() || report->nonFinite) {
      state.SkipWithError("patch did not rewrite every blob cleanly");
      return;
    }
  }
  state.SetBytesProcessed(int64_t(state.iterations()) *
                          int64_t(f.inputBytes()));
  const double patch = double(state.iterations()) * double(f.inputBytes()) /
                       seconds;
  state.counters["ratio"] = patch / bound; // goal: >= 0.5
  state.counters["bound_GBps"] = bound / 1e9;
}
BENCHMARK(BM_PatchPackage)->Iterations(3)->UseRealTime()->Unit(
    benchmark::kMillisecond);

// --- Phases of patchPackage, each over the whole package ------------------

/// Package::open: manifest parse and validation, file existence checks.
void BM_PhaseOpenPackage(benchmark::State &state) {
  Fixture &f = fixture();
  for (auto _ : state) {
    auto pkg = Package::open(f.pkgDir());
    benchmark::DoNotOptimize(pkg);
  }
}
BENCHMARK(BM_PhaseOpenPackage)->Iterations(3)->UseRealTime()->Unit(
    benchmark::kMillisecond);

/// BlobFile::open of every BLOBFILE, plus the copy patchPackage makes of its
/// bytes to build the new file in.
void BM_PhaseReadAndCopyBlobFiles(benchmark::State &state) {
  Fixture &f = fixture();
  for (auto _ : state) {
    for (const ProgramSpec &p : f.manifest().programs) {
      auto file = BlobFile::open(f.pkgDir() + "/" + p.weights[0].file);
      if (!file) {
        state.SkipWithError(file.error().message().c_str());
        return;
      }
      std::vector<uint8_t> copy = file->bytes();
      benchmark::DoNotOptimize(copy.data());
    }
  }
  state.SetBytesProcessed(int64_t(state.iterations()) *
                          int64_t(f.inputBytes()));
}
BENCHMARK(BM_PhaseReadAndCopyBlobFiles)->Iterations(3)->UseRealTime()->Unit(
    benchmark::kMillisecond);

/// materializeBlob for every blob into buffers allocated once: the
/// conversion work of a patch (fp32 -> fp16 plus the NaN/Inf scan).
void BM_PhaseMaterialize(benchmark::State &state) {
  Fixture &f = fixture();
  std::vector<std::vector<uint8_t>> out;
  for (const ProgramSpec &p : f.manifest().programs)
    for (const WeightEntry &w : p.weights)
      out.emplace_back(size_t(w.elementCount()) * 2, 1);
  for (auto _ : state) {
    size_t i = 0;
    for (const ProgramSpec &p : f.manifest().programs)
      for (const WeightEntry &w : p.weights) {
        ConversionStats stats;
        if (Status s = materializeBlob(w, f.store(), {}, out[i++].data(), stats);
            !s) {
          state.SkipWithError(s.error().message().c_str());
          return;
        }
      }
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(int64_t(state.iterations()) *
                          int64_t(f.inputBytes()));
}
BENCHMARK(BM_PhaseMaterialize)->Iterations(3)->UseRealTime()->Unit(
    benchmark::kMillisecond);

/// Writing every BLOBFILE's size of bytes to a new file: write(2) only, and
/// write(2) plus fsync as patchPackage's staging does (range(0) = fsync).
void BM_PhaseWriteFiles(benchmark::State &state) {
  Fixture &f = fixture();
  const bool sync = state.range(0) != 0;
  std::vector<std::vector<uint8_t>> files;
  for (const ProgramSpec &p : f.manifest().programs) {
    auto file = BlobFile::open(f.pkgDir() + "/" + p.weights[0].file);
    if (!file) {
      state.SkipWithError(file.error().message().c_str());
      return;
    }
    files.push_back(file->bytes());
  }
  const std::string path = f.pkgDir() + "/bench-write.tmp";
  for (auto _ : state) {
    for (const std::vector<uint8_t> &b : files) {
      int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                      0644);
      size_t done = 0;
      while (fd >= 0 && done < b.size()) {
        ssize_t n = ::write(fd, b.data() + done, b.size() - done);
        if (n <= 0)
          break;
        done += size_t(n);
      }
      bool ok = fd >= 0 && done == b.size() && (!sync || ::fsync(fd) == 0);
      if (fd >= 0)
        ::close(fd);
      if (!ok) {
        state.SkipWithError("write failed");
        return;
      }
    }
  }
  ::unlink(path.c_str());
  state.SetBytesProcessed(int64_t(state.iterations()) *
                          int64_t(f.inputBytes()));
}
BENCHMARK(BM_PhaseWriteFiles)->Arg(0)->Arg(1)->ArgName("fsync")->Iterations(
    3)->UseRealTime()->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::AddCustomContext("temp_dir",
                              fs::temp_directory_path().string());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  gFixture.reset(); // removes the temporary package and store
  return 0;
}
