//===- PlanConcat.cpp - concat, split, gather, one_hot, band_part ---------===//

#include "orion/devices/cpu/Kernels.h"
#include "orion/devices/cpu/OpPlanners.h"

namespace orion::rt::cpu {

Status planConcat(PlanBuilder &b, const milast::Operation &op) {
  const milast::Value *values = op.argument("values");
  const milast::Tuple *tuple = values ? values->get<milast::Tuple>() : nullptr;
  if (!tuple || tuple->elements.empty())
    return b.error(op, "values must be a non-empty tuple");
  std::vector<int> ids;
  for (const milast::Value &v : tuple->elements) {
    ORION_TRY(id, b.operandValue(op, "values", v));
    ids.push_back(id);
  }
  const Shape first = b.value(ids[0]).shape;
  ORION_TRY(a, b.intArg(op, "axis"));
  ORION_TRY(axis, b.axis(op, a, first.size(), "axis"));
  ORION_TRY(interleave, b.boolArg(op, "interleave", false));
  Shape outShape = first;
  outShape[size_t(axis)] = 0;
  for (int id : ids) {
    const Shape &s = b.value(id).shape;
    bool ok = s.size() == first.size();
    for (size_t i = 0; ok && i < s.size(); ++i)
      ok = int64_t(i) == axis || s[i] == first[i];
    if (!ok || (interleave && s != first))
      return b.error(op, "cannot concat " + shapeString(s) + " with " +
                             shapeString(first) + " on axis " +
                             std::to_string(axis));
    outShape[size_t(axis)] += s[size_t(axis)];
  }
  ORION_TRY(out, b.result(op, 0, outShape));
  // Each input is one strided copy into its place in the result; with
  // interleave the inputs alternate along the axis.
  const std::vector<int64_t> outStrides = stridesOf(outShape);
  int64_t offset = 0;
  for (size_t k = 0; k < ids.size(); ++k) {
    const int src = ids[k];
    const Shape shape = b.value(src).shape;
    std::vector<int64_t> dst = outStrides;
    int64_t at = offset;
    if (interleave) {
      dst[size_t(axis)] *= int64_t(ids.size());
      at = int64_t(k) * outStrides[size_t(axis)];
    }
    const std::vector<int64_t> srcStrides = stridesOf(shape);
    b.emit([=](float *const *p) {
      stridedCopy(p[src], srcStrides, p[out] + at, dst, shape);
    });
    offset += shape[size_t(axis)] * outStrides[size_t(axis)];
  }
  return Status::ok();
}

Status planSplit(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(x, b.operand(op, "x"));
  const Shape in = b.value(x).shape;
  ORION_TRY(a, b.intArg(op, "axis"));
  ORION_TRY(axis, b.axis(op, a, in.size(), "axis"));
  const int64_t dim = in[size_t(axis)];
  const size_t n = op.results.size();
  std::vector<int64_t> sizes;
  if (b.has(op, "split_sizes")) {
    ORION_TRY(s, b.intsArg(op, "split_sizes"));
    sizes = s;
  } else {
    ORION_TRY(num, b.intArg(op, "num_splits", int64_t(n)));
    if (num <= 0 || dim % num != 0)
      return b.error(op, "cannot split dim " + std::to_string(dim) + " into " +
                             std::to_string(num) + " equal parts");
    sizes.assign(size_t(num), dim / num);
  }
  int64_t total = 0;
  bool negative = false;
  for (int64_t s : sizes) {
    total += s;
    negative = negative || s < 0;
  }
  if (sizes.size() != n || total != dim || negative)
    return b.error(op, "split sizes do not cover dim " + std::to_string(dim) +
                           " with " + std::to_string(n) + " results");
  const std::vector<int64_t> inStrides = stridesOf(in);
  int64_t start = 0;
  for (size_t k = 0; k < n; ++k) {
    Shape shape = in;
    shape[size_t(axis)] = sizes[k];
    ORION_TRY(out, b.result(op, k, shape));
    const int64_t offset = start * inStrides[size_t(axis)];
    const std::vector<int64_t> dst = stridesOf(shape);
    b.emit([=](float *const *p) {
      stridedCopy(p[x] + offset, inStrides, p[out], dst, shape);
    });
    start += sizes[k];
  }
  return Status::ok();
}

Status planGather(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(x, b.operand(op, "x"));
  ORION_TRY(indices, b.operand(op, "indices"));
  const Shape in = b.value(x).shape;
  ORION_TRY(a, b.intArg(op, "axis", 0));
  ORION_TRY(axis, b.axis(op, a, in.size(), "axis"));
  int64_t outer = 1, inner = 1;
  Shape outShape;
  for (size_t i = 0; i < size_t(axis); ++i) {
    outer *= in[i];
    outShape.push_back(in[i]);
  }
  for (int64_t d : b.value(indices).shape)
    outShape.push_back(d);
  for (size_t i = size_t(axis) + 1; i < in.size(); ++i) {
    inner *= in[i];
    outShape.push_back(in[i]);
  }
  const int64_t dim = in[size_t(axis)];
  const int64_t count = int64_t(b.value(indices).numel);
  ORION_TRY(out, b.result(op, 0, outShape));
  b.requireIndexRange(indices, dim);
  b.emit([=](float *const *p) {
    gatherKernel(p[x], p[indices], p[out], outer, dim, count, inner);
  });
  return Status::ok();
}

Status planOneHot(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(indices, b.operand(op, "indices"));
  const Shape ids = b.value(indices).shape;
  ORION_TRY(depth, b.intArg(op, "one_hot_vector_size"));
  if (depth < 0)
    return b.error(op, "one_hot_vector_size must be non-negative, got " +
                           std::to_string(depth));
  // The new dim is an axis of the result, which has one more dim.
  ORION_TRY(a, b.intArg(op, "axis", -1));
  ORION_TRY(axis, b.axis(op, a, ids.size() + 1, "axis"));
  // MIL's defaults are int32 1 and 0.
  ORION_TRY(on, b.floatArg(op, "on_value", 1.0f));
  ORION_TRY(off, b.floatArg(op, "off_value", 0.0f));
  int64_t outer = 1, inner = 1;
  Shape outShape;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (int64_t(i) == axis)
      outShape.push_back(depth);
    (int64_t(i) < axis ? outer : inner) *= ids[i];
    outShape.push_back(ids[i]);
  }
  if (axis == int64_t(ids.size()))
    outShape.push_back(depth);
  ORION_TRY(out, b.result(op, 0, outShape));
  b.emit([=](float *const *p) {
    oneHotKernel(p[indices], p[out], outer, depth, inner, on, off);
  });
  return Status::ok();
}

Status planBandPart(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(x, b.operand(op, "x"));
  const Shape in = b.value(x).shape;
  if (in.size() < 2)
    return b.error(op, "x needs rank >= 2");
  ORION_TRY(lower, b.intArg(op, "lower", -1));
  ORION_TRY(upper, b.intArg(op, "upper", -1));
  const int64_t m = in[in.size() - 2], n = in.back();
  const int64_t batch = int64_t(numElements(in)) / std::max<int64_t>(m * n, 1);
  ORION_TRY(out, b.result(op, 0, in));
  b.emit([=](float *const *p) {
    bandPartKernel(p[x], p[out], batch, m, n, lower, upper);
  });
  return Status::ok();
}

} // namespace orion::rt::cpu
