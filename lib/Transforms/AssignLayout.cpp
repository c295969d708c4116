//===- AssignLayout.cpp - The orion-assign-layout pass --------------------===//
//
// Rewrites ANE kernel signatures to fp16 [1, C, 1, S] surfaces (with layout
// shuffles inside the kernel) and brackets their calls in the host function
// with orion.to_surface / orion.from_surface.
//
//===----------------------------------------------------------------------===//

#include "Orion/Dialect/MIL/IR/MILDialect.h"
#include "Orion/Dialect/Orion/IR/OrionOps.h"
#include "Orion/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "orion/ane/AneTarget.h"

#include <map>

namespace mlir::orion {
#define GEN_PASS_DEF_ORIONASSIGNLAYOUT
#include "Orion/Transforms/Passes.h.inc"
} // namespace mlir::orion

using namespace mlir;
using namespace mlir::orion;

// The ODS default is a literal; it must be ANE-MIN-SURFACE
// (orion/ane/AneTarget.h).
static_assert(OrionAssignLayoutOptions().minSurfaceBytes ==
                  ::orion::ane::kMinSurfaceBytes,
              "Passes.td: min-surface-bytes default");

namespace {

/// A static float tensor -> tensor<1xCx1xSx`element`> for its [S, C]
/// matrix (surfaceMatrix), or null for other types.
RankedTensorType surfaceType(Type type, Type element) {
  auto t = dyn_cast<RankedTensorType>(type);
  if (!t || !t.hasStaticShape() || !isa<FloatType>(t.getElementType()))
    return nullptr;
  auto [rows, channels] = surfaceMatrix(t.getShape());
  return RankedTensorType::get({1, channels, 1, rows}, element);
}

SurfaceMatrix matrixOf(Type type) {
  return surfaceMatrix(cast<RankedTensorType>(type).getShape());
}

/// `prefix`, `prefix_1`, ... (inputs) or `prefix_0`, ... (outputs), with
/// indices zero-padded so alphabetical order is index order.
std::string bindingName(StringRef prefix, unsigned index, unsigned count,
                        bool bareFirst) {
  if (bareFirst && index == 0)
    return prefix.str();
  unsigned width = std::to_string(std::max(count, 1u) - 1).size();
  std::string digits = std::to_string(index);
  return prefix.str() + "_" + std::string(width - digits.size(), '0') +
         digits;
}

/// Allocation bytes for one side: the largest surface, at least `minimum`.
int64_t uniformBytes(ArrayRef<Type> types, int64_t minimum) {
  int64_t largest = 0;
  for (Type t : types) {
    auto shaped = cast<ShapedType>(t);
    int64_t width = shaped.getElementTypeBitWidth() / 8;
    largest = std::max(largest, width * shaped.getNumElements());
  }
  return ::orion::ane::uniformSurfaceBytes(largest, minimum);
}

struct OrionAssignLayoutPass
    : public mlir::orion::impl::OrionAssignLayoutBase<OrionAssignLayoutPass> {
  using Base::Base;

  /// Channels [offset, offset + C) of a [1, Ct, 1, S] surface as the body's
  /// logical value, whose [S, C] matrix they hold (the whole surface when
  /// C = Ct).
  static Value logicalView(OpBuilder &b, Location loc, Value surface,
                           RankedTensorType logical, int64_t offset) {
    auto type = cast<RankedTensorType>(surface.getType());
    auto [seq, ch] = surfaceMatrix(logical.getShape());
    Type f16 = type.getElementType();
    Value v = ReshapeOp::create(
        b, loc, RankedTensorType::get({type.getDimSize(1), seq}, f16),
        surface);
    if (ch != type.getDimSize(1))
      v = SliceOp::create(b, loc, v, ArrayRef<int64_t>{offset, 0},
                          ArrayRef<int64_t>{offset + ch, seq}, nullptr);
    v = TransposeOp::create(b, loc, v, ArrayRef<int64_t>{1, 0});
    if (logical.getRank() != 2)
      v = ReshapeOp::create(b, loc, logical.clone(f16), v);
    if (logical.getElementType() != f16)
      v = CastOp::create(b, loc, logical, v);
    return v;
  }

  /// Every use of `arg` (now a surface) reads its logical [S, C] view.
  static void fromSurface(OpBuilder &b, Location loc, BlockArgument arg,
                          RankedTensorType logical) {
    SmallVector<OpOperand *> uses;
    for (OpOperand &use : arg.getUses())
      uses.push_back(&use);
    Value view = logicalView(b, loc, arg, logical, /*offset=*/0);
    for (OpOperand *use : uses)
      use->set(view);
  }

  /// The body's logical result -> the [1, C, 1, S] surface of its [S, C]
  /// matrix.
  static Value toSurface(OpBuilder &b, Location loc, Value v, Type surface) {
    auto type = cast<RankedTensorType>(v.getType());
    Type f16 = cast<RankedTensorType>(surface).getElementType();
    if (type.getElementType() != f16)
      v = CastOp::create(b, loc, RankedTensorType::get(type.getShape(), f16),
                         v);
    if (type.getRank() != 2) {
      auto [rows, channels] = surfaceMatrix(type.getShape());
      v = ReshapeOp::create(
          b, loc, RankedTensorType::get({rows, channels}, f16), v);
    }
    v = TransposeOp::create(b, loc, v, ArrayRef<int64_t>{1, 0});
    return ReshapeOp::create(b, loc, surface, v);
  }

  Type surfaceElement(MLIRContext *ctx) const {
    return surfaceTypeOption == SurfaceType::FP32 ? Type(Float32Type::get(ctx))
                                                  : Type(Float16Type::get(ctx));
  }

  /// Old argument indices per new surface argument: one each, or with
  /// pack-inputs all arguments of one sequence length together (in order).
  SmallVector<SmallVector<unsigned>> groupArguments(FunctionType type) const {
    SmallVector<SmallVector<unsigned>> groups;
    std::map<int64_t, size_t> bySeq;
    for (unsigned i = 0; i < type.getNumInputs(); ++i) {
      int64_t seq = matrixOf(type.getInput(i)).rows;
      auto [it, fresh] = bySeq.try_emplace(seq, groups.size());
      if (!packInputs || fresh)
        groups.emplace_back();
      groups[packInputs ? it->second : groups.size() - 1].push_back(i);
    }
    return groups;
  }

  LogicalResult rewriteKernel(func::FuncOp kernel) {
    FunctionType oldType = kernel.getFunctionType();
    for (auto [i, t] : llvm::enumerate(oldType.getInputs()))
      if (!surfaceType(t, surfaceElement(kernel.getContext())))
        return kernel.emitError("ANE kernel argument #")
               << i << " must be a static float tensor, got " << t;
    SmallVector<SmallVector<unsigned>> groups = groupArguments(oldType);
    SmallVector<Type> ins, outs;
    for (ArrayRef<unsigned> group : groups) {
      auto first = cast<RankedTensorType>(oldType.getInput(group.front()));
      int64_t channels = 0;
      for (unsigned i : group)
        channels += matrixOf(oldType.getInput(i)).channels;
      ins.push_back(surfaceType(
          RankedTensorType::get({matrixOf(first).rows, channels},
                                first.getElementType()),
          surfaceElement(kernel.getContext())));
    }
    for (Type t : oldType.getResults())
      outs.push_back(surfaceType(t, surfaceElement(kernel.getContext())));
    for (auto [i, t] : llvm::enumerate(outs))
      if (!t)
        return kernel.emitError("ANE kernel result #")
               << i << " must be a static float tensor, got "
               << oldType.getResult(i);

    Block &entry = kernel.getBody().front();
    OpBuilder b = OpBuilder::atBlockBegin(&entry);
    Location loc = kernel.getLoc();
    // Packed groups: one new argument, each old one a slice of it.
    SmallVector<BlockArgument> oldArgs(entry.getArguments());
    for (auto [g, group] : llvm::enumerate(groups)) {
      if (group.size() == 1)
        continue;
      BlockArgument packed = entry.addArgument(ins[g], loc);
      int64_t offset = 0;
      for (unsigned i : group) {
        auto logical = cast<RankedTensorType>(oldArgs[i].getType());
        oldArgs[i].replaceAllUsesWith(
            logicalView(b, loc, packed, logical, offset));
        offset += matrixOf(logical).channels;
      }
    }
    for (auto [g, group] : llvm::enumerate(groups))
      if (group.size() == 1) {
        BlockArgument arg = oldArgs[group.front()];
        auto logical = cast<RankedTensorType>(arg.getType());
        arg.setType(ins[g]);
        fromSurface(b, loc, arg, logical);
      }
    // Arguments in group order: unpacked ones kept, packed ones replaced.
    if (groups.size() != oldArgs.size()) {
      SmallVector<Value> order;
      unsigned added = oldArgs.size();
      for (ArrayRef<unsigned> group : groups)
        order.push_back(group.size() == 1 ? Value(oldArgs[group.front()])
                                          : Value(entry.getArgument(added++)));
      reorderArguments(entry, order);
    }
    Operation *ret = entry.getTerminator();
    b.setInsertionPoint(ret);
    for (auto [operand, surface] : llvm::zip(ret->getOpOperands(), outs))
      operand.set(toSurface(b, loc, operand.get(), surface));
    kernel.setFunctionType(b.getFunctionType(ins, outs));

    int64_t inBytes = uniformBytes(ins, minSurfaceBytes);
    int64_t outBytes = uniformBytes(outs, minSurfaceBytes);
    auto surfaceAttr = [&](int64_t bytes) {
      return SurfaceAttr::get(b.getContext(), bytes);
    };
    for (unsigned i = 0; i < ins.size(); ++i) {
      kernel.setArgAttr(i, OrionDialect::getSurfaceAttrName(),
                        surfaceAttr(inBytes));
      kernel.setArgAttr(i, mil::MILDialect::getNameAttrName(),
                        b.getStringAttr(bindingName("x", i, ins.size(), true)));
    }
    for (unsigned i = 0; i < outs.size(); ++i) {
      kernel.setResultAttr(i, OrionDialect::getSurfaceAttrName(),
                           surfaceAttr(outBytes));
      kernel.setResultAttr(
          i, mil::MILDialect::getNameAttrName(),
          b.getStringAttr(bindingName("out", i, outs.size(), false)));
    }
    return success();
  }

  /// Makes `order` (every block argument once) the block's argument list.
  static void reorderArguments(Block &entry, ArrayRef<Value> order) {
    SmallVector<Type> types;
    SmallVector<Location> locs;
    for (Value v : order) {
      types.push_back(v.getType());
      locs.push_back(v.getLoc());
    }
    unsigned old = entry.getNumArguments();
    for (auto [i, v] : llvm::enumerate(order)) {
      BlockArgument fresh = entry.addArgument(types[i], locs[i]);
      Value(v).replaceAllUsesWith(fresh);
    }
    entry.eraseArguments(0, old);
  }

  /// Surfaces around every call of a rewritten ANE kernel; `groups` are the
  /// kernel's old argument indices per surface argument.
  void rewriteCall(func::CallOp call, func::FuncOp kernel,
                   ArrayRef<SmallVector<unsigned>> groups) {
    OpBuilder b(call);
    Location loc = call.getLoc();
    FunctionType type = kernel.getFunctionType();
    SmallVector<Value> operands;
    for (auto [group, surface] : llvm::zip(groups, type.getInputs())) {
      if (group.size() == 1) {
        operands.push_back(ToSurfaceOp::create(
            b, loc, surface, call.getOperand(group.front()),
            /*channel_offset=*/0));
        continue;
      }
      SmallVector<Value> parts;
      for (unsigned i : group)
        parts.push_back(call.getOperand(i));
      operands.push_back(PackSurfaceOp::create(b, loc, surface, parts));
    }
    call->setOperands(operands);
    b.setInsertionPointAfter(call);
    for (auto [result, surface] : llvm::zip(call.getResults(), type.getResults())) {
      Type logical = result.getType();
      result.setType(surface);
      auto read = FromSurfaceOp::create(b, loc, logical, result,
                                        /*channel_offset=*/0);
      result.replaceAllUsesExcept(read, read);
    }
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (minSurfaceBytes <= 0) {
      module.emitError("min-surface-bytes must be positive");
      return signalPassFailure();
    }
    DenseMap<Operation *, SmallVector<SmallVector<unsigned>>> rewritten;
    for (auto kernel : module.getOps<func::FuncOp>()) {
      auto device =
          kernel->getAttrOfType<StringAttr>(OrionDialect::getDeviceAttrName());
      if (!device || device.getValue() != "ane" || kernel.isExternal())
        continue;
      // Already laid out: every argument carries its surface.
      if (kernel.getNumArguments() > 0 &&
          kernel.getArgAttr(0, OrionDialect::getSurfaceAttrName()))
        continue;
      SmallVector<SmallVector<unsigned>> groups =
          groupArguments(kernel.getFunctionType());
      if (failed(rewriteKernel(kernel)))
        return signalPassFailure();
      rewritten[kernel] = std::move(groups);
    }
    for (auto host : module.getOps<func::FuncOp>()) {
      if (!host->hasAttr(OrionDialect::getHostAttrName()))
        continue;
      host.walk([&](func::CallOp call) {
        auto kernel = module.lookupSymbol<func::FuncOp>(call.getCallee());
        if (kernel && rewritten.count(kernel))
          rewriteCall(call, kernel, rewritten[kernel]);
      });
    }
  }
};

} // namespace
