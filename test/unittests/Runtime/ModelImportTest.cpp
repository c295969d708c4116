//===- ModelImportTest.cpp - llama2.c, Hugging Face and Orion imports -----===//
//
// Tiny checkpoints written here, in each format's layout, must come back
// under our names with our shapes and values: llama2.c slices, GPT-2's
// Conv1D transposes, Llama's q/k un-permutation, dtype conversion. Every
// rejection is checked by its exact message.
//
//===----------------------------------------------------------------------===//

#include "orion/format/Fp16.h"
#include "orion/model/ModelImport.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <unistd.h>

using namespace orion::rt;
namespace fs = std::filesystem;

namespace {

class ModelImportTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("orion-import-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  std::string path(const std::string &name) const {
    return (dir / name).string();
  }
  void writeBytes(const std::string &name, const void *data, size_t size) {
    std::ofstream out(path(name), std::ios::binary);
    out.write(static_cast<const char *>(data), std::streamsize(size));
  }
  void writeText(const std::string &name, const std::string &text) {
    writeBytes(name, text.data(), text.size());
  }
  std::string errorOf(const std::string &p) {
    auto m = importModel(p);
    return m ? "<no error>" : m.error().message();
  }

  fs::path dir;
};

/// The values of an imported tensor (always F32).
std::vector<float> valuesOf(const ImportedModel &m, const std::string &name) {
  const TensorView *v = m.weights.find(name);
  if (!v) {
    ADD_FAILURE() << "no tensor " << name;
    return {};
  }
  EXPECT_EQ(v->dtype, DType::F32) << name;
  std::vector<float> out(size_t(v->elementCount()));
  std::memcpy(out.data(), v->data, out.size() * 4);
  return out;
}

std::vector<int64_t> shapeOf(const ImportedModel &m, const std::string &name) {
  const TensorView *v = m.weights.find(name);
  return v ? v->shape : std::vector<int64_t>{-1};
}

//===----------------------------------------------------------------------===//
// llama2.c
//===----------------------------------------------------------------------===//

/// dim 8, hidden 16, 2 layers, 2 heads, `kvHeads` kv heads, vocab 10,
/// seq_len 4. Float k of the data is k, so every value names its position.
std::vector<uint8_t> llama2c(bool tied, int32_t kvHeads = 1,
                             int64_t dropFloats = 0) {
  const int32_t dim = 8, hidden = 16, layers = 2, heads = 2, vocab = 10,
                seq = 4;
  int32_t header[7] = {dim,     hidden, layers, heads,
                       kvHeads, tied ? vocab : -vocab, seq};
  int64_t kv = kvHeads * (dim / heads), head = dim / heads;
  int64_t floats = vocab * dim + layers * dim + layers * dim * dim +
                   2 * layers * kv * dim + layers * dim * dim + layers * dim +
                   3 * layers * hidden * dim + dim + seq * head +
                   (tied ? 0 : vocab * dim) - dropFloats;
  std::vector<uint8_t> bytes(sizeof header + size_t(floats) * 4);
  std::memcpy(bytes.data(), header, sizeof header);
  for (int64_t k = 0; k < floats; ++k) {
    float v = float(k);
    std::memcpy(bytes.data() + sizeof header + k * 4, &v, 4);
  }
  return bytes;
}

