//===- Planner.h - Turn a MIL function into an executable plan --*- C++ -*-===//
//
// Planning happens once, at load: every value gets its shape and dtype
// (computed from its operands and checked against the type the MIL text
// declares), a buffer (reused once the value's last use has passed),
// consts are materialized (BLOBFILEs read here, so later patches to the file
// are not seen until reload: docs/ane-constraints.md ANE-WEIGHTS-BAKED; fp16
// weights stay fp16, see ValueInfo::half), and every op becomes a Step
// closure over value ids. eval() then only converts surfaces and runs the
// steps: no parsing, no allocation.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DEVICES_CPU_PLANNER_H
#define ORION_DEVICES_CPU_PLANNER_H

#include "orion/devices/cpu/Tensor.h"

#include "orion/format/BlobFile.h"
#include "orion/format/Error.h"
#include "orion/format/MILProgram.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace orion::rt::cpu {

struct ValueInfo {
  std::string name;
  DType dtype = DType::F32;
  Shape shape;
  size_t numel = 1;
  int slot = -1; // buffer; -1 for strings
  bool isConst = false;
  std::vector<float> constData; // until build() moves it into its slot
  std::string str;              // string consts
  /// fp16 bits of a BLOBFILE fp16 const, or of a cast of one: GEMM planners
  /// hand them to the fp16-weight kernels. Such a value gets an fp32 buffer
  /// (slot) only when an op reads it as floats, so weights are not held
  /// twice.
  std::shared_ptr<const std::vector<uint16_t>> half;
};

/// One op's work; `ptrs[id]` is value id's buffer.
using Step = std::function<void(float *const *ptrs)>;

struct Plan {
  std::vector<ValueInfo> values;
  std::vector<std::vector<float>> slots;
  std::vector<float *> ptrs;
  std::vector<Step> steps;
  std::vector<int> inputs;  // value ids in declaration order
  std::vector<int> outputs; // value ids in return order
  /// Function inputs used as gather indices, with the axis length they
  /// index: eval checks them (ids from a caller, e.g. `orion run`'s tokens,
  /// must not silently wrap or read zeros).
  struct IndexRange {
    int value;
    int64_t size;
  };
  std::vector<IndexRange> indexRanges;
  void run() {
    for (const Step &s : steps)
      s(ptrs.data());
  }
};

struct PlanOptions {
  /// ane-sim: every float value is rounded to fp16 after the op producing
  /// it (the ANE computes in fp16), whatever its declared dtype.
  bool allFloatsFp16 = false;
  /// A plan of the same function being replaced (a weights reload): the new
  /// plan takes over its scratch buffers of matching size instead of
  /// allocating and zeroing them. Their contents do not matter: every run
  /// writes a scratch buffer before reading it.
  Plan *recycle = nullptr;
};

class PlanBuilder;
/// Plans one op: reads its operands, computes and allocates its results,
/// emits its Step.
using OpPlanner = Status (*)(PlanBuilder &, const milast::Operation &);
/// The planner for a MIL op, or nullptr if the cpu device cannot run it.
OpPlanner findOpPlanner(std::string_view op);

/// Plans `function`; BLOBFILE paths resolve against `programDir`;
/// `bufferName` prefixes error positions.
Expected<std::unique_ptr<Plan>> buildPlan(const milast::Function &function,
                                          const std::string &programDir,
                                          const std::string &bufferName,
                                          const PlanOptions &options);

class PlanBuilder {
public:
  PlanBuilder(const milast::Function &f, std::string programDir, std::string bufferName,
              PlanOptions options);
  Expected<std::unique_ptr<Plan>> build();

  // --- for op planners -------------------------------------------------
  Error error(const milast::Operation &op, const std::string &message) const;
  bool has(const milast::Operation &op, std::string_view arg) const {
    return op.argument(arg) != nullptr;
  }
  /// Value id of tensor argument `arg` (a name or an inline literal).
  Expected<int> operand(const milast::Operation &op, std::string_view arg);
  /// Value id of one element of a tuple argument, e.g. concat's values.
  Expected<int> operandValue(const milast::Operation &op, std::string_view arg,
                             const milast::Value &v);
  const ValueInfo &value(int id) const { return plan_->values[size_t(id)]; }
  /// Value id of tensor argument `arg` when it holds fp16 const bits
  /// (ValueInfo::half), without giving it an fp32 buffer; -1 otherwise.
  Expected<int> halfOperand(const milast::Operation &op, std::string_view arg);
  /// Value id of weight argument `arg` of a GEMM-shaped op: its fp16 bits
  /// when it has them (`half` set, no fp32 buffer), else operand().
  Expected<int> weightOperand(const milast::Operation &op, std::string_view arg,
                              bool &half);
  /// Gives a value holding only fp16 bits its fp32 buffer (exact floats),
  /// for an op that reads a weight as floats after all.
  void needFloats(int id);
  /// Defines result 0 of `op` (a cast) as the fp16 const bits of `source`.
  Expected<int> halfResult(const milast::Operation &op, int source);

