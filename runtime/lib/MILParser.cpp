//===- MILParser.cpp - MIL text to AST ------------------------------------===//
//
// Hand-written lexer and recursive descent. The input may be hostile (it is
// fuzzed), so every step either consumes input or stops with an error, and
// the only recursion (nested tuples) is depth-limited.
//
//===----------------------------------------------------------------------===//

#include "orion/runtime/MILProgram.h"

#include <cstdio>
#include <limits>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace orion::rt {

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
    } else if (isDigit(c) || ((c == '-' || c == '+') && (isIdentChar(n) || n == '.')) ||
               (c == '.' && isDigit(n))) {
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
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
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
        error(t, "unknown escape sequence '\\" + std::string(1, e) +
                     "' in string");
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

} // namespace
} // namespace orion::rt
