//===- ValidateANE.cpp - The mil-validate-ane pass ------------------------===//
//
// Reports everything in an ANE program that the ANE compiler or runtime
// would reject, each error naming its rule (an ID of docs/ane-constraints.md
// or a compiler-level rule): ops (this file) and inputs/outputs
// (ValidateANESurfaces.cpp). The SRAM budget is a warning:
// a bigger working set runs, only slower.
//
//===----------------------------------------------------------------------===//

#include "ANERules.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"
#include "Orion/Target/ANE/KernelPlacement.h"
#include "Orion/Target/ANE/Passes.h"

#include "orion/ane/AneRules.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::orion::mil {
#define GEN_PASS_DEF_MILVALIDATEANE
#include "Orion/Target/ANE/Passes.h.inc"
} // namespace mlir::orion::mil

using namespace mlir;
using namespace mlir::orion;
using namespace mlir::orion::mil;

// The ODS default is a literal; it must be ANE-SRAM-BUDGET
// (orion/ane/AneTarget.h).
static_assert(MILValidateANEOptions().sramBudgetMB ==
                  ::orion::ane::kSramBudgetMiB,
              "Passes.td: sram-budget-mb default");

namespace {

/// Why the ANE rejects `op` outright (the table ane-sim checks too), or
/// nullopt.
std::optional<std::string> rejection(Operation *op) {
  if (!isa<MILDialect>(op->getDialect()))
    return std::nullopt;
  StringRef name = op->getName().stripDialect();
  if (const ::orion::ane::RejectedOp *r =
          ::orion::ane::findRejectedOp({name.data(), name.size()}))
    return ::orion::ane::describe(*r);
  return std::nullopt;
}

/// Compile-time arguments an ANE op leaves to MIL's defaults.
SmallVector<StringRef> implicitArguments(Operation *op) {
  SmallVector<StringRef> missing;
  auto need = [&](Value v, StringRef name) {
    if (!v)
      missing.push_back(name);
  };
  llvm::TypeSwitch<Operation *>(op)
      .Case([&](MatmulOp m) {
        need(m.getTransposeX(), "transpose_x");
        need(m.getTransposeY(), "transpose_y");
      })
      .Case<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp>([&](auto r) {
        need(r.getAxes(), "axes");
        need(r.getKeepDims(), "keep_dims");
      })
      .Case([&](SoftmaxOp s) { need(s.getAxis(), "axis"); })
      .Case([&](ConvOp c) {
        need(c.getDilations(), "dilations");
        need(c.getGroups(), "groups");
        need(c.getPad(), "pad");
        need(c.getPadType(), "pad_type");
        need(c.getStrides(), "strides");
      });
  return missing;
}

struct MILValidateANEPass
    : public mlir::orion::mil::impl::MILValidateANEBase<MILValidateANEPass> {
  using Base::Base;

  /// The placement isANEProgram asks for.
  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registerOrionKernelPlacement(registry);
  }

  bool ok = true;

  void checkChannels(Operation *at, Type type, const Twine &what) {
    std::optional<int64_t> channels = channelsOf(type);
    if (!channels || *channels <= ::orion::ane::kMaxChannels)
      return;
    at->emitError() << what << " " << type << " has " << *channels
                    << " channels (ANE limit: at most 65,536 channels per "
                       "tensor); orion-partition must place this computation "
                       "in a \"cpu\" kernel";
    ok = false;
  }

  void checkOp(Operation *op) {
    if (std::optional<std::string> why = rejection(op)) {
      op->emitOpError() << *why;
      ok = false;
    }
    if (auto conv = dyn_cast<ConvOp>(op); conv && conv.getBias()) {
      op->emitOpError() << "has a bias, which the ANE's conv does not take "
                           "(compiler-level rule: conv has no bias=); run "
                           "-mil-legalize-ane to make it a separate add";
      ok = false;
    }
    for (StringRef name : implicitArguments(op)) {
      op->emitOpError() << "leaves '" << name
                        << "' implicit (compiler-level rule: the ANE's MIL "
                           "parser wants compile-time bool and int arguments "
                           "as named mil.const refs, as Orion always spells "
                           "them); run -mil-legalize-ane";
      ok = false;
    }
    for (auto [i, result] : llvm::enumerate(op->getResults()))
      checkChannels(op, result.getType(), "result #" + Twine(i));
    if (!isa<ConstOp>(op))
      checkWorkingSet(op);
  }

  /// A warning: the ANE still runs, ~30% slower out of SRAM.
  void checkWorkingSet(Operation *op) {
    llvm::SetVector<Value> values;
    values.insert(op->operand_begin(), op->operand_end());
    values.insert(op->result_begin(), op->result_end());
    int64_t bytes = 0;
    for (Value v : values)
      bytes += tensorBytes(v.getType()).value_or(0);
    int64_t budget = int64_t(sramBudgetMB) * 1024 * 1024;
    if (bytes <= budget)
      return;
    op->emitWarning() << "working set of " << bytes << " bytes ("
                      << (bytes + 1024 * 1024 - 1) / (1024 * 1024)
                      << " MB) exceeds the " << int64_t(sramBudgetMB)
                      << " MB SRAM budget (ANE limit: a working set that "
                         "spills out of SRAM runs about 30% slower); split "
                         "the op or shorten the sequence";
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (!isANEProgram(func))
      return;
    ok = true;
    for (auto [i, type] : llvm::enumerate(func.getArgumentTypes()))
      checkChannels(func, type, "argument #" + Twine(i));
    func.walk([&](Operation *op) {
      if (op != func.getOperation())
        checkOp(op);
    });
    if (failed(validateSurfaces(func)) || !ok)
      signalPassFailure();
  }
};

} // namespace
