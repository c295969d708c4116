//===- ReductionKernels.cpp - reduce_*, softmax, layer_norm ---------------===//

#include "orion/devices/cpu/Kernels.h"
#include "orion/devices/cpu/Parallel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace orion::rt::cpu {

AxisSplit makeAxisSplit(const Shape &fullShape,
                        const std::vector<int64_t> &fullAxes) {
  // Size-1 dims change no offset: drop them so more splits are contiguous.
  Shape shape;
  std::vector<int64_t> index(fullShape.size(), -1), axes;
  for (size_t i = 0; i < fullShape.size(); ++i)
    if (fullShape[i] != 1) {
      index[i] = int64_t(shape.size());
      shape.push_back(fullShape[i]);
    }
  for (int64_t a : fullAxes)
    if (index[size_t(a)] >= 0)
      axes.push_back(index[size_t(a)]);
  AxisSplit s;
  const size_t rank = shape.size();
  std::vector<bool> reduced(rank, false);
  for (int64_t a : axes)
    reduced[size_t(a)] = true;
  bool ascending = true;
  for (size_t i = 1; i < axes.size(); ++i)
    ascending = ascending && axes[i] == axes[i - 1] + 1;
  if (axes.empty()) {
    s.outer = int64_t(numElements(shape));
    return s;
  }
  if (ascending) {
    for (size_t i = 0; i < rank; ++i) {
      int64_t d = shape[i];
      if (int64_t(i) < axes.front())
        s.outer *= d;
      else if (reduced[i])
        s.r *= d;
      else
        s.inner *= d;
    }
    return s;
  }
  // Offset tables: kept positions row-major, reduced ones in `axes` order.
  s.contiguous = false;
  std::vector<int64_t> strides = stridesOf(shape);
  s.keptOffsets = {0};
  for (size_t i = 0; i < rank; ++i) {
    if (reduced[i])
      continue;
    std::vector<int64_t> next;
    for (int64_t base : s.keptOffsets)
      for (int64_t j = 0; j < shape[i]; ++j)
        next.push_back(base + j * strides[i]);
    s.keptOffsets.swap(next);
  }
  s.reducedOffsets = {0};
  for (int64_t a : axes) {
    std::vector<int64_t> next;
    for (int64_t base : s.reducedOffsets)
      for (int64_t j = 0; j < shape[size_t(a)]; ++j)
        next.push_back(base + j * strides[size_t(a)]);
    s.reducedOffsets.swap(next);
  }
  s.outer = int64_t(s.keptOffsets.size());
  s.r = int64_t(s.reducedOffsets.size());
  s.inner = 1;
  return s;
}

// max/min that keep NaN from either side.
static float maxNaN(float a, float b) { return (a > b || a != a) ? a : b; }
static float minNaN(float a, float b) { return (a < b || a != a) ? a : b; }

template <typename F>
static void reduceWith(F f, float init, float scale, const float *x, float *out,
                       const AxisSplit &s) {
  if (!s.contiguous) {
    parallelFor(s.outer, s.r, [&](int64_t lo, int64_t hi) {
      for (int64_t k = lo; k < hi; ++k) {
        float acc = init;
        const float *base = x + s.keptOffsets[size_t(k)];
        for (int64_t off : s.reducedOffsets)
          acc = f(acc, base[off]);
        out[k] = acc * scale;
      }
    });
    return;
  }
  // [outer, r, inner]: accumulate whole inner rows so the loop vectorizes;
  // the threads split outer, or inner when outer is 1.
  auto block = [&](int64_t o, int64_t ilo, int64_t ihi) {
    float *acc = out + o * s.inner;
    const float *src = x + o * s.r * s.inner;
    for (int64_t i = ilo; i < ihi; ++i)
      acc[i] = init;
    for (int64_t j = 0; j < s.r; ++j) {
      const float *row = src + j * s.inner;
      for (int64_t i = ilo; i < ihi; ++i)
        acc[i] = f(acc[i], row[i]);
    }
    if (scale != 1.0f)
      for (int64_t i = ilo; i < ihi; ++i)
        acc[i] *= scale;
  };
  if (s.outer > 1)
    parallelFor(s.outer, s.r * s.inner, [&](int64_t lo, int64_t hi) {
      for (int64_t o = lo; o < hi; ++o)
        block(o, 0, s.inner);
    });
  else
    parallelFor(s.inner, s.r,
                [&](int64_t lo, int64_t hi) { block(0, lo, hi); });
}

