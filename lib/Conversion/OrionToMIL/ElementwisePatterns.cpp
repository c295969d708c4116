//===- ElementwisePatterns.cpp - Binary and unary elementwise ops ---------===//
//
// One to one: MIL's elementwise ops broadcast like numpy, as orion's do, so
// an orion [C] bias added to [S, C] stays `mil.add(x = [S, C], y = [C])`.
// Division is MIL's real_div. gelu and silu map to mil.gelu / mil.silu,
// which mil-legalize-ane expands for the ANE (docs/ane-constraints.md
// ANE-NO-GELU-SILU).
//
//===----------------------------------------------------------------------===//

#include "OrionToMIL.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"
#include "Orion/Dialect/MIL/Transforms/MILBuilder.h"
#include "Orion/Dialect/Orion/IR/OrionOps.h"

#include <type_traits>

using namespace mlir;
using namespace mlir::orion;

namespace {

template <typename From, typename To>
struct BinaryPattern : OpConversionPattern<From> {
  using OpConversionPattern<From>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(From op, typename From::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = this->getTypeConverter()->convertType(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "result type");
    rewriter.replaceOpWithNewOp<To>(op, type, adaptor.getLhs(),
                                    adaptor.getRhs());
    return success();
  }
};

template <typename From, typename To>
struct UnaryPattern : OpConversionPattern<From> {
  using OpConversionPattern<From>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(From op, typename From::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = this->getTypeConverter()->convertType(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "result type");
    // rsqrt and log take an optional epsilon first; MIL's default applies.
    if constexpr (std::is_same_v<To, mil::RsqrtOp> ||
                  std::is_same_v<To, mil::LogOp>)
      rewriter.replaceOpWithNewOp<To>(op, type, Value(), adaptor.getInput());
    else
      rewriter.replaceOpWithNewOp<To>(op, type, adaptor.getInput());
    return success();
  }
};

/// gelu -> mil.gelu with mode EXACT or TANH_APPROXIMATION.
struct GeluPattern : OpConversionPattern<GeluOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GeluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = getTypeConverter()->convertType(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "result type");
    bool tanh = op.getApproximate() == GeluApproximation::Tanh;
    Value mode = mil::buildString(rewriter, mil::suffixLoc(op.getLoc(), "_mode"),
                                  tanh ? "TANH_APPROXIMATION" : "EXACT");
    rewriter.replaceOpWithNewOp<mil::GeluOp>(op, type, mode,
                                             adaptor.getInput());
    return success();
  }
};

} // namespace

void mlir::orion::populateElementwisePatterns(
    const OrionToMILTypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<BinaryPattern<AddOp, mil::AddOp>,
               BinaryPattern<SubOp, mil::SubOp>,
               BinaryPattern<MulOp, mil::MulOp>,
               BinaryPattern<DivOp, mil::RealDivOp>,
               BinaryPattern<PowOp, mil::PowOp>>(converter, ctx);
  patterns.add<UnaryPattern<NegOp, mil::NegOp>,
               UnaryPattern<ExpOp, mil::ExpOp>,
               UnaryPattern<LogOp, mil::LogOp>,
               UnaryPattern<SqrtOp, mil::SqrtOp>,
               UnaryPattern<RsqrtOp, mil::RsqrtOp>,
               UnaryPattern<TanhOp, mil::TanhOp>,
               UnaryPattern<SigmoidOp, mil::SigmoidOp>,
               UnaryPattern<ReluOp, mil::ReluOp>,
               UnaryPattern<SiluOp, mil::SiluOp>, GeluPattern>(converter, ctx);
}
