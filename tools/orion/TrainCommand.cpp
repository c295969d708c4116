//===- TrainCommand.cpp - orion train: fine-tune a model ------------------===//
//
// Compiles the model's train step once (kept in the cache directory; the
// cached copy holds no weights), copies it to a working package, and runs
// the step loop of orion/train/Trainer.h on windows of the data: run ->
// AdamW on fp32 master weights -> patch the weights in place -> reload.
// Checkpoints (orion/train/Checkpoint.h) hold weights, moments and the
// data position, so `--resume` continues exactly.
//
//===----------------------------------------------------------------------===//

#include "Command.h"
#include "ModelSource.h"
#include "Table.h"

#include "Orion/Driver/CompileModel.h"
#include "Orion/Driver/PackageCache.h"

#include "orion/exec/DeviceRegistry.h"
#include "orion/format/DirectoryLock.h"
#include "orion/format/Package.h"
#include "orion/format/StagedDirectory.h"
#include "orion/model/ModelImport.h"
#include "orion/train/Checkpoint.h"
#include "orion/train/TrainInputs.h"
#include "orion/train/Trainer.h"

#include "llvm/ADT/StringExtras.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

using namespace mlir::orion;
namespace fs = std::filesystem;
namespace rt = ::orion::rt;

namespace orion::cli {

namespace {

constexpr const char *kName = "train";

/// One line per step, flushed, as CSV or (for .jsonl/.json) JSON lines.
class StepLog {
public:
  bool open(const std::string &path, bool append) {
    json_ = llvm::StringRef(path).ends_with(".jsonl") ||
            llvm::StringRef(path).ends_with(".json");
    bool fresh = !append || !fs::exists(path);
    out_.open(path, append ? std::ios::app : std::ios::trunc);
    if (out_ && fresh && !json_)
      out_ << "step,loss,lr,grad_norm,ms,skipped,windows,loss_scale\n";
    return bool(out_);
  }
  void write(const rt::StepReport &r) {
    if (!out_.is_open())
      return;
    std::string windows;
    for (int64_t w : r.windows)
      windows += (windows.empty() ? "" : " ") + std::to_string(w);
    char line[512];
    if (json_)
      std::snprintf(line, sizeof line,
                    "{\"step\": %lld, \"loss\": %.9g, \"lr\": %.9g, "
                    "\"grad_norm\": %.9g, \"ms\": %.3f, \"skipped\": %s, "
                    "\"windows\": [%s], \"loss_scale\": %g}\n",
                    (long long)r.step + 1, r.loss, r.lr, r.gradNorm,
                    r.seconds * 1e3, r.skipped ? "true" : "false",
                    llvm::join(llvm::split(windows, ' '), ", ").c_str(),
                    r.lossScale);
    else
      std::snprintf(line, sizeof line, "%lld,%.9g,%.9g,%.9g,%.3f,%d,%s,%g\n",
                    (long long)r.step + 1, r.loss, r.lr, r.gradNorm,
                    r.seconds * 1e3, int(r.skipped), windows.c_str(),
                    r.lossScale);
    out_ << line << std::flush;
  }

private:
  std::ofstream out_;
  bool json_ = false;
};

/// A failed step's message, for fail(); nothing when it succeeded.
using Problem = std::optional<std::string>;

/// What `orion train` was asked to do, each option checked.
struct TrainRun {
  std::optional<rt::TrainState> resumed;
  std::optional<rt::ImportedModel> imported;
  ModelConfig config;
  int64_t seq = 0, steps = 100, saveEvery = 0;
  uint64_t seed = 0, initSeed = 0;
  bool scaled = false; // dynamic loss scaling
  rt::TrainerOptions trainer;
  mlir::orion::ANEPipelineConfig pipeline;
  std::optional<std::string> saveDir;
};

/// The model: a checkpoint to resume, an imported model, or a config.
Problem readModel(const Args &args, TrainRun &run) {
  if (auto dir = args.value("resume")) {
    if (args.value("weights") || args.value("model"))
      return "--resume takes the weights from the checkpoint; drop "
             "--weights and --model";
    auto s = rt::loadCheckpoint(*dir);
    if (!s)
      return s.error().message();
    run.resumed = std::move(*s);
  }
  auto fromModel = importModelOption(args);
  if (!fromModel)
    return llvm::toString(fromModel.takeError());
  if (*fromModel) {
    run.imported = std::move((*fromModel)->model);
    run.config = (*fromModel)->config;
  } else if (run.resumed && !args.value("preset") && !args.value("config")) {
    auto c = rt::parseModelConfig(run.resumed->configJson,
                                  *args.value("resume"));
    if (!c)
      return c.error().message();
    run.config = *c;
  } else {
    auto c = loadConfig(args);
    if (!c)
      return llvm::toString(c.takeError());
    run.config = *c;
  }
  return std::nullopt;
}

/// Window, step counts, seeds, AdamW, clipping and the learning-rate
/// schedule, each checked with its option's name.
Problem readNumbers(const Args &args, TrainRun &run) {
  run.seq = std::min<int64_t>(256, run.config.maxSeq);
  int64_t warmup = 0;
  double minLr = 0;
  rt::TrainerOptions &t = run.trainer;
  rt::AdamWOptions &adamw = t.adamw;
  rt::LRSchedule &schedule = t.schedule;
  for (auto problem :
       {args.number("seq", run.seq), args.number("steps", run.steps),
        args.number("warmup", warmup), args.number("accum", t.accum),
        args.number("save-every", run.saveEvery),
        args.number("seed", run.seed), args.number("lr", schedule.lr),
        args.number("min-lr", minLr),
        args.number("weight-decay", adamw.weightDecay),
        args.number("clip", t.clip), args.number("beta1", adamw.beta1),
        args.number("beta2", adamw.beta2), args.number("eps", adamw.eps)})
    if (problem)
      return problem;
  run.initSeed = run.seed;
  if (auto problem = args.number("init-seed", run.initSeed))
    return problem;
  if (run.seq < 1 || run.seq > run.config.maxSeq)
    return "--seq must be in [1, " + std::to_string(run.config.maxSeq) +
           "] (the model's max_seq), got " + std::to_string(run.seq);
  if (run.steps < 0)
    return "--steps must be >= 0";
  if (!(schedule.lr > 0) || minLr < 0 || minLr > schedule.lr)
    return "--lr must be > 0 and --min-lr in [0, lr]";
  if (warmup < 0 || t.accum < 1 || run.saveEvery < 0)
    return "--warmup and --save-every must be >= 0 and --accum >= 1";
  if (adamw.weightDecay < 0 || t.clip < 0 || adamw.eps <= 0 ||
      !(adamw.beta1 >= 0 && adamw.beta1 < 1) ||
      !(adamw.beta2 >= 0 && adamw.beta2 < 1))
    return "--weight-decay and --clip must be >= 0, --eps > 0, --beta1 and "
           "--beta2 in [0, 1)";
  std::string scheduleName = args.value("schedule").value_or("constant");
  if (scheduleName != "constant" && scheduleName != "cosine")
    return "--schedule must be constant or cosine, got '" + scheduleName + "'";
  schedule.kind = scheduleName == "cosine" ? rt::LRSchedule::Kind::Cosine
                                           : rt::LRSchedule::Kind::Constant;
  schedule.minLr = minLr;
  schedule.warmup = warmup;
  schedule.totalSteps = run.steps;
  return std::nullopt;
}

/// Dynamic loss scaling (Optimizer.h): on by default for fp16, whose small
/// gradients would otherwise underflow; a resumed run keeps the
/// checkpoint's scale.
Problem readLossScaling(const Args &args, const std::string &precision,
                        TrainRun &run) {
  rt::LossScaleOptions &lossScaling = run.trainer.lossScale;
  std::optional<std::string> scaleArg = args.value("loss-scale");
  run.scaled = precision == "fp16";
  if (scaleArg && *scaleArg == "off") {
    run.scaled = false;
  } else if (scaleArg) {
    if (auto problem = args.number("loss-scale", lossScaling.initial))
      return problem;
    if (!(lossScaling.initial >= 1 &&
          lossScaling.initial <= rt::kMaxLossScale))
      return "--loss-scale must be off or in [1, 32768] (fp16's largest "
             "power of two), got " + *scaleArg;
    run.scaled = true;
  }
  if (auto problem = args.number("loss-scale-interval", lossScaling.interval))
    return problem;
  if (lossScaling.interval < 1)
    return "--loss-scale-interval must be >= 1";
  if (run.resumed) {
    if (scaleArg)
      return "--loss-scale is for a new run; " + *args.value("resume") +
             " carries its own loss scale";
    run.scaled = run.resumed->lossScale.enabled();
  }
  return std::nullopt;
}

/// The device and the precision the train step is compiled for.
Problem readDevice(const Args &args, TrainRun &run) {
  run.trainer.allowNonFinite = args.flag("allow-non-finite");
  std::string &device = run.trainer.device;
  device = deviceArg(args, "train");
  if (device != "cpu" && device != "ane-sim" && device != "ane")
    return "--device must be cpu, ane-sim or ane, got '" + device + "'";
  if (auto d = rt::createDevice(device); !d)
    return d.error().message();
  // fp32: every kernel, surface and weight in fp32 (the cpu device, for
  // comparisons with PyTorch); fp16: the ANE's numerics.
  std::string precision =
      args.value("precision").value_or(device == "cpu" ? "fp32" : "fp16");
  if (precision != "fp32" && precision != "fp16")
    return "--precision must be fp32 or fp16, got '" + precision + "'";
  if (Problem p = readLossScaling(args, precision, run))
    return p;
  if (precision == "fp32") {
    run.pipeline.computeType = run.pipeline.weightType =
        mlir::orion::ComputeType::FP32;
    run.pipeline.surfaceType = mlir::orion::SurfaceType::FP32;
  }
  run.pipeline.lossScale = run.scaled;
  return std::nullopt;
}

/// A resumed run's state, checked against this run's config and data.
Problem resumeState(const Args &args, TrainRun &run, int64_t dataTokens,
                    rt::TrainData &data, rt::TrainState &state) {
  state = std::move(*run.resumed);
  std::string where = *args.value("resume");
  auto saved = rt::parseModelConfig(state.configJson);
  if (!saved || !rt::sameModel(*saved, run.config))
    return where + " was trained with another model config";
  if (state.seq != run.seq || state.dataTokens != dataTokens ||
      state.dataSeed != run.seed)
    return where + " was trained with --seq " + std::to_string(state.seq) +
           ", --seed " + std::to_string(state.dataSeed) + " on " +
           std::to_string(state.dataTokens) +
           " tokens of data; give the same to resume";
  data.seek(state.dataPosition);
  std::cout << "resuming " << where << " at step " << state.step << "\n";
  return std::nullopt;
}

/// A new run's state: weights from --weights, --model or the initialiser.
Problem initialState(const Args &args, const TrainRun &run, int64_t dataTokens,
                     rt::TrainState &state) {
  std::optional<rt::WeightStore> store;
  std::string source = "init";
  if (auto w = args.value("weights")) {
    auto opened = openWeightsOption(args, *w);
    if (!opened)
      return llvm::toString(opened.takeError());
    store = std::move(*opened);
    source = *w;
  } else if (run.imported) {
    source = *args.value("model");
  }
  const rt::WeightStore *from = store          ? &*store
                                : run.imported ? &run.imported->weights
                                               : nullptr;
  auto weights =
      rt::initialMasterWeights(run.config, from, source, run.initSeed);
  if (!weights)
    return weights.error().message();
  state.params = std::move(*weights);
  state.configJson = rt::modelConfigToJson(run.config);
  state.seq = run.seq;
  state.dataSeed = run.seed;
  state.dataTokens = dataTokens;
  if (run.scaled)
    state.lossScale.scale = run.trainer.lossScale.initial;
  return std::nullopt;
}

/// The working package: the train step compiled once without weights
/// (cached under everything its MIL depends on, never the weight values:
/// the trainer patches them), copied to `work`.
Problem preparePackage(const Args &args, const TrainRun &run,
                       const fs::path &work) {
  std::string cacheDir = args.value("cache-dir").value_or(defaultCacheDir());
  PackageCache cache{cacheDir, run.config, nullptr, "", run.pipeline};
  auto templ = cache.ensure(ModelStep::Train, "train", run.seq);
  if (!templ)
    return llvm::toString(templ.takeError());
  // Only an earlier run's package is replaced, whole, under its lock (never
  // a directory of the user's that happens to have its name).
  std::error_code ec;
  std::optional<rt::DirectoryLock> lock;
  if (fs::exists(fs::symlink_status(work, ec))) {
    auto locked = rt::lockPackage(work.string(),
                                  rt::DirectoryLock::Mode::Exclusive);
    if (!locked || fs::is_symlink(fs::symlink_status(work, ec)))
      return work.string() + " exists and is not an Orion package; refusing "
             "to replace it" +
             (locked ? "" : " (" + locked.error().message() + ")");
    lock = std::move(*locked);
  }
  fs::create_directories(work.parent_path(), ec);
  const std::string pid = std::to_string(::getpid());
  auto staged = rt::StagedDirectory::create(work.string(),
                                            work.string() + ".orion-tmp-" + pid,
                                            work.string() + ".orion-old-" + pid);
  if (!staged)
    return staged.error().message();
  fs::copy(*templ, staged->path(), fs::copy_options::recursive, ec);
  if (ec)
    return "cannot copy the train package to " + work.string() + ": " +
           ec.message();
  if (rt::Status s = staged->commit(); !s)
    return s.error().message();
  staged->removeSetAside();
  return std::nullopt;
}

/// Totals over the steps of this invocation, for the summary line.
struct TrainTotals {
  int64_t done = 0, skipped = 0;
  double firstLoss = 0, lastLoss = 0, seconds = 0, runSeconds = 0,
         patchSeconds = 0;

