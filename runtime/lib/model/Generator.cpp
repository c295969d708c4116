//===- Generator.cpp - Prefill and KV-cache decode over packages ----------===//

#include "orion/model/Generator.h"
#include "orion/model/Protocol.h"

#include <algorithm>
#include <chrono>

namespace orion::rt {

namespace {

const HostTensorSpec *findInput(const HostPlan &plan, const std::string &name) {
  for (const HostTensorSpec &s : plan.inputs)
    if (s.name == name)
      return &s;
  return nullptr;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       start)
      .count();
}

/// Row `row` of a [rows, cols] host tensor.
std::vector<float> rowOf(const HostTensor &t, int64_t row) {
  int64_t cols = t.shape.back();
  auto begin = t.f32.begin() + row * cols;
  return std::vector<float>(begin, begin + cols);
}

} // namespace

Expected<std::unique_ptr<Generator>>
Generator::open(const std::map<int64_t, std::string> &prefill,
                const std::string &decode, const Options &options) {
  std::unique_ptr<Generator> g(new Generator());
  Executor::Options exOptions;
  exOptions.device = options.device;
  exOptions.allowNonFinite = options.allowNonFinite;
  auto dec = Executor::open(decode, exOptions);
  if (!dec)
    return dec.error();
  g->decode_ = std::move(*dec);
  const auto &plan = g->decode_->package().manifest().hostPlan;
  if (!plan)
    return Error(decode + ": not a decode package (no host plan)");
  const HostTensorSpec *slot = findInput(*plan, protocol::kCacheSlot);
  const HostTensorSpec *k0 = findInput(*plan, protocol::kvCacheName('k', 0));
  const HostTensorSpec *logits = plan->findTensor(protocol::kLogits);
  if (!slot || !k0 || !logits || slot->shape.size() != 2 ||
      k0->shape.size() != 2 || logits->shape.size() != 2)
    return Error(decode + ": not a decode package (needs inputs cache_slot "
                          "and k_cache_0, output logits; see `orion "
                          "build-model --step decode`)");
  g->slots_ = k0->shape[0];
  g->kvDim_ = k0->shape[1];
  g->vocab_ = logits->shape[1];
  for (int64_t l = 0;; ++l) {
    const HostTensorSpec *k = findInput(*plan, protocol::kvCacheName('k', l));
    if (!k)
      break;
    if (!findInput(*plan, protocol::kvCacheName('v', l)))
      return Error(decode + ": " + protocol::kvCacheName('k', l) +
                   " has no " + protocol::kvCacheName('v', l));
    ++g->layers_;
  }

  for (const auto &[bucket, dir] : prefill) {
    auto ex = Executor::open(dir, exOptions);
    if (!ex)
      return ex.error();
    const auto &p = (*ex)->package().manifest().hostPlan;
    const HostTensorSpec *tokens = p ? findInput(*p, protocol::kTokens) : nullptr;
    const HostTensorSpec *k = p ? p->findTensor(protocol::kvName('k', 0)) : nullptr;
    if (!tokens || tokens->shape != std::vector<int64_t>{bucket} || !k ||
        k->shape.back() != g->kvDim_)
      return Error(dir + ": not a prefill package for bucket " +
                   std::to_string(bucket) + " of this model");
    g->prefill_[bucket] = std::move(*ex);
  }
  if (g->prefill_.empty())
    return Error("no prefill package given");
  // Weights are read here, not in the first prefill or decode.
  auto start = std::chrono::steady_clock::now();
  if (Status s = g->decode_->prepare(); !s)
    return s.error();
  for (auto &[bucket, ex] : g->prefill_)
    if (Status s = ex->prepare(); !s)
      return s.error();
  g->loadSeconds_ = secondsSince(start);
  return g;
}

int64_t Generator::maxPrompt() const {
  return std::min(prefill_.rbegin()->first, slots_);
}

Expected<TensorMap> Generator::runPrefill(const std::vector<int32_t> &tokens) {
  int64_t n = int64_t(tokens.size());
  if (n == 0)
    return Error("the prompt is empty");
  auto it = prefill_.lower_bound(n);
  if (it == prefill_.end())
    return Error("a prompt of " + std::to_string(n) +
                 " tokens is longer than the largest prefill bucket (" +
                 std::to_string(prefill_.rbegin()->first) + ")");
  // Causal attention: padding after the prompt changes nothing before it.
  std::vector<int32_t> padded(tokens);
  padded.resize(size_t(it->first), 0);
  TensorMap in;
  in[protocol::kTokens] = HostTensor::int32({it->first}, std::move(padded));
  return it->second->run(in);
}

Expected<std::vector<float>>
Generator::prefill(const std::vector<int32_t> &prompt) {
  int64_t n = int64_t(prompt.size());
  if (n > slots_)
    return Error("a prompt of " + std::to_string(n) +
                 " tokens does not fit the cache of " +
                 std::to_string(slots_) + " slots");
  auto start = std::chrono::steady_clock::now();
  auto out = runPrefill(prompt);
  if (!out)
    return out.error();
  // The decode package keeps the cache in its surfaces: the prompt's rows
  // now, then one row per decoded token.
  for (int64_t l = 0; l < layers(); ++l)
    for (char kind : {'k', 'v'}) {
      const HostTensor &rows = (*out)[protocol::kvName(kind, l)];
      std::vector<float> cache(size_t(slots_ * kvDim_), 0.0f);
      std::copy_n(rows.f32.begin(), size_t(n * kvDim_), cache.begin());
      if (Status s = decode_->makeResident(
              protocol::kvCacheName(kind, l),
              HostTensor::fp32({slots_, kvDim_}, std::move(cache)));
          !s)
        return s.error();
    }
  length_ = n;
  prefillSeconds_ += secondsSince(start);
  return rowOf((*out)[protocol::kLogits], n - 1);
}

Expected<std::vector<float>> Generator::decode(int32_t token) {
  if (length_ == 0)
    return Error("decode needs a prefilled prompt");
  if (length_ >= slots_)
    return Error("the KV cache is full (" + std::to_string(slots_) +
                 " slots)");
  auto start = std::chrono::steady_clock::now();
  int64_t p = length_;
  TensorMap &in = decodeInputs_;
  in[protocol::kTokens] = HostTensor::int32({1}, {token});
  in[protocol::kPositions] = HostTensor::int32({1}, {int32_t(p)});
  std::vector<float> slot(size_t(slots_), 0.0f), mask(size_t(slots_), 0.0f);
  slot[size_t(p)] = 1.0f;
  std::fill(mask.begin() + p + 1, mask.end(), kMaskedScore);
  in[protocol::kCacheSlot] = HostTensor::fp32({1, slots_}, std::move(slot));
  in[protocol::kAttnMask] = HostTensor::fp32({1, slots_}, std::move(mask));
  auto out = decode_->run(in);
  if (!out)
    return out.error();
  for (int64_t l = 0; l < layers(); ++l)
    for (char kind : {'k', 'v'})
      if (Status s = decode_->writeRows(protocol::kvCacheName(kind, l), p,
                                        (*out)[protocol::kvName(kind, l)]);
          !s)
        return s.error();
  ++length_;
  decodeSeconds_ += secondsSince(start);
  return rowOf((*out)[protocol::kLogits], 0);
}

Expected<std::vector<float>>
Generator::recompute(const std::vector<int32_t> &tokens) {
  auto out = runPrefill(tokens);
  if (!out)
    return out.error();
  return rowOf((*out)[protocol::kLogits], int64_t(tokens.size()) - 1);
}

} // namespace orion::rt
