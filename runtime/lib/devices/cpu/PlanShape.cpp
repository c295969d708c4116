//===- PlanShape.cpp - reshape, transpose, slices, cast, expand/squeeze ---===//

#include "orion/devices/cpu/Kernels.h"
#include "orion/devices/cpu/OpPlanners.h"

#include <algorithm>
#include <cstring>

namespace orion::rt::cpu {

// Result `k` := a flat copy of x with a new shape (reshape, cast, ...).
static Status emitFlatCopy(PlanBuilder &b, const milast::Operation &op, int x,
                           const Shape &shape) {
  ORION_TRY(out, b.result(op, 0, shape));
  const size_t n = b.value(x).numel;
  b.emit(
      [=](float *const *p) { std::memcpy(p[out], p[x], n * sizeof(float)); });
  return Status::ok();
}

Status planReshape(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(x, b.operand(op, "x"));
  const Shape in = b.value(x).shape;
  ORION_TRY(shape, b.intsArg(op, "shape"));
  // 0 copies x's dim (only when the ranks match); one -1 is inferred.
  int64_t known = 1, inferAt = -1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 0 && shape.size() == in.size())
      shape[i] = in[i];
    if (shape[i] == -1) {
      if (inferAt >= 0)
        return b.error(op, "shape has more than one -1");
      inferAt = int64_t(i);
    } else if (shape[i] < 0) {
      return b.error(op,
                     "shape has negative entry " + std::to_string(shape[i]));
    } else {
      known *= shape[i];
    }
  }
  const int64_t total = int64_t(numElements(in));
  if (inferAt >= 0) {
    if (known == 0 || total % known != 0)
      return b.error(op, "cannot infer -1: " + std::to_string(total) +
                             " elements into " + shapeString(shape));
    shape[size_t(inferAt)] = total / known;
  } else if (known != total) {
    return b.error(op, "cannot reshape " + shapeString(in) + " to " +
                           shapeString(shape));
  }
  // Row-major order is unchanged: when x dies here, its buffer is the result.
  ORION_TRY(reused, b.resultReusing(op, x, shape));
  if (reused >= 0)
    return Status::ok();
  return emitFlatCopy(b, op, x, shape);
}

Status planTranspose(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(x, b.operand(op, "x"));
  const Shape in = b.value(x).shape;
  ORION_TRY(perm, b.intsArg(op, "perm"));
  if (perm.size() != in.size())
    return b.error(op, "perm has " + std::to_string(perm.size()) +
                           " entries for rank " + std::to_string(in.size()));
  std::vector<bool> seen(in.size(), false);
  Shape outShape;
  std::vector<int64_t> inStrides = stridesOf(in), srcStrides;
  for (int64_t a : perm) {
    ORION_TRY(n, b.axis(op, a, in.size(), "perm entry"));
    if (seen[size_t(n)])
      return b.error(op, "perm is not a permutation");
    seen[size_t(n)] = true;
    outShape.push_back(in[size_t(n)]);
    srcStrides.push_back(inStrides[size_t(n)]);
  }
  ORION_TRY(out, b.result(op, 0, outShape));
  const std::vector<int64_t> dstStrides = stridesOf(outShape);
  b.emit([=](float *const *p) {
    stridedCopy(p[x], srcStrides, p[out], dstStrides, outShape);
  });
  return Status::ok();
}

// Emits out := x[offset + sum(i_k * srcStrides[k])] over `shape`.
static void emitGather(PlanBuilder &b, int x, int64_t offset,
                       std::vector<int64_t> srcStrides, int out,
                       const Shape &shape) {
  const std::vector<int64_t> dstStrides = stridesOf(shape);
  b.emit([=](float *const *p) {
    stridedCopy(p[x] + offset, srcStrides, p[out], dstStrides, shape);
  });
}

Status planSliceByIndex(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(x, b.operand(op, "x"));
  const Shape in = b.value(x).shape;
  const size_t rank = in.size();
  ORION_TRY(begin, b.intsArg(op, "begin"));
  ORION_TRY(end, b.intsArg(op, "end"));
  ORION_TRY(stride, b.intsArg(op, "stride", std::vector<int64_t>(rank, 1)));
  ORION_TRY(beginMask, b.boolsArg(op, "begin_mask", rank));
  ORION_TRY(endMask, b.boolsArg(op, "end_mask", rank));
  ORION_TRY(squeezeMask, b.boolsArg(op, "squeeze_mask", rank));
  if (begin.size() != rank || end.size() != rank || stride.size() != rank)
    return b.error(op, "begin, end and stride need " + std::to_string(rank) +
                           " entries");
  const std::vector<int64_t> inStrides = stridesOf(in);
  Shape counts, outShape;
  std::vector<int64_t> srcStrides;
  int64_t offset = 0;
  for (size_t i = 0; i < rank; ++i) {
    const int64_t d = in[i], s = stride[i];
    if (s == 0)
      return b.error(op, "stride " + std::to_string(i) + " is 0");
    // numpy's rules: negative indices count from the end, then clamp to
    // [0, d] going forward or [-1, d-1] going backward.
    auto norm = [&](int64_t v) {
      if (v < 0)
        v += d;
      return s > 0 ? std::clamp<int64_t>(v, 0, d)
                   : std::clamp<int64_t>(v, -1, d - 1);
    };
    int64_t lo = beginMask[i] ? (s > 0 ? 0 : d - 1) : norm(begin[i]);
    int64_t hi = endMask[i] ? (s > 0 ? d : -1) : norm(end[i]);
    int64_t n = s > 0 ? (hi - lo + s - 1) / s : (lo - hi - s - 1) / -s;
    n = std::max<int64_t>(n, 0);
    if (squeezeMask[i]) {
      lo = begin[i] < 0 ? begin[i] + d : begin[i];
      if (lo < 0 || lo >= d)
        return b.error(op, "squeezed index " + std::to_string(begin[i]) +
                               " is out of range for dim " + std::to_string(d));
      n = 1;
    } else {
      outShape.push_back(n);
    }
    if (n > 0)
      offset += lo * inStrides[i];
    counts.push_back(n);
    srcStrides.push_back(inStrides[i] * s);
  }
  ORION_TRY(out, b.result(op, 0, outShape));
  if (numElements(counts) > 0)
    emitGather(b, x, offset, srcStrides, out, counts);
  return Status::ok();
}

