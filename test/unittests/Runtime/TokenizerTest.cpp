//===- TokenizerTest.cpp - GPT-2 and Llama 2 tokenizers -------------------===//
//
// Expected ids were read off test/data: encoder.json ("Hello" 15496,
// "Ġworld" 995, "I" 40, "'m" 1101, "Ġhere" 994, <|endoftext|> 50256) and
// tokenizer.bin (" " 29871, " hello" 22172, byte pieces <0xNN> at NN+3).
//
//===----------------------------------------------------------------------===//

#include "orion/model/Tokenizer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace orion::rt;

namespace {

const std::string kDataDir = ORION_TEST_DATA_DIR;
const std::string kEncoderJson = kDataDir + "/encoder.json";
const std::string kVocabBpe = kDataDir + "/vocab.bpe";
const std::string kLlamaBin = kDataDir + "/tokenizer.bin";

using Ids = std::vector<int32_t>;

const Tokenizer &gpt2() {
  static std::unique_ptr<Tokenizer> tok = [] {
    auto t = loadGPT2Tokenizer(kEncoderJson, kVocabBpe);
    EXPECT_TRUE(t) << t.error().message();
    return t ? std::move(*t) : nullptr;
  }();
  return *tok;
}

const Tokenizer &llama() {
  static std::unique_ptr<Tokenizer> tok = [] {
    auto t = loadLlamaTokenizer(kLlamaBin, 32000);
    EXPECT_TRUE(t) << t.error().message();
    return t ? std::move(*t) : nullptr;
  }();
  return *tok;
}

std::string readAll(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Writes `bytes` to a fresh file named `name` in the test's temp directory.
std::string writeTemp(const std::string &name, const std::string &bytes) {
  std::string path = ::testing::TempDir() + "orion-tokenizer-" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

const std::vector<std::string> &corpus() {
  static const std::vector<std::string> texts = {
      "",
      "Hello world",
      "Hello, world! How are you today?\n",
      "I'm sure they're here; we've seen it, he'd say, you'll see, it's fine",
      "DON'T 'S 'T ''' '' 'll'd'm",
      "The year 2024 had 366 days; 1,234,567.89 dollars; 3.14159; 0x1F 1e-9",
      "  leading spaces and    runs   of spaces   ",
      "tabs\tand\t\tmore\ttabs \t mixed\r\nwindows\r\n\n\nblank lines\n",
      "   ",
      "\n",
      "def f(x):\n    return x**2 + 1  # comment\n",
      "for (int i = 0; i < n; ++i) { a[i] = b[i] * 2; }",
      "{\"key\": [1, 2, 3], \"nested\": {\"a\": null}}",
      "Ünïcödé façade naïve café résumé",
      "Привет, мир! Γειά σου κόσμε",
      "こんにちは世界、日本語のテキストです。你好，世界！",
      "안녕하세요 مرحبا שלום नमस्ते สวัสดี",
      "Emoji: 😀 👍🏽 👨‍👩‍👧‍👦 🇺🇸 ❤️ ✨",
      "Math: ∀x∈ℝ, x²≥0; ∑ᵢ aᵢ = ∫ f(x) dx; ½ Ⅻ 𝟘𝟙𝟚 𝔘𝔫𝔦",
      "non\u00a0breaking\u2003em\u3000ideographic\u200bzero width",
      std::string("nul \0 bell \a escape \x1b end",
                  sizeof "nul \0 bell \a escape \x1b end" - 1),
      "<|endoftext|> is just text",
  };
  return texts;
}

//===--- GPT-2 ------------------------------------------------------------===//

TEST(GPT2Tokenizer, KnownEncodings) {
  const Tokenizer &t = gpt2();
  EXPECT_EQ(t.vocabSize(), 50257);
  EXPECT_EQ(t.bosId(), 50256);
  EXPECT_EQ(t.eosId(), 50256);
  EXPECT_EQ(t.encode("Hello world"), (Ids{15496, 995}));
  EXPECT_EQ(t.encode("Hello world", /*addBos=*/true),
            (Ids{50256, 15496, 995}));
  EXPECT_EQ(t.encode("I'm here"), (Ids{40, 1101, 994}));
  EXPECT_EQ(t.encode(""), Ids{});
  // \s+(?!\S) leaves the last space of a run to the next word: " a" 257,
  // " b" 275, and a lone " " 220 before each.
  EXPECT_EQ(t.encode("  a  b"), (Ids{220, 257, 220, 275}));
  // " 😀" is " \xF0\x9F\x98" (30325) then "\x80" (222).
  EXPECT_EQ(t.encode("x 😀"), (Ids{87, 30325, 222}));
  EXPECT_EQ(t.encode("The year 2024"), (Ids{464, 614, 48609}));
  EXPECT_EQ(t.encode("It's 3.14!"), (Ids{1026, 338, 513, 13, 1415, 0}));
  EXPECT_EQ(t.piece(995), " world");
  EXPECT_EQ(t.decode({15496, 995}), "Hello world");
  // <|endoftext|> is ordinary text to encode() but its id decodes to it.
  EXPECT_EQ(t.decode({50256}), "<|endoftext|>");
  EXPECT_EQ(t.decode({-1, 15496, 50257}), "Hello"); // out of range: skipped
}

TEST(GPT2Tokenizer, RoundTrips) {
  const Tokenizer &t = gpt2();
  for (const std::string &text : corpus())
    EXPECT_EQ(t.decode(t.encode(text)), text) << text;
  // Invalid UTF-8 still round-trips: stray bytes are byte tokens.
  std::string bad = "ok \xff\xfe \xc3 \xed\xa0\x80 \xf0\x9f\x98 end";
  EXPECT_EQ(t.decode(t.encode(bad)), bad);
  // The BPE cache gives the same answer twice.
  EXPECT_EQ(t.encode("repetition repetition"),
            t.encode("repetition repetition"));
}

TEST(GPT2Tokenizer, LoadErrorsNameTheFile) {
  auto err = [](const std::string &json, const std::string &bpe) {
    std::string j = writeTemp("enc.json", json), b = writeTemp("vocab.bpe", bpe);
    auto t = loadGPT2Tokenizer(j, b);
    return t ? std::string("<no error>") : t.error().message();
  };
  const std::string encoder = readAll(kEncoderJson);
  const std::string merges = readAll(kVocabBpe);
  EXPECT_NE(err("{\"a\": 0,", merges).find("enc.json: invalid JSON"),
            std::string::npos);
  EXPECT_NE(err("[1, 2]", merges).find("enc.json: expected a non-empty JSON"),
            std::string::npos);
  EXPECT_NE(err("{\"a\": \"x\"}", merges).find("enc.json: the id of token 'a'"),
            std::string::npos);
  EXPECT_NE(err("{\"a\": 0, \"b\": 0}", merges).find("is given to two tokens"),
            std::string::npos);
  EXPECT_NE(err("{\"a\": 5}", merges).find("outside [0, 1)"),
            std::string::npos);
  EXPECT_NE(err("{\"a\": 0}", merges).find("enc.json: no token for byte 0"),
            std::string::npos);
  EXPECT_NE(err(encoder, "#version: 0.2\nĠ t\nzzzqqq Ġ\n")
                .find("vocab.bpe:3: merge 'zzzqqq Ġ' names the unknown token "
                      "'zzzqqq'"),
            std::string::npos);
  EXPECT_NE(err(encoder, "#version: 0.2\nĠ t\nĠ t x\n")
                .find("vocab.bpe:3: expected a merge of two tokens"),
            std::string::npos);
  // "Q" and "Q" are tokens but "QQ" is not.
  EXPECT_NE(err(encoder, "#version: 0.2\nQ Q\n")
                .find("vocab.bpe:2: the result of merge 'Q Q' is not a token"),
            std::string::npos);
  auto missing = loadGPT2Tokenizer(kDataDir + "/none.json", kVocabBpe);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("none.json"), std::string::npos);
}

//===--- Llama 2 ----------------------------------------------------------===//

TEST(LlamaTokenizer, KnownEncodings) {
  const Tokenizer &t = llama();
  EXPECT_EQ(t.vocabSize(), 32000);
  EXPECT_EQ(t.bosId(), 1);
  EXPECT_EQ(t.eosId(), 2);
  EXPECT_EQ(t.encode("hello", /*addBos=*/true), (Ids{1, 22172}));
  EXPECT_EQ(t.encode("hello"), (Ids{22172}));
  EXPECT_EQ(t.encode("", true), (Ids{1})); // no dummy prefix for ""
  EXPECT_EQ(t.encode("Hello world", true), (Ids{1, 15043, 3186}));
  // 😀 is not a piece: its bytes F0 9F 98 80 fall back to <0xNN> = NN+3,
  // after the dummy-prefix " " (29871), which nothing merges with.
  EXPECT_EQ(t.encode("😀", true), (Ids{1, 29871, 243, 162, 155, 131}));
  EXPECT_EQ(t.encode("I saw a 😀!", true),
            (Ids{1, 306, 4446, 263, 29871, 243, 162, 155, 131, 29991}));
  // The dummy " " and a space merge into "  " (259, score -1e9 > -1e10).
  EXPECT_EQ(t.encode(" ", true), (Ids{1, 259}));
  EXPECT_EQ(t.piece(22172), " hello");
  EXPECT_EQ(t.piece(3), "<0x00>");
}

TEST(LlamaTokenizer, Decodes) {
  const Tokenizer &t = llama();
  // The space of the piece after BOS is dropped, not elsewhere.
  EXPECT_EQ(t.decode({1, 22172}), "hello");
  EXPECT_EQ(t.decode({22172}), " hello");
  EXPECT_EQ(t.decode({1, 22172, 2}), "hello"); // EOS prints nothing
  EXPECT_EQ(t.decode({1, 29871, 243, 162, 155, 131}), "😀");
  EXPECT_EQ(t.decode({13}), "\n"); // <0x0A>
}

TEST(LlamaTokenizer, RoundTrips) {
  const Tokenizer &t = llama();
  for (const std::string &text : corpus())
    EXPECT_EQ(t.decode(t.encode(text, /*addBos=*/true)), text) << text;
  std::string bad = "ok \xff\xfe \xc3 \xed\xa0\x80 \xf0\x9f\x98 end";
  EXPECT_EQ(t.decode(t.encode(bad, true)), bad);
  // A long input: the merge loop stays fast.
  std::string longText;
  for (int i = 0; i < 2000; ++i)
    longText += "The quick brown fox jumps over the lazy dog. ";
  EXPECT_EQ(t.decode(t.encode(longText, true)), longText);
}

TEST(LlamaTokenizer, LoadErrorsNameTheFile) {
  const std::string bytes = readAll(kLlamaBin);
  auto err = [](const std::string &contents, int32_t vocab = 0) {
    auto t = loadLlamaTokenizer(writeTemp("tok.bin", contents), vocab);
    return t ? std::string("<no error>") : t.error().message();
  };
  EXPECT_NE(err("ab").find("tok.bin: truncated: 2 bytes"), std::string::npos);
  EXPECT_NE(err(bytes.substr(0, 1000)).find("tok.bin: piece "),
            std::string::npos);
  EXPECT_NE(err(bytes.substr(0, 1000)).find("truncated"), std::string::npos);
  EXPECT_NE(err(bytes.substr(0, bytes.size() - 3)).find("truncated"),
            std::string::npos);
  // Cut at a piece boundary: only a known vocabulary size notices.
  size_t offset = 4;
  for (int i = 0; i < 31999; ++i) {
    int32_t len;
    std::memcpy(&len, bytes.data() + offset + 4, 4);
    offset += 8 + size_t(len);
  }
  std::string cut = bytes.substr(0, offset);
  EXPECT_EQ(err(cut), "<no error>");
  EXPECT_NE(err(cut, 32000).find("piece 31999 at offset"), std::string::npos);
  EXPECT_NE(err(bytes + "xx", 32000).find("tok.bin: 2 bytes after the 32000"),
            std::string::npos);
  // A piece longer than max_token_length.
  std::string longPiece = bytes;
  int32_t huge = 1000;
  std::memcpy(&longPiece[4 + 4], &huge, 4);
  EXPECT_NE(err(longPiece).find("piece 0 at offset 4: length 1000 is outside"),
            std::string::npos);
  // Too few pieces for the byte fallback.
  EXPECT_NE(err(bytes.substr(0, 4)).find("fewer than the 3 special"),
            std::string::npos);
  auto missing = loadLlamaTokenizer(kDataDir + "/none.bin");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("none.bin"), std::string::npos);
}

TEST(Tokenizer, LoadTokenizerPicksTheFormat) {
  auto g = loadTokenizer(kEncoderJson);
  ASSERT_TRUE(g) << g.error().message();
  EXPECT_EQ((*g)->vocabSize(), 50257);
  auto l = loadTokenizer(kLlamaBin);
  ASSERT_TRUE(l) << l.error().message();
  EXPECT_EQ((*l)->vocabSize(), 32000);
  auto dir = loadTokenizer(kDataDir);
  ASSERT_TRUE(dir) << dir.error().message();
  EXPECT_EQ((*dir)->vocabSize(), 32000); // tokenizer.bin comes first
}

// A Hugging Face GPT-2 directory names the same files vocab.json and
// merges.txt.
TEST(Tokenizer, LoadsHuggingFaceGPT2Names) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(::testing::TempDir()) / "orion-hf-gpt2-tokenizer";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(kEncoderJson, dir / "vocab.json");
  fs::copy_file(kVocabBpe, dir / "merges.txt");
  for (const fs::path &p : {dir, dir / "vocab.json"}) {
    auto t = loadTokenizer(p.string());
    ASSERT_TRUE(t) << t.error().message();
    EXPECT_EQ((*t)->encode("Hello world"), (std::vector<int32_t>{15496, 995}));
  }
  fs::remove(dir / "merges.txt");
  auto missing = loadTokenizer((dir / "vocab.json").string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message(),
            (dir / "vocab.json").string() +
                ": no vocab.bpe or merges.txt beside it (the GPT-2 merge list)");
  fs::remove_all(dir);
}

} // namespace
