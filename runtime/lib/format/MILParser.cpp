//===- MILParser.cpp - MIL text to AST ------------------------------------===//
//
// Hand-written lexer and recursive descent. The input may be hostile (it is
// fuzzed), so every step either consumes input or stops with an error, and
// the only recursion (nested tuples) is depth-limited.
//
//===----------------------------------------------------------------------===//

#include "orion/format/MILProgram.h"

#include <cstdio>
#include <limits>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace orion::rt::milast {

namespace {

constexpr unsigned kMaxNesting = 64;

enum class Tok {
  Ident, Number, String,
  LParen, RParen, LBracket, RBracket, LBrace, RBrace, Less, Greater,
  Comma, Equal, Semi, Arrow, End, Error,
};

struct Token {
  Tok kind = Tok::End;
  std::string_view text; // raw source text
  unsigned line = 1, col = 1;
  std::string str; // String: unescaped contents; Error: the message
};

bool isIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isIdentChar(char c) { return isIdentStart(c) || isDigit(c); }

std::string describeChar(char c) {
  if (c >= 0x20 && c < 0x7f)
    return std::string("'") + c + "'";
  char buf[16];
  std::snprintf(buf, sizeof buf, "'\\x%02x'", unsigned(uint8_t(c)));
  return buf;
}

class Lexer {
public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Token next() {
    if (stuck_)
      return *stuck_;
    skipTrivia();
    Token t;
    t.line = line_;
    t.col = col_;
    size_t start = pos_;
    if (pos_ >= text_.size())
      return t;
    char c = text_[pos_];
    char n = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    if (isIdentStart(c)) {
      while (pos_ < text_.size() && isIdentChar(text_[pos_]))
        advance();
      t.kind = Tok::Ident;
    } else if (c == '-' && n == '>') {
      advance();
      advance();
      t.kind = Tok::Arrow;
    } else if (isDigit(c) || (c == '.' && isDigit(n)) ||
               ((c == '-' || c == '+') && (isIdentChar(n) || n == '.'))) {
      lexNumber();
      t.kind = Tok::Number;
    } else if (c == '"') {
      if (!lexString(t))
        return t;
    } else if (Tok p = punct(c); p != Tok::Error) {
      advance();
      t.kind = p;
    } else {
      return error(t, "unexpected character " + describeChar(c));
    }
    t.text = text_.substr(start, pos_ - start);
    return t;
  }

private:
  static Tok punct(char c) {
    switch (c) {
    case '(': return Tok::LParen;
    case ')': return Tok::RParen;
    case '[': return Tok::LBracket;
    case ']': return Tok::RBracket;
    case '{': return Tok::LBrace;
    case '}': return Tok::RBrace;
    case '<': return Tok::Less;
    case '>': return Tok::Greater;
    case ',': return Tok::Comma;
    case '=': return Tok::Equal;
    case ';': return Tok::Semi;
    default: return Tok::Error;
    }
  }

  void advance() {
    if (text_[pos_++] == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
  }

  void skipTrivia() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
          c == '\v') {
        advance();
      } else if (c == '/' && pos_ + 1 < text_.size() &&
                 text_[pos_ + 1] == '/') {
        while (pos_ < text_.size() && text_[pos_] != '\n')
          advance();
      } else {
        return;
      }
    }
  }

  // Greedy: digits, letters, '.', and a sign right after an exponent letter
  // (1e-05, 0x1.8p+1, -inf). The parser checks the token against the dtype.
  void lexNumber() {
    advance();
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      char prev = text_[pos_ - 1];
      bool expSign = (c == '+' || c == '-') &&
                     (prev == 'e' || prev == 'E' || prev == 'p' || prev == 'P');
      if (!isIdentChar(c) && c != '.' && !expSign)
        return;
      advance();
    }
  }

  bool lexString(Token &t) {
    advance(); // opening quote
    while (true) {
      if (pos_ >= text_.size() || text_[pos_] == '\n') {
        error(t, "unterminated string");
        return false;
      }
      char c = text_[pos_];
      if (c == '"') {
        advance();
        t.kind = Tok::String;
        return true;
      }
      if (c != '\\') {
        t.str += c;
        advance();
        continue;
      }
      unsigned line = line_, col = col_;
      advance();
      char e = pos_ < text_.size() ? text_[pos_] : '\0';
      if (e == '"' || e == '\\')
        t.str += e;
      else if (e == 'n')
        t.str += '\n';
      else if (e == 't')
        t.str += '\t';
      else if (e == '\n' || pos_ >= text_.size()) {
        error(t, "unterminated string");
        return false;
      } else {
        t.line = line;
        t.col = col;
        error(t, "unknown escape sequence " +
                     (e > 0x20 && e < 0x7f ? "'\\" + std::string(1, e) + "'"
                                           : std::string("'\\'")) +
                     " in string");
        return false;
      }
      advance();
    }
  }

  // Every later next() returns the same error, so nothing lexes past it.
  Token &error(Token &t, std::string message) {
    t.kind = Tok::Error;
    t.str = std::move(message);
    stuck_ = t;
    return t;
  }

  std::string_view text_;
  size_t pos_ = 0;
  unsigned line_ = 1, col_ = 1;
  std::optional<Token> stuck_;
};