Status planSliceBySize(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(x, b.operand(op, "x"));
  const Shape in = b.value(x).shape;
  ORION_TRY(begin, b.intsArg(op, "begin"));
  ORION_TRY(size, b.intsArg(op, "size"));
  if (begin.size() != in.size() || size.size() != in.size())
    return b.error(op, "begin and size need " + std::to_string(in.size()) +
                           " entries");
  const std::vector<int64_t> inStrides = stridesOf(in);
  Shape outShape;
  int64_t offset = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    int64_t lo = begin[i] < 0 ? begin[i] + in[i] : begin[i];
    int64_t n = size[i] == -1 ? in[i] - lo : size[i];
    if (lo < 0 || n < 0 || lo + n > in[i])
      return b.error(op, "slice [" + std::to_string(begin[i]) + ", size " +
                             std::to_string(size[i]) +
                             ") is out of range for dim " +
                             std::to_string(in[i]));
    offset += lo * inStrides[i];
    outShape.push_back(n);
  }
  ORION_TRY(out, b.result(op, 0, outShape));
  emitGather(b, x, offset, inStrides, out, outShape);
  return Status::ok();
}

Status planCast(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(dtype, b.stringArg(op, "dtype"));
  auto dt = parseDType(dtype);
  if (!dt || *dt == DType::String)
    return b.error(op, "cannot cast to '" + dtype + "'");
  if (!op.results.empty() && op.results[0].type.dtype != dtype)
    return b.error(op, "result is declared " + op.results[0].type.dtype +
                           " but dtype is '" + dtype + "'");
  // A float cast of fp16 const bits (a weight stored as fp16) is those
  // bits again: GEMM kernels convert them as they read, and any other op
  // gets the exact fp32 values.
  ORION_TRY(half, b.halfOperand(op, "x"));
  if (half >= 0 && isFloat(*dt)) {
    ORION_TRY(id, b.halfResult(op, half));
    (void)id;
    return Status::ok();
  }
  ORION_TRY(x, b.operand(op, "x"));
  // The value conversion itself is the planner's per-result finalize step.
  return emitFlatCopy(b, op, x, b.value(x).shape);
}

Status planExpandDims(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(x, b.operand(op, "x"));
  const Shape in = b.value(x).shape;
  ORION_TRY(axes, b.intsArg(op, "axes"));
  const size_t rank = in.size() + axes.size();
  std::vector<bool> inserted(rank, false);
  for (int64_t a : axes) {
    ORION_TRY(n, b.axis(op, a, rank, "axis"));
    if (inserted[size_t(n)])
      return b.error(op, "axis " + std::to_string(a) + " is repeated");
    inserted[size_t(n)] = true;
  }
  Shape outShape;
  size_t next = 0;
  for (size_t i = 0; i < rank; ++i)
    outShape.push_back(inserted[i] ? 1 : in[next++]);
  return emitFlatCopy(b, op, x, outShape);
}

Status planSqueeze(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(x, b.operand(op, "x"));
  const Shape in = b.value(x).shape;
  std::vector<bool> drop(in.size(), false);
  if (b.has(op, "axes")) {
    ORION_TRY(axes, b.intsArg(op, "axes"));
    for (int64_t a : axes) {
      ORION_TRY(n, b.axis(op, a, in.size(), "axis"));
      if (in[size_t(n)] != 1)
        return b.error(op, "cannot squeeze axis " + std::to_string(a) +
                               " of size " + std::to_string(in[size_t(n)]));
      drop[size_t(n)] = true;
    }
  } else {
    for (size_t i = 0; i < in.size(); ++i)
      drop[i] = in[i] == 1;
  }
  Shape outShape;
  for (size_t i = 0; i < in.size(); ++i)
    if (!drop[i])
      outShape.push_back(in[i]);
  return emitFlatCopy(b, op, x, outShape);
}

} // namespace orion::rt::cpu
