//===- MILProgram.cpp - MIL AST helpers -----------------------------------===//

#include "orion/format/MILProgram.h"

#include <set>

namespace orion::rt::milast {

bool isMILDtype(std::string_view dtype) {
  static constexpr std::string_view kDtypes[] = {
      "fp16",  "fp32",   "fp64",   "bf16",   "bool",   "string", "int4",
      "int8",  "int16",  "int32",  "int64",  "uint1",  "uint2",  "uint3",
      "uint4", "uint6",  "uint8",  "uint16", "uint32", "uint64",
  };
  for (std::string_view d : kDtypes)
    if (d == dtype)
      return true;
  return false;
}

Value Value::boolean(bool b) {
  return {ScalarLiteral{Type::scalar("bool"), b ? "true" : "false"}};
}

Value Value::int32(int64_t i) {
  return {ScalarLiteral{Type::scalar("int32"), std::to_string(i)}};
}

Value Value::uint64(uint64_t u) {
  return {ScalarLiteral{Type::scalar("uint64"), std::to_string(u)}};
}

Value Value::floating(std::string dtype, double x) {
  return {ScalarLiteral{Type::scalar(std::move(dtype)), formatMILFloat(x)}};
}

Value Value::string(std::string s) {
  return {ScalarLiteral{Type::scalar("string"), std::move(s)}};
}

Value Value::int32Tensor(const std::vector<int64_t> &elements) {
  TensorLiteral t{Type::tensor("int32", {int64_t(elements.size())}), {}};
  for (int64_t e : elements)
    t.elements.push_back(std::to_string(e));
  return {std::move(t)};
}

Value Value::blobFile(Type type, std::string path, uint64_t offset) {
  return {BlobFileRef{std::move(type), std::move(path), offset}};
}

const std::string *Value::refName() const {
  const Ref *r = get<Ref>();
  return r ? &r->name : nullptr;
}

const std::string *Value::stringValue() const {
  const ScalarLiteral *s = get<ScalarLiteral>();
  return s && s->type.dtype == "string" ? &s->text : nullptr;
}

static const Value *lookup(const std::vector<NamedValue> &list,
                           std::string_view name) {
  for (const NamedValue &nv : list)
    if (nv.name == name)
      return &nv.value;
  return nullptr;
}

const Value *Operation::argument(std::string_view name) const {
  return lookup(arguments, name);
}

const Value *Operation::attribute(std::string_view name) const {
  return lookup(attributes, name);
}

std::string Operation::nameAttr() const {
  const Value *v = attribute("name");
  const std::string *s = v ? v->stringValue() : nullptr;
  return s ? *s : std::string();
}

const Operation *Function::definingOp(std::string_view value) const {
  for (const Operation &op : body)
    for (const TypedName &r : op.results)
      if (r.name == value)
        return &op;
  return nullptr;
}

const TypedName *Function::input(std::string_view inputName) const {
  for (const TypedName &in : inputs)
    if (in.name == inputName)
      return &in;
  return nullptr;
}

const Function *Program::findFunction(std::string_view name) const {
  for (const Function &f : functions)
    if (f.name == name)
      return &f;
  return nullptr;
}

Function *Program::findFunction(std::string_view name) {
  const Program &self = *this;
  return const_cast<Function *>(self.findFunction(name));
}

std::vector<std::string> blobFilePaths(const Program &program) {
  std::set<std::string> paths;
  for (const Function &f : program.functions)
    for (const Operation &op : f.body)
      if (const Value *val = op.op == "const" ? op.attribute("val") : nullptr)
        if (const BlobFileRef *ref = val->get<BlobFileRef>())
          paths.insert(ref->path);
  return {paths.begin(), paths.end()};
}

std::vector<std::pair<std::string, std::string>> orionBuildInfo() {
  return {{"coremlc-component-MIL", "3510.2.1"},
          {"coremlc-version", "3505.4.1"},
          {"coremltools-component-milinternal", ""},
          {"coremltools-version", "9.0"}};
}

} // namespace orion::rt::milast
