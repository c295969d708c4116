//===- TokenizerFuzzer.cpp - libFuzzer target for the tokenizer files -----===//
//
// The first byte picks the format; the rest is its input:
//   even: a llama2.c tokenizer.bin;
//   odd:  a GPT-2 encoder.json, a NUL byte, then vocab.bpe.
// Loading either fails with a message or gives a tokenizer that must round
// trip a fixed text (with stray bytes) through encode and decode exactly,
// and only produce ids inside its vocabulary.
//
//===----------------------------------------------------------------------===//

#include "orion/model/Tokenizer.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

using namespace orion::rt;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  bool gpt2 = data[0] & 1;
  ++data;
  --size;
  Expected<std::unique_ptr<Tokenizer>> tok = Error("unset");
  if (gpt2) {
    const uint8_t *nul = std::find(data, data + size, uint8_t(0));
    std::vector<uint8_t> json(data, nul);
    std::vector<uint8_t> bpe(nul == data + size ? nul : nul + 1, data + size);
    tok = parseGPT2Tokenizer(json, "encoder.json", bpe, "vocab.bpe");
  } else {
    tok = parseLlamaTokenizer(std::vector<uint8_t>(data, data + size),
                              "tokenizer.bin");
  }
  if (!tok)
    return 0;
  const std::string text = "Hello, world! 12 \xc3\xa9t\xc3\xa9 \xff\n  x";
  // After BOS, Llama's decode drops the dummy-prefix space encode added.
  std::vector<int32_t> ids = (*tok)->encode(text, /*addBos=*/!gpt2);
  for (int32_t id : ids)
    if (id < 0 || id >= (*tok)->vocabSize())
      std::abort();
  if ((*tok)->decode(ids) != text)
    std::abort();
  return 0;
}