void reduceKernel(ReduceOp op, const float *x, float *out, const AxisSplit &s) {
  const float inf = std::numeric_limits<float>::infinity();
  switch (op) {
  case ReduceOp::Sum:
    return reduceWith([](float a, float b) { return a + b; }, 0.0f, 1.0f, x,
                      out, s);
  case ReduceOp::Mean:
    return reduceWith([](float a, float b) { return a + b; }, 0.0f,
                      1.0f / float(s.r), x, out, s);
  case ReduceOp::Max:
    return reduceWith(maxNaN, -inf, 1.0f, x, out, s);
  case ReduceOp::Min:
    return reduceWith(minNaN, inf, 1.0f, x, out, s);
  }
}

void softmaxKernel(const float *x, float *out, int64_t outer, int64_t axis,
                   int64_t inner) {
  // Blocks of up to 64 inner positions at a time, with stack accumulators
  // (no allocation at eval); the max is subtracted so large inputs do not
  // overflow exp.
  constexpr int64_t kBlock = 64;
  const int64_t blocks = (inner + kBlock - 1) / kBlock;
  parallelFor(outer * blocks, axis * 16, [&](int64_t lo, int64_t hi) {
    float mx[kBlock], sum[kBlock];
    for (int64_t t = lo; t < hi; ++t) {
      const int64_t o = t / blocks, i0 = (t % blocks) * kBlock;
      const int64_t n = std::min(kBlock, inner - i0);
      const float *src = x + o * axis * inner + i0;
      float *dst = out + o * axis * inner + i0;
      for (int64_t i = 0; i < n; ++i) {
        mx[i] = -std::numeric_limits<float>::infinity();
        sum[i] = 0.0f;
      }
      for (int64_t a = 0; a < axis; ++a)
        for (int64_t i = 0; i < n; ++i)
          mx[i] = maxNaN(mx[i], src[a * inner + i]);
      for (int64_t a = 0; a < axis; ++a)
        for (int64_t i = 0; i < n; ++i) {
          float e = std::exp(src[a * inner + i] - mx[i]);
          dst[a * inner + i] = e;
          sum[i] += e;
        }
      for (int64_t a = 0; a < axis; ++a)
        for (int64_t i = 0; i < n; ++i)
          dst[a * inner + i] /= sum[i];
    }
  });
}

void layerNormKernel(const float *x, const float *gamma, const float *beta,
                     float eps, float *out, const AxisSplit &s) {
  // Element j of kept row k sits at base(k) + roff(j) in both x and out.
  auto base = [&](int64_t k) {
    return s.contiguous ? (k / s.inner) * s.r * s.inner + k % s.inner
                        : s.keptOffsets[size_t(k)];
  };
  auto roff = [&](int64_t j) {
    return s.contiguous ? j * s.inner : s.reducedOffsets[size_t(j)];
  };
  parallelFor(s.kept(), s.r * 4, [&](int64_t lo, int64_t hi) {
    for (int64_t k = lo; k < hi; ++k) {
      const int64_t b = base(k);
      double mean = 0.0, var = 0.0;
      for (int64_t j = 0; j < s.r; ++j)
        mean += x[b + roff(j)];
      mean /= double(s.r);
      for (int64_t j = 0; j < s.r; ++j) {
        double d = x[b + roff(j)] - mean;
        var += d * d;
      }
      var /= double(s.r);
      const float rstd = float(1.0 / std::sqrt(var + double(eps)));
      for (int64_t j = 0; j < s.r; ++j) {
        float v = (x[b + roff(j)] - float(mean)) * rstd;
        if (gamma)
          v *= gamma[j];
        if (beta)
          v += beta[j];
        out[b + roff(j)] = v;
      }
    }
  });
}

} // namespace orion::rt::cpu
