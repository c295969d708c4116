//===- LlamaTokenizer.cpp - llama2.c's SentencePiece tokenizer ------------===//
//
// Encodes and decodes exactly like llama2.c's encode() and decode() (run.c):
// optional BOS, the dummy-prefix " " piece when the text is not empty, one
// piece per UTF-8 character (at most 4 bytes, split the way run.c splits
// malformed sequences) with <0xNN> byte fallback (id byte+3), then the
// adjacent pair whose concatenation is the piece of highest score is merged,
// leftmost first on ties, until no concatenation is a piece. A priority
// queue finds that pair instead of run.c's rescans (same result, O(n log n)).
//
// Differences from run.c, which sees a C string: a NUL byte in the text is
// encoded (as <0x00>) rather than ending it, and decode() drops BOS and EOS,
// which run.c's generate loop never prints.
//
//===----------------------------------------------------------------------===//

#include "orion/format/BlobFile.h"
#include "orion/model/Tokenizer.h"

#include <cstdio>
#include <cstring>
#include <queue>
#include <unordered_map>

namespace orion::rt {

namespace {

constexpr int32_t kBos = 1, kEos = 2, kFirstByte = 3;

/// llama2.c's sscanf(piece, "<0x%02hhX>", &byte) == 1: "<0x" and one or two
/// hex digits.
bool parseBytePiece(const std::string &piece, uint8_t &byte) {
  if (piece.compare(0, 3, "<0x") != 0)
    return false;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
      return c - 'A' + 10;
    return -1;
  };
  int value = 0, digits = 0;
  for (size_t i = 3; i < piece.size() && digits < 2 && hex(piece[i]) >= 0; ++i)
    value = value * 16 + hex(piece[i]), ++digits;
  byte = uint8_t(value);
  return digits > 0;
}

class LlamaTokenizer final : public Tokenizer {
public:
  std::vector<std::string> pieces;
  std::vector<float> scores;
  std::unordered_map<std::string, int32_t> lookup;
  int32_t dummyPrefix = -1;

  std::string decode(const std::vector<int32_t> &ids) const override {
    std::string out;
    int32_t prev = -1;
    for (int32_t id : ids) {
      if (id < 0 || id >= vocabSize()) {
        prev = id;
        continue;
      }
      if (id != kBos && id != kEos) {
        const std::string &p = pieces[size_t(id)];
        // After BOS, SentencePiece strips the leading space (llama2.c #89).
        size_t skip = prev == kBos && !p.empty() && p[0] == ' ' ? 1 : 0;
        uint8_t byte;
        if (parseBytePiece(p.substr(skip), byte))
          out.push_back(char(byte));
        else
          out.append(p, skip, std::string::npos);
      }
      prev = id;
    }
    return out;
  }
  int32_t vocabSize() const override { return int32_t(pieces.size()); }
  int32_t bosId() const override { return kBos; }
  int32_t eosId() const override { return kEos; }
  std::string piece(int32_t id) const override {
    return id >= 0 && id < vocabSize() ? pieces[size_t(id)] : std::string();
  }

protected:
  std::vector<int32_t> doEncode(std::string_view text,
                                bool addBos) const override {
    std::vector<int32_t> tokens;
    if (addBos)
      tokens.push_back(kBos);
    if (!text.empty())
      tokens.push_back(dummyPrefix);
    std::string buf;
    for (size_t i = 0; i < text.size(); ++i) {
      auto c = uint8_t(text[i]);
      if ((c & 0xC0) != 0x80)
        buf.clear();
      buf.push_back(char(c));
      bool nextIsContinuation =
          i + 1 < text.size() && (uint8_t(text[i + 1]) & 0xC0) == 0x80;
      if (nextIsContinuation && buf.size() < 4)
        continue;
      auto it = lookup.find(buf);
      if (it != lookup.end()) {
        tokens.push_back(it->second);
      } else {
        for (char b : buf)
          tokens.push_back(int32_t(uint8_t(b)) + kFirstByte);
      }
      buf.clear();
    }
    merge(tokens);
    return tokens;
  }

private:
  struct Candidate {
    float score;
    size_t left, right; // positions in the original token list
    int32_t leftId, rightId, merged;
  };
  struct Worse {
    bool operator()(const Candidate &a, const Candidate &b) const {
      if (a.score != b.score)
        return a.score < b.score;
      return a.left > b.left; // leftmost wins ties
    }
  };

