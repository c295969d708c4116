//===- TokenizeCommand.cpp - orion tokenize / detokenize ------------------===//

#include "Command.h"

#include "orion/model/Tokenizer.h"

#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <sstream>

using namespace orion::rt;

namespace orion::cli {

static const char *const kTokenizerHelp =
    "encoder.json (GPT-2; vocab.bpe beside it) or a llama2.c tokenizer.bin";

static Expected<std::unique_ptr<Tokenizer>> openTokenizer(const Args &args) {
  return loadTokenizer(*args.value("tokenizer"));
}

static int runTokenize(const Args &args) {
  auto tok = openTokenizer(args);
  if (!tok)
    return fail("tokenize", tok.error().message());
  std::string text{std::istreambuf_iterator<char>(std::cin),
                   std::istreambuf_iterator<char>()};
  std::vector<int32_t> ids = (*tok)->encode(text, args.flag("bos"));
  std::string line;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i)
      line += ' ';
    line += std::to_string(ids[i]);
  }
  std::cout << line << "\n";
  return 0;
}

static int runDetokenize(const Args &args) {
  auto tok = openTokenizer(args);
  if (!tok)
    return fail("detokenize", tok.error().message());
  std::vector<int32_t> ids;
  std::string word;
  const int32_t vocab = (*tok)->vocabSize();
  for (size_t n = 1; std::cin >> word; ++n) {
    errno = 0;
    char *end = nullptr;
    long long id = std::strtoll(word.c_str(), &end, 10);
    if (*end != '\0' || errno == ERANGE)
      return fail("detokenize", "id " + std::to_string(n) + " ('" + word +
                                    "') is not an integer");
    if (id < 0 || id >= vocab)
      return fail("detokenize", "id " + std::to_string(n) + " (" + word +
                                    ") is outside the vocabulary [0, " +
                                    std::to_string(vocab) + ")");
    ids.push_back(int32_t(id));
  }
  std::cout << (*tok)->decode(ids);
  return 0;
}

Command tokenizeCommand() {
  Command c;
  c.name = "tokenize";
  c.usage = "--tokenizer FILE [--bos] < TEXT";
  c.summary = "Print the token ids of UTF-8 text read from stdin";
  c.description =
      "Encodes all of stdin (a final newline included) with a GPT-2 byte-level\n"
      "BPE or a Llama 2 SentencePiece vocabulary and prints the ids on one\n"
      "line, separated by spaces. A FILE ending in .json is GPT-2's\n"
      "encoder.json, read with the vocab.bpe in the same directory; any other\n"
      "FILE is a llama2.c tokenizer.bin.";
  c.options = {
      {"tokenizer", "FILE", kTokenizerHelp, /*required=*/true},
      {"bos", "", "start with the BOS id (Llama: 1; GPT-2: <|endoftext|>)"},
  };
  c.run = runTokenize;
  return c;
}

Command detokenizeCommand() {
  Command c;
  c.name = "detokenize";
  c.usage = "--tokenizer FILE < IDS";
  c.summary = "Print the text of token ids read from stdin";
  c.description =
      "Reads whitespace-separated token ids from stdin and writes their text\n"
      "to stdout, nothing added (so `orion tokenize | orion detokenize` gives\n"
      "the input back). FILE is as for `orion tokenize`. Llama: BOS and EOS\n"
      "print nothing and the space of the piece after BOS is dropped, as in\n"
      "llama2.c.";
  c.options = {
      {"tokenizer", "FILE", kTokenizerHelp, /*required=*/true},
  };
  c.run = runDetokenize;
  return c;
}

} // namespace orion::cli
