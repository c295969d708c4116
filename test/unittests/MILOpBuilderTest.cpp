//===- MILOpBuilderTest.cpp - Building mil ops through the C++ API --------===//

#include "Orion/Dialect/MIL/IR/MILOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::orion::mil;

namespace {

class MILOpBuilderTest : public ::testing::Test {
protected:
  MILOpBuilderTest() : builder(&context) {
    context.loadDialect<MILDialect, func::FuncDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
  }
  Location loc() { return builder.getUnknownLoc(); }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
};

TEST_F(MILOpBuilderTest, BlobConstVerifies) {
  auto type = RankedTensorType::get({768, 768, 1, 1}, builder.getF16Type());
  auto blob =
      BlobFileAttr::get(&context, "@model_path/weights/weight.bin", 64, type);
  auto c = ConstOp::create(builder, loc(), type, blob);
  EXPECT_TRUE(succeeded(verify(c)));
  EXPECT_EQ(blob.getOffset(), 64u);
}

TEST_F(MILOpBuilderTest, StringConstNeedsStringType) {
  auto str = builder.getStringAttr("fp16");
  auto good = ConstOp::create(builder, loc(), StringType::get(&context), str);
  EXPECT_TRUE(succeeded(verify(good)));

  context.getDiagEngine().registerHandler([](Diagnostic &) { return success(); });
  auto bad = ConstOp::create(
      builder, loc(), RankedTensorType::get({}, builder.getI32Type()), str);
  EXPECT_TRUE(failed(verify(bad)));
}

TEST_F(MILOpBuilderTest, AddOfConstsVerifies) {
  auto type = RankedTensorType::get({1, 768, 1, 64}, builder.getF16Type());
  auto value = DenseElementsAttr::get(type, builder.getF16FloatAttr(1.0));
  auto x = ConstOp::create(builder, loc(), type, value);
  auto y = ConstOp::create(builder, loc(), type, value);
  auto add = AddOp::create(builder, loc(), type, x, y);
  EXPECT_TRUE(succeeded(verify(add)));
}

} // namespace