//===----------------------------------------------------------------------===//
// Literal checks
//===----------------------------------------------------------------------===//

bool isFloatDtype(std::string_view d) {
  return d == "fp16" || d == "fp32" || d == "fp64" || d == "bf16";
}

/// Bit width and signedness of an integer dtype, or nullopt.
std::optional<std::pair<unsigned, bool>> intDtype(std::string_view d) {
  bool isSigned = d.substr(0, 3) == "int";
  size_t prefix = isSigned ? 3 : d.substr(0, 4) == "uint" ? 4 : d.size();
  std::string_view bits = d.substr(prefix);
  if (bits.empty() || bits.size() > 2)
    return std::nullopt;
  unsigned n = 0;
  for (char c : bits)
    n = n * 10 + unsigned(c - '0');
  return std::make_pair(n, isSigned);
}

/// Parses [+-]digits into a sign and magnitude, rejecting overflow.
bool parseInteger(std::string_view s, bool &negative, uint64_t &magnitude) {
  negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+'))
    s.remove_prefix(1);
  if (s.empty())
    return false;
  magnitude = 0;
  for (char c : s) {
    if (!isDigit(c))
      return false;
    uint64_t d = uint64_t(c - '0');
    if (magnitude > (std::numeric_limits<uint64_t>::max() - d) / 10)
      return false;
    magnitude = magnitude * 10 + d;
  }
  return true;
}

bool isIntegerOf(std::string_view s, unsigned bits, bool isSigned) {
  bool negative;
  uint64_t m;
  if (!parseInteger(s, negative, m))
    return false;
  if (!isSigned)
    return !negative && (bits >= 64 || m < (uint64_t(1) << bits));
  uint64_t limit = uint64_t(1) << (bits - 1); // |min|; max is limit - 1
  return negative ? m <= limit : m < limit;
}

size_t countDigits(std::string_view s, size_t i, bool hex) {
  size_t n = 0;
  while (i + n < s.size() &&
         (isDigit(s[i + n]) ||
          (hex && ((s[i + n] >= 'a' && s[i + n] <= 'f') ||
                   (s[i + n] >= 'A' && s[i + n] <= 'F')))))
    ++n;
  return n;
}

/// C float syntax: 1, -0.5, .5, 1e-05, inf, -nan, and hex 0x1.8p+1.
bool isFloatToken(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+'))
    s.remove_prefix(1);
  if (s == "inf" || s == "nan")
    return true;
  bool hex = s.size() > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  size_t i = hex ? 2 : 0;
  size_t whole = countDigits(s, i, hex);
  i += whole;
  size_t frac = 0;
  if (i < s.size() && s[i] == '.') {
    frac = countDigits(s, i + 1, hex);
    i += 1 + frac;
  }
  if (whole + frac == 0)
    return false;
  char e = hex ? 'p' : 'e';
  if (i < s.size() && (s[i] == e || s[i] == e - 'a' + 'A')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+'))
      ++i;
    size_t exp = countDigits(s, i, false);
    if (exp == 0)
      return false;
    i += exp;
  } else if (hex) {
    return false; // C requires the binary exponent
  }
  return i == s.size();
}

//===----------------------------------------------------------------------===//
// Parser
//===----------------------------------------------------------------------===//

class Parser {
public:
  Parser(std::string_view text, std::string_view bufferName)
      : lexer_(text), bufferName_(bufferName) {
    cur_ = lexer_.next();
  }

