//===- ElementwiseKernels.cpp - Broadcast binary, unary and select --------===//

#include "orion/devices/cpu/Kernels.h"
#include "orion/devices/cpu/Parallel.h"

#include <cmath>

namespace orion::rt::cpu {

int64_t Broadcast::rows() const {
  int64_t r = 1;
  for (size_t i = 0; i + 1 < dims.size(); ++i)
    r *= dims[i];
  return r;
}

void Broadcast::rowOffsets(int64_t row, int64_t *offsets) const {
  for (size_t k = 0; k < strides.size(); ++k)
    offsets[k] = 0;
  for (size_t i = dims.size() - 1; i-- > 0;) {
    int64_t idx = row % dims[i];
    row /= dims[i];
    for (size_t k = 0; k < strides.size(); ++k)
      offsets[k] += idx * strides[k][i];
  }
}

bool makeBroadcast(const std::vector<Shape> &shapes, Broadcast &b,
                   std::string &error) {
  size_t rank = 0;
  for (const Shape &s : shapes)
    rank = std::max(rank, s.size());
  b.out.assign(rank, 1);
  for (const Shape &s : shapes)
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t &o = b.out[rank - s.size() + i];
      if (s[i] == o || s[i] == 1)
        continue;
      if (o != 1) {
        error = "shapes do not broadcast (" + shapeString(shapes[0]);
        for (size_t k = 1; k < shapes.size(); ++k)
          error += " vs " + shapeString(shapes[k]);
        error += ")";
        return false;
      }
      o = s[i];
    }
  // Full-rank strides (0 where an operand broadcasts), dropping size-1 dims.
  b.dims.clear();
  b.strides.assign(shapes.size(), {});
  std::vector<std::vector<int64_t>> full(shapes.size());
  for (size_t k = 0; k < shapes.size(); ++k) {
    Shape padded(rank - shapes[k].size(), 1);
    padded.insert(padded.end(), shapes[k].begin(), shapes[k].end());
    std::vector<int64_t> st = stridesOf(padded);
    for (size_t i = 0; i < rank; ++i)
      if (padded[i] == 1)
        st[i] = 0;
    full[k] = st;
  }
  for (size_t i = 0; i < rank; ++i) {
    if (b.out[i] == 1)
      continue;
    // Merge with the previous dim when every operand walks both as one.
    bool merge = !b.dims.empty();
    for (size_t k = 0; merge && k < shapes.size(); ++k)
      merge = b.strides[k].back() == full[k][i] * b.out[i];
    if (merge) {
      b.dims.back() *= b.out[i];
      for (size_t k = 0; k < shapes.size(); ++k)
        b.strides[k].back() = full[k][i];
      continue;
    }
    b.dims.push_back(b.out[i]);
    for (size_t k = 0; k < shapes.size(); ++k)
      b.strides[k].push_back(full[k][i]);
  }
  if (b.dims.empty()) {
    b.dims.push_back(1);
    for (auto &s : b.strides)
      s.push_back(0);
  }
  return true;
}

// Calls body(outOffset, operandOffsets, length) over contiguous output
// segments, in parallel when large.
template <typename Body>
static void forSegments(const Broadcast &b, int64_t work, const Body &body) {
  int64_t rows = b.rows(), inner = b.inner();
  if (numElements(b.out) == 0)
    return;
  if (rows == 1) {
    parallelFor(inner, work, [&](int64_t lo, int64_t hi) {
      int64_t offs[3] = {0, 0, 0};
      for (size_t k = 0; k < b.strides.size(); ++k)
        offs[k] = lo * b.strides[k].back();
      body(lo, offs, hi - lo);
    });
    return;
  }
  parallelFor(rows, inner * work, [&](int64_t lo, int64_t hi) {
    int64_t offs[3];
    for (int64_t r = lo; r < hi; ++r) {
      b.rowOffsets(r, offs);
      body(r * inner, offs, inner);
    }
  });
}

template <typename F>
static void binaryLoop(F f, const float *x, const float *y, float *out,
                       const Broadcast &b) {
  const int64_t sx = b.strides[0].back(), sy = b.strides[1].back();
  forSegments(b, 1, [&](int64_t o, const int64_t *off, int64_t len) {
    const float *xp = x + off[0], *yp = y + off[1];
    float *op = out + o;
    // The common stride patterns get loops the compiler can vectorize.
    if (sx == 1 && sy == 1) {
      for (int64_t i = 0; i < len; ++i)
        op[i] = f(xp[i], yp[i]);
    } else if (sx == 1 && sy == 0) {
      const float yv = *yp;
      for (int64_t i = 0; i < len; ++i)
        op[i] = f(xp[i], yv);
    } else if (sx == 0 && sy == 1) {
      const float xv = *xp;
      for (int64_t i = 0; i < len; ++i)
        op[i] = f(xv, yp[i]);
    } else {
      for (int64_t i = 0; i < len; ++i)
        op[i] = f(xp[i * sx], yp[i * sy]);
    }
  });
}

