//===- PlanScatter.cpp - fill and scatter ---------------------------------===//
//
// An embedding's gradient is scatter(fill(0), ids, d, mode="add"): the zero
// table is written once and only the used rows are touched after that.
//
//===----------------------------------------------------------------------===//

#include "orion/devices/cpu/Kernels.h"
#include "orion/devices/cpu/OpPlanners.h"

#include <algorithm>
#include <cstring>

namespace orion::rt::cpu {

Status planFill(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(dims, b.intsArg(op, "shape"));
  Shape shape;
  for (int64_t d : dims) {
    if (d < 0)
      return b.error(op, "shape has a negative dim " + std::to_string(d));
    shape.push_back(d);
  }
  // MIL's default value is fp32 0.0.
  ORION_TRY(value, b.floatArg(op, "value", 0.0f));
  ORION_TRY(out, b.result(op, 0, shape));
  const size_t n = b.value(out).numel;
  b.emit([=](float *const *p) { std::fill(p[out], p[out] + n, value); });
  return Status::ok();
}

Status planScatter(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(data, b.operand(op, "data"));
  ORION_TRY(indices, b.operand(op, "indices"));
  ORION_TRY(updates, b.operand(op, "updates"));
  const Shape in = b.value(data).shape;
  ORION_TRY(a, b.intArg(op, "axis", 0));
  ORION_TRY(axis, b.axis(op, a, in.size(), "axis"));
  ORION_TRY(mode, b.stringArg(op, "mode", std::string("add")));
  if (mode != "add" && mode != "update")
    return b.error(op, "the cpu device runs scatter modes add and update, "
                       "not \"" + mode + "\"");
  int64_t outer = 1, inner = 1;
  Shape want;
  for (size_t i = 0; i < size_t(axis); ++i) {
    outer *= in[i];
    want.push_back(in[i]);
  }
  for (int64_t d : b.value(indices).shape)
    want.push_back(d);
  for (size_t i = size_t(axis) + 1; i < in.size(); ++i) {
    inner *= in[i];
    want.push_back(in[i]);
  }
  if (b.value(updates).shape != want)
    return b.error(op, "updates must be data.shape[:axis] + indices.shape + "
                       "data.shape[axis+1:]");
  const int64_t dim = in[size_t(axis)];
  const int64_t count = int64_t(b.value(indices).numel);
  const bool add = mode == "add";
  // Scatter into data's own buffer when data dies here (a fill usually
  // does), so the [V, D] table is not copied once more.
  ORION_TRY(reused, b.resultReusing(op, data, in));
  int out = reused;
  if (out < 0) {
    ORION_TRY(fresh, b.result(op, 0, in));
    out = fresh;
  }
  const size_t n = b.value(data).numel;
  const bool copy = reused < 0;
  b.emit([=](float *const *p) {
    if (copy)
      std::memcpy(p[out], p[data], n * sizeof(float));
    scatterKernel(p[indices], p[updates], p[out], outer, dim, count, inner,
                  add);
  });
  return Status::ok();
}

} // namespace orion::rt::cpu
