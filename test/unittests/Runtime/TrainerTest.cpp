//===- TrainerTest.cpp - Training steps on a hand-written train package ---===//
//
// The package is the train step of a bigram model, the smallest model with
// the trainer's contract (tokens, targets -> loss and grad.<param>):
//
//   logits[s] = w[tokens[s]] + b          w [V, V] (decayed), b [V] (not)
//   loss      = mean over s of cross_entropy(logits[s], targets[s])
//   d         = (softmax(logits) - one_hot(targets)) / S  (* loss_scale)
//   grad.b    = sum over s of d[s];  grad.w[r] = sum of d[s] with tokens[s] = r
//
// Its gradients are checked against those formulas written as loops. The
// trainer's updates are checked bit for bit against adamwUpdate and
// optimizerStep (Optimizer.h; OptimizerTest checks them against torch)
// applied to the gradients the package returns.
//
//===----------------------------------------------------------------------===//

#include "PackageTestUtil.h"

#include "orion/exec/Executor.h"
#include "orion/format/Package.h"
#include "orion/train/Checkpoint.h"
#include "orion/train/Trainer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <unistd.h>

using namespace orion::rt;
using namespace orion::rt::test;
namespace fs = std::filesystem;

namespace {

constexpr int64_t V = 8, S = 4;
static_assert(S == 4, "the MIL below multiplies by 1/S = 0.25");

std::string bigramBody(bool lossScale) {
  std::string m;
  m += constant("int32", "ax0", "int32(0)");
  m += op(fp32({S, V}), "rows", "gather(axis=ax0, indices=tokens, x=w)");
  m += op(fp32({S, V}), "logits", "add(x=rows, y=b)");
  // The loss: log-sum-exp (max-shifted) minus the target's logit.
  m += tensorConstant("int32", "last", {1}, {-1});
  m += constant("bool", "kd", "bool(true)");
  m += op(fp32({S, 1}), "mx", "reduce_max(x=logits, axes=last, keep_dims=kd)");
  m += op(fp32({S, V}), "z", "sub(x=logits, y=mx)");
  m += op(fp32({S, V}), "e", "exp(x=z)");
  m += op(fp32({S, 1}), "se", "reduce_sum(x=e, axes=last, keep_dims=kd)");
  m += op(fp32({S, 1}), "lse", "log(x=se)");
  m += constant("int32", "hax", "int32(-1)");
  m += constant("fp32", "off", "fp32(0)");
  m += constant("fp32", "on", "fp32(1)");
  m += constant("int32", "depth", "int32(" + std::to_string(V) + ")");
  m += op(fp32({S, V}), "hot",
          "one_hot(axis=hax, indices=targets, off_value=off, on_value=on, "
          "one_hot_vector_size=depth)");
  m += op(fp32({S, V}), "zt", "mul(x=z, y=hot)");
  m += op(fp32({S, 1}), "picked", "reduce_sum(x=zt, axes=last, keep_dims=kd)");
  m += op(fp32({S, 1}), "nll", "sub(x=lse, y=picked)");
  m += tensorConstant("int32", "both", {2}, {0, 1});
  m += constant("bool", "flat", "bool(false)");
  m += op("fp32", "loss", "reduce_mean(x=nll, axes=both, keep_dims=flat)");
  // The gradient.
  m += op(fp32({S, V}), "p", "softmax(axis=hax, x=logits)");
  m += op(fp32({S, V}), "pm", "sub(x=p, y=hot)");
  m += constant("fp32", "inv_s", "fp32(0.25)");
  m += op(fp32({S, V}), lossScale ? "d0" : "d", "mul(x=pm, y=inv_s)");
  if (lossScale)
    m += op(fp32({S, V}), "d", "mul(x=d0, y=loss_scale)");
  m += tensorConstant("int32", "first", {1}, {0});
  m += op(fp32({V}), "gb", "reduce_sum(x=d, axes=first, keep_dims=flat)");
  m += tensorConstant("int32", "wshape", {2}, {V, V});
  m += constant("fp32", "zero", "fp32(0)");
  m += op(fp32({V, V}), "zeros", "fill(shape=wshape, value=zero)");
  m += constant("string", "mode", "string(\"add\")");
  m += op(fp32({V, V}), "gw",
          "scatter(axis=ax0, data=zeros, indices=tokens, mode=mode, "
          "updates=d)");
  return m;
}

/// `lossScale`: the package takes a `loss_scale` input and returns its
/// gradients multiplied by it (`orion compile --loss-scale`).
PackageSpec bigramPackage(bool lossScale) {
  PackageSpec p;
  p.inputs = {{"tokens", "tokens", {S}, "int32"},
              {"targets", "targets", {S}, "int32"}};
  if (lossScale)
    p.inputs.push_back({"loss_scale", "loss_scale", {}, "fp32", {1}});
  p.outputs = {{"loss", "loss", {}}, {"grad.b", "gb", {V}},
               {"grad.w", "gw", {V, V}}};
  // Zeros: the trainer patches the master weights in when it opens the
  // package.
  p.weights = {{"w", {V, V}, std::vector<float>(V * V)},
               {"b", {V}, std::vector<float>(V)}};
  p.body = bigramBody(lossScale);
  return p;
}

TrainState initialState(unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  TrainState s;
  s.configJson = "{\"model\": \"bigram\"}";
  for (auto &[name, shape] :
       std::vector<std::pair<std::string, std::vector<int64_t>>>{
           {"w", {V, V}}, {"b", {V}}}) {
    MasterParam p;
    p.shape = shape;
    p.value.resize(size_t(shape.size() == 2 ? V * V : V));
    for (float &x : p.value)
      x = normal(rng);
    s.params[name] = std::move(p);
  }
  s.seq = S;
  return s;
}

/// Token 7's logit for class 0, w[7][0] + b[0] = FLT_MAX + 1e32, overflows
/// to +inf, so every window holding token 7 has a NaN loss and gradient
/// (inf - inf in the max shift and the softmax): what a diverged run looks
/// like. Other tokens' logits stay finite (about 1e32 for class 0).
TrainState poisonedState(unsigned seed) {
  TrainState s = initialState(seed);
  s.params["w"].value[7 * V + 0] = std::numeric_limits<float>::max();
  s.params["b"].value[0] = 1e32f;
  return s;
}

std::vector<int32_t> randomIds(size_t n, unsigned seed, int32_t below = V) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int32_t> id(0, below - 1);
  std::vector<int32_t> ids(n);
  for (int32_t &x : ids)
    x = id(rng);
  return ids;
}

