//===- GemmKernels.cpp - matmul, linear, conv and attention via BLAS ------===//

#include "orion/devices/cpu/Kernels.h"
#include "orion/devices/cpu/Parallel.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace orion::rt::cpu {

void gemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k,
          float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
          float beta, float *c, int64_t ldc) {
  if (m == 0 || n == 0)
    return;
  if (k == 0) { // BLAS needs lda >= 1; the product of empty dims is 0
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j)
        c[i * ldc + j] = beta == 0.0f ? 0.0f : beta * c[i * ldc + j];
    return;
  }
  // The planner checked every dimension fits in a BLAS int.
  cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
              transB ? CblasTrans : CblasNoTrans, int(m), int(n), int(k), alpha,
              a, int(lda), b, int(ldb), beta, c, int(ldc));
}

namespace {

/// A few rows times y: out[i, :] = sum_k x[i, k] * y[k, :], y row-major with
/// leading dimension ldb. The inner loop runs along y's contiguous rows.
void fewRowsTimes(int64_t m, int64_t n, int64_t k, const float *x,
                  int64_t lda, const float *y, int64_t ldb, float *out) {
  for (int64_t i = 0; i < m; ++i) {
    float *o = out + i * n;
    std::fill(o, o + n, 0.0f);
    for (int64_t t = 0; t < k; ++t) {
      const float a = x[i * lda + t];
      const float *row = y + t * ldb;
      for (int64_t j = 0; j < n; ++j)
        o[j] += a * row[j];
    }
  }
}

/// A few rows times y^T: out[i, j] = x[i, :] . y[j, :], with 8 partial sums
/// so the dot product vectorizes without reassociating one accumulator.
void fewRowsTimesTransposed(int64_t m, int64_t n, int64_t k, const float *x,
                            int64_t lda, const float *y, int64_t ldb,
                            float *out) {
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      const float *a = x + i * lda, *b = y + j * ldb;
      float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      int64_t t = 0;
      for (; t + 8 <= k; t += 8)
        for (int u = 0; u < 8; ++u)
          acc[u] += a[t + u] * b[t + u];
      float sum = 0;
      for (; t < k; ++t)
        sum += a[t] * b[t];
      for (float v : acc)
        sum += v;
      out[i * n + j] = sum;
    }
}

} // namespace

void matmulKernel(const MatmulPlan &p, const float *x, const float *y,
                  float *out) {
  const int64_t batches = int64_t(p.xOffsets.size());
  // A decode step's attention: a few query rows per head against the cache.
  // Per-batch BLAS calls cost more than they compute here, so the batches
  // run on the pool with plain loops.
  if (p.m <= 4 && !p.transX && p.k > 0) {
    parallelFor(batches, p.m * p.n * p.k, [&](int64_t lo, int64_t hi) {
      for (int64_t b = lo; b < hi; ++b) {
        const float *xb = x + p.xOffsets[size_t(b)];
        const float *yb = y + p.yOffsets[size_t(b)];
        float *ob = out + b * p.m * p.n;
        if (p.transY)
          fewRowsTimesTransposed(p.m, p.n, p.k, xb, p.lda, yb, p.ldb, ob);
        else
          fewRowsTimes(p.m, p.n, p.k, xb, p.lda, yb, p.ldb, ob);
      }
    });
    return;
  }
  for (int64_t b = 0; b < batches; ++b)
    gemm(p.transX, p.transY, p.m, p.n, p.k, 1.0f, x + p.xOffsets[size_t(b)],
         p.lda, y + p.yOffsets[size_t(b)], p.ldb, 0.0f, out + b * p.m * p.n,
         p.n);
}

size_t ConvPlan::scratchElements() const {
  if (pointwise)
    return 0;
  return size_t((cin / groups) * kh * kw * oh * ow);
}

// col[(c, i, j), (oy, ox)] = x[c, oy*sh - pt + i*dh, ox*sw - pl + j*dw], or 0
// in the padding.
static void im2col(const ConvPlan &p, const float *x, int64_t cinG,
                   float *col) {
  const int64_t ohw = p.oh * p.ow;
  for (int64_t c = 0; c < cinG; ++c)
    for (int64_t i = 0; i < p.kh; ++i)
      for (int64_t j = 0; j < p.kw; ++j) {
        float *row = col + ((c * p.kh + i) * p.kw + j) * ohw;
        for (int64_t oy = 0; oy < p.oh; ++oy) {
          const int64_t iy = oy * p.strideH - p.padTop + i * p.dilH;
          float *dst = row + oy * p.ow;
          if (iy < 0 || iy >= p.h) {
            std::memset(dst, 0, size_t(p.ow) * sizeof(float));
            continue;
          }
          const float *src = x + (c * p.h + iy) * p.w;
          for (int64_t ox = 0; ox < p.ow; ++ox) {
            const int64_t ix = ox * p.strideW - p.padLeft + j * p.dilW;
            dst[ox] = (ix < 0 || ix >= p.w) ? 0.0f : src[ix];
          }
        }
      }
}

void convKernel(const ConvPlan &p, const float *x, const float *weight,
                const float *bias, float *out, float *scratch) {
  const int64_t cinG = p.cin / p.groups, coutG = p.cout / p.groups;
  const int64_t ohw = p.oh * p.ow, kdim = cinG * p.kh * p.kw;
  for (int64_t n = 0; n < p.n; ++n) {
    const float *xn = x + n * p.cin * p.h * p.w;
    float *on = out + n * p.cout * ohw;
    if (p.pointwise) {
      // [cout, cin] x [cin, H*W]: one GEMM (constraint-free 1x1 fast path).
      gemm(false, false, p.cout, ohw, p.cin, 1.0f, weight, p.cin, xn, ohw, 0.0f,
           on, ohw);
    } else {
      for (int64_t g = 0; g < p.groups; ++g) {
        im2col(p, xn + g * cinG * p.h * p.w, cinG, scratch);
        gemm(false, false, coutG, ohw, kdim, 1.0f, weight + g * coutG * kdim,
             kdim, scratch, ohw, 0.0f, on + g * coutG * ohw, ohw);
      }
    }
    if (bias)
      for (int64_t c = 0; c < p.cout; ++c)
        for (int64_t i = 0; i < ohw; ++i)
          on[c * ohw + i] += bias[c];
  }
}

void attentionKernel(const AttentionPlan &p, const float *q, const float *k,
                     const float *v, const float *mask, float *out,
                     float *scratch) {
  const float scale = 1.0f / std::sqrt(float(p.e));
  const float ninf = -std::numeric_limits<float>::infinity();
  for (int64_t b = 0; b < p.batch; ++b) {
    gemm(false, true, p.l, p.s, p.e, scale, q + b * p.l * p.e, p.e,
         k + b * p.s * p.e, p.e, 0.0f, scratch, p.s);
    if (p.hasMask) {
      const float *m = mask + p.maskOffsets[size_t(b)];
      for (int64_t i = 0; i < p.l; ++i)
        for (int64_t j = 0; j < p.s; ++j) {
          float mv = m[i * p.maskStrideL + j * p.maskStrideS];
          float &sc = scratch[i * p.s + j];
          if (p.boolMask)
            sc = mv != 0.0f ? sc : ninf; // false masks the position out
          else
            sc += mv;
        }
    }
    softmaxKernel(scratch, scratch, p.l, p.s, 1);
    gemm(false, false, p.l, p.ev, p.s, 1.0f, scratch, p.s, v + b * p.s * p.ev,
         p.ev, 0.0f, out + b * p.l * p.ev, p.ev);
  }
}

} // namespace orion::rt::cpu
