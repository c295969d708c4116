//===- OrionToMIL.cpp - The convert-orion-to-mil pass ---------------------===//
//
// Converts each kernel (a func.func with orion.device) on its own: the
// compute type depends on the device, so every kernel gets its own type
// converter and patterns. Ops that cannot convert are reported before
// anything changes; after the conversion, ops nothing reads (the plain
// copy of a param a linear re-shaped into a conv weight, the transpose of a
// param a conv stores transposed) are erased.
//
//===----------------------------------------------------------------------===//

#include "OrionToMIL.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::orion {
#define GEN_PASS_DEF_CONVERTORIONTOMIL
#include "Orion/Conversion/Passes.h.inc"
} // namespace mlir::orion

using namespace mlir;
using namespace mlir::orion;

namespace {

/// The kernel's signature after conversion.
FunctionType convertedSignature(func::FuncOp func,
                                const OrionToMILTypeConverter &converter) {
  SmallVector<Type> inputs, results;
  for (Type t : func.getArgumentTypes())
    inputs.push_back(converter.convertIOType(t));
  for (Type t : func.getResultTypes())
    results.push_back(converter.convertIOType(t));
  if (llvm::is_contained(inputs, Type()) || llvm::is_contained(results, Type()))
    return FunctionType();
  return FunctionType::get(func.getContext(), inputs, results);
}

/// Reports every op of `func` that cannot convert; false if there is one.
bool checkConvertible(func::FuncOp func, const KernelInfo &info) {
  bool ok = true;
  func.walk([&](Operation *op) {
    std::optional<std::string> why = whyNotConvertible(op, info);
    if (!why)
      return;
    InFlightDiagnostic diag = op->emitError()
                              << "failed to legalize operation '"
                              << op->getName() << "'";
    diag.attachNote() << *why;
    ok = false;
  });
  return ok;
}

LogicalResult convertKernel(func::FuncOp func, const KernelInfo &info,
                            ModuleOp module) {
  if (failed(inferFusedShapes(func)) || !checkConvertible(func, info))
    return failure();
  OrionToMILTypeConverter converter(info);
  FunctionType signature = convertedSignature(func, converter);
  if (!signature)
    return func.emitError("kernel arguments and results need static shapes");
  // The host function calls kernels with their current signatures.
  if (signature != func.getFunctionType()) {
    std::optional<SymbolTable::UseRange> uses =
        SymbolTable::getSymbolUses(func, module);
    if (uses && !uses->empty())
      return func.emitError("converting this kernel changes its signature to ")
             << signature << ", which would break its call sites; run "
             << "orion-assign-layout first (ANE kernels take fp16 surfaces) "
             << "or keep fp32 I/O with keep-io-type=true";
  }

  ConversionTarget target(*func.getContext());
  target.addLegalDialect<mil::MILDialect>();
  target.addIllegalDialect<OrionDialect>();
  target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp f) {
    return f != func || f.getFunctionType() == signature;
  });
  target.addDynamicallyLegalOp<func::ReturnOp>([](func::ReturnOp ret) {
    auto parent = ret->getParentOfType<func::FuncOp>();
    return ret.getOperandTypes() == parent.getResultTypes() &&
           llvm::none_of(ret.getOperands(), [](Value v) {
             Operation *def = v.getDefiningOp();
             return def && isa<OrionDialect>(def->getDialect());
           });
  });

  RewritePatternSet patterns(func.getContext());
  populateFunctionPatterns(converter, patterns);
  populateElementwisePatterns(converter, patterns);
  populateLinearPatterns(converter, patterns);
  populateReductionPatterns(converter, patterns);
  populateShapePatterns(converter, info, patterns);
  populateLossPatterns(converter, info, patterns);
  populateScatterPatterns(converter, info, patterns);
  populateValuePatterns(converter, patterns);
  populateCastPatterns(converter, patterns);
  // One to one: orion's folders (fuse-cleanup's job) do not run here.
  ConversionConfig config;
  config.foldingMode = DialectConversionFoldingMode::Never;
  if (failed(applyPartialConversion(func, target, std::move(patterns),
                                    config)))
    return failure();

  // Last to first, so an op's operands die after it.
  SmallVector<Operation *> ops;
  func.walk([&](Operation *op) { ops.push_back(op); });
  for (Operation *op : llvm::reverse(ops))
    if (op != func && isOpTriviallyDead(op))
      op->erase();
  return success();
}

struct ConvertOrionToMILPass
    : public mlir::orion::impl::ConvertOrionToMILBase<ConvertOrionToMILPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    for (auto func : llvm::make_early_inc_range(module.getOps<func::FuncOp>())) {
      auto device =
          func->getAttrOfType<StringAttr>(OrionDialect::getDeviceAttrName());
      if (!device)
        continue;
      if (device.getValue() != "ane" && device.getValue() != "cpu") {
        func.emitError() << OrionDialect::getDeviceAttrName()
                         << " must be \"ane\" or \"cpu\", got " << device;
        return signalPassFailure();
      }
      KernelInfo info;
      info.ane = device.getValue() == "ane";
      bool fp16 = computeType == ComputeType::FP16 ||
                  (computeType == ComputeType::Auto && info.ane);
      info.computeType = fp16 ? Type(Float16Type::get(ctx))
                              : Type(Float32Type::get(ctx));
      info.weightType = weightType == ComputeType::Auto ? info.computeType
                        : weightType == ComputeType::FP16
                            ? Type(Float16Type::get(ctx))
                            : Type(Float32Type::get(ctx));
      info.keepIOType = keepIOType;
      if (failed(convertKernel(func, info, module)))
        return signalPassFailure();
    }
  }
};

} // namespace
