//===- orion-translate.cpp - Orion's translation driver -------------------===//
//
// Translates between MLIR and MIL text: --mlir-to-mil prints mil functions
// as MIL (compact or verbose spelling), --mil-to-mlir imports MIL text.
//
//===----------------------------------------------------------------------===//

#include "Orion/Target/ANE/MILEmitter.h"
#include "Orion/Target/ANE/MILImporter.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::orion::registerToMILTranslation();
  mlir::orion::registerFromMILTranslation();
  return mlir::failed(mlir::mlirTranslateMain(
      argc, argv, "Orion translation driver: MLIR <-> MIL text\n"));
}
