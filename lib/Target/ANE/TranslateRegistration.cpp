//===- TranslateRegistration.cpp - orion-translate's MIL translations -----===//

#include "Orion/Target/ANE/MILEmitter.h"
#include "Orion/Target/ANE/MILImporter.h"

#include "Orion/Dialect/MIL/IR/MILDialect.h"
#include "Orion/Dialect/Orion/IR/OrionDialect.h"

#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace mlir::orion;

static llvm::cl::opt<rt::milast::MILSpelling> milSpelling(
    "mil-spelling", llvm::cl::desc("MIL text form --mlir-to-mil prints"),
    llvm::cl::values(
        clEnumValN(rt::milast::MILSpelling::Compact, "compact",
                   "program(1.3), func main<ios18>: mechramc/Orion's default "
                   "(M4)"),
        clEnumValN(rt::milast::MILSpelling::Verbose, "verbose",
                   "program(1.0), <ios16>, tensor<string, []> scalars: "
                   "reported necessary on M1/M2")),
    llvm::cl::init(rt::milast::MILSpelling::Compact));

void mlir::orion::registerToMILTranslation() {
  TranslateFromMLIRRegistration registration(
      "mlir-to-mil",
      "print mil functions as MIL text (names and blob offsets must be "
      "assigned: see -mil-assign-names, -mil-assign-blobs)",
      [](Operation *op, raw_ostream &os) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError("expected a builtin.module");
        return emitMIL(module, os, milSpelling);
      },
      [](DialectRegistry &registry) {
        // orion: a partitioned module's host function (skipped).
        registry.insert<mil::MILDialect, func::FuncDialect, OrionDialect>();
      });
}

void mlir::orion::registerFromMILTranslation() {
  TranslateToMLIRRegistration registration(
      "mil-to-mlir",
      "parse MIL text (compact or verbose spelling) into the mil dialect",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        return importMILText(buffer->getBuffer(),
                             buffer->getBufferIdentifier(), context);
      },
      [](DialectRegistry &registry) {
        registry.insert<mil::MILDialect, func::FuncDialect>();
      });
}
