//===- LegalizeANE.cpp - The mil-legalize-ane pass ------------------------===//
//
// Applies the ANE rewrites (LegalizeANEActivations.cpp,
// LegalizeANEStructure.cpp), then gives every output its own live op.
// Whatever it cannot rewrite, mil-validate-ane reports.
//
//===----------------------------------------------------------------------===//

#include "ANERules.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"
#include "Orion/Target/ANE/KernelPlacement.h"
#include "Orion/Target/ANE/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace mlir::orion::mil {
#define GEN_PASS_DEF_MILLEGALIZEANE
#include "Orion/Target/ANE/Passes.h.inc"
} // namespace mlir::orion::mil

using namespace mlir;
using namespace mlir::orion;
using namespace mlir::orion::mil;

namespace {

/// A MIL output is the name of the op producing it: a function argument
/// has no op, and a value returned twice would name two outputs alike. Each
/// gets an `identity`, which mil-assign-names names.
void giveOutputsTheirOwnOps(func::FuncOp func) {
  for (Block &block : func.getBody()) {
    auto ret = dyn_cast<func::ReturnOp>(block.getTerminator());
    if (!ret)
      continue;
    OpBuilder b(ret);
    llvm::SmallPtrSet<Value, 8> seen;
    for (OpOperand &operand : ret->getOpOperands()) {
      Value v = operand.get();
      bool isArgument = isa<BlockArgument>(v);
      if (!seen.insert(v).second || isArgument)
        operand.set(IdentityOp::create(b, ret.getLoc(), v.getType(), v));
    }
  }
}

struct MILLegalizeANEPass
    : public mlir::orion::mil::impl::MILLegalizeANEBase<MILLegalizeANEPass> {
  /// The placement isANEProgram asks for.
  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registerOrionKernelPlacement(registry);
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (!isANEProgram(func))
      return;
    RewritePatternSet patterns(&getContext());
    populateLegalizeActivationPatterns(patterns);
    populateLegalizeStructurePatterns(patterns);
    // Each op keeps its own named consts, as mechramc/Orion spelled them: no
    // folding and no merging of equal consts.
    GreedyRewriteConfig config;
    config.enableFolding(false)
        .enableConstantCSE(false)
        .setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
    if (failed(applyPatternsGreedily(func, std::move(patterns), config))) {
      func.emitError("mil-legalize-ane did not converge");
      return signalPassFailure();
    }
    giveOutputsTheirOwnOps(func);
  }
};

} // namespace
