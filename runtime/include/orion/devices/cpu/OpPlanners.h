//===- OpPlanners.h - One planner per MIL op family -------------*- C++ -*-===//

#ifndef ORION_RUNTIME_CPU_OPPLANNERS_H
#define ORION_RUNTIME_CPU_OPPLANNERS_H

#include "cpu/Planner.h"

// `ORION_TRY(v, expr);` declares v = *expr or returns expr's error.
#define ORION_TRY(var, expr)                                                   \
  auto var##_or = (expr);                                                      \
  if (!var##_or)                                                               \
    return var##_or.error();                                                   \
  auto var = std::move(*var##_or)

namespace orion::rt::cpu {

// PlanElementwise.cpp
Status planBinary(PlanBuilder &b, const Operation &op);
Status planUnary(PlanBuilder &b, const Operation &op);
Status planSelect(PlanBuilder &b, const Operation &op);
// PlanReduction.cpp
Status planReduce(PlanBuilder &b, const Operation &op);
Status planSoftmax(PlanBuilder &b, const Operation &op);
Status planLayerNorm(PlanBuilder &b, const Operation &op);
// PlanShape.cpp
Status planReshape(PlanBuilder &b, const Operation &op);
Status planTranspose(PlanBuilder &b, const Operation &op);
Status planSliceByIndex(PlanBuilder &b, const Operation &op);
Status planSliceBySize(PlanBuilder &b, const Operation &op);
Status planCast(PlanBuilder &b, const Operation &op);
Status planExpandDims(PlanBuilder &b, const Operation &op);
Status planSqueeze(PlanBuilder &b, const Operation &op);
// PlanConcat.cpp
Status planConcat(PlanBuilder &b, const Operation &op);
Status planSplit(PlanBuilder &b, const Operation &op);
Status planGather(PlanBuilder &b, const Operation &op);
Status planOneHot(PlanBuilder &b, const Operation &op);
Status planBandPart(PlanBuilder &b, const Operation &op);
// PlanScatter.cpp
Status planFill(PlanBuilder &b, const Operation &op);
Status planScatter(PlanBuilder &b, const Operation &op);
// PlanGemm.cpp
Status planMatmul(PlanBuilder &b, const Operation &op);
Status planLinear(PlanBuilder &b, const Operation &op);
Status planAttention(PlanBuilder &b, const Operation &op);
// PlanConv.cpp
Status planConv(PlanBuilder &b, const Operation &op);

} // namespace orion::rt::cpu

#endif // ORION_RUNTIME_CPU_OPPLANNERS_H
