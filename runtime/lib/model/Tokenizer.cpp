//===- Tokenizer.cpp - Tokenizer base and file-type dispatch --------------===//

#include "orion/model/Tokenizer.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace orion::rt {

Tokenizer::~Tokenizer() = default;

namespace {

/// GPT-2's merge list beside its vocabulary: OpenAI names them encoder.json
/// and vocab.bpe, Hugging Face vocab.json and merges.txt (same contents).
Expected<std::unique_ptr<Tokenizer>> loadGPT2Beside(const fs::path &json) {
  fs::path dir = json.parent_path();
  std::error_code ec;
  for (const char *merges : {"vocab.bpe", "merges.txt"})
    if (fs::exists(dir / merges, ec))
      return loadGPT2Tokenizer(json.string(), (dir / merges).string());
  return Error(json.string() + ": no vocab.bpe or merges.txt beside it (the "
                               "GPT-2 merge list)");
}

} // namespace

Expected<std::unique_ptr<Tokenizer>> loadTokenizer(const std::string &path) {
  std::error_code ec;
  fs::path p(path);
  if (fs::is_directory(p, ec)) {
    // A model directory: whichever tokenizer it ships.
    if (fs::exists(p / "tokenizer.bin", ec))
      return loadLlamaTokenizer((p / "tokenizer.bin").string());
    for (const char *vocab : {"encoder.json", "vocab.json"})
      if (fs::exists(p / vocab, ec))
        return loadGPT2Beside(p / vocab);
    return Error(path + ": no tokenizer.bin, encoder.json or vocab.json in "
                        "this directory");
  }
  if (p.extension() == ".json")
    return loadGPT2Beside(p);
  return loadLlamaTokenizer(path);
}

} // namespace orion::rt