TensorMap batchInputs(const Batch &b) {
  return {{"tokens", HostTensor::int32({S}, b.tokens)},
          {"targets", HostTensor::int32({S}, b.targets)}};
}

Gradients gradsOf(const TensorMap &out) {
  return {{"w", out.at("grad.w").f32}, {"b", out.at("grad.b").f32}};
}

/// The bigram's loss and gradient, in loops (double accumulation).
struct Reference {
  double loss = 0;
  Gradients grads;
};

Reference bigram(const MasterWeights &params, const Batch &batch) {
  const std::vector<float> &w = params.at("w").value, &b = params.at("b").value;
  Reference r;
  std::vector<float> gw(V * V, 0.0f), gb(V, 0.0f);
  for (int64_t s = 0; s < S; ++s) {
    int32_t tok = batch.tokens[size_t(s)], tgt = batch.targets[size_t(s)];
    std::vector<double> logit(V);
    double mx = -INFINITY;
    for (int64_t j = 0; j < V; ++j) {
      logit[j] = double(w[tok * V + j]) + double(b[j]);
      mx = std::max(mx, logit[j]);
    }
    double sum = 0;
    for (int64_t j = 0; j < V; ++j)
      sum += std::exp(logit[j] - mx);
    double lse = mx + std::log(sum);
    r.loss += (lse - logit[tgt]) / S;
    for (int64_t j = 0; j < V; ++j) {
      double d = (std::exp(logit[j] - lse) - (j == tgt ? 1.0 : 0.0)) / S;
      gb[j] += float(d);
      gw[tok * V + j] += float(d);
    }
  }
  r.grads = {{"w", gw}, {"b", gb}};
  return r;
}

void expectSameBits(const std::vector<float> &a, const std::vector<float> &b,
                    const std::string &what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0)
      << what << " differs";
}