TEST_F(ModelImportTest, Llama2cSharedClassifier) {
  auto bytes = llama2c(/*tied=*/true);
  writeBytes("m.bin", bytes.data(), bytes.size());
  auto m = importModel(path("m.bin"));
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->format, "llama2.c");
  EXPECT_EQ(m->configJson,
            R"({"family":"llama","vocab":10,"dim":8,"layers":2,"heads":2,)"
            R"("kv_heads":1,"hidden":16,"max_seq":4,"norm_eps":1e-05,)"
            R"("rope_theta":10000.0,"tied_classifier":true})");
  EXPECT_EQ(m->weights.tensors().size(), 20u); // embed, 2 x 9, norm
  EXPECT_EQ(m->weights.find("output.weight"), nullptr);
  // Offsets in floats: embed 80, rms_att 16, wq 128, wk 64, wv 64, wo 128,
  // rms_ffn 16, w1 256, w2 256, w3 256, rms_final 8.
  EXPECT_EQ(valuesOf(*m, "tok_embeddings.weight")[79], 79.0f);
  EXPECT_EQ(valuesOf(*m, "layers.1.attention_norm.weight")[0], 88.0f);
  EXPECT_EQ(shapeOf(*m, "layers.0.attention.wk.weight"),
            (std::vector<int64_t>{4, 8}));
  EXPECT_EQ(valuesOf(*m, "layers.1.attention.wk.weight")[0],
            80 + 16 + 128 + 32.0f);
  EXPECT_EQ(valuesOf(*m, "layers.0.feed_forward.w2.weight")[0],
            80 + 16 + 128 + 64 + 64 + 128 + 16 + 256.0f);
  EXPECT_EQ(shapeOf(*m, "layers.0.feed_forward.w2.weight"),
            (std::vector<int64_t>{8, 16}));
  EXPECT_EQ(valuesOf(*m, "norm.weight")[7], 80 + 16 + 128 + 64 + 64 + 128 +
                                                16 + 256 + 256 + 256 + 7.0f);
  EXPECT_EQ(m->parameterCount, 80 + 16 + 128 + 64 + 64 + 128 + 16 + 256 +
                                   256 + 256 + 8);
}

TEST_F(ModelImportTest, Llama2cSeparateClassifierAfterFreqCis) {
  auto bytes = llama2c(/*tied=*/false, /*kvHeads=*/2);
  writeBytes("m.bin", bytes.data(), bytes.size());
  auto m = importModel(path("m.bin"));
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_NE(m->configJson.find(R"("kv_heads":2)"), std::string::npos);
  EXPECT_NE(m->configJson.find(R"("tied_classifier":false)"),
            std::string::npos);
  ASSERT_EQ(shapeOf(*m, "output.weight"), (std::vector<int64_t>{10, 8}));
  // Everything before it, plus freq_cis (4 x 2, twice).
  float first = 80 + 2 * (8 + 64 + 64 + 64 + 64 + 8 + 128 * 3) + 8 + 16;
  EXPECT_EQ(valuesOf(*m, "output.weight")[0], first);
  EXPECT_EQ(valuesOf(*m, "output.weight")[79], first + 79);
}

