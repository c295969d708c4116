//===- DecodeKernelBench.cpp - fp16-weight GEMV against memory bandwidth --===//
//
// Decoding one token reads every weight once, so its speed bound is weight
// bytes / memory bandwidth. In one run this measures:
//  - Bandwidth: a 2-thread streaming sum of a 512 MB float buffer;
//  - Fp32Gemv: OpenBLAS sgemv on fp32 weights at GPT-2 124M's decode shapes
//    (QKV 768->2304, attention output 768->768, MLP up 768->3072 and down
//    3072->768, logits 768->50257);
//  - HalfGemv: the cpu device's fp16-weight kernel at the same shapes;
//  - Gpt2Token*: all 12 layers' four projections plus the logits, each with
//    its own weights (nothing stays cached), i.e. the weight part of one
//    decode step;
//  - *Prefill: 768->2304 at 128 columns, fp16 blocks + sgemm against sgemm.
// Counters: `GB/s` of weight bytes read, `of_bw` that over Bandwidth's rate
// (the fraction of the bandwidth bound) and, for fp16, `x_fp32`: the fp32
// kernel's time over this one. Threads: OpenBLAS's and the runtime's
// default, one per core.
//
//===----------------------------------------------------------------------===//

#include "orion/devices/cpu/Kernels.h"

#include "orion/format/Fp16.h"

#include <benchmark/benchmark.h>
#include <cblas.h>

#include <chrono>
#include <map>
#include <random>
#include <string>
#include <thread>

using namespace orion::rt;

namespace {

double gBandwidth = 0; // bytes/s from BM_Bandwidth
std::map<std::string, double> gFp32Seconds; // per-iteration time by shape

std::vector<float> randomFloats(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1, 1);
  std::vector<float> v(n);
  for (float &x : v)
    x = u(rng);
  return v;
}

std::vector<uint16_t> randomHalves(size_t n, unsigned seed) {
  std::vector<float> f = randomFloats(n, seed);
  std::vector<uint16_t> h(n);
  floatsToHalves(f.data(), h.data(), n);
  return h;
}

/// Runs the benchmark loop and sets the byte counters; returns seconds per
/// iteration (wall time: the work is threaded).
template <typename Fn>
double timeLoop(benchmark::State &state, double bytesPerIteration, Fn fn) {
  auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state)
    fn();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count() /
      double(state.iterations());
  const double rate = bytesPerIteration / seconds;
  state.counters["GB/s"] = rate / 1e9;
  if (gBandwidth > 0)
    state.counters["of_bw"] = rate / gBandwidth;
  return seconds;
}

float sumRange(const float *p, size_t n) {
  // 16 independent sums so the loop vectorizes and is not latency-bound.
  float acc[16] = {};
  size_t i = 0;
  for (; i + 16 <= n; i += 16)
    for (int j = 0; j < 16; ++j)
      acc[j] += p[i + size_t(j)];
  float s = 0;
  for (; i < n; ++i)
    s += p[i];
  for (float a : acc)
    s += a;
  return s;
}

void BM_Bandwidth(benchmark::State &state) {
  const size_t n = size_t(512) << 20 >> 2; // 512 MB of floats
  std::vector<float> buf(n, 1.0f);
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  float total = 0;
  double seconds = timeLoop(state, double(n) * 4, [&] {
    std::vector<float> sums(threads);
    std::vector<std::thread> workers;
    const size_t chunk = n / threads;
    for (unsigned t = 0; t < threads; ++t)
      workers.emplace_back([&, t] {
        const size_t end = t + 1 == threads ? n : (t + 1) * chunk;
        sums[t] = sumRange(buf.data() + t * chunk, end - t * chunk);
      });
    for (std::thread &w : workers)
      w.join();
    for (float s : sums)
      total += s;
  });
  benchmark::DoNotOptimize(total);
  gBandwidth = double(n) * 4 / seconds;
  state.counters["threads"] = threads;
}

struct Shape {
  const char *name;
  int64_t k, n; // in, out
};
constexpr Shape kShapes[] = {{"qkv", 768, 2304},
                             {"attn_out", 768, 768},
                             {"mlp_up", 768, 3072},
                             {"mlp_down", 3072, 768},
                             {"logits", 768, 50257}};

void BM_Fp32Gemv(benchmark::State &state, Shape s) {
  auto w = randomFloats(size_t(s.n * s.k), 1);
  auto x = randomFloats(size_t(s.k), 2);
  std::vector<float> y(size_t(s.n));
  gFp32Seconds[s.name] =
      timeLoop(state, double(s.n * s.k) * 4, [&] {
        cblas_sgemv(CblasRowMajor, CblasNoTrans, int(s.n), int(s.k), 1.0f,
                    w.data(), int(s.k), x.data(), 1, 0.0f, y.data(), 1);
        benchmark::DoNotOptimize(y.data());
      });
}

void BM_HalfGemv(benchmark::State &state, Shape s) {
  auto w = randomHalves(size_t(s.n * s.k), 1);
  auto x = randomFloats(size_t(s.k), 2);
  std::vector<float> y(size_t(s.n));
  cpu::HalfGemm g;
  g.n = s.n;
  g.k = s.k;
  g.s = 1;
  double seconds = timeLoop(state, double(s.n * s.k) * 2, [&] {
    cpu::halfGemmKernel(g, w.data(), x.data(), nullptr, y.data(), nullptr);
    benchmark::DoNotOptimize(y.data());
  });
  if (gFp32Seconds.count(s.name))
    state.counters["x_fp32"] = gFp32Seconds[s.name] / seconds;
}

