//===- OrionOpTraitsTest.cpp - Every orion op is classified, and truthfully ===//
//
// The passes decide what runs where and what is differentiable from the
// ops' traits (OrionTraits.td). This walks every registered orion op and
// checks that it says how it is lowered and how it is differentiated, with
// a reason where it is CPU-only or has no derivative. Then it holds the
// traits to what the passes really do, for every elementwise op (the kind a
// new op usually is): an Orion_Differentiable one differentiates under
// orion-autodiff, an Orion_MILLowered one converts in a "cpu" kernel, and an
// Orion_ANEPrimitive one also in an "ane" kernel.
//
//===----------------------------------------------------------------------===//

#include "Orion/Conversion/Passes.h"
#include "Orion/Dialect/MIL/IR/MILDialect.h"
#include "Orion/Dialect/MIL/Transforms/Passes.h"
#include "Orion/Dialect/Orion/IR/OrionOps.h"
#include "Orion/Target/ANE/Passes.h"
#include "Orion/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <string>

using namespace mlir;
namespace traits = mlir::OpTrait::orion;

namespace {

class OrionOpTraits : public ::testing::Test {
protected:
  OrionOpTraits() {
    DialectRegistry registry;
    registry.insert<orion::OrionDialect, orion::mil::MILDialect,
                    func::FuncDialect>();
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    context.printOpOnDiagnostic(false);
  }

  /// Every registered op of the orion dialect.
  SmallVector<RegisteredOperationName> orionOps() {
    SmallVector<RegisteredOperationName> ops;
    for (RegisteredOperationName name : context.getRegisteredOperations())
      if (name.getDialectNamespace() == "orion")
        ops.push_back(name);
    return ops;
  }

  /// The elementwise ops, with one operand or two.
  SmallVector<RegisteredOperationName> pointwiseOps() {
    SmallVector<RegisteredOperationName> ops;
    for (RegisteredOperationName name : orionOps())
      if (name.hasTrait<traits::Pointwise>())
        ops.push_back(name);
    return ops;
  }

  /// Parses `text` and runs the passes `build` adds; false (with the
  /// diagnostics in `errors`) if either fails.
  bool runPasses(const std::string &text,
                 function_ref<void(PassManager &)> build,
                 std::string &errors) {
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      errors += diag.str() + "\n";
      for (const Diagnostic &note : diag.getNotes())
        errors += "  note: " + note.str() + "\n";
      return success();
    });
    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(text, ParserConfig(&context));
    if (!module)
      return false;
    PassManager pm(&context);
    build(pm);
    return succeeded(pm.run(*module));
  }

  MLIRContext context;
};

/// `%y = "orion.X"(%a[, %a]) : (T[, T]) -> T` in the generic form.
std::string applyOp(RegisteredOperationName name, StringRef value,
                    StringRef type) {
  bool binary = name.hasTrait<OpTrait::NOperands<2>::Impl>();
  std::string operands = value.str() + (binary ? ", " + value.str() : "");
  std::string types = type.str() + (binary ? ", " + type.str() : "");
  return "    %y = \"" + name.getStringRef().str() + "\"(" + operands +
         ") : (" + types + ") -> " + type.str() + "\n";
}

TEST_F(OrionOpTraits, EveryOpSaysHowItIsLoweredAndDifferentiated) {
  SmallVector<RegisteredOperationName> ops = orionOps();
  ASSERT_GE(ops.size(), 40u) << "the orion dialect lost ops";
  for (RegisteredOperationName name : ops) {
    SCOPED_TRACE(name.getStringRef().str());
    auto *info = name.getInterface<orion::OpInfo>();
    ASSERT_NE(info, nullptr) << "not an Orion_Op";
    bool boundary = name.hasTrait<traits::HostBoundary>();
    bool decomposed = name.hasTrait<traits::Decomposed>();
    EXPECT_TRUE(name.hasTrait<traits::MILLowered>() ||
                name.hasTrait<traits::CpuOnly>() || decomposed || boundary)
        << "neither lowered, CPU-only, decomposed nor a host boundary";
    EXPECT_TRUE(name.hasTrait<traits::Differentiable>() ||
                name.hasTrait<traits::NoDerivative>() || decomposed ||
                boundary)
        << "no derivative rule and no stated reason";
    EXPECT_EQ(name.hasTrait<traits::CpuOnly>(),
              !info->getCpuOnlyReason().empty());
    EXPECT_EQ(name.hasTrait<traits::NoDerivative>(),
              !info->getNoDerivativeReason().empty());
    if (name.hasTrait<traits::ANEPrimitive>())
      EXPECT_TRUE(name.hasTrait<traits::MILLowered>());
    if (boundary)
      EXPECT_FALSE(name.hasTrait<traits::ANEPrimitive>() ||
                   name.hasTrait<traits::Differentiable>());
  }
}

TEST_F(OrionOpTraits, DifferentiablePointwiseOpsDifferentiate) {
  unsigned checked = 0;
  for (RegisteredOperationName name : pointwiseOps()) {
    if (!name.hasTrait<traits::Differentiable>())
      continue;
    SCOPED_TRACE(name.getStringRef().str());
    std::string text =
        "func.func @loss() -> tensor<f32> {\n"
        "    %w = orion.param \"w\" : tensor<4xf32>\n" +
        applyOp(name, "%w", "tensor<4xf32>") +
        "    %l = orion.reduce_sum %y [0] : tensor<4xf32>\n"
        "    return %l : tensor<f32>\n"
        "}\n";
    std::string errors;
    EXPECT_TRUE(runPasses(
        text,
        [](PassManager &pm) {
          pm.addNestedPass<func::FuncOp>(orion::createOrionAutodiff());
        },
        errors))
        << errors;
    ++checked;
  }
  EXPECT_GE(checked, 10u);
}

TEST_F(OrionOpTraits, LoweredPointwiseOpsConvert) {
  unsigned checked = 0;
  for (RegisteredOperationName name : pointwiseOps()) {
    SCOPED_TRACE(name.getStringRef().str());
    bool lowered = name.hasTrait<traits::MILLowered>();
    bool ane = name.hasTrait<traits::ANEPrimitive>();
    for (StringRef device : {"cpu", "ane"}) {
      // An ANE surface holds at least 49,152 bytes (ANE-MIN-SURFACE).
      StringRef type =
          device == "ane" ? "tensor<1x768x1x32xf16>" : "tensor<4xf32>";
      std::string text = "func.func private @k(%x: " + type.str() + ") -> " +
                         type.str() + " attributes {orion.device = \"" +
                         device.str() + "\"} {\n" + applyOp(name, "%x", type) +
                         "    return %y : " + type.str() + "\n}\n";
      std::string errors;
      // On the ANE, the ANE's rules must accept the result too.
      bool converted = runPasses(
          text,
          [&](PassManager &pm) {
            pm.addPass(orion::createConvertOrionToMIL());
            if (device == "ane") {
              pm.addNestedPass<func::FuncOp>(orion::mil::createMILLegalizeANE());
              pm.addNestedPass<func::FuncOp>(orion::mil::createMILValidateANE());
            }
          },
          errors);
      bool expected = device == "ane" ? ane : lowered;
      if (expected)
        EXPECT_TRUE(converted) << device.str() << ":\n" << errors;
      ++checked;
    }
  }
  EXPECT_GE(checked, 20u);
}

} // namespace
