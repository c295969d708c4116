//===- HalfGemmKernels.cpp - GEMV and GEMM with fp16 weights --------------===//
//
// Decoding one token multiplies every weight by a handful of columns, so its
// speed is the rate weights stream from memory; fp16 weights halve the
// bytes. Few columns: each thread streams its share of the rows once, in
// memory order, converting 8 halves at a time (F16C) and accumulating the S
// columns in registers. Many columns (prefill): the work is compute-bound, so row
// blocks are converted to fp32 and handed to sgemm.
//
//===----------------------------------------------------------------------===//

#include "orion/devices/cpu/Kernels.h"
#include "orion/devices/cpu/Parallel.h"

#include "orion/format/Fp16.h"

#include <algorithm>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define ORION_HALF_AVX2 1
#endif

namespace orion::rt::cpu {

namespace {

// Rows each parallel work item covers.
constexpr int64_t kRowBlock = 16;
// fp32 floats of weights sgemm gets per call in the many-column path (2 MB).
constexpr int64_t kBlockFloats = int64_t(1) << 19;

inline float halfValue(uint16_t bits) {
#if defined(__aarch64__)
  __fp16 h; // hardware conversion on arm64
  static_assert(sizeof h == sizeof bits);
  __builtin_memcpy(&h, &bits, sizeof h);
  return float(h);
#else
  return halfToFloat(bits);
#endif
}

/// Where the value of row r, column j goes.
struct Store {
  float *out;
  const float *bias;
  int64_t n, s;
  bool channelMajor;
  void operator()(int64_t r, int64_t j, float v) const {
    if (bias)
      v += bias[r];
    out[channelMajor ? r * s + j : j * n + r] = v;
  }
};

/// Rows [r0, r1) of W x for xs [s, k], in plain C++.
void gemvRowsPortable(const uint16_t *w, int64_t k, int64_t s, const float *xs,
                      int64_t r0, int64_t r1, const Store &store) {
  float sums[kHalfGemvMaxColumns];
  for (int64_t r = r0; r < r1; ++r) {
    const uint16_t *row = w + r * k;
    std::fill(sums, sums + s, 0.0f);
    for (int64_t i = 0; i < k; ++i) {
      const float wv = halfValue(row[i]);
      for (int64_t j = 0; j < s; ++j)
        sums[j] += wv * xs[j * k + i];
    }
    for (int64_t j = 0; j < s; ++j)
      store(r, j, sums[j]);
  }
}

#ifdef ORION_HALF_AVX2
#define ORION_AVX2 __attribute__((target("avx2,fma,f16c")))

ORION_AVX2 inline float hsum(__m256 v) {
  __m128 q = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  q = _mm_add_ps(q, _mm_movehl_ps(q, q));
  q = _mm_add_ss(q, _mm_movehdup_ps(q));
  return _mm_cvtss_f32(q);
}

/// Row r times S columns. One row at a time keeps the weights a single
/// sequential stream, which the hardware prefetcher follows at full memory
/// speed (interleaving 4 rows measured half as fast). U partial sums per
/// column hide the FMA latency when S alone gives too few chains.
template <int S>
ORION_AVX2 void gemvRow(const uint16_t *w, int64_t k, const float *xs,
                        int64_t r, const Store &store) {
  constexpr int U = S == 1 ? 4 : S == 2 ? 2 : 1;
  const uint16_t *row = w + r * k;
  __m256 acc[U][S];
  for (int u = 0; u < U; ++u)
    for (int j = 0; j < S; ++j)
      acc[u][j] = _mm256_setzero_ps();
  int64_t c = 0;
  for (; c + 8 * U <= k; c += 8 * U)
    for (int u = 0; u < U; ++u) {
      const __m256 wv = _mm256_cvtph_ps(_mm_loadu_si128(
          reinterpret_cast<const __m128i *>(row + c + u * 8)));
      for (int j = 0; j < S; ++j)
        acc[u][j] = _mm256_fmadd_ps(
            wv, _mm256_loadu_ps(xs + j * k + c + u * 8), acc[u][j]);
    }
  for (; c + 8 <= k; c += 8) {
    const __m256 wv = _mm256_cvtph_ps(
        _mm_loadu_si128(reinterpret_cast<const __m128i *>(row + c)));
    for (int j = 0; j < S; ++j)
      acc[0][j] =
          _mm256_fmadd_ps(wv, _mm256_loadu_ps(xs + j * k + c), acc[0][j]);
  }
  for (int j = 0; j < S; ++j) {
    __m256 total = acc[0][j];
    for (int u = 1; u < U; ++u)
      total = _mm256_add_ps(total, acc[u][j]);
    float sum = hsum(total);
    for (int64_t t = c; t < k; ++t)
      sum += halfValue(row[t]) * xs[j * k + t];
    store(r, j, sum);
  }
}

/// Rows [r0, r1), in memory order.
template <int S>
ORION_AVX2 void gemvRowsAvx2(const uint16_t *w, int64_t k, const float *xs,
                             int64_t r0, int64_t r1, const Store &store) {
  for (int64_t r = r0; r < r1; ++r)
    gemvRow<S>(w, k, xs, r, store);
}

bool hasAvx2() {
  static const bool has = __builtin_cpu_supports("avx2") &&
                          __builtin_cpu_supports("fma") &&
                          __builtin_cpu_supports("f16c");
  return has;
}

void gemvRowsVector(const uint16_t *w, int64_t k, int64_t s, const float *xs,
                    int64_t r0, int64_t r1, const Store &store) {
  switch (s) {
  case 1: return gemvRowsAvx2<1>(w, k, xs, r0, r1, store);
  case 2: return gemvRowsAvx2<2>(w, k, xs, r0, r1, store);
  case 3: return gemvRowsAvx2<3>(w, k, xs, r0, r1, store);
  case 4: return gemvRowsAvx2<4>(w, k, xs, r0, r1, store);
  case 5: return gemvRowsAvx2<5>(w, k, xs, r0, r1, store);
  case 6: return gemvRowsAvx2<6>(w, k, xs, r0, r1, store);
  case 7: return gemvRowsAvx2<7>(w, k, xs, r0, r1, store);
  default: return gemvRowsAvx2<8>(w, k, xs, r0, r1, store);
  }
}
#endif

/// Few columns: x as [s, k] (transposed into scratch for channel-major),
/// rows split over the threads.
void halfGemv(const HalfGemm &g, const uint16_t *w, const float *x,
              const Store &store, float *scratch) {
  const float *xs = x;
  if (g.channelMajor && g.s > 1) {
    for (int64_t i = 0; i < g.k; ++i)
      for (int64_t j = 0; j < g.s; ++j)
        scratch[j * g.k + i] = x[i * g.s + j];
    xs = scratch;
  }
  bool vector = false;
#ifdef ORION_HALF_AVX2
  vector = !g.portable && hasAvx2();
#endif
  const int64_t blocks = (g.n + kRowBlock - 1) / kRowBlock;
  parallelFor(blocks, kRowBlock * g.k * g.s, [&](int64_t lo, int64_t hi) {
    const int64_t r0 = lo * kRowBlock, r1 = std::min(g.n, hi * kRowBlock);
#ifdef ORION_HALF_AVX2
    if (vector)
      return gemvRowsVector(w, g.k, g.s, xs, r0, r1, store);
#endif
    (void)vector;
    gemvRowsPortable(w, g.k, g.s, xs, r0, r1, store);
  });
}

int64_t blockRows(const HalfGemm &g) {
  return std::min(g.n, std::max<int64_t>(kRowBlock,
                                         kBlockFloats / std::max<int64_t>(
                                                            g.k, 1)));
}

/// Many columns: per row block, fp16 -> fp32 into scratch (split over the
/// threads), then one sgemm (threaded by OpenBLAS).
void halfBlockedGemm(const HalfGemm &g, const uint16_t *w, const float *x,
                     const float *bias, float *out, float *scratch) {
  const int64_t rows = blockRows(g);
  for (int64_t r0 = 0; r0 < g.n; r0 += rows) {
    const int64_t nr = std::min(rows, g.n - r0);
    parallelFor(nr, g.k, [&](int64_t lo, int64_t hi) {
      halvesToFloats(w + (r0 + lo) * g.k, scratch + lo * g.k,
                     size_t((hi - lo) * g.k));
    });
    if (g.channelMajor) // out[r0:, :] = Wb [nr, k] x [k, s]
      gemm(false, false, nr, g.s, g.k, 1.0f, scratch, g.k, x, g.s, 0.0f,
           out + r0 * g.s, g.s);
    else // out[:, r0:] = x [s, k] Wb^T
      gemm(false, true, g.s, nr, g.k, 1.0f, x, g.k, scratch, g.k, 0.0f,
           out + r0, g.n);
  }
  if (bias)
    for (int64_t r = 0; r < g.n; ++r)
      for (int64_t j = 0; j < g.s; ++j)
        out[g.channelMajor ? r * g.s + j : j * g.n + r] += bias[r];
}

} // namespace

size_t HalfGemm::scratchElements() const {
  if (s <= kHalfGemvMaxColumns)
    return channelMajor ? size_t(s * k) : 0;
  return size_t(blockRows(*this) * k);
}

void halfGemmKernel(const HalfGemm &g, const uint16_t *w, const float *x,
                    const float *bias, float *out, float *scratch) {
  if (g.n == 0 || g.s == 0)
    return;
  if (g.s > kHalfGemvMaxColumns)
    return halfBlockedGemm(g, w, x, bias, out, scratch);
  halfGemv(g, w, x, Store{out, bias, g.n, g.s, g.channelMajor}, scratch);
}

} // namespace orion::rt::cpu
