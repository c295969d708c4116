//===- MILPrinter.cpp - MIL AST to text -----------------------------------===//
//
// Compact output must match mechramc/Orion's codegen byte for byte (the ANE
// program cache and mil_diff compare text), so every space here is deliberate.
//
//===----------------------------------------------------------------------===//

#include "orion/format/MILProgram.h"

#include <cstdio>

namespace orion::rt::milast {

std::string formatMILFloat(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", x);
  std::string s = buf;
  for (char &c : s) // a non-C locale may have printed a decimal comma
    if (c == ',')
      c = '.';
  return s;
}

namespace {

class Printer {
public:
  Printer(std::string &out, MILSpelling spelling)
      : out_(out), verbose_(spelling == MILSpelling::Verbose),
        eq_(verbose_ ? " = " : "="), listSep_(verbose_ ? ", " : ",") {}

  void program(const Program &p) {
    out_ += verbose_ ? "program(1.0)\n" : "program(1.3)\n";
    if (!p.buildInfo.empty()) {
      out_ += verbose_ ? "[buildInfo = dict<tensor<string, []>, "
                         "tensor<string, []>>({"
                       : "[buildInfo = dict<string, string>({";
      for (size_t i = 0; i < p.buildInfo.size(); ++i) {
        out_ += i ? ", {" : "{";
        quoted(p.buildInfo[i].first);
        out_ += ", ";
        quoted(p.buildInfo[i].second);
        out_ += "}";
      }
      out_ += "})]\n";
    }
    out_ += "{\n";
    for (const Function &f : p.functions)
      function(f);
    out_ += "}\n";
  }

private:
  void function(const Function &f) {
    out_ += "    func " + f.name + (verbose_ ? "<ios16>(" : "<ios18>(");
    typedNames(f.inputs);
    out_ += ") {\n";
    for (const Operation &op : f.body)
      operation(op);
    out_ += "    } -> (";
    for (size_t i = 0; i < f.outputs.size(); ++i)
      out_ += (i ? ", " : "") + f.outputs[i];
    out_ += ");\n";
  }

  void operation(const Operation &op) {
    out_ += "        ";
    typedNames(op.results);
    out_ += " = " + op.op + "(";
    namedValues(op.arguments);
    out_ += ")";
    if (!op.attributes.empty()) {
      out_ += "[";
      namedValues(op.attributes);
      out_ += "]";
    }
    out_ += ";\n";
  }

  void typedNames(const std::vector<TypedName> &list) {
    for (size_t i = 0; i < list.size(); ++i) {
      if (i)
        out_ += ", ";
      type(list[i].type);
      out_ += " " + list[i].name;
    }
  }

  void namedValues(const std::vector<NamedValue> &list) {
    for (size_t i = 0; i < list.size(); ++i) {
      if (i)
        out_ += ", ";
      out_ += list[i].name + eq_;
      value(list[i].value);
    }
  }

  // Both spellings describe one type: compact writes rank-0 tensors as bare
  // dtypes, verbose writes scalars as rank-0 tensors.
  void type(const Type &t) {
    if (t.isScalarLike() && !verbose_) {
      out_ += t.dtype;
      return;
    }
    out_ += "tensor<" + t.dtype + ", [";
    for (size_t i = 0; i < t.shape.size(); ++i)
      out_ += (i ? listSep_ : "") + std::to_string(t.shape[i]);
    out_ += "]>";
  }

  void value(const Value &v) {
    if (const Ref *r = v.get<Ref>()) {
      out_ += r->name;
    } else if (const ScalarLiteral *s = v.get<ScalarLiteral>()) {
      type(s->type);
      out_ += "(";
      element(s->type, s->text);
      out_ += ")";
    } else if (const TensorLiteral *t = v.get<TensorLiteral>()) {
      type(t->type);
      out_ += "([";
      for (size_t i = 0; i < t->elements.size(); ++i) {
        if (i)
          out_ += listSep_;
        element(t->type, t->elements[i]);
      }
      out_ += "])";
    } else if (const BlobFileRef *b = v.get<BlobFileRef>()) {
      type(b->type);
      out_ += "(BLOBFILE(path" + eq_;
      value(Value::string(b->path));
      out_ += ", offset" + eq_;
      value(Value::uint64(b->offset));
      out_ += "))";
    } else if (const Tuple *tu = v.get<Tuple>()) {
      out_ += "(";
      for (size_t i = 0; i < tu->elements.size(); ++i) {
        if (i)
          out_ += ", ";
        value(tu->elements[i]);
      }
      out_ += ")";
    }
  }

  void element(const Type &t, const std::string &text) {
    if (t.dtype == "string")
      quoted(text);
    else
      out_ += text;
  }

  // The parser's escapes, and only those, so any string round-trips.
  void quoted(const std::string &s) {
    out_ += '"';
    for (char c : s) {
      switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\t':
        out_ += "\\t";
        break;
      default:
        out_ += c;
      }
    }
    out_ += '"';
  }

  std::string &out_;
  bool verbose_;
  std::string eq_, listSep_;
};

} // namespace

std::string printMIL(const Program &program, MILSpelling spelling) {
  std::string out;
  Printer(out, spelling).program(program);
  return out;
}

} // namespace orion::rt::milast
