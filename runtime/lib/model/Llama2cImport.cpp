//===- Llama2cImport.cpp - llama2.c .bin checkpoints ----------------------===//
//
// The legacy (version 0) llama2.c export: 7 int32 header fields, then fp32
// arrays whose per-layer slices are already our [out, in] tensors (see
// /work/shared/data/README.md and docs/models.md). The imported store is a
// safetensors header in front of the unchanged file bytes, so a 440 MB
// checkpoint is read once and never copied.
//
//===----------------------------------------------------------------------===//

#include "orion/model/ImportSupport.h"

#include "orion/format/BlobFile.h" // readFile

#include <cstring>
#include <filesystem>
#include <fstream>

namespace orion::rt::import {

namespace {

constexpr size_t kHeaderBytes = 7 * 4;
/// The version 1/2 exports start with this uint32 ("ak42").
constexpr uint32_t kVersionedMagic = 0x616b3432;

struct Layout {
  ModelConfig spec;
  std::vector<PlacedTensor> tensors; // offsets into the file
};

/// Byte counts that cannot overflow: any product or sum past 2^62 bytes is
/// reported as absurd rather than wrapped.
class Size {
public:
  explicit Size(uint64_t v) : v_(v) {}
  Size operator*(uint64_t k) const {
    uint64_t r;
    return Size(!ok() || __builtin_mul_overflow(v_, k, &r) || r > kLimit
                    ? kBad
                    : r);
  }
  Size operator+(Size o) const {
    return Size(!ok() || !o.ok() || v_ + o.v_ > kLimit ? kBad : v_ + o.v_);
  }
  bool ok() const { return v_ != kBad; }
  uint64_t value() const { return v_; }

private:
  static constexpr uint64_t kLimit = uint64_t(1) << 62;
  static constexpr uint64_t kBad = ~uint64_t(0);
  uint64_t v_;
};

Expected<Layout> planLlama2c(const uint8_t *header, uint64_t fileSize,
                             const std::string &name) {
  if (fileSize < kHeaderBytes)
    return Error(name + ": truncated: " + std::to_string(fileSize) +
                 " bytes, the llama2.c header alone needs " +
                 std::to_string(kHeaderBytes));
  uint32_t magic;
  std::memcpy(&magic, header, 4);
  if (magic == kVersionedMagic)
    return Error(name + ": a version 1/2 llama2.c export (magic \"ak42\"); "
                        "only the legacy version 0 format is supported "
                        "(export.py --version 0)");
  int32_t f[7];
  std::memcpy(f, header, kHeaderBytes);
  const char *fields[7] = {"dim",        "hidden_dim", "n_layers", "n_heads",
                           "n_kv_heads", "vocab_size", "seq_len"};
  for (int i = 0; i < 7; ++i)
    if (f[i] == 0 || (f[i] < 0 && i != 5))
      return Error(name + ": header field " + fields[i] + " = " +
                   std::to_string(f[i]) +
                   " must be positive (is this a llama2.c checkpoint?)");
  Layout layout;
  ModelConfig &s = layout.spec;
  s.family = ModelFamily::Llama;
  s.dim = f[0];
  s.hidden = f[1];
  s.layers = f[2];
  s.heads = f[3];
  s.kvHeads = f[4];
  // A negative vocab_size means a separate classifier after the arrays.
  s.tiedClassifier = f[5] > 0;
  s.vocab = f[5] > 0 ? int64_t(f[5]) : -int64_t(f[5]);
  s.maxSeq = f[6];
  s.normEps = 1e-5;
  s.ropeTheta = 10000.0;
  if (s.dim % s.heads != 0)
    return Error(name + ": header n_heads = " + std::to_string(s.heads) +
                 " does not divide dim = " + std::to_string(s.dim));
  if (s.heads % s.kvHeads != 0)
    return Error(name + ": header n_kv_heads = " + std::to_string(s.kvHeads) +
                 " does not divide n_heads = " + std::to_string(s.heads));
  if (std::string why = checkModelConfig(s); !why.empty())
    return Error(name + ": " + why);

  const uint64_t d = uint64_t(s.dim), h = uint64_t(s.hidden),
                 L = uint64_t(s.layers), v = uint64_t(s.vocab);
  const uint64_t headSize = d / uint64_t(s.heads);
  const uint64_t kv = uint64_t(s.kvHeads) * headSize;
  // Arrays in file order: name (per layer?) and shape of one slice.
  struct Array {
    const char *name;
    bool perLayer;
    uint64_t rows, cols;
  };
  const Array arrays[] = {
      {"tok_embeddings.weight", false, v, d},
      {"attention_norm.weight", true, 0, d},
      {"attention.wq.weight", true, d, d},
      {"attention.wk.weight", true, kv, d},
      {"attention.wv.weight", true, kv, d},
      {"attention.wo.weight", true, d, d},
      {"ffn_norm.weight", true, 0, d},
      {"feed_forward.w1.weight", true, h, d},
      {"feed_forward.w2.weight", true, d, h},
      {"feed_forward.w3.weight", true, h, d},
      {"norm.weight", false, 0, d},
  };
  Size offset(kHeaderBytes);
  auto shapeOf = [](const Array &a) {
    return a.rows ? std::vector<int64_t>{int64_t(a.rows), int64_t(a.cols)}
                  : std::vector<int64_t>{int64_t(a.cols)};
  };
  for (const Array &a : arrays) {
    Size slice = Size(a.rows ? a.rows : 1) * a.cols * 4;
    for (uint64_t l = 0; l < (a.perLayer ? L : 1); ++l) {
      std::string n = a.perLayer
                          ? "layers." + std::to_string(l) + "." + a.name
                          : a.name;
      if (offset.ok())
        layout.tensors.push_back({{n, shapeOf(a)}, offset.value()});
      offset = offset + slice;
    }
  }
  // freq_cis_real and freq_cis_imag, [seq_len, head_size / 2] each: unused,
  // our RoPE recomputes them.
  offset = offset + Size(uint64_t(s.maxSeq)) * headSize * 4;
  if (!s.tiedClassifier) {
    if (offset.ok())
      layout.tensors.push_back({{"output.weight", {s.vocab, s.dim}},
                                offset.value()});
    offset = offset + Size(v) * d * 4;
  }
  // In the header's own field names.
  std::string described =
      "dim " + std::to_string(s.dim) + ", hidden_dim " +
      std::to_string(s.hidden) + ", n_layers " + std::to_string(s.layers) +
      ", n_heads " + std::to_string(s.heads) + ", n_kv_heads " +
      std::to_string(s.kvHeads) + ", vocab_size " + std::to_string(s.vocab) +
      (s.tiedClassifier ? " (shared classifier)" : " (separate classifier)") +
      ", seq_len " + std::to_string(s.maxSeq);
  if (!offset.ok())
    return Error(name + ": header describes an absurdly large model (" +
                 described + ")");
  if (offset.value() != fileSize)
    return Error(name + ": file is " + std::to_string(fileSize) +
                 " bytes but its header (" + described + ") needs " +
                 std::to_string(offset.value()) + " bytes" +
                 (fileSize < offset.value() ? " (truncated?)" : ""));
  return layout;
}

std::vector<uint8_t> headerFor(const Layout &layout) {
  return safeTensorsHeader(layout.tensors,
                           {{"orion.config", modelConfigToJson(layout.spec)},
                            {"orion.source", "llama2.c"}});
}

} // namespace

Expected<ImportedModel> importLlama2c(const std::string &path) {
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(path, ec);
  if (ec)
    return Error(path + ": cannot open: " + ec.message());
  uint8_t header[kHeaderBytes] = {};
  std::ifstream in(path, std::ios::binary);
  if (!in || !in.read(reinterpret_cast<char *>(header),
                      std::streamsize(std::min<uint64_t>(size, kHeaderBytes))))
    return Error(path + ": cannot read the llama2.c header");
  auto layout = planLlama2c(header, size, path);
  if (!layout)
    return layout.error();
  // The safetensors header goes in front of the file's bytes, read in place.
  std::vector<uint8_t> front = headerFor(*layout);
  auto bytes = readFile(path, front.size());
  if (!bytes)
    return bytes.error();
  if (bytes->size() != front.size() + size)
    return Error(path + ": file changed while it was read");
  std::memcpy(bytes->data(), front.data(), front.size());
  return finishImport("llama2.c", layout->spec, std::move(*bytes), path);
}

Expected<ImportedModel> importLlama2cBytes(const std::vector<uint8_t> &bytes,
                                           const std::string &name) {
  uint8_t header[kHeaderBytes] = {};
  if (!bytes.empty())
    std::memcpy(header, bytes.data(), std::min(bytes.size(), kHeaderBytes));
  auto layout = planLlama2c(header, bytes.size(), name);
  if (!layout)
    return layout.error();
  std::vector<uint8_t> all = headerFor(*layout);
  all.insert(all.end(), bytes.begin(), bytes.end());
  return finishImport("llama2.c", layout->spec, std::move(all), name);
}

} // namespace orion::rt::import
