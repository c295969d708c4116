//===- Partition.cpp - The orion-partition pass ---------------------------===//
//
// Groups the model function's ops into kernels (PartitionPolicy decides
// device and stage), outlines each group into a private function and
// rebuilds the model function as the host plan: one call per kernel.
//
//===----------------------------------------------------------------------===//

#include "PartitionPolicy.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"
#include "Orion/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

#include "orion/ane/AneTarget.h"

#include <map>

namespace mlir::orion {
#define GEN_PASS_DEF_ORIONPARTITION
#include "Orion/Transforms/Passes.h.inc"
} // namespace mlir::orion

using namespace mlir;
using namespace mlir::orion;

// ODS option defaults are literals; they must be the ANE's limits
// (orion/ane/AneTarget.h: ANE-MAX-CHANNELS, ANE-MAX-WEIGHT, ANE-SRAM-BUDGET).
static_assert(OrionPartitionOptions().maxChannels == ::orion::ane::kMaxChannels,
              "Passes.td: max-channels default");
static_assert(OrionPartitionOptions().maxWeightMB ==
                  double(::orion::ane::kMaxWeightMiB),
              "Passes.td: max-weight-mb default");
static_assert(OrionPartitionOptions().sramBudgetMB ==
                  double(::orion::ane::kSramBudgetMiB),
              "Passes.td: sram-budget-mb default");

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

struct Kernel {
  std::string key;
  bool onAne = false;
  SmallVector<Operation *> ops;
  llvm::SetVector<Value> inputs; // in order of first use
  SmallVector<Value> outputs;    // in program order
  func::FuncOp func;
};

struct Partitioner {
  func::FuncOp model;
  PartitionGranularity granularity;
  AneLimits limits;

  /// Ops computing only from params and constants; cloned where used.
  DenseSet<Operation *> freeOps;
  DenseMap<Operation *, unsigned> kernelOf;
  std::vector<Kernel> kernels;
  /// Kernel inputs computed on the other device (each one crosses over).
  unsigned transfers = 0;

  bool isFree(Value v) const {
    Operation *def = v.getDefiningOp();
    return def && freeOps.contains(def);
  }

  void classifyFree() {
    for (Operation &op : model.getBody().front().without_terminator()) {
      bool free = isLeafValueOp(&op) ||
                  (op.getNumOperands() > 0 &&
                   llvm::all_of(op.getOperands(),
                                [&](Value v) { return isFree(v); }) &&
                   !aneRejection(&op, limits));
      if (free)
        freeOps.insert(&op);
    }
  }

  /// The kernels (indices) that compute `op`'s operands.
  SmallVector<unsigned> producers(Operation *op) const {
    SmallVector<unsigned> result;
    for (Value v : op->getOperands())
      if (Operation *def = v.getDefiningOp(); def && kernelOf.count(def))
        result.push_back(kernelOf.lookup(def));
    return result;
  }

  bool chooseAne(Operation *op, StringRef stage,
                 const DenseMap<Operation *, std::string> &stageOf) const {
    if (aneRejection(op, limits))
      return false;
    if (isa<LinearOp, MatmulOp>(op))
      return true;
    // A reshape to another rank belongs with its consumers (e.g. RoPE rows
    // gathered on the CPU, used per head): it costs nothing there, and the
    // boundary keeps the producer's [S, C]. (orion-assign-layout flattens
    // any rank at a boundary, so this is a placement choice, not a limit.)
    if (auto reshape = dyn_cast<ReshapeOp>(op);
        reshape && reshape.getType().getRank() != 2)
      return true;
    // A cheap op fed only by CPU work of its own stage stays with it.
    bool any = false;
    for (Value v : op->getOperands()) {
      Operation *def = v.getDefiningOp();
      if (!def) {
        if (!isFree(v))
          return true;
        continue;
      }
      if (freeOps.contains(def))
        continue;
      any = true;
      if (kernels[kernelOf.lookup(def)].onAne || stageOf.lookup(def) != stage)
        return true;
    }
    return !any;
  }

  /// A reshape to another rank stays with its consumers (chooseAne). One
  /// shared by several stages (CSE merges the per-layer copies of a decode
  /// step's RoPE rows) gets one copy per using stage, so no stage's kernel
  /// waits on another's for a free view.
  void splitSharedReshapes() {
    SmallVector<ReshapeOp> reshapes;
    model.walk([&](ReshapeOp op) {
      if (op.getType().getRank() != 2)
        reshapes.push_back(op);
    });
    for (ReshapeOp op : reshapes) {
      StringRef stage = stageName(op);
      for (OpOperand &use : llvm::make_early_inc_range(op->getUses())) {
        Operation *user = use.getOwner();
        if (stageName(user) == stage || isa<func::ReturnOp>(user))
          continue;
        OpBuilder b(user);
        Operation *copy = b.clone(*op);
        copy->setLoc(user->getLoc());
        use.set(copy->getResult(0));
      }
    }
  }

