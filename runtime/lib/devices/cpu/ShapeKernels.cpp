//===- ShapeKernels.cpp - Strided copies, gather, scatter, one_hot --------===//
//
// transpose, slice_by_index/size, concat, split, reshape and friends are all
// one strided copy each; the planner computes the strides.
//
//===----------------------------------------------------------------------===//

#include "orion/devices/cpu/Kernels.h"
#include "orion/devices/cpu/Parallel.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace orion::rt::cpu {

namespace {

/// A copy that swaps two dimensions: `dst` is contiguous along the last
/// dimension and `src` along dimension `a`. Walking either one element at a
/// time strides through memory on the other side, so the pair is copied in
/// square tiles that stay in L1 (a KV cache of [T, C] read per head as
/// [H, T, D] every decode step is this case).
void tiledTranspose(const float *src, const std::vector<int64_t> &srcStrides,
                    float *dst, const std::vector<int64_t> &dstStrides,
                    const Shape &shape, size_t a) {
  constexpr int64_t kTile = 32;
  const size_t last = shape.size() - 1;
  const int64_t na = shape[a], nb = shape[last];
  const int64_t sb = srcStrides[last], da = dstStrides[a];
  const int64_t tilesA = (na + kTile - 1) / kTile;
  int64_t outer = 1;
  for (size_t i = 0; i < last; ++i)
    if (i != a)
      outer *= shape[i];
  parallelFor(outer * tilesA, kTile * nb, [&](int64_t lo, int64_t hi) {
    for (int64_t t = lo; t < hi; ++t) {
      int64_t rem = t / tilesA, so = 0, dof = 0;
      for (size_t i = last; i-- > 0;) {
        if (i == a)
          continue;
        int64_t idx = rem % shape[i];
        rem /= shape[i];
        so += idx * srcStrides[i];
        dof += idx * dstStrides[i];
      }
      const int64_t a0 = (t % tilesA) * kTile, a1 = std::min(na, a0 + kTile);
      for (int64_t b0 = 0; b0 < nb; b0 += kTile) {
        const int64_t b1 = std::min(nb, b0 + kTile);
        for (int64_t b = b0; b < b1; ++b)
          for (int64_t i = a0; i < a1; ++i)
            dst[dof + i * da + b] = src[so + i + b * sb];
      }
    }
  });
}

} // namespace

void stridedCopy(const float *src, const std::vector<int64_t> &srcStrides,
                 float *dst, const std::vector<int64_t> &dstStrides,
                 const Shape &shape) {
  if (shape.empty()) {
    *dst = *src;
    return;
  }
  if (numElements(shape) == 0)
    return;
  const size_t last = shape.size() - 1;
  const int64_t inner = shape[last];
  const int64_t ss = srcStrides[last], ds = dstStrides[last];
  if (ds == 1 && ss != 1 && inner > 1)
    for (size_t a = 0; a < last; ++a)
      if (srcStrides[a] == 1 && shape[a] > 1)
        return tiledTranspose(src, srcStrides, dst, dstStrides, shape, a);
  int64_t rows = 1;
  for (size_t i = 0; i < last; ++i)
    rows *= shape[i];
  parallelFor(rows, inner, [&](int64_t lo, int64_t hi) {
    for (int64_t r = lo; r < hi; ++r) {
      int64_t so = 0, dof = 0, rem = r;
      for (size_t i = last; i-- > 0;) {
        int64_t idx = rem % shape[i];
        rem /= shape[i];
        so += idx * srcStrides[i];
        dof += idx * dstStrides[i];
      }
      const float *s = src + so;
      float *d = dst + dof;
      if (ss == 1 && ds == 1)
        std::memcpy(d, s, size_t(inner) * sizeof(float));
      else
        for (int64_t i = 0; i < inner; ++i)
          d[i * ds] = s[i * ss];
    }
  });
}

void gatherKernel(const float *x, const float *indices, float *out,
                  int64_t outer, int64_t axisDim, int64_t numIndices,
                  int64_t inner) {
  parallelFor(outer * numIndices, inner, [&](int64_t lo, int64_t hi) {
    for (int64_t t = lo; t < hi; ++t) {
      const int64_t o = t / numIndices, j = t % numIndices;
      float *d = out + t * inner;
      float fi = indices[j];
      // NaN and out-of-range indices must not read outside x.
      int64_t idx = std::fabs(fi) < 1e15f ? int64_t(fi) : axisDim;
      if (idx < 0)
        idx += axisDim;
      if (idx < 0 || idx >= axisDim) {
        std::memset(d, 0, size_t(inner) * sizeof(float));
        continue;
      }
      std::memcpy(d, x + (o * axisDim + idx) * inner,
                  size_t(inner) * sizeof(float));
    }
  });
}

void scatterKernel(const float *indices, const float *updates, float *out,
                   int64_t outer, int64_t axisDim, int64_t numIndices,
                   int64_t inner, bool add) {
  // Threads split the columns of each slice, so two updates of one row
  // (a repeated id) never race, and each thread keeps the ids' order.
  parallelFor(outer * inner, numIndices, [&](int64_t lo, int64_t hi) {
    for (int64_t t = lo; t < hi;) {
      const int64_t o = t / inner, c0 = t % inner;
      const int64_t c1 = std::min(inner, c0 + (hi - t));
      for (int64_t j = 0; j < numIndices; ++j) {
        const float id = indices[j];
        if (!(id >= 0.0f && id < float(axisDim)))
          continue;
        float *d = out + (o * axisDim + int64_t(id)) * inner;
        const float *u = updates + (o * numIndices + j) * inner;
        if (add)
          for (int64_t c = c0; c < c1; ++c)
            d[c] += u[c];
        else
          for (int64_t c = c0; c < c1; ++c)
            d[c] = u[c];
      }
      t += c1 - c0;
    }
  });
}

void oneHotKernel(const float *indices, float *out, int64_t outer,
                  int64_t depth, int64_t inner, float on, float off) {
  const int64_t block = depth * inner;
  parallelFor(outer, block, [&](int64_t lo, int64_t hi) {
    for (int64_t o = lo; o < hi; ++o) {
      float *d = out + o * block;
      std::fill(d, d + block, off);
      for (int64_t i = 0; i < inner; ++i) {
        const float id = indices[o * inner + i];
        // Out-of-range ids (negative ones too: no wrap, unlike gather) and
        // NaN set nothing.
        if (id >= 0.0f && id < float(depth))
          d[int64_t(id) * inner + i] = on;
      }
    }
  });
}

void bandPartKernel(const float *x, float *out, int64_t batch, int64_t m,
                    int64_t n, int64_t lower, int64_t upper) {
  parallelFor(batch * m, n, [&](int64_t lo, int64_t hi) {
    for (int64_t t = lo; t < hi; ++t) {
      const int64_t row = t % m;
      for (int64_t col = 0; col < n; ++col) {
        bool keep = (lower < 0 || row - col <= lower) &&
                    (upper < 0 || col - row <= upper);
        out[t * n + col] = keep ? x[t * n + col] : 0.0f;
      }
    }
  });
}

} // namespace orion::rt::cpu
