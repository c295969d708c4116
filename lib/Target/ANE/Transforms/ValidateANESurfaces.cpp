//===- ValidateANESurfaces.cpp - Input and output rules of the ANE --------===//
//
// The ANE binds a program's inputs and outputs to IOSurfaces: every input
// the same size (ANE-UNIFORM-INPUTS), every output the same size
// (ANE-UNIFORM-OUTPUTS), each at least 49,152 bytes (ANE-MIN-SURFACE), bound
// in alphabetical order of MIL name (ANE-OUTPUT-ORDER, ANE-INPUT-ORDER), and
// every output the name of a live op (ANE-LIVE-OUTPUTS). The IDs are
// docs/ane-constraints.md's.
//
//===----------------------------------------------------------------------===//

#include "ANERules.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::orion;
using namespace mlir::orion::mil;

namespace {

std::string join(ArrayRef<std::string> items) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(items, os);
  return text;
}

/// The MIL name of a returned value, as the emitter spells it, or "".
std::string outputName(Value v) {
  return mil::getMILResultName(v).value_or("");
}

/// Every output the result of its own op.
bool checkLiveOutputs(func::FuncOp func, func::ReturnOp ret) {
  bool ok = true;
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      ret.emitError() << "output #" << i << " is argument #"
                      << arg.getArgNumber()
                      << ", which no op produces (compiler-level rule: "
                         "output names must reference live ops, else the "
                         "program is an InvalidMILProgram); run "
                         "-mil-legalize-ane to return it through an identity";
      ok = false;
      continue;
    }
    for (unsigned j = 0; j < i; ++j)
      if (ret.getOperand(j) == v) {
        ret.emitError() << "outputs #" << j << " and #" << i
                        << " are the same value, so they would share one MIL "
                           "name (compiler-level rule: each output names its "
                           "own live op); run -mil-legalize-ane";
        ok = false;
        break;
      }
  }
  return ok;
}

/// ANE-UNIFORM-OUTPUTS / ANE-UNIFORM-INPUTS and ANE-MIN-SURFACE for the
/// inputs or the outputs.
bool checkSizes(func::FuncOp func, bool results) {
  unsigned count = results ? func.getNumResults() : func.getNumArguments();
  StringRef what = results ? "output" : "input";
  SmallVector<int64_t> sizes;
  bool ok = true;
  for (unsigned i = 0; i < count; ++i) {
    std::optional<int64_t> bytes = surfaceBytes(func, i, results);
    if (!bytes)
      continue;
    sizes.push_back(*bytes);
    if (*bytes < ::orion::ane::kMinSurfaceBytes) {
      func.emitError() << what << " #" << i << " is a " << *bytes
                       << "-byte surface (ANE-MIN-SURFACE: the ANE evaluates "
                          "only surfaces of at least 49,152 bytes, smaller "
                          "ones fail with status 0x1d); pad the sequence to "
                          "a larger bucket or the channels";
      ok = false;
    }
  }
  if (sizes.size() > 1 && !llvm::all_equal(sizes)) {
    SmallVector<std::string> text;
    for (int64_t s : sizes)
      text.push_back(std::to_string(s));
    func.emitError() << what << " surfaces have different sizes (" << join(text)
                     << " bytes) ("
                     << (results ? "ANE-UNIFORM-OUTPUTS" : "ANE-UNIFORM-INPUTS")
                     << ": a multi-" << what << " program needs every " << what
                     << " buffer the same size, else eval fails with status "
                        "0x1d); allocate each at "
                     << *llvm::max_element(sizes)
                     << " bytes and record it in orion.surface";
    ok = false;
  }
  return ok;
}

/// ANE-OUTPUT-ORDER / ANE-INPUT-ORDER: binding order is alphabetical
/// (byte-wise) by MIL name, so it must be the declared order.
bool checkOrder(func::FuncOp func, ArrayRef<std::string> names, bool results) {
  if (names.size() < 2 || llvm::is_contained(names, ""))
    return true; // unnamed yet: mil-assign-names runs later
  for (size_t i = 1; i < names.size(); ++i) {
    if (names[i - 1] < names[i])
      continue;
    if (results)
      func.emitError() << "output names (" << join(names)
                       << ") are not in alphabetical order (ANE-OUTPUT-ORDER: "
                          "the ANE returns outputs sorted by MIL name, so "
                          "surfaces would silently swap); name them so that "
                          "alphabetical order is return order, e.g. out_0, "
                          "out_1";
    else
      func.emitError() << "input names (" << join(names)
                       << ") are not in alphabetical order (ANE-INPUT-ORDER: "
                          "the ANE binds inputs sorted by MIL name); name "
                          "them so that alphabetical order is argument "
                          "order";
    return false;
  }
  return true;
}

} // namespace

LogicalResult mlir::orion::mil::validateSurfaces(func::FuncOp func) {
  bool ok = checkSizes(func, /*results=*/false);
  ok &= checkSizes(func, /*results=*/true);
  SmallVector<std::string> inputs;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    auto name = func.getArgAttrOfType<StringAttr>(
        i, mil::MILDialect::getNameAttrName());
    inputs.push_back(name ? name.str() : "");
  }
  ok &= checkOrder(func, inputs, false);
  for (Block &block : func.getBody()) {
    auto ret = dyn_cast<func::ReturnOp>(block.getTerminator());
    if (!ret)
      continue;
    ok &= checkLiveOutputs(func, ret);
    SmallVector<std::string> outputs;
    for (Value v : ret.getOperands())
      outputs.push_back(outputName(v));
    ok &= checkOrder(func, outputs, true);
  }
  return success(ok);
}