  void add(const rt::StepReport &r) {
    if (done++ == 0)
      firstLoss = r.loss;
    lastLoss = r.loss;
    seconds += r.seconds;
    runSeconds += r.runSeconds;
    patchSeconds += r.patchSeconds;
    skipped += r.skipped;
  }
};

void printStep(const rt::StepReport &r, int64_t i, int64_t steps) {
  char scaleText[48] = "";
  if (r.lossScale > 0)
    std::snprintf(scaleText, sizeof scaleText, " | scale %g", r.lossScale);
  char line[320];
  std::snprintf(line, sizeof line,
                "step %lld/%lld | loss %.6f | lr %.3e | grad-norm %.4f%s | "
                "%.1f ms%s",
                (long long)i + 1, (long long)steps, r.loss, r.lr, r.gradNorm,
                scaleText, r.seconds * 1e3,
                r.skipped ? " | skipped (non-finite)" : "");
  std::cout << line << std::endl;
}

void printSummary(const TrainTotals &t, const TrainRun &run, size_t compiled) {
  if (!t.done)
    return;
  const double done = double(t.done);
  char line[384];
  std::snprintf(line, sizeof line,
                "trained %lld steps on %s: loss %.6f -> %.6f, %lld skipped, "
                "%.1f ms/step (run %.1f, patch+reload %.1f), %.0f tokens/s, "
                "%zu programs compiled once",
                (long long)t.done, run.trainer.device.c_str(), t.firstLoss,
                t.lastLoss, (long long)t.skipped, t.seconds / done * 1e3,
                t.runSeconds / done * 1e3, t.patchSeconds / done * 1e3,
                double(t.done * run.trainer.accum * run.seq) / t.seconds,
                compiled);
  std::cout << line << "\n";
}

/// Writes a checkpoint when --save was given.
bool saveIfAsked(const TrainRun &run, const rt::Trainer &t) {
  if (!run.saveDir)
    return true;
  if (rt::Status s = rt::saveCheckpoint(*run.saveDir, t.state()); !s) {
    fail(kName, s.error().message());
    return false;
  }
  std::cout << "saved " << *run.saveDir << "/"
            << rt::checkpointName(t.state().step) << "\n";
  return true;
}

/// The step loop, checkpoints and the summary.
int trainLoop(const TrainRun &run, rt::Trainer &t, rt::TrainData &data,
              StepLog &log) {
  const size_t compiled = t.compiledPrograms();
  const uint64_t deviceCompiles = t.deviceCompiles();
  TrainTotals totals;
  for (int64_t i = t.state().step; i < run.steps; ++i) {
    auto r = t.step(data);
    if (!r)
      return fail(kName, r.error().message());
    printStep(*r, i, run.steps);
    log.write(*r);
    totals.add(*r);
    if (run.saveEvery > 0 && (i + 1) % run.saveEvery == 0 &&
        i + 1 < run.steps && !saveIfAsked(run, t))
      return 1;
  }
  if (totals.done && totals.skipped == totals.done)
    return fail(kName, "none of the " + std::to_string(totals.done) +
                           " steps could be applied: every loss or gradient "
                           "was NaN or Inf");
  if (!saveIfAsked(run, t))
    return 1;
  if (t.compiledPrograms() != compiled || t.deviceCompiles() != deviceCompiles)
    return fail(kName, "programs were recompiled during training");
  printSummary(totals, run, compiled);
  return 0;
}

/// Removes the working package on exit unless it lives in --save's
/// directory.
struct RemoveOnExit {
  fs::path dir;
  bool remove;
  ~RemoveOnExit() {
    std::error_code e;
    if (remove)
      fs::remove_all(dir, e);
  }
};

int runTrain(const Args &args) {
  TrainRun run;
  for (auto read : {readModel, readNumbers, readDevice})
    if (Problem p = read(args, run))
      return fail(kName, *p);

  // One trainer per --save directory, for the whole run: its checkpoints
  // and working package are written by nobody else.
  std::optional<rt::DirectoryLock> saveLock;
  if (auto save = args.value("save")) {
    std::error_code ec;
    fs::create_directories(*save, ec);
    auto locked = rt::DirectoryLock::acquire(
        *save, rt::DirectoryLock::Mode::Exclusive, "checkpoint directory", 0);
    if (!locked)
      return fail(kName, locked.error().message() +
                             " (is another `orion train` saving there?)");
    saveLock = std::move(*locked);
  }

  // Data (checked before anything is compiled).
  auto ids = rt::readTrainTokens(*args.value("data"), args.value("tokenizer"),
                                 !run.config.gpt2());
  if (!ids)
    return fail(kName, ids.error().message());
  int64_t dataTokens = int64_t(ids->size());
  auto data = rt::TrainData::create(std::move(*ids), run.seq, run.config.vocab,
                                    run.seed, *args.value("data"));
  if (!data)
    return fail(kName, data.error().message());

  rt::TrainState state;
  const bool resuming = run.resumed.has_value();
  if (Problem p = resuming
                      ? resumeState(args, run, dataTokens, *data, state)
                      : initialState(args, run, dataTokens, state))
    return fail(kName, *p);

  // The package: compiled once, copied, then only ever patched.
  run.saveDir = args.value("save");
  fs::path work = run.saveDir ? fs::path(*run.saveDir) / "package"
                              : fs::temp_directory_path() /
                                    ("orion-train-" +
                                     std::to_string(::getpid()));
  if (Problem p = preparePackage(args, run, work))
    return fail(kName, *p);
  RemoveOnExit cleanup{work, !run.saveDir};

  auto trainer = rt::Trainer::open(work.string(), std::move(state), run.trainer);
  if (!trainer)
    return fail(kName, trainer.error().message());
  StepLog log;
  if (auto path = args.value("log"))
    if (!log.open(*path, resuming))
      return fail(kName, "cannot write the log " + *path);
  return trainLoop(run, **trainer, *data, log);
}

} // namespace

Command trainCommand() {
  Command c;
  c.name = "train";
  c.usage = "(--preset NAME | --config FILE | --model FILE|DIR | --resume DIR) "
            "--data FILE [--weights STORE] [--steps N] [--lr LR] [--save DIR]";
  c.summary = "Fine-tune a model: AdamW steps on its train package";
  c.description =
      "Compiles the model's train step (loss and every parameter's gradient,\n"
      "`--pipeline training`) once, then per step: runs `--accum` windows of\n"
      "the data, averages loss and gradients, clips them to `--clip`, applies\n"
      "AdamW to fp32 master weights (torch.optim.AdamW's exact rule; no decay\n"
      "on rank-1 parameters: norm scales and biases), and patches the new\n"
      "weights into the package in place: no recompiles. A step whose loss or\n"
      "gradient is NaN/Inf is skipped and counted. With fp16 kernels the\n"
      "backward pass starts from a dynamic loss scale (`--loss-scale`) that\n"
      "keeps small gradients above fp16's subnormals; gradients are divided\n"
      "back before the update, and an overflow halves the scale.\n\n"
      "Data: token ids (a 1-D .npy) or a text file with --tokenizer. Window k\n"
      "is tokens [k*S, k*S + S]: inputs its first S, targets its last S. Each\n"
      "epoch visits every window once in an order drawn from --seed.\n\n"
      "Weights: --weights STORE, --model FILE|DIR, or without either the\n"
      "initialisation of `orion build-model --init-weights` (--init-seed).\n"
      "--save DIR writes checkpoints (DIR/step-N/model.safetensors, loadable\n"
      "with --model; optimizer.safetensors: moments, step, data position)\n"
      "every --save-every steps and at the end, atomically; --resume DIR\n"
      "continues a run exactly (same flags; --steps counts from the start).\n"
      "Prints one line per step (step, loss, lr, grad-norm, ms) and a summary;\n"
      "--log FILE also writes them as CSV (or JSON lines for .jsonl).";
  c.options = {
      {"preset", "NAME", "a built-in model config"},
      {"config", "FILE", "a JSON model config (overrides the preset)"},
      {"model", "FILE|DIR",
       "a llama2.c, Hugging Face or Orion checkpoint: config and weights"},
      {"weights", "STORE", "initial weights (safetensors file or directory)"},
      allowNonFiniteOption(),
      {"init-seed", "N",
       "seed of the initial weights without --weights (default: --seed)"},
      {"data", "FILE", "token ids (.npy) or text (with --tokenizer)", true},
      {"tokenizer", "FILE", "encoder.json or llama2.c tokenizer.bin"},
      {"seq", "S", "tokens per window (default min(256, max_seq))"},
      {"steps", "N", "optimizer steps in all (default 100)"},
      {"lr", "LR", "peak learning rate (default 3e-4)"},
      {"schedule", "KIND", "constant (default) or cosine (to --min-lr)"},
      {"min-lr", "LR", "cosine's final learning rate (default 0)"},
      {"warmup", "N", "linear warmup steps (default 0)"},
      {"weight-decay", "WD", "AdamW's decoupled decay (default 0.01)"},
      {"beta1", "B", "default 0.9"},
      {"beta2", "B", "default 0.999"},
      {"eps", "E", "default 1e-8"},
      {"clip", "NORM", "clip the global gradient norm (default 0: off)"},
      {"accum", "N", "micro-steps (windows) per step (default 1)"},
      {"seed", "N", "data order (and default init) seed (default 0)"},
      {"device", "D", "cpu (default), ane-sim, ane, or auto (ane when `orion doctor` finds Apple's framework, else cpu)"},
      {"precision", "P",
       "fp32 (kernels, surfaces and weights; default on cpu) or fp16 (the "
       "ANE's; default otherwise)"},
      {"loss-scale", "S|off",
       "fp16: initial dynamic loss scale (default 1024; halved on overflow, "
       "doubled after --loss-scale-interval good steps), or off; fp32: off "
       "unless given"},
      {"loss-scale-interval", "N",
       "good steps before the loss scale doubles (default 2000)"},
      {"save", "DIR", "checkpoint directory"},
      {"save-every", "N", "also checkpoint every N steps (default 0: end only)"},
      {"resume", "DIR", "continue from a checkpoint directory"},
      {"cache-dir", "DIR", "where the compiled train package is kept"},
      {"log", "FILE", "per-step CSV, or JSON lines if FILE ends in .jsonl"},
  };
  c.run = runTrain;
  return c;
}

} // namespace orion::cli