TEST_F(ModelImportTest, Llama2cRejectsBadFiles) {
  auto good = llama2c(true);
  writeBytes("short.bin", good.data(), 10);
  EXPECT_EQ(errorOf(path("short.bin")),
            path("short.bin") +
                ": truncated: 10 bytes, the llama2.c header alone needs 28");

  auto missing = llama2c(true, 1, /*dropFloats=*/1);
  writeBytes("cut.bin", missing.data(), missing.size());
  EXPECT_EQ(errorOf(path("cut.bin")),
            path("cut.bin") + ": file is 5176 bytes but its header (dim 8, "
                              "hidden_dim 16, n_layers 2, n_heads 2, "
                              "n_kv_heads 1, vocab_size 10 (shared "
                              "classifier), seq_len 4) needs "
                              "5180 bytes (truncated?)");
  auto extra = good;
  extra.resize(extra.size() + 4);
  writeBytes("long.bin", extra.data(), extra.size());
  EXPECT_EQ(errorOf(path("long.bin")),
            path("long.bin") + ": file is 5184 bytes but its header (dim 8, "
                               "hidden_dim 16, n_layers 2, n_heads 2, "
                               "n_kv_heads 1, vocab_size 10 (shared "
                               "classifier), seq_len 4) "
                               "needs 5180 bytes");

  auto withHeader = [&](std::vector<int32_t> h) {
    auto b = good;
    std::memcpy(b.data(), h.data(), 28);
    writeBytes("h.bin", b.data(), b.size());
    return errorOf(path("h.bin"));
  };
  EXPECT_EQ(withHeader({0, 16, 2, 2, 1, 10, 4}),
            path("h.bin") + ": header field dim = 0 must be positive (is this "
                            "a llama2.c checkpoint?)");
  EXPECT_EQ(withHeader({8, 16, 2, 3, 1, 10, 4}),
            path("h.bin") + ": header n_heads = 3 does not divide dim = 8");
  EXPECT_EQ(withHeader({8, 16, 2, 2, 3, 10, 4}),
            path("h.bin") + ": header n_kv_heads = 3 does not divide "
                            "n_heads = 2");
  EXPECT_EQ(withHeader({8, 16, 2, 8, 8, 10, 4}),
            path("h.bin") + ": rotary embedding needs an even head size, got "
                            "dim / heads = 1");
  EXPECT_EQ(withHeader({8, 16, 5000, 2, 1, 10, 4}),
            path("h.bin") + ": layers = 5000 is too large (at most 4096)");
  // Every field near INT32_MAX: the size must not wrap around.
  const int32_t big = 0x7ffffff0;
  EXPECT_EQ(withHeader({big, big, 4096, 8, 8, -big, big}),
            path("h.bin") + ": header describes an absurdly large model (dim "
                            "2147483632, hidden_dim 2147483632, n_layers "
                            "4096, n_heads 8, n_kv_heads 8, vocab_size "
                            "2147483632 (separate classifier), seq_len "
                            "2147483632)");
  EXPECT_EQ(withHeader({0x616b3432, 1, 1, 1, 1, 1, 1}),
            path("h.bin") + ": a version 1/2 llama2.c export (magic \"ak42\"); "
                            "only the legacy version 0 format is supported "
                            "(export.py --version 0)");
  writeText("model.pt", std::string("PK\x03\x04", 4) + std::string(40, 'x'));
  EXPECT_EQ(errorOf(path("model.pt")),
            path("model.pt") + ": a zip archive (a PyTorch pickle?), not a "
                               "llama2.c checkpoint; save Hugging Face models "
                               "as safetensors");
  EXPECT_EQ(errorOf(path("none.bin")),
            path("none.bin") + ": no such file or directory");
}

//===----------------------------------------------------------------------===//
// Hugging Face
//===----------------------------------------------------------------------===//

/// A tensor whose element i is base + i / 64, rounded to its dtype (so the
/// F32 the importer returns must equal it exactly).
struct Tensor {
  std::vector<int64_t> shape;
  float base;
  DType dtype = DType::F32;

  size_t count() const {
    size_t n = 1;
    for (int64_t d : shape)
      n *= size_t(d);
    return n;
  }
  float at(size_t i) const {
    float v = base + float(i) / 64.0f;
    if (dtype == DType::F16)
      return halfToFloat(floatToHalf(v));
    if (dtype == DType::BF16)
      return bfloat16ToFloat(floatToBFloat16(v));
    return v;
  }
};

using Tensors = std::map<std::string, Tensor>;

void addTensor(SafeTensorsWriter &w, const std::string &name,
               const Tensor &t) {
  std::vector<uint8_t> data;
  for (size_t i = 0; i < t.count(); ++i) {
    float v = t.at(i);
    if (t.dtype == DType::F32) {
      uint8_t b[4];
      std::memcpy(b, &v, 4);
      data.insert(data.end(), b, b + 4);
    } else if (t.dtype == DType::I32) {
      int32_t x = int32_t(v);
      uint8_t b[4];
      std::memcpy(b, &x, 4);
      data.insert(data.end(), b, b + 4);
    } else {
      uint16_t h = t.dtype == DType::F16 ? floatToHalf(v)
                                               : floatToBFloat16(v);
      data.push_back(uint8_t(h & 0xff));
      data.push_back(uint8_t(h >> 8));
    }
  }
  w.add(name, t.dtype, t.shape, data.data(), data.size());
}

