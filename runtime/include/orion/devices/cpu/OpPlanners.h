//===- OpPlanners.h - One planner per MIL op family -------------*- C++ -*-===//

#ifndef ORION_DEVICES_CPU_OPPLANNERS_H
#define ORION_DEVICES_CPU_OPPLANNERS_H

#include "orion/devices/cpu/Planner.h"

// `ORION_TRY(v, expr);` declares v = *expr or returns expr's error.
#define ORION_TRY(var, expr)                                                   \
  auto var##_or = (expr);                                                      \
  if (!var##_or)                                                               \
    return var##_or.error();                                                   \
  auto var = std::move(*var##_or)

namespace orion::rt::cpu {

// PlanElementwise.cpp
Status planBinary(PlanBuilder &b, const milast::Operation &op);
Status planUnary(PlanBuilder &b, const milast::Operation &op);
Status planSelect(PlanBuilder &b, const milast::Operation &op);
// PlanReduction.cpp
Status planReduce(PlanBuilder &b, const milast::Operation &op);
Status planSoftmax(PlanBuilder &b, const milast::Operation &op);
Status planLayerNorm(PlanBuilder &b, const milast::Operation &op);
// PlanShape.cpp
Status planReshape(PlanBuilder &b, const milast::Operation &op);
Status planTranspose(PlanBuilder &b, const milast::Operation &op);
Status planSliceByIndex(PlanBuilder &b, const milast::Operation &op);
Status planSliceBySize(PlanBuilder &b, const milast::Operation &op);
Status planCast(PlanBuilder &b, const milast::Operation &op);
Status planExpandDims(PlanBuilder &b, const milast::Operation &op);
Status planSqueeze(PlanBuilder &b, const milast::Operation &op);
// PlanConcat.cpp
Status planConcat(PlanBuilder &b, const milast::Operation &op);
Status planSplit(PlanBuilder &b, const milast::Operation &op);
Status planGather(PlanBuilder &b, const milast::Operation &op);
Status planOneHot(PlanBuilder &b, const milast::Operation &op);
Status planBandPart(PlanBuilder &b, const milast::Operation &op);
// PlanScatter.cpp
Status planFill(PlanBuilder &b, const milast::Operation &op);
Status planScatter(PlanBuilder &b, const milast::Operation &op);
// PlanGemm.cpp
Status planMatmul(PlanBuilder &b, const milast::Operation &op);
Status planLinear(PlanBuilder &b, const milast::Operation &op);
Status planAttention(PlanBuilder &b, const milast::Operation &op);
// PlanConv.cpp
Status planConv(PlanBuilder &b, const milast::Operation &op);

} // namespace orion::rt::cpu

#endif // ORION_DEVICES_CPU_OPPLANNERS_H