  Expected<Program> run() {
    Program p;
    if (!program(p))
      return std::move(*error_);
    return p;
  }

private:
  using Pos = std::pair<unsigned, unsigned>;

  //--- Tokens and errors ---------------------------------------------------

  void consume() {
    if (peeked_) {
      cur_ = std::move(*peeked_);
      peeked_.reset();
    } else {
      cur_ = lexer_.next();
    }
  }

  const Token &peek() {
    if (!peeked_)
      peeked_ = lexer_.next();
    return *peeked_;
  }

  bool is(Tok kind) const { return cur_.kind == kind; }
  bool isIdent(std::string_view word) const {
    return cur_.kind == Tok::Ident && cur_.text == word;
  }

  static std::string describe(const Token &t) {
    if (t.kind == Tok::End)
      return "end of input";
    std::string_view raw = t.text.substr(0, 40);
    return "'" + std::string(raw) + (raw.size() < t.text.size() ? "...'" : "'");
  }

  bool failAt(unsigned line, unsigned col, const std::string &message) {
    error_ = Error(std::string(bufferName_) + ":" + std::to_string(line) +
                   ":" + std::to_string(col) + ": " + message);
    return false;
  }

  bool fail(const Token &t, const std::string &message) {
    // A lexing error explains the token better than what we hoped for.
    return failAt(t.line, t.col, t.kind == Tok::Error ? t.str : message);
  }

  bool failExpected(const std::string &what) {
    return fail(cur_, "expected " + what + ", got " + describe(cur_));
  }

  bool expect(Tok kind, const char *what) {
    if (!is(kind))
      return failExpected(what);
    consume();
    return true;
  }

  bool expectWord(std::string_view word, const std::string &what) {
    if (!isIdent(word))
      return failExpected(what);
    consume();
    return true;
  }

  bool identifier(std::string &out, const char *what) {
    if (!is(Tok::Ident))
      return failExpected(what);
    out = std::string(cur_.text);
    consume();
    return true;
  }

  bool string(std::string &out, const char *what) {
    if (!is(Tok::String))
      return failExpected(what);
    out = std::move(cur_.str);
    consume();
    return true;
  }

  //--- Program structure -----------------------------------------------------

  bool program(Program &p) {
    if (!expectWord("program", "'program'") ||
        !expect(Tok::LParen, "'(' after 'program'"))
      return false;
    if (!is(Tok::Number))
      return failExpected("program version");
    if (!isVersion(cur_.text))
      return fail(cur_, "bad program version " + describe(cur_));
    p.version = std::string(cur_.text);
    consume();
    if (!expect(Tok::RParen, "')' after program version"))
      return false;
    if (is(Tok::LBracket) && !buildInfo(p))
      return false;
    if (!expect(Tok::LBrace, "'{' to open the program"))
      return false;
    std::unordered_set<std::string> names;
    while (isIdent("func")) {
      Function f;
      if (!function(f))
        return false;
      if (!names.insert(f.name).second)
        return failAt(f.line, f.col, "duplicate function '" + f.name + "'");
      p.functions.push_back(std::move(f));
    }
    if (!expect(Tok::RBrace, "'func' or '}'"))
      return false;
    if (!is(Tok::End))
      return fail(cur_,
                  "unexpected " + describe(cur_) + " after end of program");
    return true;
  }

  static bool isVersion(std::string_view v) {
    size_t i = 0;
    while (true) {
      size_t n = countDigits(v, i, false);
      if (n == 0)
        return false;
      i += n;
      if (i == v.size())
        return true;
      if (v[i++] != '.')
        return false;
    }
  }

