//===- AssignNames.cpp - Give mil values their MIL names ------------------===//

#include "Orion/Dialect/MIL/IR/MILOps.h"
#include "Orion/Dialect/MIL/Transforms/Passes.h"
#include "Orion/Dialect/Orion/IR/OrionDialect.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::orion::mil {
#define GEN_PASS_DEF_MILASSIGNNAMES
#include "Orion/Dialect/MIL/Transforms/Passes.h.inc"
} // namespace mlir::orion::mil

using namespace mlir;
using namespace mlir::orion;
using namespace mlir::orion::mil;

namespace {

/// [A-Za-z_][A-Za-z0-9_]*: other characters become '_'.
std::string sanitize(StringRef raw) {
  std::string s;
  for (char c : raw)
    s += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])))
    s.insert(s.begin(), '_');
  return s;
}

bool isIdentifier(StringRef s) { return !s.empty() && sanitize(s) == s; }

/// The name a location suggests: `loc("q_conv")` or `loc("q_conv"(...))`.
std::optional<std::string> nameFromLoc(Location loc) {
  if (auto named = dyn_cast<NameLoc>(loc))
    return sanitize(named.getName().getValue());
  return std::nullopt;
}

class Names {
public:
  /// Reserves an explicit name; false if taken or not an identifier.
  bool reserve(const std::string &name) {
    return isIdentifier(name) && used.insert(name).second;
  }
  /// `base`, or `base_N` for the first free N, such that the names of all
  /// `results` results (`name`, `name_1`, ...) are free; reserves them all.
  std::string fresh(const std::string &base, bool numberAlways,
                    unsigned results = 1) {
    if (!numberAlways && tryReserve(base, results))
      return base;
    for (unsigned n = counters[base];; ++n) {
      std::string candidate = base + "_" + std::to_string(n);
      if (tryReserve(candidate, results)) {
        counters[base] = n + 1;
        return candidate;
      }
    }
  }

private:
  bool tryReserve(const std::string &name, unsigned results) {
    if (used.contains(name))
      return false;
    for (unsigned r = 1; r < results; ++r)
      if (used.contains(name + "_" + std::to_string(r)))
        return false;
    used.insert(name);
    for (unsigned r = 1; r < results; ++r)
      used.insert(name + "_" + std::to_string(r));
    return true;
  }

public:

private:
  llvm::StringSet<> used;
  llvm::StringMap<unsigned> counters;
};

struct MILAssignNamesPass
    : public mlir::orion::mil::impl::MILAssignNamesBase<MILAssignNamesPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func->hasAttr(OrionDialect::getHostAttrName()))
      return; // the host plan is not a MIL program
    Builder b(func.getContext());
    // A result's `mil.name` (set by orion-assign-layout so alphabetical
    // order, the ANE's binding order, is return order) names the op that
    // produces it, overriding a name derived from its location.
    if (!func.isDeclaration()) {
      auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
      for (auto [i, v] : llvm::enumerate(ret.getOperands()))
        if (auto wanted = func.getResultAttrOfType<StringAttr>(
                i, mil::MILDialect::getNameAttrName()))
          if (auto result = dyn_cast<OpResult>(v))
            if (isa<MILOp>(result.getOwner()) &&
                result.getResultNumber() == 0 &&
                result.getOwner()->getNumResults() == 1)
              result.getOwner()->setAttr(mil::MILDialect::getNameAttrName(),
                                         wanted);
    }
    Names names;
    bool ok = true;
    auto claim = [&](Operation *diagOp, StringRef name) {
      if (names.reserve(name.str()))
        return;
      diagOp->emitError() << "MIL name '" << name
                          << "' is not a unique MIL identifier";
      ok = false;
    };
    // Explicit names first, so generated ones never take them.
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      if (auto n = func.getArgAttrOfType<StringAttr>(
              i, mil::MILDialect::getNameAttrName()))
        claim(func, n.getValue());
    func.walk([&](Operation *op) {
      if (auto n = op->getAttrOfType<StringAttr>(
              mil::MILDialect::getNameAttrName())) {
        claim(op, n.getValue());
        if (auto list = op->getAttrOfType<ArrayAttr>(
                mil::MILDialect::getResultNamesAttrName())) {
          for (Attribute r : list.getValue().drop_front())
            if (auto s = dyn_cast<StringAttr>(r))
              claim(op, s.getValue());
          return;
        }
        for (unsigned r = 1; r < op->getNumResults(); ++r)
          claim(op, (n.getValue() + "_" + Twine(r)).str());
      }
    });
    if (!ok)
      return signalPassFailure();

    for (unsigned i = 0; i < func.getNumArguments(); ++i) {
      if (func.getArgAttr(i, mil::MILDialect::getNameAttrName()))
        continue;
      auto base = nameFromLoc(func.getArgument(i).getLoc());
      func.setArgAttr(i, mil::MILDialect::getNameAttrName(),
                      b.getStringAttr(names.fresh(base.value_or("x"),
                                                  /*numberAlways=*/false)));
    }
    func.walk([&](Operation *op) {
      if (!isa<MILOp>(op) || op->hasAttr(mil::MILDialect::getNameAttrName()))
        return;
      auto base = nameFromLoc(op->getLoc());
      unsigned results = std::max(1u, op->getNumResults());
      std::string name =
          base ? names.fresh(*base, false, results)
               : names.fresh(op->getName().stripDialect().str(), true, results);
      op->setAttr(mil::MILDialect::getNameAttrName(), b.getStringAttr(name));
    });
  }
};

} // namespace