/// GPT-2: dim 8, 2 layers, 2 heads, hidden 32 (4 x dim), vocab 12, 6
/// positions, in HF layout (Conv1D [in, out]).
Tensors gpt2Tensors(const std::string &prefix) {
  Tensors t;
  float base = 1;
  auto add = [&](const std::string &n, std::vector<int64_t> shape) {
    t[prefix + n] = {shape, base};
    base += 100;
  };
  add("wte.weight", {12, 8});
  add("wpe.weight", {6, 8});
  for (int l = 0; l < 2; ++l) {
    std::string h = "h." + std::to_string(l) + ".";
    add(h + "ln_1.weight", {8});
    add(h + "ln_1.bias", {8});
    add(h + "attn.c_attn.weight", {8, 24});
    add(h + "attn.c_attn.bias", {24});
    add(h + "attn.c_proj.weight", {8, 8});
    add(h + "attn.c_proj.bias", {8});
    add(h + "ln_2.weight", {8});
    add(h + "ln_2.bias", {8});
    add(h + "mlp.c_fc.weight", {8, 32});
    add(h + "mlp.c_fc.bias", {32});
    add(h + "mlp.c_proj.weight", {32, 8});
    add(h + "mlp.c_proj.bias", {8});
    add(h + "attn.bias", {1, 1, 6, 6}); // the causal-mask buffer
  }
  add("ln_f.weight", {8});
  add("ln_f.bias", {8});
  return t;
}

const char *kGPT2Config = R"({"model_type": "gpt2", "n_embd": 8,
  "n_layer": 2, "n_head": 2, "n_positions": 6, "n_ctx": 6, "vocab_size": 12,
  "layer_norm_epsilon": 1e-5, "n_inner": null,
  "activation_function": "gelu_new"})";

/// Llama: dim 8, 2 layers, 2 heads, 1 kv head (GQA), hidden 12, vocab 10,
/// in HF names (q/k rows permuted as HF's conversion script does).
Tensors llamaTensors(bool withLmHead) {
  Tensors t;
  float base = 1;
  auto add = [&](const std::string &n, std::vector<int64_t> shape) {
    t[n] = {shape, base};
    base += 200;
  };
  add("model.embed_tokens.weight", {10, 8});
  for (int l = 0; l < 2; ++l) {
    std::string p = "model.layers." + std::to_string(l) + ".";
    add(p + "input_layernorm.weight", {8});
    add(p + "self_attn.q_proj.weight", {8, 8});
    add(p + "self_attn.k_proj.weight", {4, 8});
    add(p + "self_attn.v_proj.weight", {4, 8});
    add(p + "self_attn.o_proj.weight", {8, 8});
    add(p + "post_attention_layernorm.weight", {8});
    add(p + "mlp.gate_proj.weight", {12, 8});
    add(p + "mlp.up_proj.weight", {12, 8});
    add(p + "mlp.down_proj.weight", {8, 12});
  }
  add("model.norm.weight", {8});
  if (withLmHead)
    add("lm_head.weight", {10, 8});
  return t;
}

std::string llamaConfig(const std::string &extra = "") {
  return R"({"model_type": "llama", "hidden_size": 8,
    "intermediate_size": 12, "num_hidden_layers": 2,
    "num_attention_heads": 2, "num_key_value_heads": 1, "vocab_size": 10,
    "max_position_embeddings": 16, "rms_norm_eps": 1e-6,
    "rope_theta": 500000.0, "tie_word_embeddings": false,
    "rope_scaling": null, "hidden_act": "silu")" +
         extra + "}";
}

class HFImportTest : public ModelImportTest {
protected:
  /// Writes config.json and the tensors as one or two safetensors files.
  void writeModel(const std::string &config, const Tensors &tensors,
                  bool sharded = false) {
    writeText("config.json", config);
    SafeTensorsWriter a, b;
    size_t i = 0;
    for (const auto &[name, t] : tensors)
      addTensor(sharded && i++ % 2 ? b : a, name, t);
    if (sharded) {
      ASSERT_TRUE(a.writeTo(path("model-00001-of-00002.safetensors")));
      ASSERT_TRUE(b.writeTo(path("model-00002-of-00002.safetensors")));
    } else {
      ASSERT_TRUE(a.writeTo(path("model.safetensors")));
    }
  }
};

