//===- ModelConfigTest.cpp - The shared model config and its JSON ---------===//

#include "orion/model/ModelConfig.h"
#include "orion/model/Params.h"

#include <gtest/gtest.h>

using namespace orion::rt;

namespace {

std::string errorOf(const std::string &json, const ModelConfig &base = {}) {
  auto c = parseModelConfig(json, "cfg.json", base);
  return c ? "" : c.error().message();
}

TEST(ModelConfig, EveryPresetRoundTripsThroughJson) {
  for (const std::string &name : presetNames()) {
    auto preset = presetConfig(name);
    ASSERT_TRUE(preset) << name;
    EXPECT_EQ(checkModelConfig(*preset), "") << name;
    std::string json = modelConfigToJson(*preset);
    auto back = parseModelConfig(json);
    ASSERT_TRUE(back) << json;
    EXPECT_TRUE(sameModel(*back, *preset)) << json;
    EXPECT_EQ(modelConfigToJson(*back), json);
  }
}

TEST(ModelConfig, JsonHasEveryKeyInOrder) {
  auto c = presetConfig("llama-tiny");
  ASSERT_TRUE(c);
  EXPECT_EQ(modelConfigToJson(*c),
            "{\"family\":\"llama\",\"vocab\":512,\"dim\":64,\"layers\":2,"
            "\"heads\":4,\"kv_heads\":2,\"hidden\":128,\"max_seq\":64,"
            "\"norm_eps\":1e-05,\"rope_theta\":10000.0,"
            "\"tied_classifier\":false}");
}

TEST(ModelConfig, KeysOverrideTheBase) {
  auto base = presetConfig("gpt2-tiny");
  ASSERT_TRUE(base);
  auto c = parseModelConfig("{\"layers\": 3, \"heads\": 8, \"dim\": 64.0}",
                            "", *base);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->layers, 3);
  EXPECT_EQ(c->heads, 8);
  EXPECT_EQ(c->kvHeads, 8); // GPT-2 has no grouped-query attention
  EXPECT_EQ(c->vocab, base->vocab);
}

TEST(ModelConfig, EpsilonComparesAtF32) {
  // Older checkpoints stored the f32 epsilon printed to 9 digits.
  auto old = parseModelConfig("{\"norm_eps\": 9.99999975e-06}");
  ASSERT_TRUE(old);
  EXPECT_TRUE(sameModel(*old, ModelConfig{}));
  auto other = parseModelConfig("{\"norm_eps\": 1e-6}");
  ASSERT_TRUE(other);
  EXPECT_FALSE(sameModel(*other, ModelConfig{}));
}

TEST(ModelConfig, BadConfigsNameTheKey) {
  EXPECT_EQ(errorOf("[1]"), "cfg.json: model config is not a JSON object");
  EXPECT_EQ(errorOf("{\"dims\": 1}"),
            "cfg.json: unknown model config key \"dims\"");
  EXPECT_EQ(errorOf("{\"layers\": \"two\"}"),
            "cfg.json: \"layers\" must be an integer");
  EXPECT_EQ(errorOf("{\"layers\": 2.5}"),
            "cfg.json: \"layers\" must be an integer");
  EXPECT_EQ(errorOf("{\"family\": \"gpt3\"}"),
            "cfg.json: \"family\" must be \"gpt2\" or \"llama\"");
  EXPECT_EQ(errorOf("{\"heads\": 5}"),
            "cfg.json: heads = 5 does not divide dim = 768");
  EXPECT_EQ(errorOf("{\"kv_heads\": 5}"),
            "cfg.json: kv_heads = 5 does not divide heads = 12");
  EXPECT_EQ(errorOf("{\"dim\": 60, \"heads\": 4, \"kv_heads\": 4}"),
            "cfg.json: rotary embedding needs an even head size, got dim / "
            "heads = 15");
  EXPECT_EQ(errorOf("{\"vocab\": 0}"), "cfg.json: vocab = 0 must be positive");
  EXPECT_EQ(errorOf("{\"dim\": 18446744073709551615}"),
            "cfg.json: dim = 2147483648 is too large");
  EXPECT_EQ(errorOf("{\"layers\": 5000}"),
            "cfg.json: layers = 5000 is too large (at most 4096)");
  EXPECT_EQ(errorOf("{\"norm_eps\": -1}"),
            "cfg.json: norm_eps must be a non-negative number");
  EXPECT_EQ(errorOf("{\"rope_theta\": 0}"),
            "cfg.json: rope_theta must be a positive number");
}

TEST(ModelConfig, SequenceLengthFitsMaxSeq) {
  ModelConfig c;
  c.maxSeq = 64;
  EXPECT_EQ(checkSequenceLength(c, 64), "");
  EXPECT_EQ(checkSequenceLength(c, 65),
            "sequence length 65 must be in [1, max_seq = 64]");
  EXPECT_EQ(checkSequenceLength(c, 0),
            "sequence length 0 must be in [1, max_seq = 64]");
}

TEST(ModelConfig, UnknownPresetListsTheKnownOnes) {
  auto p = presetConfig("gpt3");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message(),
            "unknown preset 'gpt3' (known: gpt2-124m, stories15m, stories42m, "
            "stories110m, gpt2-tiny, llama-tiny)");
}

TEST(Params, GQAShapesAndUntiedClassifier) {
  auto c = presetConfig("llama-tiny");
  ASSERT_TRUE(c);
  std::vector<ParamSpec> p = parameterSpecs(*c);
  // Embedding, 9 per layer, final norm, classifier.
  ASSERT_EQ(p.size(), size_t(1 + 9 * 2 + 1 + 1));
  EXPECT_EQ(p[3].name, "layers.0.attention.wk.weight");
  EXPECT_EQ(p[3].shape, (std::vector<int64_t>{32, 64})); // kv_heads * 16
  EXPECT_EQ(p.back().name, "output.weight");
  c->tiedClassifier = true;
  EXPECT_EQ(parameterSpecs(*c).back().name, "norm.weight");
}

} // namespace