  /// Compile-time constant arguments; `dflt` is used when `arg` is absent.
  Expected<std::vector<int64_t>>
  intsArg(const milast::Operation &op, std::string_view arg,
          std::optional<std::vector<int64_t>> dflt = std::nullopt);
  Expected<int64_t> intArg(const milast::Operation &op, std::string_view arg,
                           std::optional<int64_t> dflt = std::nullopt);
  Expected<bool> boolArg(const milast::Operation &op, std::string_view arg, bool dflt);
  Expected<std::vector<bool>> boolsArg(const milast::Operation &op,
                                       std::string_view arg, size_t count);
  Expected<float> floatArg(const milast::Operation &op, std::string_view arg,
                           float dflt);
  Expected<std::string>
  stringArg(const milast::Operation &op, std::string_view arg,
            std::optional<std::string> dflt = std::nullopt);

  /// Defines result `k` with the shape the op computes (must equal the
  /// declared one) and gives it a buffer.
  Expected<int> result(const milast::Operation &op, size_t k, const Shape &shape);
  /// Result 0 of `op` (a reshape: same elements, same order) as operand
  /// `x`'s own buffer, when `x` dies at this op and neither is a function
  /// input, output or const; -1 when the caller must copy instead.
  Expected<int> resultReusing(const milast::Operation &op, int x, const Shape &shape);
  /// A temporary buffer that lives until the end of the current op.
  int scratch(size_t numel);
  void emit(Step step) { plan_->steps.push_back(std::move(step)); }
  /// Value `id`, if a function input, must hold integers in [0, size).
  void requireIndexRange(int id, int64_t size) {
    plan_->indexRanges.push_back({id, size});
  }
  /// Normalizes axis `a` of a rank-`rank` tensor; error when out of range.
  Expected<int64_t> axis(const milast::Operation &op, int64_t a, size_t rank,
                         const char *what) const;

private:
  // The steps of build(), in order.
  void findLastUses();
  Status planInputs();
  Status planOp(size_t index);
  Status planOutputs();
  void allocateBuffers();
  /// Brings each result from `firstValue` on back to its dtype.
  void emitDTypeFinalizers(size_t firstValue);
  /// Frees scratch, operands used for the last time and unused results.
  void releaseAfter(const milast::Operation &op, size_t index);

  Status planConst(const milast::Operation &op);
  Expected<int> addConst(const milast::Operation &op, const std::string &name,
                         const milast::Type &type, const milast::Value &val);
  Expected<const ValueInfo *> constArg(const milast::Operation &op,
                                       std::string_view arg);
  int newValue(ValueInfo info);
  /// A buffer of its own for a const, never handed to another value.
  int constSlot(size_t numel);
  int allocSlot(size_t numel);
  void freeValue(int id);
  Expected<const BlobFile *> blobFile(const milast::Operation &op,
                                      const std::string &path);

  const milast::Function &f_;
  std::string programDir_, bufferName_;
  PlanOptions options_;
  std::unique_ptr<Plan> plan_;
  std::map<std::string, int, std::less<>> ids_;
  std::map<std::string, size_t, std::less<>> lastUse_; // op index
  std::set<std::string, std::less<>> outputNames_;      // f_.outputs
  size_t currentOp_ = 0;
  std::vector<int> slotViews_; // extra values sharing each buffer
  std::vector<bool> slotFree_;
  std::vector<size_t> slotSize_;
  std::vector<int> opScratch_;
  std::map<std::string, std::unique_ptr<BlobFile>> blobs_;
};

} // namespace orion::rt::cpu

#endif // ORION_DEVICES_CPU_PLANNER_H
