//===- Tokenizer.h - GPT-2 and Llama 2 tokenizers ---------------*- C++ -*-===//
//
// Text <-> token ids for the models Orion runs:
//  - GPT-2 byte-level BPE (encoder.json + vocab.bpe), exactly as OpenAI's
//    encoder.py: bytes_to_unicode, the pre-tokenization regex, and merges by
//    rank.
//  - Llama 2 SentencePiece vocabularies in llama2.c's tokenizer.bin format,
//    encoded and decoded exactly as llama2.c's encode() and decode().
//
// Loading reports malformed files as an Error naming the file; encoding and
// decoding cannot fail.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_MODEL_TOKENIZER_H
#define ORION_MODEL_TOKENIZER_H

#include "orion/format/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace orion::rt {

class Tokenizer {
public:
  virtual ~Tokenizer();

  /// The ids of `utf8`, preceded by bosId() when `addBos`. Invalid UTF-8 is
  /// not an error: GPT-2 encodes each stray byte as a byte token and Llama
  /// falls back to <0xNN> byte pieces, so decode() gives the bytes back.
  std::vector<int32_t> encode(std::string_view utf8, bool addBos = false) const {
    return doEncode(utf8, addBos);
  }
  /// The text of `ids`. Ids outside [0, vocabSize()) are skipped (check
  /// them first to report them). Llama's BOS and EOS decode to nothing;
  /// GPT-2's <|endoftext|> decodes to its text, as in encoder.py.
  virtual std::string decode(const std::vector<int32_t> &ids) const = 0;

  virtual int32_t vocabSize() const = 0;
  virtual int32_t bosId() const = 0;
  virtual int32_t eosId() const = 0;
  /// The vocabulary entry of `id` as raw bytes (GPT-2: after the byte
  /// decoder; Llama: the piece as stored, e.g. " the" or "<0x0A>").
  virtual std::string piece(int32_t id) const = 0;

protected:
  virtual std::vector<int32_t> doEncode(std::string_view utf8,
                                        bool addBos) const = 0;
};

/// GPT-2 byte-level BPE from encoder.json (token -> id, ids dense from 0)
/// and vocab.bpe (merges, best first). BOS and EOS are <|endoftext|>.
Expected<std::unique_ptr<Tokenizer>>
loadGPT2Tokenizer(const std::string &encoderJsonPath,
                  const std::string &vocabBpePath);

/// A llama2.c tokenizer.bin: int32 max_token_length, then per piece float32
/// score, int32 len, bytes[len]. Pieces are read to the end of the file, or
/// exactly `expectedVocabSize` of them when it is positive (then a file cut
/// at a piece boundary is reported too). BOS is 1, EOS is 2, ids 3..258 must
/// be the byte pieces <0x00>..<0xFF>, and " " must be a piece.
Expected<std::unique_ptr<Tokenizer>>
loadLlamaTokenizer(const std::string &tokenizerBinPath,
                   int32_t expectedVocabSize = 0);

/// The loaders' parsers on bytes in memory (fuzzers, embedded files); the
/// names only label error messages.
Expected<std::unique_ptr<Tokenizer>>
parseGPT2Tokenizer(const std::vector<uint8_t> &encoderJson,
                   const std::string &encoderJsonName,
                   const std::vector<uint8_t> &vocabBpe,
                   const std::string &vocabBpeName);
Expected<std::unique_ptr<Tokenizer>>
parseLlamaTokenizer(const std::vector<uint8_t> &tokenizerBin,
                    const std::string &name, int32_t expectedVocabSize = 0);

/// `path` ending in .json is GPT-2's vocabulary (OpenAI's encoder.json with
/// vocab.bpe beside it, or Hugging Face's vocab.json with merges.txt); a
/// directory is searched for tokenizer.bin, encoder.json or vocab.json;
/// anything else is a llama2.c tokenizer.bin.
Expected<std::unique_ptr<Tokenizer>> loadTokenizer(const std::string &path);

} // namespace orion::rt

#endif // ORION_MODEL_TOKENIZER_H
