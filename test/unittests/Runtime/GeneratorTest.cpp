//===- GeneratorTest.cpp - Prefill and KV-cache decode, by hand -----------===//
//
// The packages are a one-layer, one-head causal attention language model,
// written as MIL with the generator's contract (ModelStep in
// ModelBuilder.h):
//
//   x      = wte[token] + wpe[position]
//   q, k, v = x wq^T, x wk^T, x wv^T
//   logits = (x + softmax(q K^T / sqrt(D) + mask) V) head^T
//
// prefill-B: tokens [B] -> logits [B, V], k_0, v_0 [B, D] (causal mask);
// decode: one token at `positions`, with the cache K, V = k_cache_0 +
// cache_slot^T k_0 (the new row in its slot) and attn_mask hiding the slots
// after it -> logits [1, V], k_0, v_0 [1, D].
//
// A plain-loop forward pass checks the packages; the generator's cache is
// checked against recomputing every prefix from scratch.
//
//===----------------------------------------------------------------------===//

#include "PackageTestUtil.h"

#include "orion/model/Generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <unistd.h>

using namespace orion::rt;
using namespace orion::rt::test;
namespace fs = std::filesystem;

namespace {

constexpr int64_t V = 16, D = 8, T = 8; // vocabulary, width, cache slots

struct Weights {
  std::map<std::string, std::vector<float>> values;
  const std::vector<float> &operator[](const std::string &n) const {
    return values.at(n);
  }
};

const std::vector<std::pair<std::string, std::vector<int64_t>>> kParams = {
    {"wte", {V, D}}, {"wpe", {T, D}}, {"wq", {D, D}},
    {"wk", {D, D}},  {"wv", {D, D}},  {"head", {V, D}}};

Weights randomWeights(unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 0.7f);
  Weights w;
  for (const auto &[name, shape] : kParams) {
    std::vector<float> v(size_t(shape[0] * shape[1]));
    for (float &x : v)
      x = normal(rng);
    w.values[name] = std::move(v);
  }
  return w;
}

/// The model on `rows` tokens attending over `keys` slots. `pos` names the
/// tokens' int32 positions; `cacheUpdate` (statements after q, k_0 and v_0)
/// defines `keysOf` and `valuesOf`, the [keys, D] tensors attended over;
/// `mask` is the [rows, keys] tensor added to the scores.
std::string attention(int64_t rows, int64_t keys, const std::string &pos,
                      const std::string &cacheUpdate, const std::string &mask,
                      const std::string &keysOf, const std::string &valuesOf) {
  std::string m;
  m += constant("int32", "ax0", "int32(0)");
  m += op(fp32({rows, D}), "te", "gather(axis=ax0, indices=tokens, x=wte)");
  m += op(fp32({rows, D}), "pe", "gather(axis=ax0, indices=" + pos +
                                     ", x=wpe)");
  m += op(fp32({rows, D}), "x", "add(x=te, y=pe)");
  m += constant("bool", "no", "bool(false)");
  m += constant("bool", "yes", "bool(true)");
  auto linear = [&](const std::string &out, const std::string &in,
                    const std::string &w, int64_t n) {
    m += op(fp32({rows, n}), out,
            "matmul(transpose_x=no, transpose_y=yes, x=" + in + ", y=" + w +
                ")");
  };
  linear("q", "x", "wq", D);
  linear("k_0", "x", "wk", D);
  linear("v_0", "x", "wv", D);
  m += cacheUpdate;
  m += op(fp32({rows, keys}), "s",
          "matmul(transpose_x=no, transpose_y=yes, x=q, y=" + keysOf + ")");
  char scale[32];
  std::snprintf(scale, sizeof scale, "%.9g", 1.0 / std::sqrt(double(D)));
  m += constant("fp32", "scale", "fp32(" + std::string(scale) + ")");
  m += op(fp32({rows, keys}), "ss", "mul(x=s, y=scale)");
  m += op(fp32({rows, keys}), "sm", "add(x=ss, y=" + mask + ")");
  m += constant("int32", "last", "int32(-1)");
  m += op(fp32({rows, keys}), "a", "softmax(axis=last, x=sm)");
  m += op(fp32({rows, D}), "o",
          "matmul(transpose_x=no, transpose_y=no, x=a, y=" + valuesOf + ")");
  m += op(fp32({rows, D}), "h", "add(x=x, y=o)");
  linear("logits", "h", "head", V);
  return m;
}

