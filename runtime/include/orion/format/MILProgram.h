//===- MILProgram.h - Textual MIL: AST, parser, printer ---------*- C++ -*-===//
//
// The text model of a MIL program shared by the compiler (which prints it)
// and the runtime (which reads it back to bind weights and I/O).
//
// Two spellings of the same program are understood:
//
//   Compact (program(1.3), <ios18>), printed byte for byte as
//   mechramc/Orion's codegen does:
//     program(1.3)
//     [buildInfo = dict<string, string>({{"k", "v"}})]
//     {
//         func main<ios18>(tensor<fp32, [1,768,1,64]> x) {
//             string x16_dt = const()[name=string("x16_dt"), val=string("fp16")];
//             tensor<fp16, [1,768,1,64]> y = add(x=x, y=x)[name=string("y")];
//         } -> (y);
//     }
//
//   Verbose (coremltools 8, program(1.0), <ios16>), needed by older ANEs:
//     program(1.0)
//     [buildInfo = dict<tensor<string, []>, tensor<string, []>>({{"k", "v"}})]
//     {
//         func main<ios16>(tensor<fp32, [1, 768, 1, 64]> x) {
//             tensor<string, []> x16_dt = const()[name = tensor<string, []>("x16_dt"), val = tensor<string, []>("fp16")];
//             tensor<fp16, [1, 768, 1, 64]> y = add(x = x, y = x)[name = tensor<string, []>("y")];
//         } -> (y);
//     }
//   i.e. scalars as rank-0 tensors `tensor<DT, []>`, ` = ` around every '=',
//   ", " between dims and tensor-literal elements, and inside BLOBFILE
//   `path = tensor<string, []>("..."), offset = tensor<uint64, []>(64)`.
//
// A scalar `fp16` and a rank-0 tensor `tensor<fp16, []>` are the same MIL
// type. The AST keeps what was written; each printer spells both its own way.
// The parser accepts either spelling anywhere, any whitespace between tokens
// and `//` comments (which are not kept). Columns count bytes from 1.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_FORMAT_MILPROGRAM_H
#define ORION_FORMAT_MILPROGRAM_H

#include "orion/format/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace orion::rt::milast {

/// True for a dtype name MIL knows: fp16 fp32 fp64 bf16 bool string,
/// int4/8/16/32/64, uint1/2/3/4/6/8/16/32/64.
bool isMILDtype(std::string_view dtype);

/// `fp16` (isTensor=false), `tensor<fp16, []>` (rank 0) or
/// `tensor<fp16, [1,768,1,64]>`.
struct Type {
  std::string dtype;
  bool isTensor = false;
  std::vector<int64_t> shape;

  static Type scalar(std::string dtype) {
    return {std::move(dtype), false, {}};
  }
  static Type tensor(std::string dtype, std::vector<int64_t> shape) {
    return {std::move(dtype), true, std::move(shape)};
  }
  /// A scalar or a rank-0 tensor: one element.
  bool isScalarLike() const { return !isTensor || shape.empty(); }
  bool operator==(const Type &o) const {
    return dtype == o.dtype && isTensor == o.isTensor && shape == o.shape;
  }
  bool operator!=(const Type &o) const { return !(*this == o); }
};

/// A use of a named SSA value (function input or op result).
struct Ref {
  std::string name;
  bool operator==(const Ref &o) const { return name == o.name; }
};

/// `int32(1)`, `fp16(1e-05)`, `bool(true)`, `string("fp16")`, or the same as
/// a rank-0 tensor, `tensor<fp16, []>(1e-05)`. `text` is the exact token
/// (so printing reproduces it), except for strings, where it is the
/// unescaped contents.
struct ScalarLiteral {
  Type type;
  std::string text;
  bool operator==(const ScalarLiteral &o) const {
    return type == o.type && text == o.text;
  }
};

/// `tensor<int32, [4]>([0,1,3,2])`: element tokens, exact as written
/// (unescaped contents for string elements).
struct TensorLiteral {
  Type type;
  std::vector<std::string> elements;
  bool operator==(const TensorLiteral &o) const {
    return type == o.type && elements == o.elements;
  }
};

/// `tensor<fp16, [768,768,1,1]>(BLOBFILE(path=string("@model_path/w.bin"),
/// offset=uint64(64)))`; `offset` is the blob's metadata offset.
struct BlobFileRef {
  Type type;
  std::string path;
  uint64_t offset = 0;
  bool operator==(const BlobFileRef &o) const {
    return type == o.type && path == o.path && offset == o.offset;
  }
};

struct Value;
/// `(a, b, c)`, as concat's `values=`.
struct Tuple {
  std::vector<Value> elements;
  bool operator==(const Tuple &o) const;
};