  // [buildInfo = dict<string, string>({{"k", "v"}, ...})], either spelling.
  bool buildInfo(Program &p) {
    consume();
    if (!expectWord("buildInfo", "'buildInfo'") ||
        !expect(Tok::Equal, "'=' after 'buildInfo'"))
      return false;
    Token dict = cur_;
    Type key, value;
    if (!expectWord("dict", "'dict'") ||
        !expect(Tok::Less, "'<' after 'dict'") ||
        !type(key) || !expect(Tok::Comma, "',' between dict types") ||
        !type(value) || !expect(Tok::Greater, "'>' to close dict type"))
      return false;
    if (key.dtype != "string" || !key.isScalarLike() ||
        value.dtype != "string" || !value.isScalarLike())
      return fail(dict, "buildInfo must be a dict of strings to strings");
    if (!expect(Tok::LParen, "'(' after dict type") ||
        !expect(Tok::LBrace, "'{' to open buildInfo entries"))
      return false;
    while (is(Tok::LBrace)) {
      consume();
      std::pair<std::string, std::string> entry;
      if (!string(entry.first, "buildInfo key string") ||
          !expect(Tok::Comma, "',' after buildInfo key") ||
          !string(entry.second, "buildInfo value string") ||
          !expect(Tok::RBrace, "'}' after buildInfo value"))
        return false;
      p.buildInfo.push_back(std::move(entry));
      if (!is(Tok::Comma))
        break;
      consume();
      if (!is(Tok::LBrace))
        return failExpected("'{' to open a buildInfo entry");
    }
    return expect(Tok::RBrace, "'}' after buildInfo entries") &&
           expect(Tok::RParen, "')' after buildInfo entries") &&
           expect(Tok::RBracket, "']' after buildInfo");
  }

  bool function(Function &f) {
    f.line = cur_.line;
    f.col = cur_.col;
    consume(); // func
    defined_.clear();
    if (!identifier(f.name, "function name"))
      return false;
    if (is(Tok::Less)) {
      consume();
      if (!identifier(f.opset, "opset name") ||
          !expect(Tok::Greater, "'>' after opset"))
        return false;
    }
    if (!expect(Tok::LParen, "'(' to open function inputs"))
      return false;
    if (!is(Tok::RParen)) {
      while (true) {
        TypedName in;
        Token name;
        if (!type(in.type) || !resultName(in.name, name, {}, "input name"))
          return false;
        define(in.name, name);
        f.inputs.push_back(std::move(in));
        if (!is(Tok::Comma))
          break;
        consume();
      }
    }
    if (!expect(Tok::RParen, "')' after function inputs") ||
        !expect(Tok::LBrace, "'{' to open the function body"))
      return false;
    while (is(Tok::Ident)) {
      Operation op;
      if (!operation(op))
        return false;
      f.body.push_back(std::move(op));
    }
    if (!expect(Tok::RBrace, "an operation or '}'") ||
        !expect(Tok::Arrow, "'->' after function body") ||
        !expect(Tok::LParen, "'(' to open the output list"))
      return false;
    if (!is(Tok::RParen)) {
      while (true) {
        if (!is(Tok::Ident))
          return failExpected("output name");
        if (!defined_.count(std::string(cur_.text)))
          return fail(cur_, "output " + describe(cur_) + " names no value");
        f.outputs.emplace_back(cur_.text);
        consume();
        if (!is(Tok::Comma))
          break;
        consume();
      }
    }
    return expect(Tok::RParen, "')' after output list") &&
           expect(Tok::Semi, "';' after output list");
  }

  /// Reads a name being defined and rejects it if already taken, either in
  /// the function so far or by an earlier result of the same op.
  bool resultName(std::string &out, Token &nameTok,
                  const std::vector<TypedName> &sameOp, const char *what) {
    nameTok = cur_;
    if (!identifier(out, what))
      return false;
    auto it = defined_.find(out);
    if (it != defined_.end())
      return fail(nameTok, "duplicate SSA name '" + out +
                               "' (first defined at " +
                               std::to_string(it->second.first) + ":" +
                               std::to_string(it->second.second) + ")");
    for (const TypedName &r : sameOp)
      if (r.name == out)
        return fail(nameTok,
                    "duplicate SSA name '" + out + "' in one operation");
    return true;
  }

  void define(const std::string &name, const Token &at) {
    defined_.emplace(name, Pos(at.line, at.col));
  }

