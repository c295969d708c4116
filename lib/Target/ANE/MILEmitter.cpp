//===- MILEmitter.cpp - mil dialect to MIL text ---------------------------===//

#include "Orion/Target/ANE/MILEmitter.h"
#include "MILTypeMapping.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"
#include "Orion/Dialect/Orion/IR/OrionDialect.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringSet.h"

#include <cctype>

using namespace mlir;
using namespace mlir::orion;
using namespace mlir::orion::mil;

namespace {

/// Reads MIL names off the IR; never invents one.
class Namer {
public:
  explicit Namer(func::FuncOp func) : func(func) {}

  FailureOr<std::string> nameOf(Value value) {
    if (auto arg = dyn_cast<BlockArgument>(value)) {
      if (auto name = func.getArgAttrOfType<StringAttr>(
              arg.getArgNumber(), mil::MILDialect::getNameAttrName()))
        return name.str();
      func.emitError() << "argument #" << arg.getArgNumber()
                       << " has no MIL name ("
                       << mil::MILDialect::getNameAttrName()
                       << "); run -mil-assign-names first";
      return failure();
    }
    if (auto name = getMILResultName(value))
      return *name;
    value.getDefiningOp()->emitError()
        << "has no MIL name (" << mil::MILDialect::getNameAttrName()
        << "); run -mil-assign-names first";
    return failure();
  }

private:
  func::FuncOp func;
};

FailureOr<rt::milast::Type> milTypeOf(Operation *op, Type type) {
  auto milType = toMILType(type);
  if (!milType) {
    op->emitError() << "type " << type << " has no MIL spelling";
    return failure();
  }
  return *milType;
}

LogicalResult emitArguments(MILOp milOp, Namer &namer,
                            std::vector<rt::milast::NamedValue> &out) {
  Operation *op = milOp.getOperation();
  unsigned group = 0;
  for (const MILArgument &arg : milOp.getMILArguments()) {
    if (arg.kind == MILArgKind::Attribute)
      continue;
    auto [start, length] = milOp.getODSOperandIndexAndLength(group++);
    if (arg.kind == MILArgKind::Variadic) {
      rt::milast::Tuple tuple;
      for (unsigned i = 0; i < length; ++i) {
        auto name = namer.nameOf(op->getOperand(start + i));
        if (failed(name))
          return failure();
        tuple.elements.push_back(rt::milast::Value::ref(*name));
      }
      out.push_back({arg.name.str(), rt::milast::Value{std::move(tuple)}});
      continue;
    }
    if (length == 0)
      continue; // an absent optional argument
    auto name = namer.nameOf(op->getOperand(start));
    if (failed(name))
      return failure();
    out.push_back({arg.name.str(), rt::milast::Value::ref(*name)});
  }
  return success();
}

FailureOr<rt::milast::Operation> emitOp(Operation *op, Namer &namer) {
  auto milOp = dyn_cast<MILOp>(op);
  if (!milOp) {
    op->emitError() << "is not a mil op and has no MIL spelling";
    return failure();
  }
  rt::milast::Operation out;
  out.op = op->getName().stripDialect().str();
  for (OpResult result : op->getResults()) {
    auto name = namer.nameOf(result);
    auto type = milTypeOf(op, result.getType());
    if (failed(name) || failed(type))
      return failure();
    out.results.push_back({*type, *name});
  }
  if (failed(emitArguments(milOp, namer, out.arguments)))
    return failure();
  out.attributes.push_back(
      {"name", rt::milast::Value::string(out.results.empty() ? ""
                                                     : out.results[0].name)});
  if (auto c = dyn_cast<ConstOp>(op)) {
    auto literal = literalFromAttr(c.getVal(), c.getType(),
                                   [&] { return op->emitError(); });
    if (failed(literal))
      return failure();
    out.attributes.push_back({"val", std::move(*literal)});
  }
  return out;
}

} // namespace

FailureOr<rt::milast::Function> mlir::orion::buildMILFunction(func::FuncOp func) {
  rt::milast::Function fn;
  fn.name = func.getSymName().str();
  Namer namer(func);
  // MIL names are identifiers, unique in the function: the emitter checks
  // rather than fixes them (names are assigned by -mil-assign-names).
  llvm::StringSet<> defined;
  auto define = [&](Operation *at, const std::string &name) -> LogicalResult {
    bool identifier = !name.empty() && !std::isdigit((unsigned char)name[0]) &&
                      llvm::all_of(name, [](char c) {
                        return std::isalnum((unsigned char)c) || c == '_';
                      });
    if (!identifier)
      return at->emitError() << "MIL name '" << name
                             << "' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)";
    if (!defined.insert(name).second)
      return at->emitError() << "MIL name '" << name
                             << "' is defined twice in the function";
    return success();
  };
  for (BlockArgument arg : func.getArguments()) {
    auto name = namer.nameOf(arg);
    if (succeeded(name) && failed(define(func, *name)))
      return failure();
    auto type = milTypeOf(func, arg.getType());
    if (failed(name) || failed(type))
      return failure();
    fn.inputs.push_back({*type, *name});
  }
  if (!func.getBody().hasOneBlock()) {
    func.emitError() << "a MIL function has exactly one block";
    return failure();
  }
  for (Operation &op : func.getBody().front()) {
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      for (Value v : ret.getOperands()) {
        if (isa<BlockArgument>(v)) {
          ret.emitError() << "returns a function argument directly; MIL "
                             "outputs must be produced by an op (add an "
                             "identity)";
          return failure();
        }
        auto name = namer.nameOf(v);
        if (failed(name))
          return failure();
        fn.outputs.push_back(*name);
      }
      continue;
    }
    auto emitted = emitOp(&op, namer);
    if (failed(emitted))
      return failure();
    for (const rt::milast::TypedName &r : emitted->results)
      if (failed(define(&op, r.name)))
        return failure();
    fn.body.push_back(std::move(*emitted));
  }
  return fn;
}

FailureOr<rt::milast::Program> mlir::orion::buildMILProgram(ModuleOp module) {
  rt::milast::Program program;
  program.buildInfo = rt::milast::orionBuildInfo();
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isDeclaration() || func->hasAttr(OrionDialect::getHostAttrName()))
      continue; // declarations and the host plan are not MIL programs
    auto fn = buildMILFunction(func);
    if (failed(fn))
      return failure();
    program.functions.push_back(std::move(*fn));
  }
  if (program.functions.empty()) {
    module.emitError() << "no func.func to emit as a MIL function";
    return failure();
  }
  return program;
}

LogicalResult mlir::orion::emitMIL(ModuleOp module, raw_ostream &os,
                                   rt::milast::MILSpelling spelling) {
  auto program = buildMILProgram(module);
  if (failed(program))
    return failure();
  os << rt::milast::printMIL(*program, spelling);
  return success();
}