  /// Whether `op` is CPU work computed only from the model's arguments and
  /// free values, like a decode step's RoPE rows gathered by position.
  bool isSource(Operation &op) const {
    return !freeOps.contains(&op) && aneRejection(&op, limits) &&
           llvm::all_of(op.getOperands(), [&](Value v) {
             return isa<BlockArgument>(v) || isFree(v);
           });
  }

  void group() {
    // Sources go first: placed where they appear, a CPU gather in the middle
    // of a layer would split that layer's ANE kernel in two.
    SmallVector<Operation *> order;
    Block &body = model.getBody().front();
    for (Operation &op : body.without_terminator())
      if (isSource(op))
        order.push_back(&op);
    for (Operation &op : body.without_terminator())
      if (!isSource(op))
        order.push_back(&op);

    DenseMap<Operation *, std::string> stageOf;
    std::map<std::pair<std::string, bool>, unsigned> open;
    for (Operation *opPtr : order) {
      Operation &op = *opPtr;
      if (freeOps.contains(&op))
        continue;
      std::string stage = stageName(&op).str();
      if (stage.empty()) {
        stage = "kernel";
        for (Value v : op.getOperands())
          if (Operation *def = v.getDefiningOp(); def && stageOf.count(def)) {
            stage = stageOf.lookup(def);
            break;
          }
      }
      stageOf[&op] = stage;
      bool onAne = chooseAne(&op, stage, stageOf);
      std::string key = kernelKey(stage, granularity, onAne);
      SmallVector<unsigned> from = producers(&op);
      unsigned latest = from.empty() ? 0 : *llvm::max_element(from);
      auto it = open.find({key, onAne});
      // Joining an earlier kernel that a later one feeds would make a cycle.
      if (it == open.end() || (!from.empty() && latest > it->second)) {
        kernels.push_back(Kernel{key, onAne, {}, {}, {}, {}});
        open[{key, onAne}] = kernels.size() - 1;
        it = open.find({key, onAne});
      }
      kernels[it->second].ops.push_back(&op);
      kernelOf[&op] = it->second;
    }
  }

  /// Inputs: computed values from elsewhere. Outputs: values used elsewhere.
  void computeBoundaries() {
    for (unsigned index = 0; index < kernels.size(); ++index) {
      Kernel &kernel = kernels[index];
      for (Operation *op : kernel.ops) {
        for (Value v : op->getOperands()) {
          Operation *def = v.getDefiningOp();
          if (isFree(v) || (def && kernelOf.lookup(def) == index))
            continue;
          if (kernel.inputs.insert(v) && def &&
              kernels[kernelOf.lookup(def)].onAne != kernel.onAne)
            ++transfers;
        }
        for (Value r : op->getResults())
          if (llvm::any_of(r.getUsers(), [&](Operation *user) {
                auto it = kernelOf.find(user);
                return it == kernelOf.end() || it->second != index;
              }))
            kernel.outputs.push_back(r);
      }
    }
  }

  /// Clones a free value's computation into the kernel being built.
  Value cloneFree(OpBuilder &b, Value v, IRMapping &map) {
    if (Value mapped = map.lookupOrNull(v))
      return mapped;
    Operation *def = v.getDefiningOp();
    for (Value operand : def->getOperands())
      cloneFree(b, operand, map);
    b.clone(*def, map);
    return map.lookup(v);
  }

  void outline(Kernel &kernel, SymbolTable &symbols) {
    OpBuilder b(model);
    SmallVector<Type> inTypes, outTypes;
    for (Value v : kernel.inputs)
      inTypes.push_back(v.getType());
    for (Value v : kernel.outputs)
      outTypes.push_back(v.getType());
    Location loc = kernel.ops.front()->getLoc();
    auto func = func::FuncOp::create(b, loc, kernel.key,
                                     b.getFunctionType(inTypes, outTypes));
    func.setPrivate();
    func->setAttr(OrionDialect::getDeviceAttrName(),
                  b.getStringAttr(kernel.onAne ? "ane" : "cpu"));
    Block *body = func.addEntryBlock();
    IRMapping map;
    map.map(kernel.inputs.getArrayRef(), body->getArguments());
    b.setInsertionPointToStart(body);
    for (Operation *op : kernel.ops) {
      for (Value v : op->getOperands())
        if (isFree(v))
          cloneFree(b, v, map);
      b.clone(*op, map);
    }
    SmallVector<Value> results;
    for (Value v : kernel.outputs)
      results.push_back(map.lookup(v));
    func::ReturnOp::create(b, loc, results);
    // Renames on a clash (a second "layer0" kernel becomes "layer0_0").
    func->remove();
    symbols.insert(func, model->getIterator());
    kernel.func = func;
  }

