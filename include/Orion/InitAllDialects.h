//===- InitAllDialects.h - Register every dialect Orion tools use -*- C++ -*-===//

#ifndef ORION_INITALLDIALECTS_H
#define ORION_INITALLDIALECTS_H

#include "Orion/Dialect/MIL/IR/MILDialect.h"
#include "Orion/Dialect/Orion/IR/OrionDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"

namespace mlir::orion {

/// The dialects orion-opt and orion-translate parse: orion, mil and the
/// upstream dialects their IR is embedded in.
inline void registerAllDialects(DialectRegistry &registry) {
  registry.insert<OrionDialect, mil::MILDialect, func::FuncDialect,
                  arith::ArithDialect>();
}

} // namespace mlir::orion

#endif // ORION_INITALLDIALECTS_H
