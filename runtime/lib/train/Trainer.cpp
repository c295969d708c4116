//===- Trainer.cpp - The training step loop on a train package ------------===//

#include "orion/train/Trainer.h"
#include "orion/format/BlobFile.h"
#include "orion/format/Finite.h"
#include "orion/format/Memory.h"
#include "orion/format/Fp16.h"
#include "orion/format/Package.h"
#include "orion/format/SafeTensors.h"
#include "orion/format/WeightPatcher.h"
#include "orion/model/Protocol.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <optional>

namespace orion::rt {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       start)
      .count();
}

/// The master weights as a store for the patcher: views, not a copy (a
/// copy of every weight cost a third of stories15m's patch step).
Expected<WeightStore> storeOf(const MasterWeights &params) {
  std::vector<TensorView> views;
  for (const auto &[name, p] : params) {
    TensorView v;
    v.name = name;
    v.dtype = DType::F32;
    v.shape = p.shape;
    v.data = reinterpret_cast<const uint8_t *>(p.value.data());
    v.sizeBytes = p.value.size() * sizeof(float);
    views.push_back(std::move(v));
  }
  return WeightStore::fromViews(std::move(views));
}

/// Every parameter the package reads must have master weights of its
/// shape.
Status checkParamsPresent(const Manifest &manifest, const TrainState &state,
                          const std::string &pkgDir) {
  for (const ProgramSpec &prog : manifest.programs)
    for (const WeightEntry &e : prog.weights)
      for (const WeightSource &src : e.sources) {
        auto it = state.params.find(src.param);
        if (it == state.params.end())
          return Error("the weights lack parameter '" + src.param +
                       "', which " + pkgDir + " reads");
        if (it->second.shape != src.paramShape)
          return Error("parameter '" + src.param +
                       "' has a different shape in the weights than in " +
                       pkgDir);
      }
  return Status::ok();
}

/// The blob verifyPatched() reads back: the smallest file holding one
/// parameter as a plain copy (no slice, transpose or fusion).
struct CheckBlob {
  std::string file, param, dtype;
  uint64_t offset = 0;
};

std::optional<CheckBlob> pickCheckBlob(const Package &pkg) {
  std::optional<CheckBlob> best;
  uint64_t smallest = UINT64_MAX;
  for (const ProgramSpec &prog : pkg.manifest().programs)
    for (const WeightEntry &e : prog.weights) {
      const WeightSource &src = e.sources.front();
      bool identity = e.sources.size() == 1 && !src.slice && src.perm.empty() &&
                      (e.dtype == "fp16" || e.dtype == "fp32");
      if (!identity)
        continue;
      std::error_code ec;
      uint64_t size = uint64_t(std::filesystem::file_size(pkg.path(e.file), ec));
      if (!ec && size < smallest) {
        smallest = size;
        best = CheckBlob{pkg.path(e.file), src.param, e.dtype, e.offset};
      }
    }
  return best;
}

/// A package compiled with --loss-scale takes the scale as an input; the
/// state must carry one exactly then.
Status checkLossScaleInput(const HostPlan &plan, const TrainState &state,
                           const std::string &pkgDir) {
  bool takesScale = std::any_of(plan.inputs.begin(), plan.inputs.end(),
                                [](const HostTensorSpec &in) {
                                  return in.name == protocol::kLossScale;
                                });
  if (takesScale != state.lossScale.enabled())
    return Error(pkgDir + (takesScale
                               ? " takes a loss_scale input, but the "
                                 "training state has no loss scale"
                               : " has no loss_scale input (compile with "
                                 "--loss-scale), but the training state "
                                 "scales the loss"));
  return Status::ok();
}

/// The parameters with a gradient output, each of its parameter's shape.
Expected<std::vector<std::string>>
trainedParams(const HostPlan &plan, const TrainState &state,
              const std::string &pkgDir) {
  bool hasLoss = false;
  std::vector<std::string> trained;
  for (const HostTensorSpec &out : plan.outputs) {
    if (out.name == protocol::kLoss) {
      hasLoss = true;
      continue;
    }
    if (out.name.rfind(protocol::kGradPrefix, 0) != 0)
      continue;
    std::string param = out.name.substr(std::strlen(protocol::kGradPrefix));
    auto it = state.params.find(param);
    if (it == state.params.end())
      return Error(pkgDir + " returns " + out.name +
                   " but the weights have no parameter '" + param + "'");
    if (it->second.shape != out.shape)
      return Error(pkgDir + ": " + out.name +
                   " does not have its parameter's shape");
    trained.push_back(param);
  }
  if (!hasLoss || trained.empty())
    return Error(pkgDir + " is not a train package (it needs a 'loss' and "
                          "'grad.<param>' outputs: compile with --pipeline "
                          "training)");
  return trained;
}