void expectSameParams(const MasterWeights &got, const MasterWeights &want) {
  ASSERT_EQ(got.size(), want.size());
  for (const auto &[name, p] : want) {
    ASSERT_TRUE(got.count(name)) << name;
    const MasterParam &g = got.at(name);
    expectSameBits(g.value, p.value, name + " value");
    expectSameBits(g.m, p.m, name + " m");
    expectSameBits(g.v, p.v, name + " v");
  }
}

/// `params` with zero moments, as the trainer starts them.
MasterWeights withZeroMoments(MasterWeights params) {
  for (auto &[name, p] : params) {
    p.m.assign(p.value.size(), 0.0f);
    p.v.assign(p.value.size(), 0.0f);
  }
  return params;
}

class TrainerTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("orion-trainer-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  /// A fresh bigram package at dir/name.
  std::string package(const std::string &name, bool lossScale = false) {
    fs::path p = dir / name;
    Status s = writePackage(p, bigramPackage(lossScale));
    EXPECT_TRUE(s) << (s ? "" : s.error().message());
    return p.string();
  }

  /// Runs the package once, outside any trainer.
  static Expected<TensorMap> run(const std::string &pkg, const Batch &b) {
    auto ex = Executor::open(pkg, {"cpu"});
    if (!ex)
      return ex.error();
    return (*ex)->run(batchInputs(b));
  }

  /// Each parameter's blob in the package, as floats.
  static std::map<std::string, std::vector<float>>
  blobs(const std::string &pkg) {
    std::map<std::string, std::vector<float>> out;
    auto p = Package::open(pkg);
    EXPECT_TRUE(p);
    if (!p)
      return out;
    for (const WeightEntry &e : p->manifest().programs.front().weights) {
      auto file = BlobFile::open(p->path(e.file));
      EXPECT_TRUE(file);
      auto blob = file->blobAt(e.offset);
      EXPECT_TRUE(blob);
      std::vector<float> v(blob->sizeBytes / sizeof(float));
      std::memcpy(v.data(), file->data(*blob), blob->sizeBytes);
      out[e.sources.front().param] = std::move(v);
    }
    return out;
  }

  fs::path dir;
};

TEST_F(TrainerTest, StepAppliesAdamWToThePackagesGradients) {
  TrainState init = initialState(1);
  TrainerOptions options;
  options.schedule.lr = 0.1;
  options.adamw.weightDecay = 0.1;
  std::string pkg = package("pkg");
  auto t = Trainer::open(pkg, init, options);
  ASSERT_TRUE(t) << t.error().message();
  auto data = TrainData::create(randomIds(41, 2), S, V, 7, "ids");
  ASSERT_TRUE(data);
  TrainData peek = *data;
  Batch first = peek.next(), second = peek.next();

  // open() patched the initial weights in: the package's gradient is the
  // bigram's at them.
  auto out = run(pkg, first);
  ASSERT_TRUE(out) << out.error().message();
  Reference ref = bigram(init.params, first);
  EXPECT_NEAR(out->at("loss").f32[0], ref.loss, 1e-5);
  Gradients g = gradsOf(*out);
  for (const auto &[name, want] : ref.grads)
    for (size_t i = 0; i < want.size(); ++i)
      ASSERT_NEAR(g.at(name)[i], want[i], 1e-6) << name << " element " << i;

  const size_t compiled = (*t)->compiledPrograms();
  auto r = (*t)->step(*data);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_FALSE(r->skipped);
  EXPECT_EQ(r->step, 0);
  EXPECT_EQ(r->windows, std::vector<int64_t>{first.window});
  EXPECT_EQ(r->loss, double(out->at("loss").f32[0]));
  EXPECT_EQ(r->gradNorm, globalNorm(g));
  EXPECT_EQ(r->lr, 0.1);

  // Every parameter moved by AdamW's first update (t = 1): w decayed, b not.
  MasterWeights want = withZeroMoments(init.params);
  for (auto &[name, p] : want)
    adamwUpdate(p, g.at(name), 0.1, 1, options.adamw);
  const TrainState &state = (*t)->state();
  expectSameParams(state.params, want);
  EXPECT_EQ(state.step, 1);
  EXPECT_EQ(state.adamSteps, 1);
  EXPECT_EQ(state.skipped, 0);
  EXPECT_EQ(state.dataPosition, 1);

  // The package holds the new weights ...
  auto stored = blobs(pkg);
  for (const auto &[name, p] : want)
    expectSameBits(stored[name], p.value, name + " blob");

  // ... and the next step computes on them (not on the weights it loaded
  // first), with nothing compiled.
  MasterWeights after = state.params;
  auto r2 = (*t)->step(*data);
  ASSERT_TRUE(r2) << r2.error().message();
  EXPECT_NEAR(r2->loss, bigram(after, second).loss, 1e-5);
  EXPECT_GT(std::fabs(r2->loss - bigram(init.params, second).loss), 1e-3);
  EXPECT_EQ((*t)->compiledPrograms(), compiled);
}

