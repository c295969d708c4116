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

// Helpers for the tests below: inline int32 / bool / string consts.
class MILOpBuilderApiTest : public MILOpBuilderTest {
protected:
  Value i32s(ArrayRef<int32_t> values) {
    auto type = RankedTensorType::get({int64_t(values.size())},
                                      builder.getI32Type());
    return ConstOp::create(builder, loc(), type,
                           DenseElementsAttr::get(type, values));
  }
  Value i32(int32_t value) {
    auto type = RankedTensorType::get({}, builder.getI32Type());
    return ConstOp::create(builder, loc(), type,
                           DenseElementsAttr::get(type, value));
  }
  Value boolean(bool value) {
    auto type = RankedTensorType::get({}, builder.getI1Type());
    return ConstOp::create(builder, loc(), type,
                           DenseElementsAttr::get(type, value));
  }
  Value string(StringRef value) {
    return ConstOp::create(builder, loc(), StringType::get(&context),
                           builder.getStringAttr(value));
  }
  Value f16Input(ArrayRef<int64_t> shape) {
    auto type = RankedTensorType::get(shape, builder.getF16Type());
    return ConstOp::create(builder, loc(), type,
                           DenseElementsAttr::get(
                               type, builder.getF16FloatAttr(0.5).getValue()));
  }
  RankedTensorType f16(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF16Type());
  }
  void silenceDiagnostics() {
    context.getDiagEngine().registerHandler(
        [](Diagnostic &) { return success(); });
  }
};

TEST_F(MILOpBuilderApiTest, OrionConvWithFiveNamedConsts) {
  Value x = f16Input({1, 768, 1, 256});
  auto wType = f16({768, 768, 1, 1});
  Value w = ConstOp::create(
      builder, loc(), wType,
      BlobFileAttr::get(&context, "@model_path/layer0/wq.bin", 64, wType));
  auto conv = ConvOp::create(builder, loc(), f16({1, 768, 1, 256}),
                             /*bias=*/Value(), /*dilations=*/i32s({1, 1}),
                             /*groups=*/i32(1), /*pad=*/i32s({0, 0, 0, 0}),
                             /*pad_type=*/string("valid"),
                             /*strides=*/i32s({1, 1}), w, x);
  EXPECT_TRUE(succeeded(verify(conv)));
  EXPECT_FALSE(conv.getBias());
  EXPECT_TRUE(conv.getPadType());

  // A minimal conv has only weight and x.
  auto minimal = ConvOp::create(builder, loc(), f16({1, 768, 1, 256}), Value(),
                                Value(), Value(), Value(), Value(), Value(), w,
                                x);
  EXPECT_TRUE(succeeded(verify(minimal)));
}

TEST_F(MILOpBuilderApiTest, AttentionScoresMatmul) {
  Value q = f16Input({1, 12, 256, 64});
  auto mm = MatmulOp::create(builder, loc(), f16({1, 12, 256, 256}),
                             boolean(false), boolean(true), q, q);
  EXPECT_TRUE(succeeded(verify(mm)));

  silenceDiagnostics();
  auto bad = MatmulOp::create(builder, loc(), f16({1, 12, 256, 256}),
                              boolean(false), boolean(false), q, q);
  EXPECT_TRUE(failed(verify(bad)));
}

TEST_F(MILOpBuilderApiTest, ReshapeTransposeReduce) {
  Value x = f16Input({1, 768, 1, 256});
  auto reshape = ReshapeOp::create(builder, loc(), f16({1, 12, 64, 256}),
                                   i32s({1, 12, 64, 256}), x);
  auto transpose = TransposeOp::create(builder, loc(), f16({1, 12, 256, 64}),
                                       i32s({0, 1, 3, 2}), reshape);
  auto reduce = ReduceSumOp::create(builder, loc(), f16({1, 1, 1, 256}), x,
                                    i32s({1}), boolean(true));
  auto reduceAll =
      ReduceMeanOp::create(builder, loc(), f16({}), x, Value(), Value());
  EXPECT_TRUE(succeeded(verify(reshape)));
  EXPECT_TRUE(succeeded(verify(transpose)));
  EXPECT_TRUE(succeeded(verify(reduce)));
  EXPECT_TRUE(succeeded(verify(reduceAll)));
}

TEST_F(MILOpBuilderApiTest, CastFollowsDtypeString) {
  auto f32 = RankedTensorType::get({1, 768, 1, 64}, builder.getF32Type());
  Value x = f16Input({1, 768, 1, 64});
  auto good = CastOp::create(builder, loc(), f32, string("fp32"), x);
  EXPECT_TRUE(succeeded(verify(good)));

  silenceDiagnostics();
  auto wrong = CastOp::create(builder, loc(), f32, string("fp16"), x);
  EXPECT_TRUE(failed(verify(wrong)));
  auto unknown = CastOp::create(builder, loc(), f32, string("float"), x);
  EXPECT_TRUE(failed(verify(unknown)));
}

TEST_F(MILOpBuilderApiTest, NonConstPermIsRejectedWithoutCrashing) {
  // perm computed by an op rather than a mil.const.
  Value perm = i32s({0, 1, 3, 2});
  auto computed = AddOp::create(builder, loc(), perm.getType(), perm, perm);
  Value x = f16Input({1, 12, 64, 256});
  std::string message;
  context.getDiagEngine().registerHandler([&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  auto transpose = TransposeOp::create(builder, loc(), f16({1, 12, 256, 64}),
                                       computed, x);
  EXPECT_TRUE(failed(verify(transpose)));
  EXPECT_NE(message.find("'perm' must be a mil.const"), std::string::npos);
}

TEST_F(MILOpBuilderApiTest, SplitHasOneResultPerPiece) {
  Value x = f16Input({1, 16, 1, 64});
  SmallVector<Type> types(2, f16({1, 8, 1, 64}));
  auto split = SplitOp::create(builder, loc(), types, i32(1), i32(2),
                               /*split_sizes=*/Value(), x);
  EXPECT_TRUE(succeeded(verify(split)));
  EXPECT_EQ(split.getOutputs().size(), 2u);

  auto concat = ConcatOp::create(builder, loc(), f16({1, 16, 1, 64}), i32(1),
                                 /*interleave=*/Value(), split.getOutputs());
  EXPECT_TRUE(succeeded(verify(concat)));
}

} // namespace