/// AdamW moments start at zero for parameters without saved ones.
void zeroMissingMoments(MasterWeights &params) {
  for (auto &[name, p] : params) {
    size_t n = p.value.size();
    if (p.m.size() != n)
      p.m.assign(n, 0.0f);
    if (p.v.size() != n)
      p.v.assign(n, 0.0f);
  }
}

/// Master weights and moments, as they enter a trainer: finite, and
/// second moments >= 0 (AdamW divides by their square root).
Status checkFiniteState(const MasterWeights &params) {
  for (const auto &[name, p] : params) {
    for (const auto *values : {&p.value, &p.m, &p.v})
      if (NonFiniteValues v =
              scanNonFinite(DType::F32, values->data(), values->size()))
        return nonFiniteError(values == &p.value ? "the master weights"
                              : values == &p.m   ? "the first moments"
                                                 : "the second moments",
                              name, v);
    for (size_t i = 0; i < p.v.size(); ++i)
      if (p.v[i] < 0)
        return Error("the second moments: parameter '" + name +
                     "' element " + std::to_string(i) + " is " +
                     std::to_string(p.v[i]) + ", but they are >= 0");
  }
  return Status::ok();
}

} // namespace

Expected<std::unique_ptr<Trainer>> Trainer::open(const std::string &pkgDir,
                                                 TrainState state,
                                                 const TrainerOptions &options) {
  return catchOutOfMemory(pkgDir, [&] {
    return openImpl(pkgDir, std::move(state), options);
  });
}

Expected<std::unique_ptr<Trainer>>
Trainer::openImpl(const std::string &pkgDir, TrainState state,
                  const TrainerOptions &options) {
  if (!options.allowNonFinite)
    if (Status s = checkFiniteState(state.params); !s)
      return s.error();
  if (options.accum < 1)
    return Error("gradient accumulation needs >= 1 micro-step, got " +
                 std::to_string(options.accum));
  auto lock = lockPackage(pkgDir, DirectoryLock::Mode::Exclusive);
  if (!lock)
    return lock.error();
  auto pkg = Package::open(pkgDir);
  if (!pkg)
    return pkg.error();
  const Manifest &manifest = pkg->manifest();
  if (!manifest.hostPlan)
    return Error(pkgDir + ": the package has no host plan (compile the train "
                          "step with --pipeline training)");
  if (Status s = checkParamsPresent(manifest, state, pkgDir); !s)
    return s.error();
  if (Status s = checkLossScaleInput(*manifest.hostPlan, state, pkgDir); !s)
    return s.error();
  auto trained = trainedParams(*manifest.hostPlan, state, pkgDir);
  if (!trained)
    return trained.error();

  std::unique_ptr<Trainer> t(new Trainer());
  t->lock_ = std::move(*lock);
  t->pkgDir_ = pkgDir;
  t->options_ = options;
  t->trained_ = std::move(*trained);
  if (auto check = pickCheckBlob(*pkg)) {
    t->checkFile_ = check->file;
    t->checkParam_ = check->param;
    t->checkDType_ = check->dtype;
    t->checkOffset_ = check->offset;
  }
  zeroMissingMoments(state.params);
  t->state_ = std::move(state);
  if (Status s = t->start(); !s)
    return s.error();
  return t;
}

Status Trainer::start() {
  // The package may hold anything (zeros, or weights of an earlier run):
  // the master weights go in before it is opened.
  auto store = storeOf(state_.params);
  if (!store)
    return store.error();
  auto report = patchPackage(pkgDir_, *store);
  if (!report)
    return report.error();
  if (Status s = verifyPatched(); !s)
    return s;
  Executor::Options eo;
  eo.device = options_.device;
  eo.allowNonFinite = options_.allowNonFinite;
  auto executor = Executor::open(pkgDir_, eo);
  if (!executor)
    return executor.error();
  executor_ = std::move(*executor);
  return executor_->prepare();
}

size_t Trainer::compiledPrograms() const { return programCache().size(); }

uint64_t Trainer::deviceCompiles() const {
  uint64_t n = 0;
  for (const char *placement : {"ane", "cpu"}) {
    const DeviceCounters &c = executor_->device(placement).counters();
    n += c.compiles - c.verificationCompiles - c.reloadCompiles;
  }
  return n;
}

Status Trainer::verifyPatched() const {
  if (checkFile_.empty())
    return Status::ok(); // no parameter is stored as a plain copy
  auto file = BlobFile::open(checkFile_);
  if (!file)
    return file.error();
  auto blob = file->blobAt(checkOffset_);
  if (!blob)
    return blob.error();
  const std::vector<float> &want = state_.params.at(checkParam_).value;
  const uint8_t *data = file->data(*blob);
  for (size_t i = 0; i < want.size(); ++i) {
    float stored, rounded = want[i];
    if (checkDType_ == "fp16") {
      uint16_t h;
      std::memcpy(&h, data + 2 * i, 2);
      stored = halfToFloat(h);
      rounded = halfToFloat(floatToHalf(want[i]));
    } else {
      std::memcpy(&stored, data + 4 * i, 4);
    }
    if (std::memcmp(&stored, &rounded, sizeof(float)) != 0)
      return Error(checkFile_ + ": after the patch, element " +
                   std::to_string(i) + " of '" + checkParam_ + "' is " +
                   std::to_string(stored) + ", not the master weight " +
                   std::to_string(want[i]) + " as " + checkDType_);
  }
  return Status::ok();
}