TEST_F(TrainerTest, AccumulationAveragesMicroStepsThenClips) {
  TrainState init = initialState(3);
  TrainerOptions options;
  options.schedule.lr = 0.05;
  options.accum = 2;
  options.clip = 0.1;
  std::string pkg = package("pkg");
  auto t = Trainer::open(pkg, init, options);
  ASSERT_TRUE(t) << t.error().message();
  auto data = TrainData::create(randomIds(41, 4), S, V, 9, "ids");
  ASSERT_TRUE(data);
  TrainData peek = *data;
  Batch b1 = peek.next(), b2 = peek.next();
  auto o1 = run(pkg, b1), o2 = run(pkg, b2);
  ASSERT_TRUE(o1 && o2);

  // The step's gradient is the mean of the micro-steps' gradients, its
  // loss the mean of their losses.
  Gradients g1 = gradsOf(*o1), g2 = gradsOf(*o2), mean = g1;
  for (auto &[name, v] : mean)
    for (size_t i = 0; i < v.size(); ++i)
      v[i] = (g1[name][i] + g2[name][i]) * 0.5f;
  double loss =
      (double(o1->at("loss").f32[0]) + double(o2->at("loss").f32[0])) / 2;
  MasterWeights want = withZeroMoments(init.params);
  int64_t adamSteps = 0;
  StepOutcome o = optimizerStep(want, mean, loss, 0.05, adamSteps, 0.1,
                                options.adamw);
  ASSERT_GT(o.gradNorm, 0.1) << "the test means to clip";

  auto r = (*t)->step(*data);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->windows, (std::vector<int64_t>{b1.window, b2.window}));
  EXPECT_EQ(r->loss, loss);
  EXPECT_EQ(r->gradNorm, o.gradNorm);
  expectSameParams((*t)->state().params, want);
  EXPECT_EQ((*t)->state().adamSteps, 1);
  EXPECT_EQ((*t)->state().dataPosition, 2);
}

TEST_F(TrainerTest, NonFiniteStepIsSkippedWithoutATrace) {
  // Windows of the poisoned data all hold token 7; the clean data never
  // does.
  auto poisoned = TrainData::create({7, 7, 7, 7, 7}, S, V, 1, "poisoned");
  ASSERT_TRUE(poisoned);
  std::vector<int32_t> cleanIds = randomIds(41, 5, 7);
  TrainerOptions options;
  options.schedule.lr = 0.05;
  TrainState init = poisonedState(4);
  std::string pkg = package("pkg");
  auto t = Trainer::open(pkg, init, options);
  ASSERT_TRUE(t) << t.error().message();

  auto r = (*t)->step(*poisoned);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_TRUE(r->skipped);
  EXPECT_FALSE(std::isfinite(r->loss));
  EXPECT_FALSE(std::isfinite(r->gradNorm));
  const TrainState &state = (*t)->state();
  EXPECT_EQ(state.step, 1);
  EXPECT_EQ(state.skipped, 1);
  EXPECT_EQ(state.adamSteps, 0);
  expectSameParams(state.params, withZeroMoments(init.params));
  auto stored = blobs(pkg);
  for (const auto &[name, p] : init.params)
    expectSameBits(stored[name], p.value, name + " blob");

  // The next finite step is AdamW's first (t = 1, zero moments): the same
  // as a fresh trainer's first step.
  auto clean = TrainData::create(cleanIds, S, V, 2, "clean");
  ASSERT_TRUE(clean);
  auto r2 = (*t)->step(*clean);
  ASSERT_TRUE(r2) << r2.error().message();
  EXPECT_FALSE(r2->skipped);
  EXPECT_EQ(state.adamSteps, 1);

  auto fresh = Trainer::open(package("fresh"), init, options);
  ASSERT_TRUE(fresh) << fresh.error().message();
  auto clean2 = TrainData::create(cleanIds, S, V, 2, "clean");
  ASSERT_TRUE(clean2);
  auto f = (*fresh)->step(*clean2);
  ASSERT_TRUE(f) << f.error().message();
  EXPECT_EQ(r2->loss, f->loss);
  expectSameParams(state.params, (*fresh)->state().params);
}

