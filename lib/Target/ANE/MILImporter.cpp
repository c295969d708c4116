//===- MILImporter.cpp - MIL text to the mil dialect ----------------------===//

#include "Orion/Target/ANE/MILImporter.h"
#include "Orion/Target/ANE/MILEmitter.h"
#include "MILTypeMapping.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::orion;
using namespace mlir::orion::mil;

namespace {

class Importer {
public:
  Importer(MLIRContext *ctx, StringRef bufferName)
      : ctx(ctx), builder(ctx), bufferName(bufferName) {}

  LogicalResult importFunction(const rt::milast::Function &fn, ModuleOp module);

private:
  Location loc(unsigned line, unsigned col) {
    return FileLineColLoc::get(ctx, bufferName, line, col);
  }
  Type typeOf(const rt::milast::Type &t, Location at) {
    Type type = fromMILType(t, ctx);
    if (!type)
      emitError(at) << "MIL type with dtype '" << t.dtype
                    << "' has no mil dialect counterpart";
    return type;
  }
  FailureOr<Value> lookup(const std::string &name, Location at) {
    auto it = values.find(name);
    if (it == values.end()) {
      emitError(at) << "use of undefined MIL value '" << name << "'";
      return failure();
    }
    return it->second;
  }
  /// An inline literal argument becomes a const named after its use.
  FailureOr<Value> operand(const rt::milast::NamedValue &arg, const rt::milast::Operation &op,
                           Type expected, Location at);
  LogicalResult importOp(const rt::milast::Operation &op);
  LogicalResult importConst(const rt::milast::Operation &op, Location at);

  /// `base`, or `base_N`, not used by any name of the function.
  std::string freshName(const std::string &base) {
    std::string name = base;
    for (unsigned n = 0; taken.contains(name); ++n)
      name = base + "_" + std::to_string(n);
    taken.insert(name);
    return name;
  }