Status Trainer::patchAndReload() {
  auto store = storeOf(state_.params);
  if (!store)
    return store.error();
  // The package is a working copy rebuilt from the master weights at every
  // start; checkpoints are the durable state, so a step does not fsync.
  PatchOptions options;
  options.durable = false;
  auto report = patchPackage(pkgDir_, *store, options);
  if (!report)
    return report.error();
  if (report->nonFinite)
    return Error(pkgDir_ + ": " + std::to_string(report->nonFinite) +
                 " weights do not fit the package's blob type (NaN, Inf or "
                 "beyond fp16's range)");
  if (Status s = verifyPatched(); !s)
    return s;
  return executor_->reloadWeights();
}

Expected<StepReport> Trainer::step(TrainData &data) {
  return catchOutOfMemory(pkgDir_, [&] { return stepImpl(data); });
}

Expected<StepReport> Trainer::stepImpl(TrainData &data) {
  auto start = std::chrono::steady_clock::now();
  StepReport r;
  r.step = state_.step;
  r.lr = options_.schedule.at(state_.step);

  Gradients grads;
  double lossSum = 0;
  for (int64_t micro = 0; micro < options_.accum; ++micro) {
    Batch b = data.next();
    r.windows.push_back(b.window);
    int64_t s = int64_t(b.tokens.size());
    TensorMap inputs;
    inputs[protocol::kTokens] = HostTensor::int32({s}, std::move(b.tokens));
    inputs[protocol::kTargets] = HostTensor::int32({s}, std::move(b.targets));
    if (state_.lossScale.enabled())
      inputs[protocol::kLossScale] =
          HostTensor::fp32({}, {float(state_.lossScale.scale)});
    auto runStart = std::chrono::steady_clock::now();
    auto out = executor_->run(inputs);
    r.runSeconds += secondsSince(runStart);
    if (!out)
      return out.error();
    auto loss = out->find(protocol::kLoss);
    if (loss == out->end() || loss->second.f32.size() != 1)
      return Error(pkgDir_ + ": the run returned no scalar 'loss'");
    lossSum += double(loss->second.f32[0]);
    for (const std::string &param : trained_) {
      auto g = out->find(protocol::gradientName(param));
      if (g == out->end())
        return Error(pkgDir_ + ": the run returned no grad." + param);
      std::vector<float> &acc = grads[param];
      if (acc.empty())
        acc = std::move(g->second.f32);
      else
        for (size_t i = 0; i < acc.size(); ++i)
          acc[i] += g->second.f32[i];
    }
  }
  // Each micro-step's loss is a mean over its positions; the step's loss
  // and gradient are the mean over micro-steps.
  r.loss = lossSum / double(options_.accum);
  r.lossScale = state_.lossScale.scale;
  double scale = state_.lossScale.enabled() ? state_.lossScale.scale : 1.0;
  if (options_.accum > 1 || scale != 1.0) {
    float inv = float(1.0 / (double(options_.accum) * scale));
    for (auto &[name, g] : grads)
      for (float &x : g)
        x *= inv;
  }
  state_.dataPosition = data.position();
  ++state_.step;
  StepOutcome o = optimizerStep(state_.params, grads, r.loss, r.lr,
                                state_.adamSteps, options_.clip,
                                options_.adamw);
  r.gradNorm = o.gradNorm;
  // A skip with the loss scale at its floor (or none) cannot be cured by
  // backing off: the next window is the only hope.
  bool atFloor = !state_.lossScale.enabled() || state_.lossScale.scale <= 1;
  hopelessSkips_ = o.skipped && atFloor ? hopelessSkips_ + 1 : 0;
  state_.lossScale.update(o.skipped, options_.lossScale);
  if (hopelessSkips_ >= kMaxHopelessSkips)
    return Error(pkgDir_ + ": " + std::to_string(hopelessSkips_) +
                 " steps in a row had a non-finite loss or gradient (last "
                 "loss " + std::to_string(r.loss) + ")" +
                 (state_.lossScale.enabled() ? " at the smallest loss scale"
                                             : "") +
                 ": no step can be made; check the weights and the data");
  if (o.skipped) {
    r.skipped = true;
    ++state_.skipped;
    r.seconds = secondsSince(start);
    return r;
  }
  auto patchStart = std::chrono::steady_clock::now();
  if (Status s = patchAndReload(); !s)
    return s.error();
  r.patchSeconds = secondsSince(patchStart);
  r.seconds = secondsSince(start);
  return r;
}

} // namespace orion::rt