// All-NaN weights skipped every step and exited 0. They are refused by
// name; allowed, the trainer gives up once no step can ever be made.
TEST_F(TrainerTest, NonFiniteWeightsAreRefusedAndHopelessRunsFail) {
  TrainState init = initialState(3);
  init.params["b"].value[1] = std::nanf("");
  auto refused = Trainer::open(package("refused"), init, {});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find(
                "the master weights: parameter 'b' holds 1 NaN/Inf value"),
            std::string::npos)
      << refused.error().message();

  TrainerOptions allow;
  allow.allowNonFinite = true;
  auto t = Trainer::open(package("allowed"), init, allow);
  ASSERT_TRUE(t) << t.error().message();
  auto data = TrainData::create(randomIds(41, 5), S, V, 1, "data");
  ASSERT_TRUE(data);
  for (int64_t i = 0; i + 1 < kMaxHopelessSkips; ++i) {
    auto r = (*t)->step(*data);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_TRUE(r->skipped);
  }
  auto last = (*t)->step(*data);
  ASSERT_FALSE(last);
  EXPECT_NE(last.error().message().find("no step can be made"),
            std::string::npos)
      << last.error().message();
}

TEST_F(TrainerTest, LossScaleIsDividedBackOut) {
  // Powers of two scale fp32 exactly: a loss-scaled package trains
  // bit-identically to the unscaled one.
  TrainState init = initialState(6), scaledInit = init;
  scaledInit.lossScale.scale = 1024;
  TrainerOptions options;
  options.schedule.lr = 0.05;
  auto plain = Trainer::open(package("plain"), init, options);
  auto scaled = Trainer::open(package("scaled", true), scaledInit, options);
  ASSERT_TRUE(plain) << plain.error().message();
  ASSERT_TRUE(scaled) << scaled.error().message();
  std::vector<int32_t> ids = randomIds(41, 7);
  auto d1 = TrainData::create(ids, S, V, 3, "ids");
  auto d2 = TrainData::create(ids, S, V, 3, "ids");
  ASSERT_TRUE(d1 && d2);
  for (int i = 0; i < 3; ++i) {
    auto a = (*plain)->step(*d1), b = (*scaled)->step(*d2);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->lossScale, 0);
    EXPECT_EQ(b->lossScale, 1024);
    EXPECT_EQ(a->loss, b->loss);
    EXPECT_EQ(a->gradNorm, b->gradNorm);
  }
  expectSameParams((*scaled)->state().params, (*plain)->state().params);
  EXPECT_EQ((*scaled)->state().lossScale.scale, 1024);
}

TEST_F(TrainerTest, OverflowSkipsTheStepAndHalvesTheLossScale) {
  TrainState init = poisonedState(8);
  init.lossScale.scale = 1024;
  TrainerOptions options;
  auto t = Trainer::open(package("pkg", true), init, options);
  ASSERT_TRUE(t) << t.error().message();
  auto poisoned = TrainData::create({7, 7, 7, 7, 7}, S, V, 1, "poisoned");
  auto clean = TrainData::create(randomIds(41, 9, 7), S, V, 1, "clean");
  ASSERT_TRUE(poisoned && clean);

  auto r = (*t)->step(*poisoned);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_TRUE(r->skipped);
  EXPECT_EQ(r->lossScale, 1024);
  EXPECT_EQ((*t)->state().lossScale.scale, 512);
  auto r2 = (*t)->step(*clean);
  ASSERT_TRUE(r2) << r2.error().message();
  EXPECT_FALSE(r2->skipped);
  EXPECT_EQ(r2->lossScale, 512);
  EXPECT_EQ((*t)->state().lossScale.goodSteps, 1);
}