  // TYPE r[, TYPE r2] = op(arg=value, ...)[attr=value, ...];
  bool operation(Operation &op) {
    op.line = cur_.line;
    op.col = cur_.col;
    std::vector<Token> nameToks;
    while (true) {
      TypedName r;
      Token name;
      if (!type(r.type) || !resultName(r.name, name, op.results, "result name"))
        return false;
      op.results.push_back(std::move(r));
      nameToks.push_back(std::move(name));
      if (!is(Tok::Comma))
        break;
      consume();
    }
    if (!expect(Tok::Equal, "'=' after operation results") ||
        !identifier(op.op, "op name") ||
        !expect(Tok::LParen, "'(' after op name"))
      return false;
    if (!is(Tok::RParen) && !namedValues(op.arguments, "argument"))
      return false;
    if (!expect(Tok::RParen, "')' after argument list"))
      return false;
    if (is(Tok::LBracket)) {
      consume();
      if (!is(Tok::RBracket) && !namedValues(op.attributes, "attribute"))
        return false;
      if (!expect(Tok::RBracket, "']' after attributes"))
        return false;
    }
    if (!expect(Tok::Semi, "';' after operation"))
      return false;
    // Defined only now: an op cannot use its own results.
    for (size_t i = 0; i < op.results.size(); ++i)
      define(op.results[i].name, nameToks[i]);
    return true;
  }

  // `kind` is "argument" or "attribute", for messages.
  bool namedValues(std::vector<NamedValue> &list, const std::string &kind) {
    while (true) {
      NamedValue nv;
      Token name = cur_;
      if (!identifier(nv.name, (kind + " name").c_str()))
        return false;
      for (const NamedValue &prev : list)
        if (prev.name == nv.name)
          return fail(name, "duplicate " + kind + " '" + nv.name + "'");
      if (!expect(Tok::Equal, ("'=' after " + kind + " name").c_str()) ||
          !value(nv.value, 0))
        return false;
      list.push_back(std::move(nv));
      if (!is(Tok::Comma))
        return true;
      consume();
    }
  }

  //--- Types and values ----------------------------------------------------

  // DTYPE | tensor<DTYPE, [d0, d1, ...]>
  bool type(Type &t) {
    if (!is(Tok::Ident))
      return failExpected("a type");
    if (cur_.text != "tensor") {
      t = Type::scalar(std::string(cur_.text));
      if (!knownDtype(t.dtype))
        return false;
      consume();
      return true;
    }
    consume();
    t.isTensor = true;
    if (!expect(Tok::Less, "'<' after 'tensor'"))
      return false;
    if (!is(Tok::Ident))
      return failExpected("a dtype");
    t.dtype = std::string(cur_.text);
    if (!knownDtype(t.dtype))
      return false;
    consume();
    if (!expect(Tok::Comma, "',' after tensor dtype") ||
        !expect(Tok::LBracket, "'[' to open tensor shape"))
      return false;
    if (!is(Tok::RBracket)) {
      while (true) {
        bool negative;
        uint64_t dim;
        if (!is(Tok::Number) || !parseInteger(cur_.text, negative, dim) ||
            negative || dim > uint64_t(std::numeric_limits<int64_t>::max()))
          return is(Tok::Number) ? fail(cur_, "bad dimension " + describe(cur_))
                                 : failExpected("a dimension");
        t.shape.push_back(int64_t(dim));
        consume();
        if (!is(Tok::Comma))
          break;
        consume();
      }
    }
    return expect(Tok::RBracket, "']' after tensor shape") &&
           expect(Tok::Greater, "'>' to close tensor type");
  }

  bool knownDtype(const std::string &dtype) {
    return isMILDtype(dtype) || fail(cur_, "unknown dtype '" + dtype + "'");
  }

  bool value(Value &v, unsigned depth) {
    if (depth > kMaxNesting)
      return fail(cur_, "values nested too deeply");
    if (is(Tok::LParen))
      return tuple(v, depth);
    if (!is(Tok::Ident))
      return failExpected("a value");
    Tok next = peek().kind;
    if ((cur_.text == "tensor" && next == Tok::Less) || next == Tok::LParen)
      return literal(v, depth);
    if (!defined_.count(std::string(cur_.text)))
      return fail(cur_,
                  "use of undefined name '" + std::string(cur_.text) + "'");
    v = Value::ref(std::string(cur_.text));
    consume();
    return true;
  }

  bool tuple(Value &v, unsigned depth) {
    consume();
    Tuple t;
    if (!is(Tok::RParen)) {
      while (true) {
        Value e;
        if (!value(e, depth + 1))
          return false;
        t.elements.push_back(std::move(e));
        if (!is(Tok::Comma))
          break;
        consume();
      }
    }
    if (!expect(Tok::RParen, "')' after tuple elements"))
      return false;
    v = {std::move(t)};
    return true;
  }

