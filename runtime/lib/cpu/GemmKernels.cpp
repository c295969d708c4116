//===- GemmKernels.cpp - matmul, linear, conv and attention via BLAS ------===//

#include "cpu/Kernels.h"

#include <cblas.h>

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

void matmulKernel(const MatmulPlan &p, const float *x, const float *y,
                  float *out) {
  for (size_t b = 0; b < p.xOffsets.size(); ++b)
    gemm(p.transX, p.transY, p.m, p.n, p.k, 1.0f, x + p.xOffsets[b], p.lda,
         y + p.yOffsets[b], p.ldb, 0.0f, out + int64_t(b) * p.m * p.n, p.n);
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
