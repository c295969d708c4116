//===- GenerateCommand.cpp - orion generate: text from a model ------------===//
//
// Builds the model's prefill and decode steps, compiles them to packages
// (kept in a cache directory keyed by model, weights, device and compiler),
// then prefills the prompt and decodes token by token with a KV cache,
// streaming text to stdout and statistics to stderr.
//
//===----------------------------------------------------------------------===//

#include "Command.h"
#include "ModelSource.h"
#include "Table.h"

#include "Orion/Driver/CompileModel.h"
#include "Orion/Driver/PackageCache.h"

#include "orion/exec/DeviceRegistry.h"
#include "orion/format/SafeTensors.h"
#include "orion/model/Generator.h"
#include "orion/model/ModelImport.h"
#include "orion/model/Sampler.h"
#include "orion/model/Tokenizer.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/SourceMgr.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>

using namespace mlir;
using namespace mlir::orion;
namespace fs = std::filesystem;
namespace rt = ::orion::rt;

namespace orion::cli {

namespace {

constexpr const char *kName = "generate";

/// The smallest power of two >= max(n, floor), capped at `cap`.
int64_t bucketFor(int64_t n, int64_t floor, int64_t cap) {
  int64_t b = 1;
  while (b < std::max(n, floor))
    b *= 2;
  return std::min(b, cap);
}

/// Bytes of `text` up to the last complete UTF-8 sequence, so a character
/// split across tokens is printed once it is whole.
size_t completeUtf8Prefix(const std::string &text) {
  size_t n = text.size();
  for (size_t back = 1; back <= std::min<size_t>(3, n); ++back) {
    unsigned char c = text[n - back];
    if ((c & 0xC0) == 0x80)
      continue; // a continuation byte; look further back
    size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return want > back ? n - back : n;
  }
  return n;
}

std::optional<std::vector<int32_t>> parseIds(const std::string &text) {
  std::vector<int32_t> ids;
  for (llvm::StringRef rest = text; !rest.trim().empty();) {
    auto [word, tail] = rest.trim().split(' ');
    int32_t id;
    if (word.getAsInteger(10, id) || id < 0)
      return std::nullopt;
    ids.push_back(id);
    rest = tail;
  }
  return ids;
}

/// A failed step's message, for fail(); nothing when it succeeded.
using Problem = std::optional<std::string>;

/// What `orion generate` was asked to do, each option checked. Not moved
/// once filled: `cache.store` points into `imported` or `store`.
struct GenerateRun {
  PackageCache cache;
  std::optional<rt::ImportedModel> imported;
  std::optional<rt::WeightStore> store;
  std::string device;
  bool idsOnly = false; // stdout holds nothing but the generated ids
  bool check = false;   // --check-cache
  bool noStop = false;  // --no-stop
  rt::SamplingOptions sampling;
  int64_t count = 64;
  std::unique_ptr<rt::Tokenizer> tokenizer;
  std::vector<int32_t> prompt;
};

/// Config and weights: an imported checkpoint, or a config and a store.
Problem readModel(const Args &args, GenerateRun &run) {
  auto fromModel = importModelOption(args);
  if (!fromModel)
    return llvm::toString(fromModel.takeError());
  if (*fromModel) {
    run.imported = std::move((*fromModel)->model);
    run.cache.config = (*fromModel)->config;
    run.cache.store = &run.imported->weights;
    const std::string model = *args.value("model");
    run.cache.weightsIdentity = fileIdentity(model);
    std::cerr << "imported " << model << " (" << run.imported->format << ", "
              << run.imported->parameterCount << " parameters)\n";
    return std::nullopt;
  }
  auto config = loadConfig(args);
  if (!config)
    return llvm::toString(config.takeError());
  run.cache.config = *config;
  auto weights = args.value("weights");
  if (!weights)
    return "give the model's weights with --weights STORE (or a checkpoint "
           "with --model FILE|DIR)";
  auto opened = openWeightsOption(args, *weights);
  if (!opened)
    return llvm::toString(opened.takeError());
  run.store = std::move(*opened);
  run.cache.store = &*run.store;
  run.cache.weightsIdentity = fileIdentity(*weights);
  return std::nullopt;
}

/// The device and the pipeline its packages are compiled with.
Problem readDevice(const Args &args, GenerateRun &run) {
  run.device = deviceArg(args, "generate");
  if (run.device != "cpu" && run.device != "ane-sim" && run.device != "ane")
    return "--device must be cpu, ane-sim or ane, got '" + run.device + "'";
  // Before compiling anything: `ane` exists only in Apple builds.
  if (auto device = rt::createDevice(run.device); !device)
    return device.error().message();
  // The CPU computes in fp32 on fp16 weights (decode reads every weight
  // once per token, so their size sets the speed); the ANE and its
  // simulator compute in fp16.
  std::string weightType = args.value("weight-type").value_or("fp16");
  if (weightType != "fp16" && weightType != "fp32")
    return "--weight-type must be fp16 or fp32, got '" + weightType + "'";
  mlir::orion::ANEPipelineConfig &pipeline = run.cache.pipeline;
  if (run.device == "cpu") {
    using mlir::orion::ComputeType;
    pipeline.computeType = ComputeType::FP32;
    pipeline.surfaceType = mlir::orion::SurfaceType::FP32;
    pipeline.weightType =
        weightType == "fp16" ? ComputeType::FP16 : ComputeType::FP32;
  }
  pipeline.packInputs = args.flag("pack-inputs");
  run.cache.dir = args.value("cache-dir").value_or(defaultCacheDir());
  run.idsOnly = args.flag("ids");
  run.check = args.flag("check-cache");
  return std::nullopt;
}

Problem readSampling(const Args &args, GenerateRun &run) {
  for (auto problem :
       {args.number("temperature", run.sampling.temperature),
        args.number("top-k", run.sampling.topK),
        args.number("top-p", run.sampling.topP),
        args.number("seed", run.sampling.seed), args.number("n", run.count)})
    if (problem)
      return problem;
  if (rt::Status st = rt::validate(run.sampling); !st)
    return st.error().message();
  if (run.count < 0)
    return "-n must be >= 0";
  run.noStop = args.flag("no-stop");
  return std::nullopt;
}

/// The prompt: text through the tokenizer, or ids; -n shortened to what
/// the context holds.
Problem readPrompt(const Args &args, GenerateRun &run) {
  const ModelConfig &config = run.cache.config;
  if (auto path = args.value("tokenizer")) {
    auto t = rt::loadTokenizer(*path);
    if (!t)
      return t.error().message();
    run.tokenizer = std::move(*t);
    if (run.tokenizer->vocabSize() > config.vocab)
      return "the tokenizer has " + std::to_string(run.tokenizer->vocabSize()) +
             " tokens but the model only " + std::to_string(config.vocab);
  }
  bool llama = config.family == ModelFamily::Llama;
  // Llama starts from BOS (1); GPT-2 conditions on <|endoftext|> (50256).
  int32_t start = llama ? 1 : int32_t(std::min<int64_t>(50256, config.vocab - 1));
  std::vector<int32_t> &prompt = run.prompt;
  if (auto ids = args.value("prompt-ids")) {
    auto parsed = parseIds(*ids);
    if (!parsed)
      return "--prompt-ids takes ids separated by spaces, got '" + *ids + "'";
    prompt = *parsed;
  } else if (auto text = args.value("prompt")) {
    if (!run.tokenizer)
      return "--prompt needs --tokenizer (or give --prompt-ids)";
    prompt = run.tokenizer->encode(*text, /*addBos=*/llama);
  }
  if (prompt.empty())
    prompt.push_back(start);
  for (int32_t id : prompt)
    if (id >= config.vocab)
      return "prompt id " + std::to_string(id) +
             " is outside the vocabulary (" + std::to_string(config.vocab) +
             ")";
  int64_t promptLen = int64_t(prompt.size());
  if (promptLen >= config.maxSeq)
    return "the prompt has " + std::to_string(promptLen) +
           " tokens; the model's context is " + std::to_string(config.maxSeq);
  if (promptLen + run.count > config.maxSeq) {
    std::cerr << "orion generate: warning: generating "
              << config.maxSeq - promptLen << " tokens instead of " << run.count
              << " (the context holds " << config.maxSeq << ")\n";
    run.count = config.maxSeq - promptLen;
  }
  return std::nullopt;
}

/// The compiled packages: the prompt's prefill bucket (every bucket up to
/// the full length when checking the cache), and a decode step whose cache
/// holds prompt and output.
struct Packages {
  std::map<int64_t, std::string> prefill;
  std::string decode;
  int64_t slots = 0;
};

Problem compilePackages(const GenerateRun &run, Packages &out) {
  const int64_t maxSeq = run.cache.config.maxSeq;
  const int64_t promptLen = int64_t(run.prompt.size());
  const int64_t total = promptLen + run.count;
  out.slots = bucketFor(total, 64, maxSeq);
  int64_t last = bucketFor(run.check ? total : promptLen, 16, maxSeq);
  for (int64_t b = bucketFor(promptLen, 16, maxSeq); b <= last;
       b = b == last ? last + 1 : std::min(2 * b, last)) {
    auto dir = run.cache.ensure(ModelStep::Prefill, "prefill", b);
    if (!dir)
      return llvm::toString(dir.takeError());
    out.prefill[b] = *dir;
  }
  auto decodeDir = run.cache.ensure(ModelStep::Decode, "decode", out.slots);
  if (!decodeDir)
    return llvm::toString(decodeDir.takeError());
  out.decode = *decodeDir;
  return std::nullopt;
}

/// Streams generated tokens to stdout: ids, or text once each character is
/// whole.
class TokenPrinter {
public:
  TokenPrinter(const GenerateRun &run) : run_(run) {}