  // TYPE(scalar) | TYPE([e0, e1, ...]) | TYPE(BLOBFILE(...))
  bool literal(Value &v, unsigned depth) {
    Token start = cur_;
    Type t;
    if (!type(t) || !expect(Tok::LParen, "'(' after literal type"))
      return false;
    if (isIdent("BLOBFILE")) {
      BlobFileRef b;
      b.type = std::move(t);
      if (!blobFile(b, depth))
        return false;
      v = {std::move(b)};
    } else if (is(Tok::LBracket)) {
      if (t.isScalarLike())
        return fail(cur_,
                    "a list literal needs a tensor type of rank 1 or more");
      consume();
      TensorLiteral lit;
      if (!is(Tok::RBracket)) {
        while (true) {
          std::string e;
          if (!element(t.dtype, e))
            return false;
          lit.elements.push_back(std::move(e));
          if (!is(Tok::Comma))
            break;
          consume();
        }
      }
      if (!expect(Tok::RBracket, "']' after tensor elements"))
        return false;
      uint64_t want = 1;
      for (int64_t d : t.shape) // saturating: more than the input can hold
        want = d != 0 && want > (uint64_t(1) << 62) / uint64_t(d)
                   ? uint64_t(1) << 62
                   : want * uint64_t(d);
      if (want != lit.elements.size())
        return fail(start, "tensor literal has " +
                               std::to_string(lit.elements.size()) +
                               " elements, but its type has " +
                               std::to_string(want));
      lit.type = std::move(t);
      v = {std::move(lit)};
    } else {
      if (!t.isScalarLike())
        return failExpected("'[' to open the elements of a rank-" +
                            std::to_string(t.shape.size()) + " tensor literal");
      ScalarLiteral lit;
      if (!element(t.dtype, lit.text))
        return false;
      lit.type = std::move(t);
      v = {std::move(lit)};
    }
    return expect(Tok::RParen, "')' after literal value");
  }

  // One scalar token, checked against its dtype; `out` keeps it verbatim.
  bool element(const std::string &dtype, std::string &out) {
    if (dtype == "string")
      return string(out, "a string");
    if (!is(Tok::Number) && !is(Tok::Ident))
      return failExpected("a " + dtype + " value");
    std::string_view s = cur_.text;
    bool ok;
    if (dtype == "bool")
      ok = s == "true" || s == "false";
    else if (isFloatDtype(dtype))
      ok = isFloatToken(s);
    else if (auto in = intDtype(dtype))
      ok = isIntegerOf(s, in->first, in->second);
    else
      ok = false;
    if (!ok)
      return fail(cur_, "bad " + dtype + " value " + describe(cur_));
    out = std::string(s);
    consume();
    return true;
  }

  // BLOBFILE(path=string("..."), offset=uint64(N)), either spelling.
  bool blobFile(BlobFileRef &b, unsigned depth) {
    consume();
    if (!expect(Tok::LParen, "'(' after 'BLOBFILE'") ||
        !expectWord("path", "'path' in BLOBFILE") ||
        !expect(Tok::Equal, "'=' after 'path'"))
      return false;
    Token at = cur_;
    Value path, offset;
    if (!value(path, depth + 1))
      return false;
    const std::string *s = path.stringValue();
    if (!s)
      return fail(at, "BLOBFILE path must be a string literal");
    b.path = *s;
    if (!expect(Tok::Comma, "',' after BLOBFILE path") ||
        !expectWord("offset", "'offset' in BLOBFILE") ||
        !expect(Tok::Equal, "'=' after 'offset'"))
      return false;
    at = cur_;
    if (!value(offset, depth + 1))
      return false;
    const ScalarLiteral *o = offset.get<ScalarLiteral>();
    bool negative;
    if (!o || o->type.dtype != "uint64" ||
        !parseInteger(o->text, negative, b.offset))
      return fail(at, "BLOBFILE offset must be a uint64 literal");
    return expect(Tok::RParen, "')' after BLOBFILE arguments");
  }

  Lexer lexer_;
  std::string_view bufferName_;
  Token cur_;
  std::optional<Token> peeked_;
  std::optional<Error> error_;
  std::unordered_map<std::string, Pos> defined_;
};

} // namespace

Expected<Program> parseMIL(std::string_view text, std::string_view bufferName) {
  return Parser(text, bufferName).run();
}

} // namespace orion::rt::milast