TEST_F(HFImportTest, GPT2TransposesConv1DWithOrWithoutPrefix) {
  for (std::string prefix : {"", "transformer."}) {
    SCOPED_TRACE(prefix);
    Tensors t = gpt2Tensors(prefix);
    t[prefix + "h.1.mlp.c_fc.weight"].dtype = DType::F16;
    t["lm_head.weight"] = t[prefix + "wte.weight"]; // tied: the same values
    writeModel(kGPT2Config, t);
    auto m = importModel(dir.string());
    ASSERT_TRUE(m) << m.error().message();
    EXPECT_EQ(m->format, "hf-gpt2");
    EXPECT_EQ(m->configJson,
              R"({"family":"gpt2","vocab":12,"dim":8,"layers":2,"heads":2,)"
              R"("kv_heads":2,"hidden":32,"max_seq":6,"norm_eps":1e-05,)"
              R"("rope_theta":10000.0,"tied_classifier":true})");
    EXPECT_EQ(m->weights.tensors().size(), 2u + 2 * 12 + 2);
    EXPECT_EQ(m->weights.find("h.0.attn.bias"), nullptr);
    // c_attn: HF [8, 24] -> ours [24, 8], ours[o][i] = hf[i][o].
    const Tensor &cAttn = t[prefix + "h.1.attn.c_attn.weight"];
    ASSERT_EQ(shapeOf(*m, "h.1.attn.c_attn.weight"),
              (std::vector<int64_t>{24, 8}));
    std::vector<float> v = valuesOf(*m, "h.1.attn.c_attn.weight");
    for (int o = 0; o < 24; ++o)
      for (int i = 0; i < 8; ++i)
        ASSERT_EQ(v[o * 8 + i], cAttn.at(size_t(i * 24 + o))) << o << "," << i;
    // The F16 c_fc, transposed too: HF [8, 32] -> ours [32, 8].
    const Tensor &cFc = t[prefix + "h.1.mlp.c_fc.weight"];
    v = valuesOf(*m, "h.1.mlp.c_fc.weight");
    EXPECT_EQ(v[5 * 8 + 3], cFc.at(3 * 32 + 5));
    EXPECT_EQ(shapeOf(*m, "h.0.mlp.c_proj.weight"),
              (std::vector<int64_t>{8, 32}));
    // Biases and embeddings keep their layout.
    EXPECT_EQ(valuesOf(*m, "h.0.attn.c_attn.bias")[23],
              t[prefix + "h.0.attn.c_attn.bias"].at(23));
    EXPECT_EQ(valuesOf(*m, "wpe.weight")[47], t[prefix + "wpe.weight"].at(47));
    EXPECT_EQ(m->parameterCount,
              12 * 8 + 6 * 8 + 2 * (4 * 8 + 24 * 8 + 24 + 64 + 8 + 256 + 32 +
                                    256 + 8) +
                  16);
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
}

TEST_F(HFImportTest, GPT2ConfigAndTensorErrors) {
  const std::string cfg = path("config.json");
  auto withConfig = [&](const std::string &config) {
    writeModel(config, gpt2Tensors(""));
    return errorOf(dir.string());
  };
  EXPECT_EQ(withConfig(R"({"model_type": "gpt2", "n_embd": 8, "n_layer": 2,
      "n_head": 2, "n_positions": 6, "vocab_size": 12,
      "activation_function": "relu"})"),
            cfg + ": activation_function \"relu\" is not supported (Orion's "
                  "GPT-2 uses the tanh GELU: gelu_new or gelu_pytorch_tanh)");
  EXPECT_EQ(withConfig(R"({"model_type": "gpt2", "n_embd": 8, "n_head": 2,
      "n_positions": 6, "vocab_size": 12})"),
            cfg + ": missing \"n_layer\"");
  EXPECT_EQ(withConfig(R"({"model_type": "gpt2", "n_embd": "8", "n_layer": 2,
      "n_head": 2, "n_positions": 6, "vocab_size": 12})"),
            cfg + ": \"n_embd\" must be an integer");
  EXPECT_EQ(withConfig(R"({"model_type": "gpt2", "n_embd": 8, "n_layer": 2,
      "n_head": 3, "n_positions": 6, "vocab_size": 12})"),
            cfg + ": heads = 3 does not divide dim = 8");
  EXPECT_EQ(withConfig(R"({"model_type": "bert"})"),
            cfg + ": model_type \"bert\" is not supported (supported: gpt2, "
                  "llama)");
  EXPECT_EQ(withConfig("[1, 2]"), cfg + ": not a JSON object");

  // One layer fewer in the config than in the file.
  EXPECT_EQ(withConfig(R"({"model_type": "gpt2", "n_embd": 8, "n_layer": 1,
      "n_head": 2, "n_positions": 6, "vocab_size": 12})"),
            path("model.safetensors") +
                ": unexpected tensor 'h.1.attn.c_attn.bias' [24]: not a "
                "parameter of the model its config describes");

  auto withTensors = [&](const std::function<void(Tensors &)> &edit) {
    Tensors t = gpt2Tensors("");
    edit(t);
    writeModel(kGPT2Config, t);
    return errorOf(dir.string());
  };
  EXPECT_EQ(withTensors([](Tensors &t) { t.erase("h.1.ln_2.bias"); }),
            dir.string() + ": missing tensor 'h.1.ln_2.bias' [8]");
  EXPECT_EQ(withTensors([](Tensors &t) {
              t["h.0.attn.c_proj.weight"].shape = {8, 4};
            }),
            path("model.safetensors") + ": tensor 'h.0.attn.c_proj.weight' "
                                        "has shape [8, 4], expected [8, 8]");
  EXPECT_EQ(withTensors([](Tensors &t) {
              t["wpe.weight"].dtype = DType::I32;
            }),
            path("model.safetensors") +
                ": tensor 'wpe.weight' has dtype I32; only F32, F16 and BF16 "
                "weights can be imported");
  EXPECT_EQ(withTensors([](Tensors &t) {
              t["lm_head.weight"] = t["wte.weight"];
              t["lm_head.weight"].base += 1;
            }),
            dir.string() + ": 'lm_head.weight' differs from 'wte.weight', but "
                           "the config ties the classifier to the token "
                           "embedding");
}

