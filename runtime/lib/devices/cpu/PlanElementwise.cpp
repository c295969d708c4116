//===- PlanElementwise.cpp - Binary, unary and select ops -----------------===//

#include "orion/devices/cpu/Kernels.h"
#include "orion/devices/cpu/OpPlanners.h"

#include <map>

namespace orion::rt::cpu {

Status planBinary(PlanBuilder &b, const milast::Operation &op) {
  static const std::map<std::string, BinaryOp, std::less<>> ops = {
      {"add", BinaryOp::Add},    {"sub", BinaryOp::Sub},
      {"mul", BinaryOp::Mul},    {"real_div", BinaryOp::Div},
      {"pow", BinaryOp::Pow},    {"maximum", BinaryOp::Max},
      {"minimum", BinaryOp::Min}};
  const BinaryOp kind = ops.at(op.op);
  ORION_TRY(x, b.operand(op, "x"));
  ORION_TRY(y, b.operand(op, "y"));
  Broadcast bc;
  std::string err;
  if (!makeBroadcast({b.value(x).shape, b.value(y).shape}, bc, err))
    return b.error(op, err);
  ORION_TRY(out, b.result(op, 0, bc.out));
  b.emit([=](float *const *p) { binaryKernel(kind, p[x], p[y], p[out], bc); });
  return Status::ok();
}

Status planUnary(PlanBuilder &b, const milast::Operation &op) {
  static const std::map<std::string, UnaryOp, std::less<>> ops = {
      {"exp", UnaryOp::Exp},         {"log", UnaryOp::Log},
      {"sqrt", UnaryOp::Sqrt},       {"rsqrt", UnaryOp::Rsqrt},
      {"inverse", UnaryOp::Inverse}, {"tanh", UnaryOp::Tanh},
      {"sigmoid", UnaryOp::Sigmoid}, {"relu", UnaryOp::Relu},
      {"neg", UnaryOp::Neg},         {"identity", UnaryOp::Identity},
      {"erf", UnaryOp::Erf},         {"silu", UnaryOp::Silu},
      {"gelu", UnaryOp::GeluExact}};
  UnaryOp kind = ops.at(op.op);
  if (kind == UnaryOp::GeluExact) {
    ORION_TRY(mode, b.stringArg(op, "mode", std::string("EXACT")));
    if (mode == "TANH_APPROXIMATION")
      kind = UnaryOp::GeluTanh;
    else if (mode == "SIGMOID_APPROXIMATION")
      kind = UnaryOp::GeluSigmoid;
    else if (mode != "EXACT")
      return b.error(op, "unknown gelu mode '" + mode + "'");
  }
  // MIL's default epsilons (MILOps.td).
  float dflt = kind == UnaryOp::Rsqrt     ? 1e-12f
               : kind == UnaryOp::Inverse ? 1e-4f
                                          : 1e-45f;
  ORION_TRY(eps, b.floatArg(op, "epsilon", dflt));
  ORION_TRY(x, b.operand(op, "x"));
  const ValueInfo &xv = b.value(x);
  const size_t n = xv.numel;
  ORION_TRY(out, b.result(op, 0, xv.shape));
  b.emit([=](float *const *p) { unaryKernel(kind, eps, p[x], p[out], n); });
  return Status::ok();
}

Status planSelect(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(cond, b.operand(op, "cond"));
  ORION_TRY(a, b.operand(op, "a"));
  ORION_TRY(bb, b.operand(op, "b"));
  Broadcast bc;
  std::string err;
  if (!makeBroadcast({b.value(cond).shape, b.value(a).shape, b.value(bb).shape},
                     bc, err))
    return b.error(op, err);
  ORION_TRY(out, b.result(op, 0, bc.out));
  b.emit(
      [=](float *const *p) { selectKernel(p[cond], p[a], p[bb], p[out], bc); });
  return Status::ok();
}

} // namespace orion::rt::cpu
