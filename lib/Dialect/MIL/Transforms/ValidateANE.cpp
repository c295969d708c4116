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
#include "Orion/Dialect/MIL/Transforms/Passes.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::orion::mil {
#define GEN_PASS_DEF_MILVALIDATEANE
#include "Orion/Dialect/MIL/Transforms/Passes.h.inc"
} // namespace mlir::orion::mil

using namespace mlir;
using namespace mlir::orion;
using namespace mlir::orion::mil;

namespace {

constexpr llvm::StringLiteral kNotInOpSet =
    "is not in the ANE op set (compiler-level rule: Orion's ANE kernels "
    "never use it); ";

/// Why the ANE rejects `op` outright, or nullopt.
std::optional<std::string> rejection(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<std::string>>(op)
      .Case([](ConcatOp) {
        return "is rejected by the ANE compiler (ANE-NO-CONCAT: ANECCompile "
               "fails on concat); use a multi-output program or channel "
               "slices";
      })
      .Case<GeluOp, SiluOp>([](Operation *) {
        return "is rejected by the ANE compiler (ANE-NO-GELU-SILU: gelu and "
               "silu are not valid ANE MIL ops); run -mil-legalize-ane to "
               "expand it into tanh/sigmoid arithmetic";
      })
      .Case([](ScaledDotProductAttentionOp) {
        return "ignores causal masks on the ANE (ANE-SDPA-MASK: SDPA "
               "compiles and runs but drops the mask); decompose attention "
               "into matmul, add and softmax";
      })
      .Case([](SplitOp) {
        return "is not in the ANE op set (compiler-level rule: Orion's "
               "codegen has no split); run -mil-legalize-ane to turn it "
               "into slice_by_index ops";
      })
      .Case([](GatherOp) {
        return std::string(kNotInOpSet) +
               "embedding lookups belong in a \"cpu\" kernel";
      })
      .Case([](OneHotOp) {
        return std::string(kNotInOpSet) +
               "one_hot (cross_entropy's target pick) belongs in a \"cpu\" "
               "kernel";
      })
      .Case<FillOp, ScatterOp>([](Operation *) {
        return std::string(kNotInOpSet) +
               "fill and scatter (an embedding's gradient) belong in a "
               "\"cpu\" kernel";
      })
      .Case([](ErfOp) {
        return std::string(kNotInOpSet) + "use the tanh form of gelu";
      })
      .Case([](LayerNormOp) {
        return std::string(kNotInOpSet) +
               "use reduce_mean and pow(-0.5) (orion-decompose)";
      })
      .Case([](LinearOp) {
        return std::string(kNotInOpSet) + "use a 1x1 conv";
      })
      .Case<SelectOp, BandPartOp>([](Operation *) {
        return std::string(kNotInOpSet) + "use an additive mask const";
      })
      .Default([](Operation *) { return std::nullopt; });
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
      .Case<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp>(
          [&](auto r) {
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

  bool ok = true;

  void checkChannels(Operation *at, Type type, const Twine &what) {
    std::optional<int64_t> channels = channelsOf(type);
    if (!channels || *channels <= kMaxChannels)
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
