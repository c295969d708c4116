//===- Autodiff.cpp - The orion-autodiff pass -----------------------------===//
//
// Reverse mode on a whole function: the gradient ops are appended after the
// forward ops, which they read directly (every forward value the backward
// pass needs is saved, as Orion's training kernels return their taps).
// orion-partition later cuts the backward ops into their own kernels by
// the `<stage>_grad` names they carry, and the values they read across
// kernels become the forward kernels' extra outputs.
//
//===----------------------------------------------------------------------===//

#include "GradientRules.h"
#include "PartitionPolicy.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"
#include "Orion/Transforms/Passes.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::orion {
#define GEN_PASS_DEF_ORIONAUTODIFF
#include "Orion/Transforms/Passes.h.inc"
} // namespace mlir::orion

using namespace mlir;
using namespace mlir::orion;

namespace {

constexpr llvm::StringLiteral kRecomputedAttr = "orion.recomputed";

bool isFloatTensor(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  return type && isa<FloatType>(type.getElementType());
}

/// The location of the gradient ops of `op`: its stage `layer0.attn`
/// becomes `layer0_grad.attn`, so backward work forms kernels of its own.
Location gradientLoc(Operation *op) {
  StringRef stage = stageName(op);
  if (stage.empty())
    return op->getLoc();
  auto [head, tail] = stage.split('.');
  std::string name = (head + "_grad").str();
  if (!tail.empty())
    name += ("." + tail).str();
  return NameLoc::get(StringAttr::get(op->getContext(), name), op->getLoc());
}

struct OrionAutodiffPass
    : public mlir::orion::impl::OrionAutodiffBase<OrionAutodiffPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isPrivate() || func.isExternal())
      return;
    if (failed(differentiate(func)))
      signalPassFailure();
  }

  LogicalResult differentiate(func::FuncOp func) {
    if (!func.getBody().hasOneBlock())
      return func.emitError("orion-autodiff: expected a single-block function");
    Block &block = func.getBody().front();
    auto ret = cast<func::ReturnOp>(block.getTerminator());
    if (static_cast<unsigned>(lossResult) >= ret.getNumOperands())
      return func.emitError("orion-autodiff: loss-result ")
             << static_cast<unsigned>(lossResult) << " is out of range: the function has "
             << ret.getNumOperands() << " results";
    Value loss = ret.getOperand(static_cast<unsigned>(lossResult));
    auto lossType = dyn_cast<RankedTensorType>(loss.getType());
    if (!lossType || lossType.getRank() != 0 || !isFloatTensor(loss)) {
      InFlightDiagnostic diag =
          func.emitError("orion-autodiff: result #")
          << static_cast<unsigned>(lossResult)
          << " must be a rank-0 float loss, got " << loss.getType();
      diag.attachNote() << "differentiate a loss function, e.g. `orion "
                           "build-model --step train`, or pick the loss with "
                           "loss-result";
      return diag;
    }

    // Active values depend on a parameter and reach the loss.
    DenseSet<Value> varied, useful{loss};
    for (Operation &op : block.without_terminator()) {
      bool fromParam = isa<ParamOp>(op) ||
                       llvm::any_of(op.getOperands(),
                                    [&](Value v) { return varied.count(v); });
      if (fromParam)
        for (Value r : op.getResults())
          if (isFloatTensor(r))
            varied.insert(r);
    }
    for (Operation &op : llvm::reverse(block.without_terminator()))
      if (llvm::any_of(op.getResults(),
                       [&](Value r) { return useful.count(r); }))
        useful.insert(op.operand_begin(), op.operand_end());
    auto active = [&](Value v) { return varied.count(v) && useful.count(v); };

    OpBuilder b(ret);
    DenseMap<Value, Value> adjoint;
    SmallVector<Operation *> forward;
    for (Operation &op : block.without_terminator())
      forward.push_back(&op);
    DenseSet<Operation *> forwardOps(forward.begin(), forward.end());
    {
      GradientBuilder g{b, gradientLoc(loss.getDefiningOp()
                                           ? loss.getDefiningOp()
                                           : func.getOperation())};
      adjoint[loss] = g.scalar(loss, 1.0);
    }
    for (Operation *op : llvm::reverse(forward)) {
      if (isa<ParamOp, ConstantOp>(op))
        continue;
      SmallVector<Value> resultGrads;
      bool any = false;
      for (Value r : op->getResults()) {
        resultGrads.push_back(adjoint.lookup(r));
        any |= bool(resultGrads.back());
      }
      SmallVector<bool> wanted;
      for (Value v : op->getOperands())
        wanted.push_back(active(v));
      if (!any || llvm::none_of(wanted, [](bool w) { return w; }))
        continue;
      if (op->getNumRegions() != 0 || !isa<OrionDialect>(op->getDialect()))
        return op->emitError("orion-autodiff: cannot differentiate through '")
               << op->getName() << "'";
      GradientBuilder g{b, gradientLoc(op)};
      FailureOr<SmallVector<Value>> grads =
          buildOperandGradients(g, op, resultGrads, wanted);
      if (failed(grads))
        return failure();
      for (auto [operand, grad, want] :
           llvm::zip(op->getOperands(), *grads, wanted)) {
        if (!want || !grad)
          continue;
        Value &slot = adjoint[operand];
        slot = slot ? g.accumulate(slot, grad) : grad;
      }
    }

    // One gradient per parameter name, in order of first use, with the
    // parameter's exact shape.
    llvm::MapVector<StringRef, std::pair<ParamOp, Value>> params;
    for (Operation *op : forward) {
      auto param = dyn_cast<ParamOp>(op);
      if (!param || !adjoint.count(param.getResult()))
        continue;
      GradientBuilder g{b, gradientLoc(param)};
      Value grad = adjoint.lookup(param.getResult());
      auto [it, inserted] =
          params.insert({param.getName(), {param, grad}});
      if (!inserted)
        it->second.second = g.accumulate(it->second.second, grad);
    }
    SmallVector<Value> results(ret.getOperands());
    SmallVector<std::pair<StringRef, ParamOp>> named;
    for (auto &[name, entry] : params) {
      GradientBuilder g{b, gradientLoc(entry.first)};
      results.push_back(g.exact(entry.second, entry.first.getType()));
      named.push_back({name, entry.first});
    }
    unsigned recomputed = 0;
    if (recompute == RecomputePolicy::Pointwise)
      recomputed = recomputePointwise(forwardOps, block);
    auto [saved, bytes] = countSaved(forwardOps, block);
    numGradients += named.size();
    // Statistics need an LLVM built with them; the remark always prints.
    InFlightDiagnostic remark = func.emitRemark()
        << "differentiated @" << func.getSymName() << ": " << named.size()
        << " parameter gradients; the backward pass reads " << saved
        << " forward values ("
        << llvm::formatv("{0:F1}", bytes / 1048576.0).str() << " MiB)";
    if (recompute == RecomputePolicy::Pointwise)
      remark << " and recomputes " << recomputed << " elementwise ops";

    unsigned first = ret.getNumOperands();
    ret->setOperands(results);
    SmallVector<Type> resultTypes(ret.getOperandTypes());
    func.setType(FunctionType::get(func.getContext(),
                                   func.getArgumentTypes(), resultTypes));
    for (auto [i, entry] : llvm::enumerate(named)) {
      StringAttr name = b.getStringAttr(entry.first);
      func.setResultAttr(first + i, "orion.name",
                         b.getStringAttr("grad." + entry.first));
      func.setResultAttr(first + i, "orion.gradient_of", name);
    }
    return success();
  }

  /// Forward values the backward ops read, which the forward kernels must
  /// return.
  static SetVector<Value> savedValues(const DenseSet<Operation *> &forwardOps,
                                      Block &block) {
    SetVector<Value> saved;
    for (Operation &op : block.without_terminator()) {
      if (forwardOps.count(&op))
        continue;
      for (Value v : op.getOperands()) {
        Operation *def = v.getDefiningOp();
        if (def && forwardOps.count(def) && !isa<ParamOp, ConstantOp>(def))
          saved.insert(v);
      }
    }
    return saved;
  }

  /// recompute=pointwise: a saved value that one elementwise op computes
  /// from values the backward pass has anyway (saved values, arguments,
  /// params, constants) is computed again in the backward pass instead, so
  /// the forward kernel returns one tensor fewer (Orion's FFN backward
  /// recomputes silu from h1 the same way). Repeats until nothing changes;
  /// the saved set never grows.
  unsigned recomputePointwise(const DenseSet<Operation *> &forwardOps,
                              Block &block) {
    unsigned count = 0;
    auto pointwise = [](Operation *op) {
      return isa<AddOp, SubOp, MulOp, DivOp, PowOp, NegOp, ExpOp, LogOp,
                 SqrtOp, RsqrtOp, TanhOp, SigmoidOp, SiluOp, CastOp>(op);
    };
    for (bool changed = true; changed;) {
      changed = false;
      SetVector<Value> saved = savedValues(forwardOps, block);
      auto available = [&](Value v) {
        Operation *def = v.getDefiningOp();
        return !def || isa<ParamOp, ConstantOp>(def) || saved.count(v);
      };
      for (Value v : saved) {
        Operation *def = v.getDefiningOp();
        if (!pointwise(def) || !llvm::all_of(def->getOperands(), available))
          continue;
        // One copy, placed before the first backward use.
        Operation *first = nullptr;
        for (Operation *user : v.getUsers())
          if (!forwardOps.count(user) &&
              (!first || user->isBeforeInBlock(first)))
            first = user;
        OpBuilder b(first);
        Operation *copy = b.clone(*def);
        copy->setLoc(gradientLoc(def));
        // Marked, or CSE would merge the copy back into the forward op.
        copy->setAttr(kRecomputedAttr, b.getUnitAttr());
        v.replaceUsesWithIf(copy->getResult(0), [&](OpOperand &use) {
          return !forwardOps.count(use.getOwner());
        });
        ++numRecomputed;
        ++count;
        changed = true;
        break; // the saved set changed
      }
    }
    return count;
  }

  /// Statistics of the forward values the backward ops read, which the
  /// forward kernels must keep until the backward pass.
  std::pair<size_t, uint64_t> countSaved(const DenseSet<Operation *> &forwardOps,
                                         Block &block) {
    SetVector<Value> saved = savedValues(forwardOps, block);
    uint64_t bytes = 0;
    for (Value v : saved) {
      auto type = cast<RankedTensorType>(v.getType());
      bytes += type.getNumElements() *
               ((type.getElementTypeBitWidth() + 7) / 8);
    }
    numSaved += saved.size();
    savedBytes += bytes;
    return {saved.size(), bytes};
  }
};

} // namespace