  void print(const std::vector<int32_t> &generated) {
    const int32_t next = generated.back();
    if (run_.idsOnly) {
      std::cout << (generated.size() > 1 ? " " : "") << next << std::flush;
    } else if (run_.tokenizer) {
      std::string text = run_.tokenizer->decode(generated);
      size_t upTo = completeUtf8Prefix(text);
      if (upTo > printed_.size() &&
          text.compare(0, printed_.size(), printed_) == 0) {
        std::cout << text.substr(printed_.size(), upTo - printed_.size())
                  << std::flush;
        printed_ = text.substr(0, upTo);
      }
    } else {
      std::cout << next << " " << std::flush;
    }
  }
  /// Whatever text is left (an incomplete character at the end).
  void finish(const std::vector<int32_t> &generated) {
    if (run_.tokenizer && !run_.idsOnly) {
      std::string text = run_.tokenizer->decode(generated);
      if (text.size() > printed_.size())
        std::cout << text.substr(printed_.size());
    }
    std::cout << std::endl;
  }

private:
  const GenerateRun &run_;
  std::string printed_; // text already on stdout
};

/// Prefills the prompt and decodes up to -n tokens, printing them; with
/// --check-cache, `maxDiff` is the largest decode-vs-recompute difference.
rt::Status generate(const GenerateRun &run, rt::Generator &g,
                std::vector<int32_t> &generated, double &maxDiff) {
  const bool llama = run.cache.config.family == ModelFamily::Llama;
  rt::Sampler sampler(run.sampling);
  std::vector<int32_t> sequence = run.prompt;
  TokenPrinter printer(run);
  bool stopAtEos = run.tokenizer && !run.noStop;
  auto logits = g.prefill(run.prompt);
  for (int64_t i = 0; logits && i < run.count; ++i) {
    int32_t next = sampler.next(*logits);
    if (stopAtEos && (next == run.tokenizer->eosId() ||
                      (llama && next == run.tokenizer->bosId())))
      break;
    generated.push_back(next);
    sequence.push_back(next);
    printer.print(generated);
    if (i + 1 == run.count)
      break;
    logits = g.decode(next);
    if (logits && run.check) {
      auto full = g.recompute(sequence);
      if (!full) {
        logits = full.error();
        break;
      }
      for (size_t j = 0; j < full->size(); ++j)
        maxDiff = std::max(maxDiff, double(std::abs((*full)[j] - (*logits)[j])));
    }
  }
  printer.finish(generated);
  return logits.status();
}

void printStats(const GenerateRun &run, const Packages &packages,
                const rt::Generator &g, size_t generated, double maxDiff) {
  const int64_t promptLen = int64_t(run.prompt.size());
  int64_t decoded = std::max<int64_t>(0, int64_t(generated) - 1);
  std::cerr << "prompt " << promptLen << " tokens, generated " << generated
            << " tokens on " << run.device << "; prefill "
            << formatNumber(promptLen / g.prefillSeconds()) << " tok/s (bucket "
            << packages.prefill.begin()->first << "), decode "
            << (decoded ? formatNumber(decoded / g.decodeSeconds()) : "-")
            << " tok/s (cache " << packages.slots << " slots); loaded in "
            << formatNumber(g.loadSeconds()) << " s\n";
  if (run.check)
    std::cerr << "cache check: max |decode - recompute| logit difference = "
              << maxDiff << " over " << decoded << " steps\n";
}

int runGenerate(const Args &args) {
  GenerateRun run;
  for (auto read : {readModel, readDevice, readSampling, readPrompt})
    if (Problem p = read(args, run))
      return fail(kName, *p);
  Packages packages;
  if (Problem p = compilePackages(run, packages))
    return fail(kName, *p);

  rt::Generator::Options options;
  options.device = run.device;
  options.allowNonFinite = args.flag("allow-non-finite");
  auto gen = rt::Generator::open(packages.prefill, packages.decode, options);
  if (!gen)
    return fail(kName, gen.error().message());
  // Like llama2.c, the continuation follows the prompt's own text.
  if (!run.idsOnly)
    if (auto text = args.value("prompt"); text && !args.value("prompt-ids"))
      std::cout << *text << std::flush;
  std::vector<int32_t> generated;
  double maxDiff = 0;
  if (rt::Status st = generate(run, **gen, generated, maxDiff); !st)
    return fail(kName, st.error().message());
  printStats(run, packages, **gen, generated.size(), maxDiff);
  return 0;
}

} // namespace

Command generateCommand() {
  Command c;
  c.name = "generate";
  c.usage = "(--model FILE|DIR | (--preset NAME | --config FILE) --weights "
            "STORE) [--tokenizer "
            "FILE] [--prompt TEXT | --prompt-ids IDS] [-n N] [--temperature "
            "T] [--top-k K] [--top-p P] [--seed S] [--device D] [--ids]";
  c.summary = "Generate text: prefill the prompt, then decode with a KV cache";
  c.description =
      "Compiles the model's prefill step (the prompt padded to a power-of-two\n"
      "bucket of at least 16) and its decode step (one token against a KV\n"
      "cache of a power-of-two number of slots, at least 64, holding prompt\n"
      "and output), or reuses them from the cache directory ($ORION_CACHE_DIR,\n"
      "else $XDG_CACHE_HOME/orion or ~/.cache/orion). Text streams to stdout\n"
      "as it is produced; a statistics line (prompt and generated tokens,\n"
      "prefill and decode tokens/s) goes to stderr.\n\n"
      "Without a prompt, a Llama model starts from BOS (1) and GPT-2 from\n"
      "<|endoftext|> (50256). --temperature 0 is greedy and deterministic.\n"
      "With a tokenizer, generation stops at its end-of-text token (and, for\n"
      "llama2.c models, at BOS) unless --no-stop. --check-cache recomputes\n"
      "every step without the cache and reports the largest logit difference.\n"
      "On the cpu device kernels compute in fp32 and keep weights in fp16\n"
      "(--weight-type fp32 keeps them exact).";
  c.options = {
      {"model", "FILE|DIR",
       "a llama2.c .bin, Hugging Face GPT-2/Llama or Orion checkpoint "
       "(docs/models.md)"},
      {"preset", "NAME", "a built-in model config"},
      {"config", "FILE", "a JSON model config (overrides the preset)"},
      {"weights", "STORE", "safetensors file or directory with the weights"},
      allowNonFiniteOption(),
      {"tokenizer", "FILE",
       "encoder.json (vocab.bpe beside it) or llama2.c tokenizer.bin"},
      {"prompt", "TEXT", "prompt text (needs --tokenizer)"},
      {"prompt-ids", "IDS", "prompt as token ids separated by spaces"},
      {"n", "N", "tokens to generate (default 64)"},
      {"temperature", "T", "0 = greedy; default 1"},
      {"top-k", "K", "sample among the K likeliest ids (0 = all, default)"},
      {"top-p", "P", "then among the fewest ids with probability >= P"},
      {"seed", "S", "random seed for sampling (default 0)"},
      {"device", "D", "cpu (default), ane-sim, ane, or auto (ane when `orion doctor` finds Apple's framework, else cpu)"},
      {"weight-type", "T",
       "cpu device weights: fp16 (default, as on the ANE) or fp32"},
      {"cache-dir", "DIR", "where compiled packages are kept"},
      {"pack-inputs", "",
       "compile with packed kernel inputs (see orion compile --help)"},
      {"ids", "", "print only the generated ids, space-separated"},
      {"no-stop", "", "do not stop at the end-of-text token"},
      {"check-cache", "", "compare each decode step with full recomputation"},
  };
  c.run = runGenerate;
  return c;
}

} // namespace orion::cli
