//===- Kernels.h - The cpu device's compute kernels -------------*- C++ -*-===//
//
// Plain functions over fp32 buffers. Everything shape-dependent (broadcast
// strides, offset tables, GEMM batch offsets) is computed once by the
// planner into the small structs below, so a kernel call does no
// allocation beyond what the planner sized for it.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DEVICES_CPU_KERNELS_H
#define ORION_DEVICES_CPU_KERNELS_H

#include "orion/devices/cpu/Tensor.h"

#include <string>
#include <vector>

namespace orion::rt::cpu {

//===- Elementwise (ElementwiseKernels.cpp) -------------------------------===//

/// numpy broadcasting of several operands, coalesced so the innermost loop
/// is long: `dims` is the iteration space (last = inner), `strides[k]` the
/// strides of operand k over it (0 where it broadcasts).
struct Broadcast {
  Shape out;
  std::vector<int64_t> dims;
  std::vector<std::vector<int64_t>> strides;
  int64_t inner() const { return dims.empty() ? 1 : dims.back(); }
  int64_t rows() const;
  /// Offsets of every operand at the start of row `row`.
  void rowOffsets(int64_t row, int64_t *offsets) const;
};
/// Fails (with `error` set) when the shapes do not broadcast.
bool makeBroadcast(const std::vector<Shape> &shapes, Broadcast &b,
                   std::string &error);

enum class BinaryOp { Add, Sub, Mul, Div, Pow, Max, Min };
void binaryKernel(BinaryOp op, const float *x, const float *y, float *out,
                  const Broadcast &b);
/// out = cond != 0 ? a : b; operands in the order (cond, a, b).
void selectKernel(const float *cond, const float *a, const float *b, float *out,
                  const Broadcast &bc);

enum class UnaryOp {
  Exp,
  Log,
  Sqrt,
  Rsqrt,
  Inverse,
  Tanh,
  Sigmoid,
  Relu,
  Neg,
  Identity,
  Erf,
  Silu,
  GeluExact,
  GeluTanh,
  GeluSigmoid,
};
/// `eps` is used by log, rsqrt and inverse.
void unaryKernel(UnaryOp op, float eps, const float *x, float *out, size_t n);

//===- Reductions and normalization (ReductionKernels.cpp) ----------------===//

/// A tensor split into kept and reduced dims. When the reduced dims are
/// one contiguous run the split is [outer, r, inner]; otherwise offset
/// tables list every kept position and every reduced offset (in the order
/// the axes were given, which is the layout of layer_norm's gamma).
struct AxisSplit {
  bool contiguous = true;
  int64_t outer = 1, r = 1, inner = 1;
  std::vector<int64_t> keptOffsets, reducedOffsets;
  int64_t kept() const { return outer * inner; }
};
/// `axes` are normalized (0 <= a < rank) and distinct.
AxisSplit makeAxisSplit(const Shape &shape, const std::vector<int64_t> &axes);

enum class ReduceOp { Sum, Mean, Max, Min };
void reduceKernel(ReduceOp op, const float *x, float *out, const AxisSplit &s);
/// Softmax over the middle dim of [outer, axis, inner], max-subtracted.
void softmaxKernel(const float *x, float *out, int64_t outer, int64_t axis,
                   int64_t inner);
/// (x - mean) / sqrt(var + eps) * gamma + beta over the reduced dims;
/// gamma/beta are indexed by reduced position and may be null.
void layerNormKernel(const float *x, const float *gamma, const float *beta,
                     float eps, float *out, const AxisSplit &s);

//===- Data movement (ShapeKernels.cpp) -----------------------------------===//

/// dst[i] = src[i] for every index i of `shape`, each side with its own
/// strides (possibly negative on the source, for reversed slices).
void stridedCopy(const float *src, const std::vector<int64_t> &srcStrides,
                 float *dst, const std::vector<int64_t> &dstStrides,
                 const Shape &shape);
/// x viewed as [outer, axisDim, inner]; out as [outer, numIndices, inner].
/// Negative indices count from the end; out-of-range ones give zeros.
void gatherKernel(const float *x, const float *indices, float *out,
                  int64_t outer, int64_t axisDim, int64_t numIndices,
                  int64_t inner);
/// indices viewed as [outer, inner]; out as [outer, depth, inner]: `on`
/// where the middle index equals the id, `off` elsewhere. Ids outside
/// [0, depth) give all `off`.
void oneHotKernel(const float *indices, float *out, int64_t outer,
                  int64_t depth, int64_t inner, float on, float off);
/// out viewed as [outer, axisDim, inner], updates as [outer, numIndices,
/// inner]: slice indices[j] of out gets slice j of updates added (`add`,
/// so repeated ids accumulate) or written. Ids outside [0, axisDim) are
/// skipped (no wrap, like one_hot), so a bad id never writes out of bounds.
void scatterKernel(const float *indices, const float *updates, float *out,
                   int64_t outer, int64_t axisDim, int64_t numIndices,
                   int64_t inner, bool add);
/// Zeroes [batch, m, n] outside the band; a negative bound keeps all.
void bandPartKernel(const float *x, float *out, int64_t batch, int64_t m,
                    int64_t n, int64_t lower, int64_t upper);

//===- GEMM-shaped ops (GemmKernels.cpp, OpenBLAS) ------------------------===//

/// C[M,N] = alpha * op(A) op(B) + beta * C, row-major.
void gemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k,
          float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
          float beta, float *c, int64_t ldc);

