//===- OrionOpBuilderTest.cpp - Building orion ops through the C++ API ----===//

#include "Orion/Dialect/Orion/IR/OrionOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::orion;

namespace {

class OrionOpBuilderTest : public ::testing::Test {
protected:
  OrionOpBuilderTest() : builder(&context) {
    context.loadDialect<OrionDialect, func::FuncDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
  }

  RankedTensorType f32(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }
  Value param(StringRef name, ArrayRef<int64_t> shape) {
    return ParamOp::create(builder, loc(), f32(shape), name);
  }
  Location loc() { return builder.getUnknownLoc(); }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
};

TEST_F(OrionOpBuilderTest, LinearInfersOutputFeatures) {
  Value x = param("x", {256, 768});
  Value w = param("w", {3072, 768});
  Value b = param("b", {3072});
  auto linear = LinearOp::create(builder, loc(), x, w, b);
  EXPECT_EQ(linear.getType(), f32({256, 3072}));
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(OrionOpBuilderTest, AddBroadcasts) {
  Value x = param("x", {256, 768});
  Value b = param("b", {768});
  auto add = AddOp::create(builder, loc(), x, b);
  EXPECT_EQ(add.getType(), f32({256, 768}));
}

TEST_F(OrionOpBuilderTest, MatmulWithTransposedRhs) {
  Value q = param("q", {12, 256, 64});
  Value k = param("k", {12, 128, 64});
  auto scores = MatmulOp::create(builder, loc(), q, k, /*transpose_lhs=*/false,
                                 /*transpose_rhs=*/true);
  EXPECT_EQ(scores.getType(), f32({12, 256, 128}));
}

TEST_F(OrionOpBuilderTest, AttentionWithGroupedQueryHeads) {
  Value q = param("q", {256, 768});
  Value k = param("k", {256, 256});
  Value v = param("v", {256, 256});
  auto attn = AttentionOp::create(builder, loc(), q, k, v, /*mask=*/Value(),
                                  /*heads=*/12, /*kv_heads=*/4,
                                  /*causal=*/true, /*scale=*/nullptr);
  EXPECT_EQ(attn.getType(), f32({256, 768}));
  EXPECT_TRUE(succeeded(verify(*module)));
}

// A decode step: one query against a 512-slot cache with an additive mask.
TEST_F(OrionOpBuilderTest, AttentionWithCacheMask) {
  Value q = param("q", {1, 768});
  Value k = param("k", {512, 768});
  Value v = param("v", {512, 768});
  Value mask = param("mask", {1, 512});
  auto attn = AttentionOp::create(builder, loc(), q, k, v, mask, 12, 12,
                                  /*causal=*/false, /*scale=*/nullptr);
  EXPECT_EQ(attn.getType(), f32({1, 768}));
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(OrionOpBuilderTest, ReduceKeepsOrDropsDims) {
  Value x = param("x", {4, 8, 16});
  auto kept = ReduceSumOp::create(builder, loc(), x,
                                  ArrayRef<int64_t>{-1}, /*keep_dims=*/true);
  auto dropped = ReduceMeanOp::create(builder, loc(), x,
                                      ArrayRef<int64_t>{0, 2},
                                      /*keep_dims=*/false);
  EXPECT_EQ(kept.getType(), f32({4, 8, 1}));
  EXPECT_EQ(dropped.getType(), f32({8}));
}

TEST_F(OrionOpBuilderTest, SplitProducesOneResultPerPiece) {
  Value qkv = param("qkv", {256, 2304});
  auto split = SplitOp::create(builder, loc(), qkv, /*axis=*/1,
                               ArrayRef<int64_t>{768, 768, 768});
  ASSERT_EQ(split.getNumResults(), 3u);
  for (Value r : split.getResults())
    EXPECT_EQ(r.getType(), f32({256, 768}));
}

TEST_F(OrionOpBuilderTest, InferenceReportsShapeErrors) {
  Value x = param("x", {256, 512});
  Value w = param("w", {768, 768});
  SmallVector<Type> results;
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  LinearOp::Adaptor adaptor({x, w, Value()}, builder.getDictionaryAttr({}));
  EXPECT_TRUE(failed(LinearOp::inferReturnTypes(&context, loc(), adaptor,
                                                results)));
  EXPECT_EQ(message, "weight is [out, in] = [768, 768] but the input's last "
                     "dimension is 512");
}

TEST_F(OrionOpBuilderTest, TransposeTwiceFoldsToInput) {
  Value x = param("x", {4, 8});
  auto t1 = TransposeOp::create(builder, loc(), x, ArrayRef<int64_t>{1, 0});
  auto t2 =
      TransposeOp::create(builder, loc(), t1, ArrayRef<int64_t>{1, 0});
  SmallVector<OpFoldResult> folded;
  ASSERT_TRUE(succeeded(t2->fold(folded)));
  ASSERT_EQ(folded.size(), 1u);
  EXPECT_EQ(dyn_cast<Value>(folded[0]), x);
}

} // namespace
