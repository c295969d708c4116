//===- HostPlanBuilder.cpp - The host function as a manifest host plan ----===//
//
// Host tensors are the host function's arguments (inputs), returned values
// (outputs) and every other host-side value (intermediates). A func.call is
// a step; each of its surfaces is bound to a host tensor through an
// orion.to_surface / orion.from_surface ("channels" layout, ANE kernels) or
// directly ("identity", CPU kernels).
//
//===----------------------------------------------------------------------===//

#include "HostPlanBuilder.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"
#include "Orion/Target/ANE/MILEmitter.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"

using namespace mlir;
using namespace mlir::orion;

namespace {

class PlanBuilder {
public:
  explicit PlanBuilder(func::FuncOp host) : host(host) {}

  FailureOr<rt::HostPlan> build() {
    for (BlockArgument arg : host.getArguments()) {
      auto name = host.getArgAttrOfType<StringAttr>(
          arg.getArgNumber(), OrionDialect::getNameAttrName());
      if (failed(define(arg, name ? name.str()
                                  : "input_" + std::to_string(
                                                   arg.getArgNumber()),
                        plan.inputs)))
        return failure();
    }
    auto ret = cast<func::ReturnOp>(host.getBody().front().getTerminator());
    for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
      auto name = host.getResultAttrOfType<StringAttr>(
          i, OrionDialect::getNameAttrName());
      outputNames[v] = name ? name.str() : "output_" + std::to_string(i);
    }
    for (Operation &op : host.getBody().front()) {
      if (auto call = dyn_cast<func::CallOp>(op)) {
        if (failed(step(call)))
          return failure();
      } else if (!isa<ToSurfaceOp, FromSurfaceOp, PackSurfaceOp,
                     func::ReturnOp>(op)) {
        return op.emitError()
               << "a host function may only call kernels and move tensors "
                  "to and from surfaces";
      }
    }
    for (Value v : ret.getOperands())
      if (!names.count(v))
        return ret.emitError() << "returns a value no kernel produced";
    // Outputs are listed in return order, not as they were produced.
    std::vector<rt::HostTensorSpec> outputs;
    for (Value v : ret.getOperands())
      for (auto it = plan.intermediates.begin(); it != plan.intermediates.end();
           ++it)
        if (it->name == names[v]) {
          outputs.push_back(*it);
          plan.intermediates.erase(it);
          break;
        }
    plan.outputs = std::move(outputs);
    return plan;
  }

private:
  LogicalResult define(Value v, const std::string &name,
                       std::vector<rt::HostTensorSpec> &list) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type || !type.hasStaticShape())
      return host.emitError() << "host tensor '" << name
                              << "' needs a static shape";
    Type e = type.getElementType();
    std::string dtype = e.isF32() ? "fp32" : e.isInteger(32) ? "int32" : "";
    if (dtype.empty())
      return host.emitError() << "host tensor '" << name
                              << "' must be f32 or i32, got " << type;
    names[v] = name;
    list.push_back({name, std::vector<int64_t>(type.getShape().begin(),
                                               type.getShape().end()),
                    dtype});
    return success();
  }

  /// A host-side value's tensor, defining an intermediate on first sight.
  FailureOr<std::string> tensorOf(Value v) {
    if (auto it = names.find(v); it != names.end())
      return it->second;
    auto out = outputNames.find(v);
    std::string name = out != outputNames.end()
                           ? out->second
                           : "t" + std::to_string(next++);
    if (failed(define(v, name, plan.intermediates)))
      return failure();
    return name;
  }

  LogicalResult step(func::CallOp call) {
    auto kernel = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
        call, call.getCalleeAttr());
    if (!kernel)
      return call.emitError() << "calls an unknown kernel";
    auto milFn = buildMILFunction(kernel);
    if (failed(milFn))
      return failure();
    rt::HostStep s;
    s.program = kernel.getSymName().str();
    for (auto [i, operand] : llvm::enumerate(call.getOperands())) {
      rt::SurfaceBinding b;
      b.surface = milFn->inputs[i].name;
      if (auto pack = operand.getDefiningOp<PackSurfaceOp>()) {
        // One binding per packed tensor, at its channel range.
        int64_t offset = 0;
        for (Value input : pack.getInputs()) {
          auto tensor = tensorOf(input);
          if (failed(tensor))
            return failure();
          s.inputs.push_back({*tensor, b.surface, "channels", offset});
          offset += surfaceMatrix(
                        cast<RankedTensorType>(input.getType()).getShape())
                        .channels;
        }
        continue;
      }
      if (auto to = operand.getDefiningOp<ToSurfaceOp>()) {
        auto tensor = tensorOf(to.getInput());
        if (failed(tensor))
          return failure();
        b.tensor = *tensor;
        b.layout = "channels";
        b.channelOffset = int64_t(to.getChannelOffset());
      } else {
        auto tensor = tensorOf(operand);
        if (failed(tensor))
          return failure();
        b.tensor = *tensor;
      }
      s.inputs.push_back(b);
    }
    for (auto [i, result] : llvm::enumerate(call.getResults())) {
      const std::string surface = milFn->outputs[i];
      bool bound = false;
      for (Operation *user : result.getUsers()) {
        if (auto from = dyn_cast<FromSurfaceOp>(user)) {
          auto tensor = tensorOf(from.getResult());
          if (failed(tensor))
            return failure();
          s.outputs.push_back({*tensor, surface, "channels",
                               int64_t(from.getChannelOffset())});
          bound = true;
        }
      }
      if (!bound && !isa<RankedTensorType>(result.getType()))
        return call.emitError() << "result #" << i << " is not a tensor";
      if (!bound) {
        auto tensor = tensorOf(result);
        if (failed(tensor))
          return failure();
        s.outputs.push_back({*tensor, surface, "identity", 0});
      }
    }
    plan.steps.push_back(std::move(s));
    return success();
  }

  func::FuncOp host;
  rt::HostPlan plan;
  llvm::DenseMap<Value, std::string> names, outputNames;
  unsigned next = 0;
};

} // namespace

FailureOr<rt::HostPlan> mlir::orion::buildHostPlan(func::FuncOp host) {
  return PlanBuilder(host).build();
}
