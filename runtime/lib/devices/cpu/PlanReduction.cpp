//===- PlanReduction.cpp - reduce_*, softmax, layer_norm ------------------===//

#include "orion/devices/cpu/Kernels.h"
#include "orion/devices/cpu/OpPlanners.h"

#include <algorithm>
#include <map>

namespace orion::rt::cpu {

// Normalized, duplicate-free axes (default: all of them).
static Expected<std::vector<int64_t>>
planAxes(PlanBuilder &b, const milast::Operation &op, size_t rank) {
  std::vector<int64_t> all;
  for (size_t i = 0; i < rank; ++i)
    all.push_back(int64_t(i));
  ORION_TRY(axes, b.intsArg(op, "axes", all));
  std::vector<int64_t> out;
  for (int64_t a : axes) {
    ORION_TRY(n, b.axis(op, a, rank, "axis"));
    if (std::find(out.begin(), out.end(), n) != out.end())
      return b.error(op, "axis " + std::to_string(a) + " is repeated");
    out.push_back(n);
  }
  return out;
}

Status planReduce(PlanBuilder &b, const milast::Operation &op) {
  static const std::map<std::string, ReduceOp, std::less<>> ops = {
      {"reduce_sum", ReduceOp::Sum},
      {"reduce_mean", ReduceOp::Mean},
      {"reduce_max", ReduceOp::Max},
      {"reduce_min", ReduceOp::Min}};
  const ReduceOp kind = ops.at(op.op);
  ORION_TRY(x, b.operand(op, "x"));
  const Shape in = b.value(x).shape;
  ORION_TRY(axes, planAxes(b, op, in.size()));
  ORION_TRY(keep, b.boolArg(op, "keep_dims", false));
  Shape outShape;
  for (size_t i = 0; i < in.size(); ++i) {
    bool reduced = std::count(axes.begin(), axes.end(), int64_t(i)) != 0;
    if (!reduced)
      outShape.push_back(in[i]);
    else if (keep)
      outShape.push_back(1);
  }
  std::sort(axes.begin(), axes.end()); // order is irrelevant to a reduction
  AxisSplit split = makeAxisSplit(in, axes);
  ORION_TRY(out, b.result(op, 0, outShape));
  b.emit([=](float *const *p) { reduceKernel(kind, p[x], p[out], split); });
  return Status::ok();
}

Status planSoftmax(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(x, b.operand(op, "x"));
  const Shape in = b.value(x).shape;
  ORION_TRY(a, b.intArg(op, "axis", -1));
  ORION_TRY(ax, b.axis(op, a, in.size(), "axis"));
  int64_t outer = 1, inner = 1;
  for (size_t i = 0; i < in.size(); ++i)
    (int64_t(i) < ax ? outer : inner) *= int64_t(i) == ax ? 1 : in[i];
  const int64_t dim = in.empty() ? 1 : in[size_t(ax)];
  ORION_TRY(out, b.result(op, 0, in));
  b.emit(
      [=](float *const *p) { softmaxKernel(p[x], p[out], outer, dim, inner); });
  return Status::ok();
}

Status planLayerNorm(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(x, b.operand(op, "x"));
  const Shape in = b.value(x).shape;
  ORION_TRY(axes, planAxes(b, op, in.size()));
  ORION_TRY(eps, b.floatArg(op, "epsilon", 1e-5f));
  Shape normShape; // gamma and beta: x.shape[axes], in the order given
  for (int64_t a : axes)
    normShape.push_back(in[size_t(a)]);
  int gamma = -1, beta = -1;
  for (const char *arg : {"gamma", "beta"}) {
    if (!b.has(op, arg))
      continue;
    ORION_TRY(id, b.operand(op, arg));
    if (b.value(id).shape != normShape)
      return b.error(op, std::string(arg) + " is " +
                             shapeString(b.value(id).shape) + ", expected " +
                             shapeString(normShape));
    (arg[0] == 'g' ? gamma : beta) = id;
  }
  AxisSplit split = makeAxisSplit(in, axes);
  ORION_TRY(out, b.result(op, 0, in));
  b.emit([=](float *const *p) {
    layerNormKernel(p[x], gamma >= 0 ? p[gamma] : nullptr,
                    beta >= 0 ? p[beta] : nullptr, eps, p[out], split);
  });
  return Status::ok();
}

} // namespace orion::rt::cpu
