//===- OrionToMIL.h - convert-orion-to-mil internals ------------*- C++ -*-===//
//
// One populate function per op family, each in its own file; the pass
// (OrionToMIL.cpp) builds a type converter and pattern set per kernel, since
// the compute type depends on the kernel's device.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_LIB_CONVERSION_ORIONTOMIL_ORIONTOMIL_H
#define ORION_LIB_CONVERSION_ORIONTOMIL_ORIONTOMIL_H

#include "Orion/Conversion/Passes.h"
#include "Orion/Dialect/MIL/IR/MILTypes.h"
#include "Orion/Dialect/Orion/IR/OrionOps.h"
#include "Orion/Transforms/Passes.h"

#include "mlir/Transforms/DialectConversion.h"

#include <optional>
#include <string>

namespace mlir::orion {

/// What the patterns need to know about the kernel they convert.
struct KernelInfo {
  /// orion.device = "ane".
  bool ane = false;
  /// f16 or f32: the element type of every float tensor in the body.
  Type computeType;
  /// f16 or f32: the element type conv and matmul weights (params) are
  /// stored in, cast to the compute type at use when it differs.
  Type weightType;
  /// Float arguments and results keep their element type and are cast to
  /// and from the compute type at the boundary (keep-io-type).
  bool keepIOType = false;
};

/// orion float tensors -> static tensors of the compute type; i32 stays.
/// Dynamic shapes do not convert. Materializes element-type changes at the
/// kernel boundary as `mil.cast` with a dtype const.
class OrionToMILTypeConverter : public TypeConverter {
public:
  explicit OrionToMILTypeConverter(const KernelInfo &info);
  /// The type a kernel argument or result keeps at the boundary.
  Type convertIOType(Type type) const;
  const KernelInfo &kernelInfo() const { return info; }

private:
  KernelInfo info;
};

/// Signature and func.return of the kernel.
void populateFunctionPatterns(const OrionToMILTypeConverter &converter,
                              RewritePatternSet &patterns);
/// add, sub, mul, div, pow and the unary ops.
void populateElementwisePatterns(const OrionToMILTypeConverter &converter,
                                 RewritePatternSet &patterns);
/// linear (1x1 conv) and matmul.
void populateLinearPatterns(const OrionToMILTypeConverter &converter,
                            RewritePatternSet &patterns);
/// reduce_sum/mean/max and softmax.
void populateReductionPatterns(const OrionToMILTypeConverter &converter,
                               RewritePatternSet &patterns);
/// reshape, transpose, slice, split, concat and embedding.
void populateShapePatterns(const OrionToMILTypeConverter &converter,
                           const KernelInfo &info,
                           RewritePatternSet &patterns);
/// one_hot and cross_entropy (expanded into primitives), on CPU kernels.
void populateLossPatterns(const OrionToMILTypeConverter &converter,
                          const KernelInfo &info, RewritePatternSet &patterns);
/// embedding_grad as fill + scatter(mode="add"), on CPU kernels.
void populateScatterPatterns(const OrionToMILTypeConverter &converter,
                             const KernelInfo &info,
                             RewritePatternSet &patterns);
/// param and constant.
void populateValuePatterns(const OrionToMILTypeConverter &converter,
                           RewritePatternSet &patterns);
/// cast.
void populateCastPatterns(const OrionToMILTypeConverter &converter,
                          RewritePatternSet &patterns);

/// The `#mil.weight` of `param` (one source per `orion.fused_from` name,
/// shaped by `orion.fused_shapes`) with value type `type`, which must hold
/// as many elements as the param. A non-empty `perm` transposes an unfused
/// param before it is flattened (the gradient's W^T of a linear).
mil::WeightAttr buildWeightAttr(ParamOp param, RankedTensorType type,
                                ArrayRef<int64_t> perm = {});

/// The weight operand of a conv or matmul made from `param`: a `#mil.weight`
/// const of `type`'s shape stored as `storedType` elements, named `loc`,
/// then cast to `type`'s element type (named `<loc>_cast`) when the two
/// differ.
Value buildWeightOperand(OpBuilder &b, Location loc, ParamOp param,
                         RankedTensorType type, Type storedType,
                         ArrayRef<int64_t> perm = {});

/// Why `op` (an orion op in a kernel) cannot be converted, or nullopt when it
/// can. The pass reports it before converting anything.
std::optional<std::string> whyNotConvertible(Operation *op,
                                             const KernelInfo &info);

/// Records `orion.fused_shapes` on every fused param of `kernel` that lacks
/// it, deriving the shapes from the split of the fused linear's result.
/// Emits an error and fails when they cannot be derived.
LogicalResult inferFusedShapes(Operation *kernel);

} // namespace mlir::orion

#endif // ORION_LIB_CONVERSION_ORIONTOMIL_ORIONTOMIL_H