/// HF's permutation of q/k rows, written from its conversion script:
/// w.view(heads, rows / heads / 2, 2, cols).transpose(1, 2).reshape(rows,
/// cols), i.e. hf[h][j][i] = ours[h][i][j].
std::vector<float> hfPermute(const std::vector<float> &ours, int64_t heads,
                             int64_t rows, int64_t cols) {
  std::vector<float> hf(ours.size());
  int64_t half = rows / heads / 2;
  for (int64_t h = 0; h < heads; ++h)
    for (int64_t i = 0; i < half; ++i)
      for (int64_t j = 0; j < 2; ++j)
        for (int64_t c = 0; c < cols; ++c)
          hf[((h * 2 + j) * half + i) * cols + c] =
              ours[((h * half + i) * 2 + j) * cols + c];
  return hf;
}

TEST_F(HFImportTest, LlamaUnpermutesQueryAndKeyRows) {
  Tensors t = llamaTensors(/*withLmHead=*/true);
  t["model.layers.0.mlp.up_proj.weight"].dtype = DType::BF16;
  t["model.layers.1.self_attn.rotary_emb.inv_freq"] = {{2}, 0}; // a buffer
  writeModel(llamaConfig(), t, /*sharded=*/true);
  auto m = importModel(dir.string());
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->format, "hf-llama");
  EXPECT_EQ(m->configJson,
            R"({"family":"llama","vocab":10,"dim":8,"layers":2,"heads":2,)"
            R"("kv_heads":1,"hidden":12,"max_seq":16,"norm_eps":1e-06,)"
            R"("rope_theta":500000.0,"tied_classifier":false})");
  EXPECT_EQ(m->weights.tensors().size(), 1u + 2 * 9 + 2);

  auto hfValues = [&](const std::string &name) {
    std::vector<float> v;
    for (size_t i = 0; i < t[name].count(); ++i)
      v.push_back(t[name].at(i));
    return v;
  };
  // Permuting our result the way HF does must give back HF's rows.
  std::vector<float> wq = valuesOf(*m, "layers.1.attention.wq.weight");
  EXPECT_EQ(hfPermute(wq, 2, 8, 8),
            hfValues("model.layers.1.self_attn.q_proj.weight"));
  EXPECT_NE(wq, hfValues("model.layers.1.self_attn.q_proj.weight"));
  std::vector<float> wk = valuesOf(*m, "layers.0.attention.wk.weight");
  EXPECT_EQ(hfPermute(wk, 1, 4, 8),
            hfValues("model.layers.0.self_attn.k_proj.weight"));
  // Head 0 of k, rows 0..3 of HF = pairs' firsts (0, 1) then seconds (2, 3):
  // ours row 1 (pair 0, second) is HF row 2.
  EXPECT_EQ(wk[1 * 8 + 5], t["model.layers.0.self_attn.k_proj.weight"].at(
                               2 * 8 + 5));
  // v, o and the MLP are only renamed.
  EXPECT_EQ(valuesOf(*m, "layers.0.attention.wv.weight"),
            hfValues("model.layers.0.self_attn.v_proj.weight"));
  EXPECT_EQ(valuesOf(*m, "layers.0.feed_forward.w3.weight"),
            hfValues("model.layers.0.mlp.up_proj.weight")); // from BF16
  EXPECT_EQ(valuesOf(*m, "layers.1.feed_forward.w1.weight"),
            hfValues("model.layers.1.mlp.gate_proj.weight"));
  EXPECT_EQ(valuesOf(*m, "layers.1.feed_forward.w2.weight"),
            hfValues("model.layers.1.mlp.down_proj.weight"));
  EXPECT_EQ(valuesOf(*m, "layers.1.ffn_norm.weight"),
            hfValues("model.layers.1.post_attention_layernorm.weight"));
  EXPECT_EQ(valuesOf(*m, "output.weight"), hfValues("lm_head.weight"));
  EXPECT_EQ(valuesOf(*m, "norm.weight"), hfValues("model.norm.weight"));
}