TEST_F(TrainerTest, ResumingFromACheckpointIsBitIdentical) {
  TrainState init = initialState(10);
  init.dataSeed = 11;
  TrainerOptions options;
  options.schedule.kind = LRSchedule::Kind::Cosine;
  options.schedule.lr = 0.05;
  options.schedule.warmup = 2;
  options.schedule.totalSteps = 6;
  options.clip = 1.0;
  std::vector<int32_t> ids = randomIds(41, 12);

  // Six steps in one run, checkpointed after the third.
  auto full = Trainer::open(package("full"), init, options);
  ASSERT_TRUE(full) << full.error().message();
  auto data = TrainData::create(ids, S, V, init.dataSeed, "ids");
  ASSERT_TRUE(data);
  std::vector<StepReport> reports;
  for (int i = 0; i < 6; ++i) {
    auto r = (*full)->step(*data);
    ASSERT_TRUE(r) << r.error().message();
    reports.push_back(*r);
    if (i == 2)
      ASSERT_TRUE(saveCheckpoint((dir / "ck").string(), (*full)->state()));
  }

  // Three more from the checkpoint, on a package holding other weights.
  auto state = loadCheckpoint((dir / "ck").string());
  ASSERT_TRUE(state) << state.error().message();
  EXPECT_EQ(state->step, 3);
  auto resumed = Trainer::open(package("resumed"), *state, options);
  ASSERT_TRUE(resumed) << resumed.error().message();
  auto data2 = TrainData::create(ids, S, V, state->dataSeed, "ids");
  ASSERT_TRUE(data2);
  data2->seek(state->dataPosition);
  for (int i = 3; i < 6; ++i) {
    auto r = (*resumed)->step(*data2);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->step, reports[i].step);
    EXPECT_EQ(r->windows, reports[i].windows) << "step " << i;
    EXPECT_EQ(r->lr, reports[i].lr) << "step " << i;
    EXPECT_EQ(r->loss, reports[i].loss) << "step " << i;
    EXPECT_EQ(r->gradNorm, reports[i].gradNorm) << "step " << i;
  }
  const TrainState &a = (*full)->state(), &b = (*resumed)->state();
  expectSameParams(b.params, a.params);
  EXPECT_EQ(b.step, a.step);
  EXPECT_EQ(b.adamSteps, a.adamSteps);
  EXPECT_EQ(b.skipped, a.skipped);
  EXPECT_EQ(b.dataPosition, a.dataPosition);
}

TEST_F(TrainerTest, OpenRejectsStatesThatDoNotFitThePackage) {
  std::string pkg = package("pkg");
  std::string scaledPkg = package("scaled", true);
  auto before = blobs(pkg);
  TrainerOptions options;
  // Each open fails with a message naming what does not fit.
  auto fails = [](const std::string &pkgDir, const TrainState &state,
                  const TrainerOptions &o, const std::string &message) {
    auto t = Trainer::open(pkgDir, state, o);
    ASSERT_FALSE(t) << "expected: " << message;
    EXPECT_NE(t.error().message().find(message), std::string::npos)
        << t.error().message();
  };

  TrainState missing = initialState(1);
  missing.params.erase("b");
  fails(pkg, missing, options, "the weights lack parameter 'b'");
  TrainState reshaped = initialState(1);
  reshaped.params["w"].shape = {V * V};
  fails(pkg, reshaped, options, "parameter 'w' has a different shape");
  TrainState scaled = initialState(1);
  scaled.lossScale.scale = 1024;
  fails(pkg, scaled, options, "has no loss_scale input");
  fails(scaledPkg, initialState(1), options, "takes a loss_scale input");
  TrainerOptions noAccum;
  noAccum.accum = 0;
  fails(pkg, initialState(1), noAccum,
        "gradient accumulation needs >= 1 micro-step");
  EXPECT_FALSE(Trainer::open((dir / "none").string(), initialState(1),
                             options));

  // A package without gradient outputs is not a train package.
  PackageSpec forward = bigramPackage(false);
  forward.outputs = {{"loss", "loss", {}}};
  ASSERT_TRUE(writePackage(dir / "forward", forward));
  fails((dir / "forward").string(), initialState(1), options,
        "is not a train package");

  // Nothing was patched.
  auto after = blobs(pkg);
  for (const auto &[name, v] : before)
    expectSameBits(after[name], v, name + " blob");
}

} // namespace
