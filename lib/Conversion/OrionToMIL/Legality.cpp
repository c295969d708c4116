//===- Legality.cpp - What convert-orion-to-mil cannot convert, and why ---===//
//
// The conversion checks every op of a kernel before converting anything, so
// an op without a MIL form is a `failed to legalize` error with a note
// naming the reason, rather than a bare framework failure. It also settles
// the per-source shapes of fused params (see inferFusedShapes).
//
//===----------------------------------------------------------------------===//

#include "OrionToMIL.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"

using namespace mlir;
using namespace mlir::orion;

namespace {

bool isDynamic(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  return shaped && !shaped.hasStaticShape();
}


} // namespace

std::optional<std::string>
mlir::orion::whyNotConvertible(Operation *op, const KernelInfo &info) {
  if (!isa<OrionDialect>(op->getDialect()))
    return std::nullopt;
  for (Type type : llvm::concat<Type>(op->getOperandTypes(),
                                      op->getResultTypes()))
    if (isDynamic(type))
      return "MIL tensors have static shapes, and this op has a dynamic one";
  // What converts where is the op's traits (OrionTraits.td).
  if (op->hasTrait<OpTrait::orion::Decomposed>() &&
      !op->hasTrait<OpTrait::orion::MILLowered>())
    return "it is a composite op with no MIL form the ANE accepts; run "
           "-orion-decompose first";
  if (op->hasTrait<OpTrait::orion::CpuOnly>())
    return info.ane ? std::optional<std::string>(
                          cast<OpInfo>(op).getCpuOnlyReason().str())
                    : std::nullopt;
  if (auto param = dyn_cast<ParamOp>(op))
    if (!isa<FloatType>(param.getType().getElementType()))
      return "a #mil.weight holds fp16 or fp32 values; integer parameters "
             "have no MIL form";
  if (auto constant = dyn_cast<ConstantOp>(op)) {
    auto type = constant.getType();
    if (isa<FloatType>(type.getElementType()) &&
        type.getElementType() != info.computeType &&
        !isa<DenseFPElementsAttr>(constant.getValue()))
      return "only dense constants can be rounded to the compute type";
  }
  if (!op->hasTrait<OpTrait::orion::MILLowered>())
    return "there is no MIL mapping for this op";
  return std::nullopt;
}

namespace {

/// The sizes of the split that takes the fused linear's result apart, when
/// `param` is the weight or bias of linears whose results are all split on
/// the last axis into `pieces` pieces of the same sizes.
std::optional<SmallVector<int64_t>> sizesFromSplit(ParamOp param,
                                                   size_t pieces) {
  std::optional<SmallVector<int64_t>> found;
  for (Operation *user : param->getUsers()) {
    auto linear = dyn_cast<LinearOp>(user);
    if (!linear || linear.getInput() == param.getResult() ||
        !linear->hasOneUse())
      return std::nullopt;
    auto split = dyn_cast<SplitOp>(*linear->getUsers().begin());
    if (!split || int64_t(split.getAxis()) != linear.getType().getRank() - 1 ||
        split.getSizes().size() != pieces)
      return std::nullopt;
    SmallVector<int64_t> sizes(split.getSizes());
    if (found && *found != sizes)
      return std::nullopt;
    found = sizes;
  }
  return found;
}

/// `shapes` is an array of one shape per source that concatenates along
/// axis 0 to `type`.
bool validFusedShapes(ArrayAttr shapes, size_t sources,
                      RankedTensorType type) {
  if (shapes.size() != sources)
    return false;
  int64_t rows = 0;
  for (Attribute attr : shapes) {
    auto shape = dyn_cast<DenseI64ArrayAttr>(attr);
    if (!shape || shape.size() != type.getRank() || shape[0] <= 0 ||
        shape.asArrayRef().drop_front() != type.getShape().drop_front())
      return false;
    rows += shape[0];
  }
  return rows == type.getDimSize(0);
}

} // namespace

LogicalResult mlir::orion::inferFusedShapes(Operation *kernel) {
  WalkResult result = kernel->walk([](ParamOp param) {
    auto names =
        param->getAttrOfType<ArrayAttr>(OrionDialect::getFusedFromAttrName());
    if (!names)
      return WalkResult::advance();
    RankedTensorType type = param.getType();
    auto fail = [&](const Twine &why) {
      InFlightDiagnostic diag = param.emitError()
                                << "failed to legalize operation '"
                                << param->getName() << "'";
      diag.attachNote() << why;
      return WalkResult::interrupt();
    };
    if (type.getRank() == 0 ||
        !llvm::all_of(names, [](Attribute a) { return isa<StringAttr>(a); }))
      return fail("a fused param needs rank >= 1 and orion.fused_from "
                  "must list parameter names");
    if (auto shapes = param->getAttrOfType<ArrayAttr>(
            OrionDialect::getFusedShapesAttrName())) {
      if (!validFusedShapes(shapes, names.size(), type))
        return fail(Twine(OrionDialect::getFusedShapesAttrName()) +
                    " must hold one shape per orion.fused_from name, "
                    "concatenating along axis 0 to the param's shape");
      return WalkResult::advance();
    }
    SmallVector<int64_t> rows;
    if (names.size() == 1)
      rows.push_back(type.getDimSize(0));
    else if (auto sizes = sizesFromSplit(param, names.size()))
      rows = *sizes;
    else
      return fail("cannot tell the shapes of the " + Twine(names.size()) +
                  " sources of this fused param: it does not feed linears "
                  "whose results are split back into one piece per source; "
                  "record them in " +
                  OrionDialect::getFusedShapesAttrName());
    Builder b(param.getContext());
    SmallVector<Attribute> shapes;
    for (int64_t r : rows) {
      SmallVector<int64_t> shape(type.getShape());
      shape[0] = r;
      shapes.push_back(b.getDenseI64ArrayAttr(shape));
    }
    param->setAttr(OrionDialect::getFusedShapesAttrName(),
                   b.getArrayAttr(shapes));
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}