/// One decode step's weights: 12 layers x 4 projections + logits.
template <typename T> struct TokenWeights {
  std::vector<std::vector<T>> layers; // 48 matrices
  std::vector<T> logits;
  double bytes = 0;
};

template <typename T, typename Make> TokenWeights<T> tokenWeights(Make make) {
  TokenWeights<T> t;
  for (int l = 0; l < 12; ++l)
    for (int p = 0; p < 4; ++p) {
      const Shape &s = kShapes[p];
      t.layers.push_back(make(size_t(s.n * s.k), unsigned(l * 4 + p)));
      t.bytes += double(s.n * s.k) * sizeof(T);
    }
  t.logits = make(size_t(kShapes[4].n * kShapes[4].k), 99);
  t.bytes += double(kShapes[4].n * kShapes[4].k) * sizeof(T);
  return t;
}

void BM_Gpt2TokenFp32(benchmark::State &state) {
  auto t = tokenWeights<float>(randomFloats);
  auto x = randomFloats(3072, 2);
  std::vector<float> y(size_t(kShapes[4].n));
  gFp32Seconds["token"] = timeLoop(state, t.bytes, [&] {
    for (size_t m = 0; m <= t.layers.size(); ++m) {
      const Shape &s = kShapes[m == t.layers.size() ? 4 : m % 4];
      const float *w = m == t.layers.size() ? t.logits.data()
                                            : t.layers[m].data();
      cblas_sgemv(CblasRowMajor, CblasNoTrans, int(s.n), int(s.k), 1.0f, w,
                  int(s.k), x.data(), 1, 0.0f, y.data(), 1);
    }
    benchmark::DoNotOptimize(y.data());
  });
  state.counters["tok/s"] = 1.0 / gFp32Seconds["token"];
}

void BM_Gpt2TokenHalf(benchmark::State &state) {
  auto t = tokenWeights<uint16_t>(randomHalves);
  auto x = randomFloats(3072, 2);
  std::vector<float> y(size_t(kShapes[4].n));
  double seconds = timeLoop(state, t.bytes, [&] {
    for (size_t m = 0; m <= t.layers.size(); ++m) {
      const Shape &s = kShapes[m == t.layers.size() ? 4 : m % 4];
      const uint16_t *w = m == t.layers.size() ? t.logits.data()
                                               : t.layers[m].data();
      cpu::HalfGemm g;
      g.n = s.n;
      g.k = s.k;
      g.s = 1;
      cpu::halfGemmKernel(g, w, x.data(), nullptr, y.data(), nullptr);
    }
    benchmark::DoNotOptimize(y.data());
  });
  state.counters["tok/s"] = 1.0 / seconds;
  if (gFp32Seconds.count("token"))
    state.counters["x_fp32"] = gFp32Seconds["token"] / seconds;
}

// Prefill: [2304, 768] weights on a [768, 128] channel-major input (the
// 1x1 conv layout); counters are FLOP-free, x_fp32 is the comparison.
constexpr int64_t kPrefillS = 128;

void BM_Fp32Prefill(benchmark::State &state) {
  const Shape &s = kShapes[0];
  auto w = randomFloats(size_t(s.n * s.k), 1);
  auto x = randomFloats(size_t(s.k * kPrefillS), 2);
  std::vector<float> y(size_t(s.n * kPrefillS));
  gFp32Seconds["prefill"] = timeLoop(state, double(s.n * s.k) * 4, [&] {
    cpu::gemm(false, false, s.n, kPrefillS, s.k, 1.0f, w.data(), s.k,
              x.data(), kPrefillS, 0.0f, y.data(), kPrefillS);
    benchmark::DoNotOptimize(y.data());
  });
}

void BM_HalfPrefill(benchmark::State &state) {
  const Shape &s = kShapes[0];
  auto w = randomHalves(size_t(s.n * s.k), 1);
  auto x = randomFloats(size_t(s.k * kPrefillS), 2);
  std::vector<float> y(size_t(s.n * kPrefillS));
  cpu::HalfGemm g;
  g.n = s.n;
  g.k = s.k;
  g.s = kPrefillS;
  g.channelMajor = true;
  std::vector<float> scratch(g.scratchElements());
  double seconds = timeLoop(state, double(s.n * s.k) * 2, [&] {
    cpu::halfGemmKernel(g, w.data(), x.data(), nullptr, y.data(),
                        scratch.data());
    benchmark::DoNotOptimize(y.data());
  });
  if (gFp32Seconds.count("prefill"))
    state.counters["x_fp32"] = gFp32Seconds["prefill"] / seconds;
}

} // namespace

// Registration order is run order: the bandwidth and fp32 numbers exist
// before the counters that divide by them.
BENCHMARK(BM_Bandwidth)->Unit(benchmark::kMillisecond)->UseRealTime();
[[maybe_unused]] static int registerShapes = [] {
  for (const Shape &s : kShapes) {
    benchmark::RegisterBenchmark((std::string("BM_Fp32Gemv/") + s.name).c_str(),
                                 BM_Fp32Gemv, s)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark((std::string("BM_HalfGemv/") + s.name).c_str(),
                                 BM_HalfGemv, s)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
  }
  benchmark::RegisterBenchmark("BM_Gpt2TokenFp32", BM_Gpt2TokenFp32)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_Gpt2TokenHalf", BM_Gpt2TokenHalf)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_Fp32Prefill", BM_Fp32Prefill)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_HalfPrefill", BM_HalfPrefill)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  return 0;
}();

BENCHMARK_MAIN();