  /// Replaces the model body with calls of the kernels in order.
  LogicalResult buildHostPlan() {
    Block &entry = model.getBody().front();
    Operation *ret = entry.getTerminator();
    for (Value v : ret->getOperands())
      if (isFree(v))
        return ret->emitError("the model returns a parameter or constant; "
                              "no kernel computes it");
    OpBuilder b(ret);
    IRMapping host;
    for (Kernel &kernel : kernels) {
      SmallVector<Value> args;
      for (Value v : kernel.inputs)
        args.push_back(host.lookupOrDefault(v));
      auto call = func::CallOp::create(b, kernel.func.getLoc(), kernel.func,
                                       args);
      host.map(kernel.outputs, call.getResults());
    }
    for (OpOperand &operand : ret->getOpOperands())
      operand.set(host.lookupOrDefault(operand.get()));
    // Erase the original ops, users before producers.
    SmallVector<Operation *> dead;
    for (Operation &op : entry)
      if (!isa<func::CallOp>(op) && &op != ret)
        dead.push_back(&op);
    for (Operation *op : llvm::reverse(dead)) {
      op->dropAllUses();
      op->erase();
    }
    return success();
  }
};

struct OrionPartitionPass
    : public mlir::orion::impl::OrionPartitionBase<OrionPartitionPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp model;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func->hasAttr(OrionDialect::getHostAttrName()))
        return; // already partitioned
      if (!func.isPublic() || func.isExternal())
        continue;
      if (model) {
        func.emitError("orion-partition expects one public model function, "
                       "found @")
            << model.getSymName() << " and @" << func.getSymName();
        return signalPassFailure();
      }
      model = func;
    }
    if (!model)
      return;
    if (!model.getBody().hasOneBlock()) {
      model.emitError("orion-partition needs a single-block function");
      return signalPassFailure();
    }
    if (maxChannels <= 0 || maxWeightMB <= 0 || sramBudgetMB <= 0) {
      model.emitError("max-channels, max-weight-mb and sram-budget-mb must "
                      "be positive");
      return signalPassFailure();
    }

    Partitioner p;
    p.model = model;
    p.granularity = granularity;
    p.limits = {maxChannels, static_cast<uint64_t>(maxWeightMB * kMiB)};
    p.splitSharedReshapes();
    p.classifyFree();
    p.group();
    p.computeBoundaries();
    SymbolTable symbols(module);
    for (Kernel &kernel : p.kernels)
      p.outline(kernel, symbols);
    if (failed(p.buildHostPlan()))
      return signalPassFailure();
    model->setAttr(OrionDialect::getHostAttrName(),
                   UnitAttr::get(&getContext()));
    report(p);
  }

  /// Statistics, the SRAM warning and a one-line remark.
  void report(Partitioner &p) {
    unsigned ane = 0, transfers = p.transfers;
    for (Kernel &kernel : p.kernels) {
      if (kernel.onAne) {
        ++ane;
        warnSram(kernel);
      }
    }
    numKernels += p.kernels.size();
    numAneKernels += ane;
    numCpuKernels += p.kernels.size() - ane;
    numDispatches += ane;
    numTransfers += transfers;
    p.model.emitRemark() << llvm::formatv(
        "partitioned @{0} into {1} kernels ({2} ANE, {3} CPU): {2} ANE "
        "dispatches and {4} CPU/ANE transfers per call",
        p.model.getSymName(), p.kernels.size(), ane, p.kernels.size() - ane,
        transfers);
  }

  /// fp16 weights, constants and boundary tensors against the SRAM budget.
  void warnSram(Kernel &kernel) {
    uint64_t bytes = 0;
    llvm::StringSet<> params;
    kernel.func.walk([&](Operation *op) {
      if (auto param = dyn_cast<ParamOp>(op)) {
        if (params.insert(param.getName()).second)
          bytes += fp16Bytes(param.getType());
      } else if (isa<ConstantOp>(op)) {
        bytes += fp16Bytes(op->getResult(0).getType());
      }
    });
    for (Type t : kernel.func.getFunctionType().getInputs())
      bytes += fp16Bytes(t);
    for (Type t : kernel.func.getFunctionType().getResults())
      bytes += fp16Bytes(t);
    if (bytes > sramBudgetMB * kMiB)
      kernel.func.emitWarning() << llvm::formatv(
          "working set of about {0:F1} MiB (fp16 weights and I/O) exceeds "
          "the {1:F1} MiB SRAM budget; expect DRAM spills",
          bytes / kMiB, static_cast<double>(sramBudgetMB));
  }
};

} // namespace