std::vector<PackageWeight> packageWeights(const Weights &w) {
  std::vector<PackageWeight> out;
  for (const auto &[name, shape] : kParams)
    out.push_back({name, shape, w[name]});
  return out;
}

PackageSpec prefillPackage(const Weights &w, int64_t bucket) {
  std::vector<double> positions, mask;
  for (int64_t i = 0; i < bucket; ++i) {
    positions.push_back(double(i));
    for (int64_t j = 0; j < bucket; ++j)
      mask.push_back(j <= i ? 0.0 : double(kMaskedScore));
  }
  PackageSpec p;
  p.inputs = {{"tokens", "tokens", {bucket}, "int32"}};
  p.outputs = {{"logits", "logits", {bucket, V}},
               {"k_0", "k_0", {bucket, D}},
               {"v_0", "v_0", {bucket, D}}};
  p.weights = packageWeights(w);
  p.body = tensorConstant("int32", "pos", {bucket}, positions) +
           tensorConstant("fp32", "causal", {bucket, bucket}, mask) +
           attention(bucket, bucket, "pos", "", "causal", "k_0", "v_0");
  return p;
}

PackageSpec decodePackage(const Weights &w) {
  PackageSpec p;
  p.inputs = {{"tokens", "tokens", {1}, "int32"},
              {"positions", "positions", {1}, "int32"},
              {"cache_slot", "cache_slot", {1, T}},
              {"attn_mask", "attn_mask", {1, T}},
              {"k_cache_0", "k_cache_0", {T, D}},
              {"v_cache_0", "v_cache_0", {T, D}}};
  p.outputs = {{"logits", "logits", {1, V}},
               {"k_0", "k_0", {1, D}},
               {"v_0", "v_0", {1, D}}};
  p.weights = packageWeights(w);
  // The new key and value, written into their (still zero) cache slot.
  std::string update;
  for (const char *kind : {"k", "v"}) {
    std::string k = kind;
    update += op(fp32({T, D}), k + "_in",
                 "matmul(transpose_x=yes, transpose_y=no, x=cache_slot, y=" +
                     k + "_0)");
    update += op(fp32({T, D}), k + "_all",
                 "add(x=" + k + "_cache_0, y=" + k + "_in)");
  }
  p.body = attention(1, T, "positions", update, "attn_mask", "k_all", "v_all");
  return p;
}

/// The last token's logits, in plain loops (double).
std::vector<float> reference(const Weights &w, const std::vector<int32_t> &t) {
  const size_t n = t.size();
  std::vector<std::vector<double>> x(n), q(n), k(n), v(n);
  auto linear = [&](const std::vector<double> &in, const std::string &name,
                    int64_t rows) {
    std::vector<double> out(size_t(rows), 0.0);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < D; ++c)
        out[size_t(r)] += in[size_t(c)] * w[name][size_t(r * D + c)];
    return out;
  };
  for (size_t i = 0; i < n; ++i) {
    x[i].resize(D);
    for (int64_t c = 0; c < D; ++c)
      x[i][c] = double(w["wte"][size_t(t[i] * D + c)]) +
                double(w["wpe"][i * D + size_t(c)]);
    q[i] = linear(x[i], "wq", D);
    k[i] = linear(x[i], "wk", D);
    v[i] = linear(x[i], "wv", D);
  }
  const size_t last = n - 1;
  std::vector<double> score(n);
  double mx = -INFINITY, sum = 0;
  for (size_t j = 0; j < n; ++j) {
    score[j] = 0;
    for (int64_t c = 0; c < D; ++c)
      score[j] += q[last][c] * k[j][c];
    score[j] /= std::sqrt(double(D));
    mx = std::max(mx, score[j]);
  }
  for (double &s : score)
    sum += (s = std::exp(s - mx));
  std::vector<double> h = x[last];
  for (size_t j = 0; j < n; ++j)
    for (int64_t c = 0; c < D; ++c)
      h[c] += score[j] / sum * v[j][c];
  std::vector<double> logits = linear(h, "head", V);
  return std::vector<float>(logits.begin(), logits.end());
}