  void merge(std::vector<int32_t> &tokens) const {
    const size_t n = tokens.size();
    if (n < 2)
      return;
    std::vector<size_t> prev(n), next(n);
    std::vector<bool> alive(n, true);
    for (size_t i = 0; i < n; ++i)
      prev[i] = i - 1, next[i] = i + 1; // i - 1 wraps for 0: never followed
    std::priority_queue<Candidate, std::vector<Candidate>, Worse> queue;
    std::string joined;
    auto consider = [&](size_t l, size_t r) {
      joined = pieces[size_t(tokens[l])];
      joined += pieces[size_t(tokens[r])];
      auto it = lookup.find(joined);
      // run.c starts from best_score = -1e10 and needs a strictly better
      // score, so lower (and NaN) scores never merge.
      if (it == lookup.end() || !(scores[size_t(it->second)] > -1e10f))
        return;
      queue.push({scores[size_t(it->second)], l, r, tokens[l], tokens[r],
                  it->second});
    };
    for (size_t i = 0; i + 1 < n; ++i)
      consider(i, i + 1);
    while (!queue.empty()) {
      Candidate c = queue.top();
      queue.pop();
      if (!alive[c.left] || !alive[c.right] || next[c.left] != c.right ||
          tokens[c.left] != c.leftId || tokens[c.right] != c.rightId)
        continue; // stale
      tokens[c.left] = c.merged;
      alive[c.right] = false;
      next[c.left] = next[c.right];
      if (next[c.right] < n)
        prev[next[c.right]] = c.left;
      if (prev[c.left] < n)
        consider(prev[c.left], c.left);
      if (next[c.left] < n)
        consider(c.left, next[c.left]);
    }
    size_t out = 0;
    for (size_t i = 0; i < n; ++i)
      if (alive[i])
        tokens[out++] = tokens[i];
    tokens.resize(out);
  }
};

} // namespace

Expected<std::unique_ptr<Tokenizer>>
loadLlamaTokenizer(const std::string &path, int32_t expectedVocabSize) {
  auto bytes = readFile(path);
  if (!bytes)
    return bytes.error();
  return parseLlamaTokenizer(*bytes, path, expectedVocabSize);
}

Expected<std::unique_ptr<Tokenizer>>
parseLlamaTokenizer(const std::vector<uint8_t> &bytes, const std::string &path,
                    int32_t expectedVocabSize) {
  const uint8_t *data = bytes.data();
  const size_t size = bytes.size();
  auto readI32 = [&](size_t offset) {
    int32_t v;
    std::memcpy(&v, data + offset, 4);
    return v;
  };
  if (size < 4)
    return Error(path + ": truncated: " + std::to_string(size) +
                 " bytes, too short for the int32 max_token_length header");
  int32_t maxLen = readI32(0);
  if (maxLen <= 0)
    return Error(path + ": max_token_length is " + std::to_string(maxLen) +
                 "; not a llama2.c tokenizer.bin?");
  auto tok = std::make_unique<LlamaTokenizer>();
  size_t offset = 4;
  while (expectedVocabSize > 0 ? tok->pieces.size() < size_t(expectedVocabSize)
                               : offset < size) {
    std::string where = path + ": piece " + std::to_string(tok->pieces.size()) +
                        " at offset " + std::to_string(offset) + ": ";
    if (size - offset < 8)
      return Error(where + "truncated: needs 8 bytes for score and length, " +
                   std::to_string(size - offset) + " left");
    float score;
    std::memcpy(&score, data + offset, 4);
    int32_t len = readI32(offset + 4);
    if (len < 0 || len > maxLen)
      return Error(where + "length " + std::to_string(len) +
                   " is outside [0, max_token_length = " +
                   std::to_string(maxLen) + "]");
    offset += 8;
    if (size - offset < size_t(len))
      return Error(where + "truncated: needs " + std::to_string(len) +
                   " bytes, " + std::to_string(size - offset) + " left");
    tok->pieces.emplace_back(reinterpret_cast<const char *>(data + offset),
                             size_t(len));
    tok->scores.push_back(score);
    offset += size_t(len);
  }
  if (offset != size)
    return Error(path + ": " + std::to_string(size - offset) +
                 " bytes after the " + std::to_string(tok->pieces.size()) +
                 " pieces expected");
  if (tok->pieces.size() < size_t(kFirstByte + 256))
    return Error(path + ": truncated: " + std::to_string(tok->pieces.size()) +
                 " pieces, fewer than the 3 special and 256 byte pieces");
  if (tok->pieces.size() > size_t(INT32_MAX))
    return Error(path + ": too many pieces");
  for (int b = 0; b < 256; ++b) {
    char expected[8];
    std::snprintf(expected, sizeof expected, "<0x%02X>", b);
    if (tok->pieces[size_t(kFirstByte + b)] != expected)
      return Error(path + ": piece " + std::to_string(kFirstByte + b) +
                   " is '" + tok->pieces[size_t(kFirstByte + b)] +
                   "', expected the byte piece " + expected);
  }
  // Text maps to ordinary pieces only: the specials' and byte pieces'
  // spellings ("</s>", "<0x41>") typed as text stay text, so every encoding
  // decodes back to its input.
  for (size_t i = kFirstByte + 256; i < tok->pieces.size(); ++i)
    tok->lookup.emplace(tok->pieces[i], int32_t(i)); // first of duplicates
  auto space = tok->lookup.find(" ");
  if (space == tok->lookup.end())
    return Error(path + ": no \" \" piece for the dummy prefix");
  tok->dummyPrefix = space->second;
  return std::unique_ptr<Tokenizer>(std::move(tok));
}

} // namespace orion::rt
