//===- Autodiff.cpp - The orion-autodiff pass -----------------------------===//
//
// Reverse mode on a whole function: the gradient ops are appended after the
// forward ops, which they read directly (every forward value the backward
// pass needs is saved, as mechramc/Orion's training kernels return their
// taps).
// orion-partition later cuts the backward ops into their own kernels by
// the `<stage>_grad` names they carry, and the values they read across
// kernels become the forward kernels' extra outputs.
//
//===----------------------------------------------------------------------===//

#include "GradientRules.h"
#include "PartitionPolicy.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"
#include "Orion/Transforms/Passes.h"
#include "orion/model/Protocol.h"

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

  /// The loss value, or a diagnostic when result `lossResult` is not one.
  FailureOr<Value> findLoss(func::FuncOp func, func::ReturnOp ret) {
    unsigned index = lossResult;
    if (index >= ret.getNumOperands())
      return func.emitError("orion-autodiff: loss-result ")
             << index << " is out of range: the function has "
             << ret.getNumOperands() << " results";
    Value loss = ret.getOperand(index);
    auto type = dyn_cast<RankedTensorType>(loss.getType());
    if (type && type.getRank() == 0 && isFloatTensor(loss))
      return loss;
    InFlightDiagnostic diag = func.emitError("orion-autodiff: result #")
                              << index << " must be a rank-0 float loss, got "
                              << loss.getType();
    diag.attachNote() << "differentiate a loss function, e.g. `orion "
                         "build-model --step train`, or pick the loss with "
                         "loss-result";
    return diag;
  }

  /// Values that depend on a parameter and reach the loss: only they need
  /// gradients (and their ops rules).
  static DenseSet<Value> activeValues(Block &block, Value loss) {
    DenseSet<Value> varied, useful{loss}, active;
    for (Operation &op : block.without_terminator())
      if (isa<ParamOp>(op) || llvm::any_of(op.getOperands(), [&](Value v) {
            return varied.contains(v);
          }))
        for (Value r : op.getResults())
          if (isFloatTensor(r))
            varied.insert(r);
    for (Operation &op : llvm::reverse(block.without_terminator()))
      if (llvm::any_of(op.getResults(),
                       [&](Value r) { return useful.contains(r); }))
        useful.insert(op.operand_begin(), op.operand_end());
    for (Value v : varied)
      if (useful.contains(v))
        active.insert(v);
    return active;
  }

  /// The reverse sweep over `forward`, seeded with d(loss) = `seed`: the
  /// gradient of every active value, built before `ret`.
  static FailureOr<DenseMap<Value, Value>>
  sweep(ArrayRef<Operation *> forward, const DenseSet<Value> &active,
        Value loss, Value seed, OpBuilder &b) {
    DenseMap<Value, Value> adjoint;
    adjoint[loss] = seed;
    for (Operation *op : llvm::reverse(forward)) {
      if (isa<ParamOp, ConstantOp>(op))
        continue;
      SmallVector<Value> resultGrads;
      for (Value r : op->getResults())
        resultGrads.push_back(adjoint.lookup(r));
      SmallVector<bool> wanted;
      for (Value v : op->getOperands())
        wanted.push_back(active.contains(v));
      if (llvm::none_of(resultGrads, [](Value g) { return bool(g); }) ||
          llvm::none_of(wanted, [](bool w) { return w; }))
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
    return adjoint;
  }

  /// One gradient per parameter name, in order of first use, summed over
  /// the name's params and with the parameter's exact shape.
  static SmallVector<std::pair<ParamOp, Value>>
  parameterGradients(ArrayRef<Operation *> forward,
                     const DenseMap<Value, Value> &adjoint, OpBuilder &b) {
    llvm::MapVector<StringRef, std::pair<ParamOp, Value>> byName;
    for (Operation *op : forward) {
      auto param = dyn_cast<ParamOp>(op);
      Value grad = param ? adjoint.lookup(param.getResult()) : Value();
      if (!grad)
        continue;
      auto [it, inserted] = byName.insert({param.getName(), {param, grad}});
      if (!inserted) {
        GradientBuilder g{b, gradientLoc(param)};
        it->second.second = g.accumulate(it->second.second, grad);
      }
    }
    SmallVector<std::pair<ParamOp, Value>> result;
    for (auto &[name, entry] : byName) {
      GradientBuilder g{b, gradientLoc(entry.first)};
      result.push_back(
          {entry.first, g.exact(entry.second, entry.first.getType())});
    }
    return result;
  }

  /// Appends the gradients to the function's results, named
  /// `grad.<param>` and tagged with the parameter.
  static void appendResults(func::FuncOp func, func::ReturnOp ret,
                            ArrayRef<std::pair<ParamOp, Value>> grads) {
    unsigned first = ret.getNumOperands();
    SmallVector<Value> results(ret.getOperands());
    for (auto [param, grad] : grads)
      results.push_back(grad);
    ret->setOperands(results);
    func.setType(FunctionType::get(func.getContext(), func.getArgumentTypes(),
                                   ret.getOperandTypes()));
    Builder b(func.getContext());
    for (auto [i, entry] : llvm::enumerate(grads)) {
      StringRef name = ParamOp(entry.first).getName();
      func.setResultAttr(first + i, OrionDialect::getNameAttrName(),
                         b.getStringAttr(::orion::rt::protocol::gradientName(name.str())));
      func.setResultAttr(first + i, OrionDialect::getGradientOfAttrName(),
                         b.getStringAttr(name));
    }
  }

  /// d(loss): 1, or with loss-scale-input a new last argument
  /// `loss_scale`.
  Value seedOf(func::FuncOp func, Value loss, OpBuilder &b) {
    if (!lossScaleInput) {
      Operation *lossOp = loss.getDefiningOp();
      GradientBuilder g{b, lossOp ? gradientLoc(lossOp) : loss.getLoc()};
      return g.scalar(loss, 1.0);
    }
    unsigned index = func.getNumArguments();
    DictionaryAttr name = b.getDictionaryAttr(
        b.getNamedAttr(OrionDialect::getNameAttrName(),
                        b.getStringAttr(::orion::rt::protocol::kLossScale)));
    if (failed(func.insertArgument(index, loss.getType(), name,
                                   func.getLoc())))
      return Value();
    return func.getArgument(index);
  }

  LogicalResult differentiate(func::FuncOp func) {
    if (!func.getBody().hasOneBlock())
      return func.emitError("orion-autodiff: expected a single-block function");
    Block &block = func.getBody().front();
    auto ret = cast<func::ReturnOp>(block.getTerminator());
    FailureOr<Value> loss = findLoss(func, ret);
    if (failed(loss))
      return failure();

    SmallVector<Operation *> forward;
    for (Operation &op : block.without_terminator())
      forward.push_back(&op);
    DenseSet<Operation *> forwardOps(forward.begin(), forward.end());
    OpBuilder b(ret);
    Value seed = seedOf(func, *loss, b);
    if (!seed)
      return func.emitError("orion-autodiff: cannot add the loss_scale "
                            "argument");
    auto adjoint = sweep(forward, activeValues(block, *loss), *loss, seed, b);
    if (failed(adjoint))
      return failure();
    auto grads = parameterGradients(forward, *adjoint, b);

    unsigned recomputed = 0;
    if (recompute == RecomputePolicy::Pointwise)
      recomputed = recomputePointwise(forwardOps, block);
    auto [saved, bytes] = countSaved(forwardOps, block);
    numGradients += grads.size();
    // Statistics need an LLVM built with them; the remark always prints.
    InFlightDiagnostic remark =
        func.emitRemark() << "differentiated @" << func.getSymName() << ": "
                          << grads.size()
                          << " parameter gradients; the backward pass reads "
                          << saved << " forward values ("
                          << llvm::formatv("{0:F1}", bytes / 1048576.0).str()
                          << " MiB)";
    if (recompute == RecomputePolicy::Pointwise)
      remark << " and recomputes " << recomputed << " elementwise ops";
    appendResults(func, ret, grads);
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

  /// recompute=pointwise: a saved value that one elementwise op computes from
  /// values the backward pass has anyway (saved values, arguments, params,
  /// constants) is computed again in the backward pass instead, so the forward
  /// kernel returns one tensor fewer (mechramc/Orion's FFN backward recomputes
  /// silu from h1 the same way). Repeats until nothing changes; the saved set
  /// never grows.
  unsigned recomputePointwise(const DenseSet<Operation *> &forwardOps,
                              Block &block) {
    unsigned count = 0;
    auto pointwise = [](Operation *op) {
      return op->hasTrait<OpTrait::orion::Pointwise>() &&
             op->hasTrait<OpTrait::orion::Differentiable>();
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
        copy->setAttr(OrionDialect::getRecomputedAttrName(), b.getUnitAttr());
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