struct Value {
  std::variant<Ref, ScalarLiteral, TensorLiteral, BlobFileRef, Tuple> v;

  static Value ref(std::string name) { return {Ref{std::move(name)}}; }
  static Value boolean(bool b);
  static Value int32(int64_t i);
  static Value uint64(uint64_t u);
  /// `dtype` is fp16/fp32; the token is formatMILFloat(x), like
  /// mechramc/Orion's %g.
  static Value floating(std::string dtype, double x);
  static Value string(std::string s);
  static Value int32Tensor(const std::vector<int64_t> &elements);
  static Value blobFile(Type type, std::string path, uint64_t offset);

  template <typename T> const T *get() const { return std::get_if<T>(&v); }
  /// The referenced name, or nullptr when this is not a Ref.
  const std::string *refName() const;
  /// The contents of a string scalar, or nullptr.
  const std::string *stringValue() const;
  bool operator==(const Value &o) const { return v == o.v; }
  bool operator!=(const Value &o) const { return !(*this == o); }
};

inline bool Tuple::operator==(const Tuple &o) const {
  return elements == o.elements;
}

/// `name=value` in an argument list or attribute block.
struct NamedValue {
  std::string name;
  Value value;
  bool operator==(const NamedValue &o) const {
    return name == o.name && value == o.value;
  }
};

/// A typed SSA name: an op result or a function input.
struct TypedName {
  Type type;
  std::string name;
  bool operator==(const TypedName &o) const {
    return type == o.type && name == o.name;
  }
};

/// `TYPE r0[, TYPE r1...] = op(args)[attrs];`
struct Operation {
  std::vector<TypedName> results; // several only for ops like split
  std::string op;
  std::vector<NamedValue> arguments;  // as written, not sorted
  std::vector<NamedValue> attributes; // name=..., and val=... for const
  unsigned line = 0, col = 0;         // of the first result's type

  const Value *argument(std::string_view name) const;
  const Value *attribute(std::string_view name) const;
  /// The `name` attribute's string, or "" when there is none.
  std::string nameAttr() const;
  /// Compares content; the source position is ignored.
  bool operator==(const Operation &o) const {
    return results == o.results && op == o.op && arguments == o.arguments &&
           attributes == o.attributes;
  }
};

/// `func NAME<OPSET>(inputs) { body } -> (outputs);`
struct Function {
  std::string name;
  std::string opset; // "ios18", "ios16", or "" when not written
  std::vector<TypedName> inputs;
  std::vector<Operation> body;
  std::vector<std::string> outputs;
  unsigned line = 0, col = 0;

  /// The op whose results include `name`, or nullptr (inputs too).
  const Operation *definingOp(std::string_view value) const;
  const TypedName *input(std::string_view inputName) const;
  bool operator==(const Function &o) const {
    return name == o.name && opset == o.opset && inputs == o.inputs &&
           body == o.body && outputs == o.outputs;
  }
};

struct Program {
  std::string version; // "1.3" or "1.0" as written
  std::vector<std::pair<std::string, std::string>> buildInfo;
  std::vector<Function> functions;

  const Function *findFunction(std::string_view name) const;
  Function *findFunction(std::string_view name);
  bool operator==(const Program &o) const {
    return version == o.version && buildInfo == o.buildInfo &&
           functions == o.functions;
  }
};

/// The distinct BLOBFILE paths (`@model_path/...`, as written) the program's
/// consts read, sorted: the keys of the ANE's weights dictionary.
std::vector<std::string> blobFilePaths(const Program &program);

/// The buildInfo mechramc/Orion's codegen writes (coremlc 3505/3510,
/// coremltools 9.0).
std::vector<std::pair<std::string, std::string>> orionBuildInfo();

/// Parses MIL text. Errors read `bufferName:LINE:COL: message` at the
/// offending token. Never crashes on any input; nesting depth is bounded.
Expected<Program> parseMIL(std::string_view text, std::string_view bufferName);

enum class MILSpelling {
  Compact, // program(1.3), <ios18>, mechramc/Orion's exact format
  Verbose, // program(1.0), <ios16>, coremltools 8 format
};

/// Prints `program` in `spelling`; the version and every function's opset
/// come from the spelling, not the AST. An empty buildInfo prints no
/// buildInfo line. Assumes names are identifiers, as parseMIL guarantees.
std::string printMIL(const Program &program, MILSpelling spelling);

/// C's %g: 1e-05, 0.00130208, 1, 0.125, -0.5, inf, nan.
std::string formatMILFloat(double x);

} // namespace orion::rt::milast

#endif // ORION_FORMAT_MILPROGRAM_H