void binaryKernel(BinaryOp op, const float *x, const float *y, float *out,
                  const Broadcast &b) {
  switch (op) {
  case BinaryOp::Add:
    return binaryLoop([](float a, float c) { return a + c; }, x, y, out, b);
  case BinaryOp::Sub:
    return binaryLoop([](float a, float c) { return a - c; }, x, y, out, b);
  case BinaryOp::Mul:
    return binaryLoop([](float a, float c) { return a * c; }, x, y, out, b);
  case BinaryOp::Div:
    return binaryLoop([](float a, float c) { return a / c; }, x, y, out, b);
  case BinaryOp::Pow:
    return binaryLoop([](float a, float c) { return std::pow(a, c); }, x, y,
                      out, b);
  // NaN in either operand propagates (std::fmax would drop it).
  case BinaryOp::Max:
    return binaryLoop(
        [](float a, float c) { return (a > c || a != a) ? a : c; }, x, y, out,
        b);
  case BinaryOp::Min:
    return binaryLoop(
        [](float a, float c) { return (a < c || a != a) ? a : c; }, x, y, out,
        b);
  }
}

void selectKernel(const float *cond, const float *a, const float *b, float *out,
                  const Broadcast &bc) {
  const int64_t sc = bc.strides[0].back(), sa = bc.strides[1].back(),
                sb = bc.strides[2].back();
  forSegments(bc, 1, [&](int64_t o, const int64_t *off, int64_t len) {
    for (int64_t i = 0; i < len; ++i)
      out[o + i] = cond[off[0] + i * sc] != 0.0f ? a[off[1] + i * sa]
                                                 : b[off[2] + i * sb];
  });
}

template <typename F>
static void unaryLoop(F f, const float *x, float *out, size_t n, int64_t work) {
  parallelFor(int64_t(n), work, [&](int64_t lo, int64_t hi) {
    for (int64_t i = lo; i < hi; ++i)
      out[i] = f(x[i]);
  });
}

static float sigmoid(float v) { return 1.0f / (1.0f + std::exp(-v)); }

void unaryKernel(UnaryOp op, float eps, const float *x, float *out, size_t n) {
  switch (op) {
  case UnaryOp::Exp:
    return unaryLoop([](float v) { return std::exp(v); }, x, out, n, 8);
  case UnaryOp::Log:
    return unaryLoop([eps](float v) { return std::log(v + eps); }, x, out, n,
                     8);
  case UnaryOp::Sqrt:
    return unaryLoop([](float v) { return std::sqrt(v); }, x, out, n, 4);
  case UnaryOp::Rsqrt:
    return unaryLoop([eps](float v) { return 1.0f / std::sqrt(v + eps); }, x,
                     out, n, 4);
  case UnaryOp::Inverse:
    return unaryLoop([eps](float v) { return 1.0f / (v + eps); }, x, out, n, 2);
  case UnaryOp::Tanh:
    return unaryLoop([](float v) { return std::tanh(v); }, x, out, n, 8);
  case UnaryOp::Sigmoid:
    return unaryLoop(sigmoid, x, out, n, 8);
  case UnaryOp::Relu: // written so NaN propagates
    return unaryLoop([](float v) { return v < 0.0f ? 0.0f : v; }, x, out, n, 1);
  case UnaryOp::Neg:
    return unaryLoop([](float v) { return -v; }, x, out, n, 1);
  case UnaryOp::Identity:
    return unaryLoop([](float v) { return v; }, x, out, n, 1);
  case UnaryOp::Erf:
    return unaryLoop([](float v) { return std::erf(v); }, x, out, n, 8);
  case UnaryOp::Silu:
    return unaryLoop([](float v) { return v * sigmoid(v); }, x, out, n, 8);
  case UnaryOp::GeluExact:
    return unaryLoop(
        [](float v) {
          return 0.5f * v * (1.0f + std::erf(v * 0.70710678118654752f));
        },
        x, out, n, 8);
  case UnaryOp::GeluTanh:
    return unaryLoop(
        [](float v) {
          const float k = 0.79788456080286536f; // sqrt(2/pi)
          return 0.5f * v * (1.0f + std::tanh(k * (v + 0.044715f * v * v * v)));
        },
        x, out, n, 8);
  case UnaryOp::GeluSigmoid:
    return unaryLoop([](float v) { return v * sigmoid(1.702f * v); }, x, out, n,
                     8);
  }
}

} // namespace orion::rt::cpu
