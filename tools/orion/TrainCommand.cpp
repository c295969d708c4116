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
#include "Orion/Driver/CompileModel.h"
#include "ModelSource.h"
#include "Orion/Driver/PackageCache.h"
#include "Table.h"

#include "orion/exec/DeviceRegistry.h"
#include "orion/format/Package.h"
#include "orion/train/TrainInputs.h"
#include "orion/model/ModelImport.h"
#include "orion/train/Checkpoint.h"
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

int runTrain(const Args &args) {
  // The model: a checkpoint to resume, an imported model, or a config.
  std::optional<rt::TrainState> resumed;
  if (auto dir = args.value("resume")) {
    if (args.value("weights") || args.value("model"))
      return fail(kName, "--resume takes the weights from the checkpoint; "
                         "drop --weights and --model");
    auto s = rt::loadCheckpoint(*dir);
    if (!s)
      return fail(kName, s.error().message());
    resumed = std::move(*s);
  }
  std::optional<rt::ImportedModel> imported;
  ModelConfig config;
  auto fromModel = importModelOption(args);
  if (!fromModel)
    return fail(kName, llvm::toString(fromModel.takeError()));
  if (*fromModel) {
    imported = std::move((*fromModel)->model);
    config = (*fromModel)->config;
  } else if (resumed && !args.value("preset") && !args.value("config")) {
    auto c = rt::parseModelConfig(resumed->configJson, *args.value("resume"));
    if (!c)
      return fail(kName, c.error().message());
    config = *c;
  } else {
    auto c = loadConfig(args);
    if (!c)
      return fail(kName, llvm::toString(c.takeError()));
    config = *c;
  }

  // Numbers, each checked with its option's name.
  int64_t seq = std::min<int64_t>(256, config.maxSeq), steps = 100, warmup = 0,
          accum = 1, saveEvery = 0;
  uint64_t seed = 0;
  double clip = 0, minLr = 0;
  rt::AdamWOptions adamw;
  rt::LRSchedule schedule;
  for (auto problem :
       {args.number("seq", seq), args.number("steps", steps),
        args.number("warmup", warmup), args.number("accum", accum),
        args.number("save-every", saveEvery), args.number("seed", seed),
        args.number("lr", schedule.lr), args.number("min-lr", minLr),
        args.number("weight-decay", adamw.weightDecay),
        args.number("clip", clip), args.number("beta1", adamw.beta1),
        args.number("beta2", adamw.beta2), args.number("eps", adamw.eps)})
    if (problem)
      return fail(kName, *problem);
  uint64_t initSeed = seed;
  if (auto problem = args.number("init-seed", initSeed))
    return fail(kName, *problem);
  if (seq < 1 || seq > config.maxSeq)
    return fail(kName, "--seq must be in [1, " + std::to_string(config.maxSeq) +
                           "] (the model's max_seq), got " +
                           std::to_string(seq));
  if (steps < 0)
    return fail(kName, "--steps must be >= 0");
  if (!(schedule.lr > 0) || minLr < 0 || minLr > schedule.lr)
    return fail(kName, "--lr must be > 0 and --min-lr in [0, lr]");
  if (warmup < 0 || accum < 1 || saveEvery < 0)
    return fail(kName, "--warmup and --save-every must be >= 0 and --accum "
                       ">= 1");
  if (adamw.weightDecay < 0 || clip < 0 || adamw.eps <= 0 ||
      !(adamw.beta1 >= 0 && adamw.beta1 < 1) ||
      !(adamw.beta2 >= 0 && adamw.beta2 < 1))
    return fail(kName, "--weight-decay and --clip must be >= 0, --eps > 0, "
                       "--beta1 and --beta2 in [0, 1)");
  std::string scheduleName = args.value("schedule").value_or("constant");
  if (scheduleName != "constant" && scheduleName != "cosine")
    return fail(kName, "--schedule must be constant or cosine, got '" +
                           scheduleName + "'");
  schedule.kind = scheduleName == "cosine" ? rt::LRSchedule::Kind::Cosine
                                           : rt::LRSchedule::Kind::Constant;
  schedule.minLr = minLr;
  schedule.warmup = warmup;
  schedule.totalSteps = steps;

  std::string device = args.value("device").value_or("cpu");
  if (device != "cpu" && device != "ane-sim" && device != "ane")
    return fail(kName, "--device must be cpu, ane-sim or ane, got '" + device +
                           "'");
  if (auto d = rt::createDevice(device); !d)
    return fail(kName, d.error().message());
  // fp32: every kernel, surface and weight in fp32 (the cpu device, for
  // comparisons with PyTorch); fp16: the ANE's numerics.
  std::string precision =
      args.value("precision").value_or(device == "cpu" ? "fp32" : "fp16");
  if (precision != "fp32" && precision != "fp16")
    return fail(kName, "--precision must be fp32 or fp16, got '" + precision +
                           "'");
  // Dynamic loss scaling (Optimizer.h): on by default for fp16, whose
  // small gradients would otherwise underflow; a resumed run keeps the
  // checkpoint's scale.
  rt::LossScaleOptions lossScaling;
  std::optional<std::string> scaleArg = args.value("loss-scale");
  bool scaled = precision == "fp16";
  if (scaleArg && *scaleArg == "off") {
    scaled = false;
  } else if (scaleArg) {
    if (auto problem = args.number("loss-scale", lossScaling.initial))
      return fail(kName, *problem);
    if (!(lossScaling.initial >= 1 &&
          lossScaling.initial <= rt::kMaxLossScale))
      return fail(kName, "--loss-scale must be off or in [1, 32768] (fp16's "
                         "largest power of two), got " + *scaleArg);
    scaled = true;
  }
  if (auto problem = args.number("loss-scale-interval", lossScaling.interval))
    return fail(kName, *problem);
  if (lossScaling.interval < 1)
    return fail(kName, "--loss-scale-interval must be >= 1");
  if (resumed) {
    if (scaleArg)
      return fail(kName, "--loss-scale is for a new run; " +
                             *args.value("resume") +
                             " carries its own loss scale");
    scaled = resumed->lossScale.enabled();
  }
  mlir::orion::ANEPipelineConfig pipeline;
  if (precision == "fp32") {
    pipeline.computeType = pipeline.weightType = mlir::orion::ComputeType::FP32;
    pipeline.surfaceType = mlir::orion::SurfaceType::FP32;
  }
  pipeline.lossScale = scaled;

  // Data (checked before anything is compiled).
  auto ids = rt::readTrainTokens(*args.value("data"), args.value("tokenizer"),
                                 !config.gpt2());
  if (!ids)
    return fail(kName, ids.error().message());
  int64_t dataTokens = int64_t(ids->size());
  auto data = rt::TrainData::create(std::move(*ids), seq, config.vocab, seed,
                                    *args.value("data"));
  if (!data)
    return fail(kName, data.error().message());

  // The starting state.
  rt::TrainState state;
  if (resumed) {
    state = std::move(*resumed);
    std::string where = *args.value("resume");
    auto saved = rt::parseModelConfig(state.configJson);
    if (!saved || !rt::sameModel(*saved, config))
      return fail(kName, where + " was trained with another model config");
    if (state.seq != seq || state.dataTokens != dataTokens ||
        state.dataSeed != seed)
      return fail(kName, where + " was trained with --seq " +
                             std::to_string(state.seq) + ", --seed " +
                             std::to_string(state.dataSeed) + " on " +
                             std::to_string(state.dataTokens) +
                             " tokens of data; give the same to resume");
    data->seek(state.dataPosition);
    std::cout << "resuming " << where << " at step " << state.step << "\n";
  } else {
    std::optional<rt::WeightStore> store;
    std::string source = "init";
    if (auto w = args.value("weights")) {
      auto opened = rt::WeightStore::open(*w);
      if (!opened)
        return fail(kName, opened.error().message());
      store = std::move(*opened);
      source = *w;
    } else if (imported) {
      source = *args.value("model");
    }
    auto weights = rt::initialMasterWeights(
        config, store ? &*store : imported ? &imported->weights : nullptr,
        source, initSeed);
    if (!weights)
      return fail(kName, weights.error().message());
    state.params = std::move(*weights);
    state.configJson = rt::modelConfigToJson(config);
    state.seq = seq;
    state.dataSeed = seed;
    state.dataTokens = dataTokens;
    if (scaled)
      state.lossScale.scale = lossScaling.initial;
  }

  // The package: compiled once, copied, then only ever patched.
  std::string cacheDir = args.value("cache-dir").value_or(defaultCacheDir());
  // The train step compiled without weights, cached under everything its
  // MIL depends on (never the weight values: the trainer patches them).
  PackageCache cache{cacheDir, config, nullptr, "", pipeline};
  auto templ = cache.ensure(ModelStep::Train, "train", seq);
  if (!templ)
    return fail(kName, llvm::toString(templ.takeError()));
  std::optional<std::string> saveDir = args.value("save");
  fs::path work = saveDir ? fs::path(*saveDir) / "package"
                          : fs::temp_directory_path() /
                                ("orion-train-" + std::to_string(::getpid()));
  std::error_code ec;
  fs::remove_all(work, ec);
  fs::create_directories(work.parent_path(), ec);
  fs::copy(*templ, work, fs::copy_options::recursive, ec);
  if (ec)
    return fail(kName, "cannot copy the train package to " + work.string() +
                           ": " + ec.message());
  struct Cleanup {
    fs::path dir;
    bool remove;
    ~Cleanup() {
      std::error_code e;
      if (remove)
        fs::remove_all(dir, e);
    }
  } cleanup{work, !saveDir};

  rt::TrainerOptions options;
  options.device = device;
  options.adamw = adamw;
  options.schedule = schedule;
  options.clip = clip;
  options.accum = accum;
  options.lossScale = lossScaling;
  auto trainer = rt::Trainer::open(work.string(), std::move(state), options);
  if (!trainer)
    return fail(kName, trainer.error().message());
  rt::Trainer &t = **trainer;
  size_t compiled = t.compiledPrograms();

  StepLog log;
  if (auto path = args.value("log"))
    if (!log.open(*path, resumed.has_value()))
      return fail(kName, "cannot write the log " + *path);

  auto save = [&]() -> bool {
    if (!saveDir)
      return true;
    if (rt::Status s = rt::saveCheckpoint(*saveDir, t.state()); !s) {
      fail(kName, s.error().message());
      return false;
    }
    std::cout << "saved " << *saveDir << "/"
              << rt::checkpointName(t.state().step) << "\n";
    return true;
  };

  int64_t first = t.state().step, done = 0, skipped = 0;
  double firstLoss = 0, lastLoss = 0, seconds = 0, runSeconds = 0,
         patchSeconds = 0;
  for (int64_t i = first; i < steps; ++i) {
    auto r = t.step(*data);
    if (!r)
      return fail(kName, r.error().message());
    char scaleText[48] = "";
    if (r->lossScale > 0)
      std::snprintf(scaleText, sizeof scaleText, " | scale %g", r->lossScale);
    char line[320];
    std::snprintf(line, sizeof line,
                  "step %lld/%lld | loss %.6f | lr %.3e | grad-norm %.4f%s | "
                  "%.1f ms%s",
                  (long long)i + 1, (long long)steps, r->loss, r->lr,
                  r->gradNorm, scaleText, r->seconds * 1e3,
                  r->skipped ? " | skipped (non-finite)" : "");
    std::cout << line << std::endl;
    log.write(*r);
    if (done++ == 0)
      firstLoss = r->loss;
    lastLoss = r->loss;
    seconds += r->seconds;
    runSeconds += r->runSeconds;
    patchSeconds += r->patchSeconds;
    skipped += r->skipped;
    if (saveEvery > 0 && (i + 1) % saveEvery == 0 && i + 1 < steps && !save())
      return 1;
  }
  if (!save())
    return 1;
  if (t.compiledPrograms() != compiled)
    return fail(kName, "programs were recompiled during training");
  if (done) {
    char line[384];
    std::snprintf(line, sizeof line,
                  "trained %lld steps on %s: loss %.6f -> %.6f, %lld skipped, "
                  "%.1f ms/step (run %.1f, patch+reload %.1f), %.0f tokens/s, "
                  "%zu programs compiled once",
                  (long long)done, device.c_str(), firstLoss, lastLoss,
                  (long long)skipped, seconds / double(done) * 1e3,
                  runSeconds / double(done) * 1e3,
                  patchSeconds / double(done) * 1e3,
                  double(done * accum * seq) / seconds, compiled);
    std::cout << line << "\n";
  }
  return 0;
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
      {"device", "D", "cpu (default), ane-sim or ane"},
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
