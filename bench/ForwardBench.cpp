//===- ForwardBench.cpp - One host-plan forward pass of a package ---------===//
//
// Times Executor::run on a compiled package (programs compiled and loaded
// once, outside the timing): the throughput `orion run` would reach in a
// serving loop. bench/forward_vs_torch.py builds a GPT-2 124M-config
// package with random weights and compares this against PyTorch on the same
// weights, threads and machine, in one run.
//
// A train-step package (inputs tokens and targets, outputs the loss and
// every gradient) is timed the same way: bench/train_step_vs_torch.py.
//
//   ORION_BENCH_PACKAGE   package directory (required)
//   ORION_BENCH_DEVICE    cpu (default) or ane-sim
//   ORION_BENCH_VOCAB     token ids are drawn from [0, V) (default 32000)
//
//===----------------------------------------------------------------------===//

#include "orion/exec/Executor.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>

using namespace orion::rt;

namespace {

void BM_Forward(benchmark::State &state) {
  const char *pkg = std::getenv("ORION_BENCH_PACKAGE");
  if (!pkg)
    return state.SkipWithError("set ORION_BENCH_PACKAGE to a package");
  const char *device = std::getenv("ORION_BENCH_DEVICE");
  auto ex = Executor::open(pkg, {device ? device : "cpu"});
  if (!ex)
    return state.SkipWithError(ex.error().message().c_str());
  const HostPlan *plan = (*ex)->package().manifest().hostPlan
                             ? &*(*ex)->package().manifest().hostPlan
                             : nullptr;
  if (!plan || plan->inputs.empty())
    return state.SkipWithError("expected a host plan with inputs");
  const char *vocabText = std::getenv("ORION_BENCH_VOCAB");
  uint32_t vocab = vocabText ? uint32_t(std::atoi(vocabText)) : 32000;
  if (vocab == 0)
    return state.SkipWithError("ORION_BENCH_VOCAB must be positive");
  // Every input is token ids (tokens, and a train step's targets).
  std::mt19937 rng(0);
  TensorMap inputs;
  for (const HostTensorSpec &in : plan->inputs) {
    if (in.dtype != "int32")
      return state.SkipWithError(("input " + in.name + " is not int32").c_str());
    size_t count = 1;
    for (int64_t d : in.shape)
      count *= size_t(d);
    std::vector<int32_t> ids(count);
    for (int32_t &t : ids)
      t = int32_t(rng() % vocab);
    inputs[in.name] = HostTensor::int32(in.shape, ids);
  }
  const HostTensorSpec &in = plan->inputs[0];
  if (auto warm = (*ex)->run(inputs); !warm) // compiles and loads
    return state.SkipWithError(warm.error().message().c_str());
  for (auto _ : state) {
    auto out = (*ex)->run(inputs);
    if (!out)
      return state.SkipWithError(out.error().message().c_str());
    benchmark::DoNotOptimize(out->begin()->second.f32.data());
  }
  state.counters["tokens_per_second"] = benchmark::Counter(
      double(in.shape[0]) * double(state.iterations()),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Forward)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
