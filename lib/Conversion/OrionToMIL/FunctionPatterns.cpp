//===- FunctionPatterns.cpp - Kernel signature and func.return ------------===//

#include "OrionToMIL.h"

#include "Orion/Dialect/MIL/Transforms/MILBuilder.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;
using namespace mlir::orion;

namespace {

/// Arguments and results take their I/O types (the compute type, or their
/// own with keep-io-type); the entry block follows.
struct KernelSignature : OpConversionPattern<func::FuncOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(func::FuncOp func, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    const auto &converter =
        *static_cast<const OrionToMILTypeConverter *>(getTypeConverter());
    FunctionType type = func.getFunctionType();
    TypeConverter::SignatureConversion signature(type.getNumInputs());
    for (auto [i, input] : llvm::enumerate(type.getInputs())) {
      Type io = converter.convertIOType(input);
      if (!io)
        return rewriter.notifyMatchFailure(func, "argument type");
      signature.addInputs(i, io);
    }
    SmallVector<Type> results;
    for (Type result : type.getResults()) {
      results.push_back(converter.convertIOType(result));
      if (!results.back())
        return rewriter.notifyMatchFailure(func, "result type");
    }
    if (!func.isDeclaration())
      rewriter.applySignatureConversion(&func.getBody().front(), signature,
                                        &converter);
    rewriter.modifyOpInPlace(func, [&] {
      func.setFunctionType(FunctionType::get(
          func.getContext(), signature.getConvertedTypes(), results));
    });
    return success();
  }
};

/// Returns the converted values, cast to the function's result types where
/// keep-io-type left them in their own type.
struct KernelReturn : OpConversionPattern<func::ReturnOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(func::ReturnOp ret, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto func = ret->getParentOfType<func::FuncOp>();
    SmallVector<Value> values;
    for (auto [value, type] :
         llvm::zip(adaptor.getOperands(), func.getResultTypes())) {
      if (value.getType() == type) {
        values.push_back(value);
        continue;
      }
      auto to = dyn_cast<RankedTensorType>(type);
      if (!to)
        return rewriter.notifyMatchFailure(ret, "non-tensor result");
      values.push_back(
          mil::buildCast(rewriter, ret.getLoc(), value, to.getElementType()));
    }
    rewriter.replaceOpWithNewOp<func::ReturnOp>(ret, values);
    return success();
  }
};

} // namespace

void mlir::orion::populateFunctionPatterns(
    const OrionToMILTypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<KernelSignature, KernelReturn>(converter,
                                              patterns.getContext());
}