int32_t argmax(const std::vector<float> &v) {
  return int32_t(std::max_element(v.begin(), v.end()) - v.begin());
}

void expectNear(const std::vector<float> &got, const std::vector<float> &want,
                float tol, const std::string &what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < want.size(); ++i)
    ASSERT_NEAR(got[i], want[i], tol) << what << ", logit " << i;
}

class GeneratorTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("orion-generator-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    weights = randomWeights(1);
    for (int64_t bucket : {4, 8}) {
      std::string p = (dir / ("prefill-" + std::to_string(bucket))).string();
      ASSERT_TRUE(writePackage(p, prefillPackage(weights, bucket)));
      buckets[bucket] = p;
    }
    decodeDir = (dir / "decode").string();
    ASSERT_TRUE(writePackage(decodeDir, decodePackage(weights)));
  }
  void TearDown() override { fs::remove_all(dir); }

  std::unique_ptr<Generator>
  open(const std::map<int64_t, std::string> &prefill) {
    auto g = Generator::open(prefill, decodeDir, {});
    EXPECT_TRUE(g) << (g ? "" : g.error().message());
    return g ? std::move(*g) : nullptr;
  }

  /// Generator::open's error message (empty if it opened).
  std::string openError(const std::map<int64_t, std::string> &prefill,
                        const std::string &decode) {
    auto g = Generator::open(prefill, decode, {});
    return g ? std::string() : g.error().message();
  }

  fs::path dir;
  Weights weights;
  std::map<int64_t, std::string> buckets;
  std::string decodeDir;
};

TEST_F(GeneratorTest, GreedyDecodeWithTheCacheMatchesFullRecomputation) {
  auto g = open(buckets);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->capacity(), T);
  EXPECT_EQ(g->vocab(), V);
  EXPECT_EQ(g->layers(), 1);
  EXPECT_EQ(g->maxPrompt(), 8);

  std::vector<int32_t> tokens = {3, 1, 4};
  auto logits = g->prefill(tokens);
  ASSERT_TRUE(logits) << logits.error().message();
  expectNear(*logits, reference(weights, tokens), 1e-4f, "prefill");
  // Until the cache is full: each decoded token's logits are those of the
  // whole sequence run again through a prefill package, and of the loops.
  while (g->length() < g->capacity()) {
    tokens.push_back(argmax(*logits));
    logits = g->decode(tokens.back());
    ASSERT_TRUE(logits) << logits.error().message();
    EXPECT_EQ(g->length(), int64_t(tokens.size()));
    auto again = g->recompute(tokens);
    ASSERT_TRUE(again) << again.error().message();
    std::string at = "after " + std::to_string(tokens.size()) + " tokens";
    expectNear(*logits, *again, 1e-5f, at + ", cache vs recompute");
    expectNear(*logits, reference(weights, tokens), 1e-4f, at);
  }

  // The same greedy ids without any cache.
  std::vector<int32_t> recomputed = {3, 1, 4};
  while (recomputed.size() < tokens.size()) {
    auto l = g->recompute(recomputed);
    ASSERT_TRUE(l);
    recomputed.push_back(argmax(*l));
  }
  EXPECT_EQ(tokens, recomputed);
  // Five greedy steps from a random model: not a constant sequence, so the
  // comparison above says something about the cache.
  EXPECT_GT(std::set<int32_t>(tokens.begin() + 3, tokens.end()).size(), 1u);
}