  MLIRContext *ctx;
  OpBuilder builder;
  StringRef bufferName;
  llvm::StringMap<Value> values;
  llvm::StringSet<> taken; // every MIL name of the current function
};

FailureOr<Value> Importer::operand(const rt::milast::NamedValue &arg,
                                   const rt::milast::Operation &op, Type expected,
                                   Location at) {
  if (const std::string *name = arg.value.refName())
    return lookup(*name, at);
  // MIL allows `x=fp16(1)`; Orion always binds literals to named consts.
  const rt::milast::Type *literalType = nullptr;
  if (auto *s = arg.value.get<rt::milast::ScalarLiteral>())
    literalType = &s->type;
  else if (auto *t = arg.value.get<rt::milast::TensorLiteral>())
    literalType = &t->type;
  if (!literalType) {
    emitError(at) << "argument '" << arg.name
                  << "' must name a value or be a literal";
    return failure();
  }
  Type type = typeOf(*literalType, at);
  if (!type)
    return failure();
  auto attr = attrFromLiteral(arg.value, type, [&] { return emitError(at); });
  if (failed(attr))
    return failure();
  (void)expected;
  auto c = ConstOp::create(builder, at, type, *attr);
  c->setAttr(
      mil::MILDialect::getNameAttrName(),
      builder.getStringAttr(freshName(op.results.at(0).name + "_" + arg.name)));
  return c.getResult();
}

LogicalResult Importer::importConst(const rt::milast::Operation &op, Location at) {
  if (op.results.size() != 1)
    return emitError(at) << "const has exactly one result";
  const rt::milast::Value *val = op.attribute("val");
  if (!val)
    return emitError(at) << "const '" << op.results[0].name
                         << "' has no val attribute";
  Type type = typeOf(op.results[0].type, at);
  if (!type)
    return failure();
  auto attr = attrFromLiteral(*val, type, [&] { return emitError(at); });
  if (failed(attr))
    return failure();
  auto c = ConstOp::create(builder, at, type, *attr);
  c->setAttr(mil::MILDialect::getNameAttrName(),
             builder.getStringAttr(op.results[0].name));
  values[op.results[0].name] = c.getResult();
  return success();
}

LogicalResult Importer::importOp(const rt::milast::Operation &op) {
  Location at = loc(op.line, op.col);
  if (op.op == "const")
    return importConst(op, at);
  std::string fullName = "mil." + op.op;
  auto registered = RegisteredOperationName::lookup(fullName, ctx);
  auto *iface = registered ? registered->getInterface<MILOp>() : nullptr;
  if (!iface)
    return emitError(at) << "unknown MIL op '" << op.op << "'";
  if (op.results.empty())
    return emitError(at) << "MIL op '" << op.op << "' has no result";
  std::string nameAttr = op.nameAttr();
  if (!nameAttr.empty() && nameAttr != op.results[0].name)
    return emitError(at) << "name attribute \"" << nameAttr
                         << "\" differs from the result name '"
                         << op.results[0].name
                         << "'; Orion names each op after its result";

  ArrayRef<MILArgument> spec = iface->getMILArguments();
  for (const rt::milast::NamedValue &arg : op.arguments)
    if (llvm::none_of(spec, [&](const MILArgument &a) {
          return a.name == arg.name && a.kind != MILArgKind::Attribute;
        }))
      return emitError(at) << "MIL op '" << op.op << "' has no argument '"
                           << arg.name << "'";

  OperationState state(at, fullName);
  SmallVector<int32_t> segments;
  for (const MILArgument &a : spec) {
    if (a.kind == MILArgKind::Attribute)
      continue;
    auto it = llvm::find_if(op.arguments, [&](const rt::milast::NamedValue &v) {
      return v.name == a.name;
    });
    if (it == op.arguments.end()) {
      if (a.kind == MILArgKind::Single)
        return emitError(at) << "MIL op '" << op.op
                             << "' is missing argument '" << a.name.str()
                             << "'";
      segments.push_back(0);
      continue;
    }
    if (a.kind == MILArgKind::Variadic) {
      const rt::milast::Tuple *tuple = it->value.get<rt::milast::Tuple>();
      if (!tuple)
        return emitError(at) << "argument '" << a.name.str()
                             << "' takes a tuple (a, b, ...)";
      for (const rt::milast::Value &element : tuple->elements) {
        const std::string *name = element.refName();
        if (!name)
          return emitError(at) << "tuple elements of '" << a.name.str()
                               << "' must name values";
        auto v = lookup(*name, at);
        if (failed(v))
          return failure();
        state.operands.push_back(*v);
      }
      segments.push_back(tuple->elements.size());
      continue;
    }
    auto v = operand(*it, op, Type(), at);
    if (failed(v))
      return failure();
    state.operands.push_back(*v);
    segments.push_back(1);
  }
  if (registered->hasTrait<OpTrait::AttrSizedOperandSegments>())
    state.addAttribute("operandSegmentSizes",
                       builder.getDenseI32ArrayAttr(segments));
  for (const rt::milast::TypedName &result : op.results) {
    Type type = typeOf(result.type, at);
    if (!type)
      return failure();
    state.types.push_back(type);
  }
  Operation *created = builder.create(state);
  created->setAttr(mil::MILDialect::getNameAttrName(),
                   builder.getStringAttr(op.results[0].name));
  bool conventional = true;
  for (size_t i = 1; i < op.results.size(); ++i)
    conventional = conventional && op.results[i].name ==
                                       op.results[0].name + "_" +
                                           std::to_string(i);
  if (!conventional) {
    SmallVector<Attribute> names;
    for (const rt::milast::TypedName &r : op.results)
      names.push_back(builder.getStringAttr(r.name));
    created->setAttr(mil::MILDialect::getResultNamesAttrName(),
                     builder.getArrayAttr(names));
  }
  for (auto [i, result] : llvm::enumerate(op.results))
    values[result.name] = created->getResult(i);
  return success();
}

LogicalResult Importer::importFunction(const rt::milast::Function &fn,
                                       ModuleOp module) {
  values.clear();
  taken.clear();
  for (const rt::milast::TypedName &in : fn.inputs)
    taken.insert(in.name);
  for (const rt::milast::Operation &op : fn.body)
    for (const rt::milast::TypedName &r : op.results)
      taken.insert(r.name);
  Location at = loc(fn.line, fn.col);
  SmallVector<Type> argTypes;
  for (const rt::milast::TypedName &in : fn.inputs) {
    Type t = typeOf(in.type, at);
    if (!t)
      return failure();
    argTypes.push_back(t);
  }
  builder.setInsertionPointToEnd(module.getBody());
  auto func = func::FuncOp::create(builder, at, fn.name,
                                   builder.getFunctionType(argTypes, {}));
  Block *body = func.addEntryBlock();
  for (auto [i, in] : llvm::enumerate(fn.inputs)) {
    func.setArgAttr(i, mil::MILDialect::getNameAttrName(),
                    builder.getStringAttr(in.name));
    values[in.name] = body->getArgument(i);
  }
  builder.setInsertionPointToEnd(body);
  for (const rt::milast::Operation &op : fn.body)
    if (failed(importOp(op)))
      return failure();
  SmallVector<Value> results;
  for (const std::string &out : fn.outputs) {
    auto v = lookup(out, at);
    if (failed(v))
      return failure();
    results.push_back(*v);
  }
  func::ReturnOp::create(builder, at, results);
  func.setFunctionType(
      builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  return success();
}

} // namespace

OwningOpRef<ModuleOp> mlir::orion::importMILProgram(const rt::milast::Program &program,
                                                    MLIRContext *ctx,
                                                    StringRef bufferName) {
  ctx->loadDialect<MILDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module(
      ModuleOp::create(FileLineColLoc::get(ctx, bufferName, 1, 1)));
  Importer importer(ctx, bufferName);
  for (const rt::milast::Function &fn : program.functions)
    if (failed(importer.importFunction(fn, *module)))
      return {};
  if (failed(verify(*module)))
    return {};
  return module;
}

OwningOpRef<ModuleOp> mlir::orion::importMILText(StringRef text,
                                                 StringRef bufferName,
                                                 MLIRContext *ctx) {
  auto program = rt::milast::parseMIL(std::string_view(text.data(), text.size()),
                              std::string_view(bufferName.data(),
                                               bufferName.size()));
  if (!program) {
    // The parser reports "buffer:LINE:COL: message"; re-anchor it so MLIR
    // prints it like every other diagnostic.
    StringRef msg = program.error().message();
    StringRef rest = msg;
    unsigned line = 0, col = 0;
    if (rest.consume_front(bufferName) && rest.consume_front(":") &&
        !rest.consumeInteger(10, line) && rest.consume_front(":") &&
        !rest.consumeInteger(10, col) && rest.consume_front(": "))
      emitError(FileLineColLoc::get(ctx, bufferName, line, col)) << rest;
    else
      emitError(UnknownLoc::get(ctx)) << msg;
    return {};
  }
  return importMILProgram(*program, ctx, bufferName);
}
