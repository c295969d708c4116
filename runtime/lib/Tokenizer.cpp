//===- Tokenizer.cpp - Tokenizer base and file-type dispatch --------------===//

#include "orion/runtime/Tokenizer.h"

namespace orion::rt {

Tokenizer::~Tokenizer() = default;

Expected<std::unique_ptr<Tokenizer>> loadTokenizer(const std::string &path) {
  const std::string ext = ".json";
  if (path.size() >= ext.size() &&
      path.compare(path.size() - ext.size(), ext.size(), ext) == 0) {
    size_t slash = path.find_last_of('/');
    std::string dir =
        slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
    return loadGPT2Tokenizer(path, dir + "vocab.bpe");
  }
  return loadLlamaTokenizer(path);
}

} // namespace orion::rt
