//===- OpTable.cpp - Which MIL ops the cpu device runs --------------------===//

#include "orion/devices/cpu/OpPlanners.h"

#include <map>
#include <string>

namespace orion::rt::cpu {

static Status planConstMarker(PlanBuilder &, const milast::Operation &) {
  return Status::ok(); // const is materialized by the PlanBuilder itself
}

OpPlanner findOpPlanner(std::string_view op) {
  static const std::map<std::string, OpPlanner, std::less<>> table = {
      {"const", planConstMarker},
      {"add", planBinary},
      {"sub", planBinary},
      {"mul", planBinary},
      {"real_div", planBinary},
      {"pow", planBinary},
      {"maximum", planBinary},
      {"minimum", planBinary},
      {"exp", planUnary},
      {"log", planUnary},
      {"sqrt", planUnary},
      {"rsqrt", planUnary},
      {"inverse", planUnary},
      {"tanh", planUnary},
      {"sigmoid", planUnary},
      {"relu", planUnary},
      {"neg", planUnary},
      {"identity", planUnary},
      {"erf", planUnary},
      {"silu", planUnary},
      {"gelu", planUnary},
      {"select", planSelect},
      {"reduce_sum", planReduce},
      {"reduce_mean", planReduce},
      {"reduce_max", planReduce},
      {"reduce_min", planReduce},
      {"softmax", planSoftmax},
      {"layer_norm", planLayerNorm},
      {"reshape", planReshape},
      {"transpose", planTranspose},
      {"slice_by_index", planSliceByIndex},
      {"slice_by_size", planSliceBySize},
      {"cast", planCast},
      {"expand_dims", planExpandDims},
      {"squeeze", planSqueeze},
      {"concat", planConcat},
      {"split", planSplit},
      {"gather", planGather},
      {"one_hot", planOneHot},
      {"fill", planFill},
      {"scatter", planScatter},
      {"band_part", planBandPart},
      {"matmul", planMatmul},
      {"linear", planLinear},
      {"conv", planConv},
      {"scaled_dot_product_attention", planAttention},
  };
  auto it = table.find(op);
  return it == table.end() ? nullptr : it->second;
}

} // namespace orion::rt::cpu
