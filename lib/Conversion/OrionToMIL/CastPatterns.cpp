//===- CastPatterns.cpp - orion.cast --------------------------------------===//
//
// `cast(dtype=<loc>_dt, x=)` with a string const. A cast that the compute
// type makes an identity (f16 -> f32 in an fp16 kernel) disappears.
//
//===----------------------------------------------------------------------===//

#include "OrionToMIL.h"

#include "Orion/Dialect/MIL/Transforms/MILBuilder.h"
#include "Orion/Dialect/Orion/IR/OrionOps.h"

using namespace mlir;
using namespace mlir::orion;

namespace {

struct CastPattern : OpConversionPattern<CastOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!type)
      return rewriter.notifyMatchFailure(op, "result type");
    Value input = adaptor.getInput();
    if (input.getType() == type) {
      rewriter.replaceOp(op, input);
      return success();
    }
    rewriter.replaceOp(op, mil::buildCast(rewriter, op.getLoc(), input,
                                          type.getElementType()));
    return success();
  }
};

} // namespace

void mlir::orion::populateCastPatterns(const OrionToMILTypeConverter &converter,
                                       RewritePatternSet &patterns) {
  patterns.add<CastPattern>(converter, patterns.getContext());
}
