//===- FuseProjections.cpp - The orion-fuse-projections pass --------------===//
//
// Linears that share an input become one linear on a concatenated weight
// plus a split. The fused weight stays a named parameter whose
// `orion.fused_from` lists its sources, so weights remain patchable by name.
//
//===----------------------------------------------------------------------===//

#include "Orion/Dialect/Orion/IR/OrionOps.h"
#include "Orion/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace mlir::orion {
#define GEN_PASS_DEF_ORIONFUSEPROJECTIONS
#include "Orion/Transforms/Passes.h.inc"
} // namespace mlir::orion

using namespace mlir;
using namespace mlir::orion;

namespace {

using Group = SmallVector<LinearOp, 3>;

/// The linear that produces `value`, looking through ops that only move or
/// rotate it on the way to an attention operand, and through a concat with
/// a KV cache when exactly one of its inputs comes from a linear.
LinearOp producingLinear(Value value) {
  Operation *def = value.getDefiningOp();
  if (auto linear = dyn_cast_if_present<LinearOp>(def))
    return linear;
  if (isa_and_present<RopeOp, ReshapeOp, TransposeOp, CastOp>(def))
    return producingLinear(def->getOperand(0));
  if (auto concat = dyn_cast_if_present<ConcatOp>(def)) {
    LinearOp found;
    for (Value input : concat.getInputs())
      if (LinearOp linear = producingLinear(input)) {
        if (found)
          return {};
        found = linear;
      }
    return found;
  }
  return {};
}

/// q/k/v linears of each attention, in that order; linears with different
/// inputs or bias-ness (cross-attention, mixed bias) form separate groups.
void collectQKV(func::FuncOp func, SmallVectorImpl<Group> &groups) {
  func.walk([&](AttentionOp attention) {
    SmallVector<Group> byInput;
    for (Value operand : attention->getOperands()) {
      LinearOp linear = producingLinear(operand);
      if (!linear)
        continue;
      auto sameKind = [&](Group &g) {
        return g.front().getInput() == linear.getInput() &&
               !g.front().getBias() == !linear.getBias();
      };
      auto it = llvm::find_if(byInput, sameKind);
      if (it == byInput.end())
        byInput.push_back({linear});
      else if (!llvm::is_contained(*it, linear))
        it->push_back(linear);
    }
    for (Group &g : byInput)
      if (g.size() > 1)
        groups.push_back(g);
  });
}

/// (gate, up) for mul(act(gate x), up x) in either operand order.
void collectGateUp(func::FuncOp func, SmallVectorImpl<Group> &groups) {
  func.walk([&](MulOp mul) {
    for (auto [a, b] : {std::pair(mul.getLhs(), mul.getRhs()),
                        std::pair(mul.getRhs(), mul.getLhs())}) {
      Operation *act = a.getDefiningOp();
      // Any unary elementwise activation: it applies after the split.
      if (!act || !act->hasTrait<OpTrait::orion::Pointwise>() ||
          act->getNumOperands() != 1)
        continue;
      auto gate = act->getOperand(0).getDefiningOp<LinearOp>();
      auto up = b.getDefiningOp<LinearOp>();
      if (gate && up && gate != up && gate.getInput() == up.getInput() &&
          !gate.getBias() == !up.getBias()) {
        groups.push_back({gate, up});
        return;
      }
    }
  });
}

/// Every weight (and bias) a parameter of one dtype and input width, and
/// every linear in one block, so the fused op can replace them all.
bool isFusable(const Group &group) {
  LinearOp first = group.front();
  auto weightType = first.getWeight().getType();
  for (LinearOp linear : group) {
    auto w = linear.getWeight().getType();
    if (!linear.getWeight().getDefiningOp<ParamOp>() ||
        (linear.getBias() && !linear.getBias().getDefiningOp<ParamOp>()) ||
        w.getElementType() != weightType.getElementType() ||
        w.getDimSize(1) != weightType.getDimSize(1) ||
        linear->getBlock() != first->getBlock())
      return false;
  }
  return true;
}

/// `fused(a,b,...)` with `orion.fused_from = [a, b, ...]`: the
/// concatenation of `sources` along axis 0.
Value buildFusedParam(OpBuilder &b, Location loc, ArrayRef<Value> sources) {
  SmallVector<Attribute> names;
  std::string fusedName = "fused(";
  int64_t rows = 0;
  for (Value source : sources) {
    StringRef name = source.getDefiningOp<ParamOp>().getName();
    names.push_back(b.getStringAttr(name));
    fusedName += (names.size() > 1 ? "," : "") + name.str();
    rows += cast<RankedTensorType>(source.getType()).getDimSize(0);
  }
  fusedName += ")";
  auto first = cast<RankedTensorType>(sources.front().getType());
  SmallVector<int64_t> shape(first.getShape());
  shape[0] = rows;
  auto param = ParamOp::create(
      b, loc, RankedTensorType::get(shape, first.getElementType()),
      b.getStringAttr(fusedName));
  param->setAttr(OrionDialect::getFusedFromAttrName(), b.getArrayAttr(names));
  return param;
}


void fuse(const Group &group) {
  LinearOp first = *llvm::min_element(group, [](LinearOp a, LinearOp b) {
    return a->isBeforeInBlock(b);
  });
  OpBuilder b(first);
  SmallVector<Location> locs;
  SmallVector<Value> weights, biases;
  SmallVector<int64_t> sizes;
  for (LinearOp linear : group) {
    locs.push_back(linear.getLoc());
    weights.push_back(linear.getWeight());
    if (linear.getBias())
      biases.push_back(linear.getBias());
    sizes.push_back(linear.getWeight().getType().getDimSize(0));
  }
  Location loc = b.getFusedLoc(locs);
  Value weight = buildFusedParam(b, loc, weights);
  Value bias = biases.empty() ? Value() : buildFusedParam(b, loc, biases);
  auto fused = LinearOp::create(b, loc, first.getInput(), weight, bias);
  int64_t lastAxis = fused.getType().getRank() - 1;
  auto split = SplitOp::create(b, loc, fused, lastAxis, sizes);
  for (auto [linear, piece] : llvm::zip(group, split.getResults())) {
    Operation *op = linear;
    op->getResult(0).replaceAllUsesWith(piece);
    op->erase();
  }
  // The sources' params stay only if something else still reads them.
  llvm::SetVector<Operation *> sources;
  for (Value source : llvm::concat<Value>(weights, biases))
    sources.insert(source.getDefiningOp());
  for (Operation *source : sources)
    if (source->use_empty())
      source->erase();
}

struct OrionFuseProjectionsPass
    : public mlir::orion::impl::OrionFuseProjectionsBase<
          OrionFuseProjectionsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<Group> groups;
    if (qkv)
      collectQKV(getOperation(), groups);
    if (gateUp)
      collectGateUp(getOperation(), groups);
    // A linear joins at most one fusion, the first that claims it.
    llvm::SmallPtrSet<Operation *, 16> claimed;
    for (const Group &group : groups) {
      // Claimed members may already be erased: test before touching them.
      if (llvm::any_of(group,
                       [&](LinearOp l) { return claimed.contains(l); }) ||
          !isFusable(group))
        continue;
      for (LinearOp linear : group)
        claimed.insert(linear);
      fuse(group);
    }
  }
};

} // namespace
