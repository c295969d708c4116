//===- GPT2Tokenizer.cpp - GPT-2 byte-level BPE ---------------------------===//
//
// OpenAI's GPT-2 encoder (encoder.py, and the npm package gpt-3-encoder that
// ports it): text is split by the pre-tokenization regex
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// each piece's UTF-8 bytes become byte tokens, and adjacent pairs are merged
// lowest rank first, every occurrence of the chosen pair left to right.
//
// The vocabulary files spell bytes through bytes_to_unicode(); the loader
// maps them back, so everything here works on raw bytes and token ids.
// \p{L} and \p{N} come from ICU's general categories; \s is JavaScript's
// (gpt-3-encoder's) set, which differs from Python `regex`'s White_Space
// only in U+0085 (not space here) and U+FEFF (space here).
//
//===----------------------------------------------------------------------===//

#include "orion/format/BlobFile.h"
#include "orion/model/Tokenizer.h"

#include <nlohmann/json.hpp>
#include <unicode/uchar.h>

#include <array>
#include <limits>
#include <mutex>
#include <unordered_map>

namespace orion::rt {

namespace {

/// GPT-2's bytes_to_unicode(): printable Latin-1 bytes map to themselves,
/// the other 68 bytes to U+0100.. in byte order.
std::array<char32_t, 256> bytesToUnicode() {
  std::array<char32_t, 256> table{};
  uint32_t n = 0;
  for (uint32_t b = 0; b < 256; ++b) {
    bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) ||
                     (b >= 174 && b <= 255);
    table[b] = printable ? char32_t(b) : char32_t(256 + n++);
  }
  return table;
}

/// Decodes one well-formed UTF-8 sequence at s[i]; returns its length, or 0
/// for an invalid byte (stray continuation, overlong form, surrogate, above
/// U+10FFFF, or cut short).
size_t decodeUtf8(std::string_view s, size_t i, char32_t &cp) {
  auto b0 = uint8_t(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  size_t len;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, min = 0x80, cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, min = 0x800, cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size())
    return 0;
  for (size_t k = 1; k < len; ++k) {
    auto b = uint8_t(s[i + k]);
    if ((b & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

enum class CharClass : uint8_t { Letter, Number, Space, Other };

/// JavaScript's \s (WhiteSpace and LineTerminator).
bool isJsSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

CharClass classify(char32_t c) {
  if (isJsSpace(c))
    return CharClass::Space;
  uint32_t mask = U_GET_GC_MASK(UChar32(c));
  if (mask & U_GC_L_MASK)
    return CharClass::Letter;
  if (mask & U_GC_N_MASK)
    return CharClass::Number;
  return CharClass::Other;
}

struct Unit {
  size_t offset;
  size_t length;
  char32_t cp; // 0xFFFFFFFF for an invalid byte
  CharClass cls;
};

/// Splits `text` like the GPT-2 regex (a hand-written matcher that tries
/// the alternatives in order at each position, as a backtracking engine
/// does). An invalid UTF-8 byte is a character of its own in [^\s\p{L}\p{N}].
std::vector<std::string_view> preTokenize(std::string_view text) {
  std::vector<Unit> units;
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    size_t len = decodeUtf8(text, i, cp);
    if (len == 0)
      units.push_back({i, 1, char32_t(0xFFFFFFFF), CharClass::Other});
    else
      units.push_back({i, len, cp, classify(cp)});
    i += len ? len : 1;
  }
  const size_t n = units.size();
  auto runEnd = [&](size_t j, CharClass cls) {
    while (j < n && units[j].cls == cls)
      ++j;
    return j;
  };
  std::vector<std::string_view> pieces;
  for (size_t i = 0; i < n;) {
    const Unit &u = units[i];
    size_t end = 0;
    if (u.cp == '\'') {
      static const char *const contractions[] = {"s",  "t", "re", "ve",
                                                 "m", "ll", "d"};
      std::string_view rest = text.substr(u.offset + 1);
      for (const char *c : contractions) {
        std::string_view cv(c);
        if (rest.substr(0, cv.size()) == cv) {
          end = i + 1 + cv.size(); // ASCII: one unit per byte
          break;
        }
      }
    }
    bool spaceBefore = u.cp == ' ' && i + 1 < n;
    for (CharClass cls :
         {CharClass::Letter, CharClass::Number, CharClass::Other}) {
      if (end)
        break;
      if (spaceBefore && units[i + 1].cls == cls)
        end = runEnd(i + 1, cls);
      else if (u.cls == cls)
        end = runEnd(i, cls);
    }
    if (!end) { // whitespace: \s+(?!\S) | \s+
      size_t j = runEnd(i, CharClass::Space);
      end = (j == n || j - i == 1) ? j : j - 1;
    }
    size_t from = u.offset;
    size_t to = units[end - 1].offset + units[end - 1].length;
    pieces.push_back(text.substr(from, to - from));
    i = end;
  }
  return pieces;
}

class GPT2Tokenizer final : public Tokenizer {
public:
  std::vector<std::string> pieces;                 // id -> bytes
  std::unordered_map<std::string, int32_t> ids;    // bytes -> id
  std::array<int32_t, 256> byteIds{};
  struct Merge {
    uint32_t rank;
    int32_t id;
  };
  std::unordered_map<uint64_t, Merge> merges;     // (left, right) -> merge
  int32_t endOfText = -1;

  std::string decode(const std::vector<int32_t> &tokens) const override {
    std::string out;
    for (int32_t id : tokens)
      if (id >= 0 && id < vocabSize())
        out += pieces[size_t(id)];
    return out;
  }
  int32_t vocabSize() const override { return int32_t(pieces.size()); }
  int32_t bosId() const override { return endOfText; }
  int32_t eosId() const override { return endOfText; }
  std::string piece(int32_t id) const override {
    return id >= 0 && id < vocabSize() ? pieces[size_t(id)] : std::string();
  }

protected:
  std::vector<int32_t> doEncode(std::string_view text,
                                bool addBos) const override {
    std::vector<int32_t> out;
    if (addBos && endOfText >= 0)
      out.push_back(endOfText);
    for (std::string_view p : preTokenize(text)) {
      std::vector<int32_t> word = bpe(p);
      out.insert(out.end(), word.begin(), word.end());
    }
    return out;
  }

private:
  static uint64_t key(int32_t a, int32_t b) {
    return (uint64_t(uint32_t(a)) << 32) | uint32_t(b);
  }

  std::vector<int32_t> bpe(std::string_view piece) const {
    {
      std::lock_guard<std::mutex> lock(cacheMutex_);
      auto it = cache_.find(std::string(piece));
      if (it != cache_.end())
        return it->second;
    }
    std::vector<int32_t> word;
    word.reserve(piece.size());
    for (char c : piece)
      word.push_back(byteIds[uint8_t(c)]);
    while (word.size() > 1) {
      // The pair of lowest rank...
      const Merge *best = nullptr;
      int32_t first = 0, second = 0;
      for (size_t i = 0; i + 1 < word.size(); ++i) {
        auto it = merges.find(key(word[i], word[i + 1]));
        if (it != merges.end() && (!best || it->second.rank < best->rank)) {
          best = &it->second;
          first = word[i];
          second = word[i + 1];
        }
      }
      if (!best)
        break;
      // ...merged at every occurrence, left to right.
      std::vector<int32_t> next;
      next.reserve(word.size());
      for (size_t i = 0; i < word.size();) {
        if (i + 1 < word.size() && word[i] == first && word[i + 1] == second) {
          next.push_back(best->id);
          i += 2;
        } else {
          next.push_back(word[i++]);
        }
      }
      word = std::move(next);
    }
    std::lock_guard<std::mutex> lock(cacheMutex_);
    if (cache_.size() >= kMaxCacheEntries)
      cache_.clear();
    cache_.emplace(std::string(piece), word);
    return word;
  }

  static constexpr size_t kMaxCacheEntries = 1 << 16;
  mutable std::mutex cacheMutex_;
  mutable std::unordered_map<std::string, std::vector<int32_t>> cache_;
};

/// Maps a vocabulary string (bytes spelled through bytes_to_unicode) back
/// to raw bytes; false if a character is not one of the 256.
bool unicodeToBytes(std::string_view s,
                    const std::unordered_map<char32_t, uint8_t> &byteDecoder,
                    std::string &out) {
  out.clear();
  for (size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    size_t len = decodeUtf8(s, i, cp);
    if (!len)
      return false;
    auto it = byteDecoder.find(cp);
    if (it == byteDecoder.end())
      return false;
    out.push_back(char(it->second));
    i += len;
  }
  return true;
}

std::string inQuotes(std::string_view s) { return "'" + std::string(s) + "'"; }

} // namespace

Expected<std::unique_ptr<Tokenizer>>
loadGPT2Tokenizer(const std::string &encoderJsonPath,
                  const std::string &vocabBpePath) {
  auto jsonBytes = readFile(encoderJsonPath);
  if (!jsonBytes)
    return jsonBytes.error();
  auto bpeBytes = readFile(vocabBpePath);
  if (!bpeBytes)
    return bpeBytes.error();
  return parseGPT2Tokenizer(*jsonBytes, encoderJsonPath, *bpeBytes,
                            vocabBpePath);
}

Expected<std::unique_ptr<Tokenizer>>
parseGPT2Tokenizer(const std::vector<uint8_t> &jsonBytes,
                   const std::string &encoderJsonPath,
                   const std::vector<uint8_t> &bpeBytes,
                   const std::string &vocabBpePath) {
  auto tok = std::make_unique<GPT2Tokenizer>();
  std::unordered_map<char32_t, uint8_t> byteDecoder;
  std::array<char32_t, 256> byteEncoder = bytesToUnicode();
  for (uint32_t b = 0; b < 256; ++b)
    byteDecoder[byteEncoder[b]] = uint8_t(b);

  // encoder.json: {"token": id, ...}, ids 0..n-1 each once.
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(jsonBytes.begin(), jsonBytes.end());
  } catch (const nlohmann::json::exception &e) {
    return Error(encoderJsonPath + ": invalid JSON: " + e.what());
  }
  if (!json.is_object() || json.empty())
    return Error(encoderJsonPath +
                 ": expected a non-empty JSON object of token -> id");
  const size_t n = json.size();
  if (n > size_t(std::numeric_limits<int32_t>::max()))
    return Error(encoderJsonPath + ": too many tokens");
  tok->pieces.resize(n);
  std::vector<bool> seen(n, false);
  std::string bytes;
  for (auto it = json.begin(); it != json.end(); ++it) {
    const std::string &token = it.key();
    if (!it->is_number_integer())
      return Error(encoderJsonPath + ": the id of token " + inQuotes(token) +
                   " is not an integer");
    int64_t id = it->get<int64_t>();
    if (id < 0 || uint64_t(id) >= n)
      return Error(encoderJsonPath + ": the id " + std::to_string(id) +
                   " of token " + inQuotes(token) + " is outside [0, " +
                   std::to_string(n) + ")");
    if (seen[size_t(id)])
      return Error(encoderJsonPath + ": the id " + std::to_string(id) +
                   " is given to two tokens");
    seen[size_t(id)] = true;
    if (!unicodeToBytes(token, byteDecoder, bytes))
      return Error(encoderJsonPath + ": token " + inQuotes(token) +
                   " has a character outside GPT-2's byte alphabet");
    if (!tok->ids.emplace(bytes, int32_t(id)).second)
      return Error(encoderJsonPath + ": token " + inQuotes(token) +
                   " is listed twice");
    tok->pieces[size_t(id)] = bytes;
  }
  for (uint32_t b = 0; b < 256; ++b) {
    auto it = tok->ids.find(std::string(1, char(b)));
    if (it == tok->ids.end())
      return Error(encoderJsonPath + ": no token for byte " +
                   std::to_string(b));
    tok->byteIds[b] = it->second;
  }
  if (auto it = tok->ids.find("<|endoftext|>"); it != tok->ids.end())
    tok->endOfText = it->second;

  // vocab.bpe: "#version: ..." then one "left right" merge a line, best
  // first. A later duplicate of a pair overrides its rank, as dict() does.
  std::string_view text(reinterpret_cast<const char *>(bpeBytes.data()),
                        bpeBytes.size());
  uint32_t rank = 0;
  size_t lineNo = 0;
  std::string left, right;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view()
                                         : text.substr(eol + 1);
    ++lineNo;
    if (lineNo == 1 && line.substr(0, 9) == "#version:")
      continue;
    auto isSpace = [](char c) {
      return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
    };
    std::vector<std::string_view> fields;
    for (size_t i = 0; i < line.size();) {
      while (i < line.size() && isSpace(line[i]))
        ++i;
      size_t start = i;
      while (i < line.size() && !isSpace(line[i]))
        ++i;
      if (i > start)
        fields.push_back(line.substr(start, i - start));
    }
    if (fields.empty())
      continue;
    std::string where = vocabBpePath + ":" + std::to_string(lineNo) + ": ";
    if (fields.size() != 2)
      return Error(where + "expected a merge of two tokens, got " +
                   inQuotes(line));
    if (!unicodeToBytes(fields[0], byteDecoder, left) ||
        !unicodeToBytes(fields[1], byteDecoder, right))
      return Error(where + "merge " + inQuotes(line) +
                   " has a character outside GPT-2's byte alphabet");
    auto l = tok->ids.find(left), r = tok->ids.find(right),
         m = tok->ids.find(left + right);
    std::string_view unknown = l == tok->ids.end()   ? fields[0]
                               : r == tok->ids.end() ? fields[1]
                                                     : std::string_view();
    if (!unknown.empty())
      return Error(where + "merge " + inQuotes(line) +
                   " names the unknown token " + inQuotes(unknown) + " (not in " +
                   encoderJsonPath + ")");
    if (m == tok->ids.end())
      return Error(where + "the result of merge " + inQuotes(line) +
                   " is not a token of " + encoderJsonPath);
    tok->merges[(uint64_t(uint32_t(l->second)) << 32) |
                uint32_t(r->second)] = {rank++, m->second};
  }
  return std::unique_ptr<Tokenizer>(std::move(tok));
}

} // namespace orion::rt
