//===- orion-opt.cpp - Orion's optimizer driver ---------------------------===//
//
// Parses orion and mil IR, runs passes and prints the result. Dialect and pass
// plugins load with --load-dialect-plugin / --load-pass-plugin.
//
//===----------------------------------------------------------------------===//

#include "Orion/Conversion/Passes.h"
#include "Orion/Dialect/MIL/Transforms/Passes.h"
#include "Orion/InitAllDialects.h"
#include "Orion/Pipelines/Pipelines.h"
#include "Orion/Target/ANE/Passes.h"
#include "Orion/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  mlir::orion::mil::registerMILPasses();
  mlir::orion::mil::registerANETargetPasses();
  mlir::orion::registerOrionPasses();
  mlir::orion::registerOrionConversionPasses();
  mlir::orion::registerOrionPipelines();

  mlir::DialectRegistry registry;
  mlir::orion::registerAllDialects(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv,
      "Orion optimizer driver: runs orion/mil passes on MLIR files\n",
      registry));
}
