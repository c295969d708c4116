//===- AssignBlobs.cpp - Pack weights into one BLOBFILE per program -------===//

#include "Orion/Dialect/MIL/IR/MILOps.h"
#include "Orion/Dialect/MIL/Transforms/Passes.h"
#include "Orion/Dialect/Orion/IR/OrionDialect.h"

#include "mlir/IR/Builders.h"

namespace mlir::orion::mil {
#define GEN_PASS_DEF_MILASSIGNBLOBS
#include "Orion/Dialect/MIL/Transforms/Passes.h.inc"
} // namespace mlir::orion::mil

using namespace mlir;
using namespace mlir::orion;
using namespace mlir::orion::mil;

namespace {

// coremltools' MILBlob v2 layout: a 64-byte storage header, then per blob a
// 64-byte metadata block followed by its data, each 64-byte aligned.
constexpr uint64_t kAlign = 64;
uint64_t alignUp(uint64_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

uint64_t blobBytes(RankedTensorType type) {
  return uint64_t(type.getNumElements()) *
         (type.getElementType().getIntOrFloatBitWidth() / 8);
}

struct MILAssignBlobsPass
    : public mlir::orion::mil::impl::MILAssignBlobsBase<MILAssignBlobsPass> {
  using MILAssignBlobsBase::MILAssignBlobsBase;

  bool goesToBlob(ConstOp c) {
    if (isa<WeightAttr>(c.getVal()))
      return true;
    auto dense = dyn_cast<DenseElementsAttr>(c.getVal());
    return dense && isa<Float16Type, Float32Type>(dense.getElementType()) &&
           dense.getNumElements() > inlineLimit;
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func->hasAttr(OrionDialect::getHostAttrName()))
      return; // the host plan is not a MIL program
    Builder b(func.getContext());
    // Blobs already in this file (imported MIL) keep their offsets; new ones
    // go after them.
    uint64_t next = kAlign;
    func.walk([&](ConstOp c) {
      if (auto blob = dyn_cast<BlobFileAttr>(c.getVal()))
        if (blob.getPath() == path)
          next = std::max(next, alignUp(blob.getOffset() + kAlign +
                                        blobBytes(cast<RankedTensorType>(
                                            blob.getType()))));
    });
    func.walk([&](ConstOp c) {
      if (!goesToBlob(c))
        return;
      auto type = cast<RankedTensorType>(c.getType());
      if (auto weight = dyn_cast<WeightAttr>(c.getVal())) {
        SmallVector<Attribute> sources(weight.getSources().begin(),
                                       weight.getSources().end());
        c->setAttr(mil::MILDialect::getSourcesAttrName(),
                   b.getArrayAttr(sources));
      } else {
        c->setAttr(mil::MILDialect::getValueAttrName(), c.getVal());
      }
      c.setValAttr(BlobFileAttr::get(&getContext(), path, next, type));
      next = alignUp(next + kAlign + blobBytes(type));
    });
  }
};

} // namespace
