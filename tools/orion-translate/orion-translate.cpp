//===- orion-translate.cpp - Orion's translation driver -------------------===//
//
// Translates between MLIR and outside formats (MIL text). Translations
// register themselves; this driver only provides the registry and main.
//
//===----------------------------------------------------------------------===//

#include "Orion/InitAllDialects.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"

int main(int argc, char **argv) {
  return mlir::failed(mlir::mlirTranslateMain(
      argc, argv, "Orion translation driver: MLIR <-> MIL text\n"));
}