TEST_F(GeneratorTest, PromptsRunInABucketThatHoldsThem) {
  auto both = open(buckets), large = open({{8, buckets[8]}});
  ASSERT_TRUE(both && large);
  for (std::vector<int32_t> prompt :
       {std::vector<int32_t>{5}, {5, 9, 2, 7}, {5, 9, 2, 7, 1, 0}}) {
    auto a = both->prefill(prompt), b = large->prefill(prompt);
    ASSERT_TRUE(a && b);
    // Padding after the prompt changes nothing before it (causal mask).
    expectNear(*a, *b, 1e-5f, std::to_string(prompt.size()) + " tokens");
    expectNear(*a, reference(weights, prompt), 1e-4f, "reference");
  }
  auto small = open({{4, buckets[4]}});
  ASSERT_TRUE(small);
  EXPECT_EQ(small->maxPrompt(), 4);
  auto tooLong = small->prefill({1, 2, 3, 4, 5});
  ASSERT_FALSE(tooLong);
  EXPECT_EQ(tooLong.error().message(),
            "a prompt of 5 tokens is longer than the largest prefill bucket "
            "(4)");
}

TEST_F(GeneratorTest, PrefillStartsAFreshCache) {
  auto used = open(buckets), fresh = open(buckets);
  ASSERT_TRUE(used && fresh);
  ASSERT_TRUE(used->prefill({1, 2, 3, 4, 5, 6}));
  ASSERT_TRUE(used->decode(7));
  ASSERT_TRUE(used->decode(8));

  // A shorter prompt after a longer run: the old rows must not be seen.
  ASSERT_TRUE(used->prefill({9, 10}));
  ASSERT_TRUE(fresh->prefill({9, 10}));
  EXPECT_EQ(used->length(), 2);
  for (int32_t token : {11, 12, 13}) {
    auto a = used->decode(token), b = fresh->decode(token);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(*a, *b) << "token " << token;
  }
}

TEST_F(GeneratorTest, StopsWhenTheCacheIsFull) {
  auto g = open(buckets);
  ASSERT_TRUE(g);
  auto early = g->decode(1);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().message(), "decode needs a prefilled prompt");

  ASSERT_TRUE(g->prefill({1, 2, 3, 4, 5, 6, 7}));
  ASSERT_TRUE(g->decode(8));
  EXPECT_EQ(g->length(), T);
  auto full = g->decode(9);
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().message(), "the KV cache is full (8 slots)");
  EXPECT_EQ(g->length(), T);
}

TEST_F(GeneratorTest, BadPromptsAreErrors) {
  auto g = open(buckets);
  ASSERT_TRUE(g);
  auto empty = g->prefill({});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message(), "the prompt is empty");
  auto big = g->prefill(std::vector<int32_t>(9, 1));
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().message(),
            "a prompt of 9 tokens does not fit the cache of 8 slots");
}

TEST_F(GeneratorTest, OpenRejectsPackagesThatAreNotThisModelsSteps) {
  auto has = [](const std::string &message, const std::string &part) {
    return message.find(part) != std::string::npos;
  };
  std::string e = openError(buckets, buckets[4]);
  EXPECT_TRUE(has(e, "not a decode package")) << e;
  e = openError({{8, buckets[4]}}, decodeDir);
  EXPECT_TRUE(has(e, "not a prefill package for bucket 8 of this model")) << e;
  e = openError({{4, decodeDir}}, decodeDir);
  EXPECT_TRUE(has(e, "not a prefill package for bucket 4")) << e;
  e = openError({}, decodeDir);
  EXPECT_EQ(e, "no prefill package given");
  e = openError(buckets, (dir / "none").string());
  EXPECT_FALSE(e.empty());

  // A decode package whose layer has keys but no values.
  PackageSpec noValues = decodePackage(weights);
  noValues.inputs.back() = {"v_zero", "v_cache_0", {T, D}};
  ASSERT_TRUE(writePackage(dir / "no-values", noValues));
  e = openError(buckets, (dir / "no-values").string());
  EXPECT_EQ(e, (dir / "no-values").string() +
                   ": k_cache_0 has no v_cache_0");
}

} // namespace