TEST_F(HFImportTest, LlamaTiedClassifierAndSingleFile) {
  Tensors t = llamaTensors(/*withLmHead=*/false);
  writeModel(llamaConfig(R"(, "tie_word_embeddings": true)"), t);
  // The file on its own, config.json beside it.
  auto m = importModel(path("model.safetensors"));
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_NE(m->configJson.find(R"("tied_classifier":true)"),
            std::string::npos);
  EXPECT_EQ(m->weights.find("output.weight"), nullptr);
}

TEST_F(HFImportTest, LlamaConfigErrors) {
  const std::string cfg = path("config.json");
  auto withConfig = [&](const std::string &extra) {
    writeModel(llamaConfig(extra), llamaTensors(true));
    return errorOf(dir.string());
  };
  EXPECT_EQ(withConfig(R"(, "rope_scaling": {"type": "linear", "factor": 2.0})"),
            cfg + ": rope_scaling {\"factor\":2.0,\"type\":\"linear\"} is not "
                  "supported (Orion's RoPE has no scaling; it must be null)");
  EXPECT_EQ(withConfig(R"(, "attention_bias": true)"),
            cfg + ": attention_bias = true is not supported (Orion's Llama "
                  "projections have no bias)");
  EXPECT_EQ(withConfig(R"(, "mlp_bias": true)"),
            cfg + ": mlp_bias = true is not supported (Orion's Llama MLP has "
                  "no bias)");
  EXPECT_EQ(withConfig(R"(, "hidden_act": "gelu")"),
            cfg + ": hidden_act \"gelu\" is not supported (Orion's Llama MLP "
                  "is SwiGLU: silu)");
  EXPECT_EQ(withConfig(R"(, "head_dim": 8)"),
            cfg + ": head_dim 8 is not hidden_size / num_attention_heads = 4");
  EXPECT_EQ(withConfig(R"(, "num_key_value_heads": 3)"),
            cfg + ": kv_heads = 3 does not divide heads = 2");
  EXPECT_EQ(withConfig(R"(, "tie_word_embeddings": "yes")"),
            cfg + ": \"tie_word_embeddings\" must be true or false");
  EXPECT_EQ(withConfig(R"(, "vocab_size": -10)"),
            cfg + ": vocab = -10 must be positive");
  // Untied without lm_head.weight.
  writeModel(llamaConfig(), llamaTensors(false));
  EXPECT_EQ(errorOf(dir.string()),
            dir.string() + ": missing tensor 'lm_head.weight' [10, 8] (for "
                           "Orion's 'output.weight')");
}