/// One GEMM per broadcast batch: x/y offsets of each batch.
struct MatmulPlan {
  int64_t m = 0, n = 0, k = 0;
  bool transX = false, transY = false;
  int64_t lda = 0, ldb = 0;
  std::vector<int64_t> xOffsets, yOffsets;
};
void matmulKernel(const MatmulPlan &p, const float *x, const float *y,
                  float *out);

/// 2-D convolution (1-D is H = 1) over NCHW; im2col + GEMM per group,
/// or a single GEMM per image for 1x1/stride 1/no padding.
struct ConvPlan {
  int64_t n = 1, cin = 0, h = 0, w = 0;
  int64_t cout = 0, kh = 1, kw = 1;
  int64_t oh = 0, ow = 0;
  int64_t strideH = 1, strideW = 1, dilH = 1, dilW = 1;
  int64_t padTop = 0, padLeft = 0;
  int64_t groups = 1;
  bool pointwise = false; // 1x1, stride 1, no padding: no im2col
  size_t scratchElements() const;
};
void convKernel(const ConvPlan &p, const float *x, const float *weight,
                const float *bias, float *out, float *scratch);

/// softmax(q k^T / sqrt(E) + mask) v per batch; mask offsets per batch
/// row-major over [L, S] with the given strides (0 where broadcast).
struct AttentionPlan {
  int64_t batch = 1, l = 0, s = 0, e = 0, ev = 0;
  bool hasMask = false, boolMask = false;
  std::vector<int64_t> maskOffsets; // per batch
  int64_t maskStrideL = 0, maskStrideS = 0;
  size_t scratchElements() const { return size_t(l * s); }
};
void attentionKernel(const AttentionPlan &p, const float *q, const float *k,
                     const float *v, const float *mask, float *out,
                     float *scratch);

//===- fp16 weights (HalfGemmKernels.cpp) ---------------------------------===//

/// out = W x for a weight W [n, k] kept as fp16 bits (row-major, half the
/// bytes of fp32: decode is bound by reading them) and converted inside the
/// kernel; x holds s vectors of k floats. Row layout (linear, matmul): x
/// [s, k], out [s, n]. Channel-major layout (a 1x1 conv over [1, k, 1, s]):
/// x [k, s], out [n, s]. Up to kHalfGemvMaxColumns columns the weights are
/// streamed once, split by rows over the threads (AVX2+FMA+F16C when the CPU
/// has them, else portable C++); above it, row blocks are converted to fp32
/// and multiplied by OpenBLAS sgemm, as fast as fp32 weights.
struct HalfGemm {
  int64_t n = 0, k = 0, s = 0;
  bool channelMajor = false;
  /// Always the portable code (tests compare it with the vector code).
  bool portable = false;
  size_t scratchElements() const;
};
constexpr int64_t kHalfGemvMaxColumns = 8;
/// `bias` (n floats) may be null; `scratch` holds scratchElements() floats.
void halfGemmKernel(const HalfGemm &g, const uint16_t *w, const float *x,
                    const float *bias, float *out, float *scratch);

} // namespace orion::rt::cpu

#endif // ORION_DEVICES_CPU_KERNELS_H