TEST_F(HFImportTest, DirectoryAndFileErrors) {
  EXPECT_EQ(errorOf(dir.string()),
            dir.string() + ": directory holds no *.safetensors files");
  writeText("config.json", "{not json");
  SafeTensorsWriter w;
  addTensor(w, "x", {{2}, 0});
  ASSERT_TRUE(w.writeTo(path("model.safetensors")));
  EXPECT_EQ(errorOf(dir.string()),
            path("config.json") + ": not a JSON object");
  fs::remove(path("config.json"));
  EXPECT_EQ(errorOf(path("model.safetensors")),
            path("model.safetensors") +
                ": a safetensors file needs a config.json beside it (Hugging "
                "Face) or an \"orion.config\" metadata entry (Orion)");
  EXPECT_EQ(errorOf(dir.string()),
            dir.string() + ": no config.json (Hugging Face) and no "
                           "safetensors file with an \"orion.config\" "
                           "metadata entry (Orion)");
  writeText("bad.safetensors", "garbage");
  EXPECT_EQ(errorOf(path("bad.safetensors")),
            path("bad.safetensors") +
                ": truncated: 7 bytes, the header length alone needs 8");
}

//===----------------------------------------------------------------------===//
// Orion's own checkpoints
//===----------------------------------------------------------------------===//

TEST_F(ModelImportTest, OrionSafeTensorsKeepOrConvertTheirTensors) {
  // A llama2.c import is itself an Orion checkpoint once written out.
  auto bytes = llama2c(/*tied=*/false, 1);
  writeBytes("m.bin", bytes.data(), bytes.size());
  auto src = importModel(path("m.bin"));
  ASSERT_TRUE(src) << src.error().message();
  SafeTensorsWriter w;
  w.setMetadata("orion.config", src->configJson);
  for (const auto &[name, view] : src->weights.tensors()) {
    if (name == "norm.weight") { // one tensor in F16
      std::vector<float> v = valuesOf(*src, name);
      std::vector<uint16_t> h(v.size());
      floatsToHalves(v.data(), h.data(), v.size());
      w.add(name, DType::F16, view->shape, h.data(), h.size() * 2);
      continue;
    }
    w.add(name, view->dtype, view->shape, view->data, view->sizeBytes);
  }
  ASSERT_TRUE(w.writeTo(path("orion.safetensors")));
  auto m = importModel(path("orion.safetensors"));
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->format, "orion");
  EXPECT_EQ(m->configJson, src->configJson);
  EXPECT_EQ(m->parameterCount, src->parameterCount);
  for (const auto &[name, view] : src->weights.tensors()) {
    std::vector<float> want = valuesOf(*src, name);
    if (name == "norm.weight")
      for (float &x : want)
        x = halfToFloat(floatToHalf(x));
    EXPECT_EQ(valuesOf(*m, name), want) << name;
  }

  // A config that does not match the tensors.
  SafeTensorsWriter bad;
  bad.setMetadata("orion.config", R"({"family": "llama", "vocab": 10,
      "dim": 8, "layers": 3, "heads": 2, "kv_heads": 1, "hidden": 16,
      "max_seq": 4, "tied_classifier": false})");
  const float x[8] = {};
  bad.add("tok_embeddings.weight", DType::F32, {1, 8}, x, sizeof x);
  ASSERT_TRUE(bad.writeTo(path("bad.safetensors")));
  EXPECT_EQ(errorOf(path("bad.safetensors")),
            path("bad.safetensors") + ": tensor 'tok_embeddings.weight' has "
                                      "shape [1, 8], expected [10, 8]");
  SafeTensorsWriter unknown;
  unknown.setMetadata("orion.config", R"({"family": "llama", "depth": 3})");
  ASSERT_TRUE(unknown.writeTo(path("unknown.safetensors")));
  EXPECT_EQ(errorOf(path("unknown.safetensors")),
            path("unknown.safetensors") +
                ": orion.config: unknown model config key \"depth\"");
}

} // namespace
