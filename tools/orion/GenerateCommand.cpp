//===- GenerateCommand.cpp - orion generate: text from a model ------------===//
//
// Builds the model's prefill and decode steps, compiles them to packages
// (kept in a cache directory keyed by model, weights, device and compiler),
// then prefills the prompt and decodes token by token with a KV cache,
// streaming text to stdout and statistics to stderr.
//
//===----------------------------------------------------------------------===//

#include "Command.h"
#include "Orion/Driver/CompileModel.h"
#include "ModelSource.h"
#include "Orion/Driver/PackageCache.h"
#include "Table.h"

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

struct Setup {
  PackageCache cache;
  std::string device;
  bool idsOnly = false; // stdout holds nothing but the generated ids
};

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

int runGenerate(const Args &args) {
  Setup s;
  std::optional<rt::ImportedModel> imported;
  std::optional<rt::WeightStore> store;
  auto fromModel = importModelOption(args);
  if (!fromModel)
    return fail(kName, llvm::toString(fromModel.takeError()));
  if (*fromModel) {
    imported = std::move((*fromModel)->model);
    s.cache.config = (*fromModel)->config;
    s.cache.store = &imported->weights;
    const std::string model = *args.value("model");
    s.cache.weightsIdentity = fileIdentity(model);
    std::cerr << "imported " << model << " (" << imported->format << ", "
              << imported->parameterCount << " parameters)\n";
  } else {
    auto config = loadConfig(args);
    if (!config)
      return fail(kName, llvm::toString(config.takeError()));
    s.cache.config = *config;
    auto weights = args.value("weights");
    if (!weights)
      return fail(kName, "give the model's weights with --weights STORE (or "
                         "a checkpoint with --model FILE|DIR)");
    auto opened = rt::WeightStore::open(*weights);
    if (!opened)
      return fail(kName, opened.error().message());
    store = std::move(*opened);
    s.cache.store = &*store;
    s.cache.weightsIdentity = fileIdentity(*weights);
  }
  const ModelConfig &config = s.cache.config;
  s.device = args.value("device").value_or("cpu");
  if (s.device != "cpu" && s.device != "ane-sim" && s.device != "ane")
    return fail(kName, "--device must be cpu, ane-sim or ane, got '" +
                           s.device + "'");
  // Before compiling anything: `ane` exists only in Apple builds.
  if (auto device = rt::createDevice(s.device); !device)
    return fail(kName, device.error().message());
  // The CPU computes in fp32 on fp16 weights (decode reads every weight
  // once per token, so their size sets the speed); the ANE and its
  // simulator compute in fp16.
  std::string weightType = args.value("weight-type").value_or("fp16");
  if (weightType != "fp16" && weightType != "fp32")
    return fail(kName, "--weight-type must be fp16 or fp32, got '" +
                           weightType + "'");
  if (s.device == "cpu") {
    using mlir::orion::ComputeType;
    s.cache.pipeline.computeType = ComputeType::FP32;
    s.cache.pipeline.surfaceType = mlir::orion::SurfaceType::FP32;
    s.cache.pipeline.weightType =
        weightType == "fp16" ? ComputeType::FP16 : ComputeType::FP32;
  }
  s.cache.pipeline.packInputs = args.flag("pack-inputs");
  s.cache.dir = args.value("cache-dir").value_or(defaultCacheDir());
  s.idsOnly = args.flag("ids");

  rt::SamplingOptions sampling;
  int64_t count = 64;
  for (auto problem :
       {args.number("temperature", sampling.temperature),
        args.number("top-k", sampling.topK), args.number("top-p", sampling.topP),
        args.number("seed", sampling.seed), args.number("n", count)})
    if (problem)
      return fail(kName, *problem);
  if (rt::Status st = rt::validate(sampling); !st)
    return fail(kName, st.error().message());
  if (count < 0)
    return fail(kName, "-n must be >= 0");

  // The prompt: text through the tokenizer, or ids.
  std::unique_ptr<rt::Tokenizer> tokenizer;
  if (auto path = args.value("tokenizer")) {
    auto t = rt::loadTokenizer(*path);
    if (!t)
      return fail(kName, t.error().message());
    tokenizer = std::move(*t);
    if (tokenizer->vocabSize() > config.vocab)
      return fail(kName, "the tokenizer has " +
                             std::to_string(tokenizer->vocabSize()) +
                             " tokens but the model only " +
                             std::to_string(config.vocab));
  }
  bool llama = config.family == ModelFamily::Llama;
  // Llama starts from BOS (1); GPT-2 conditions on <|endoftext|> (50256).
  int32_t start = llama ? 1 : int32_t(std::min<int64_t>(50256, config.vocab - 1));
  std::vector<int32_t> prompt;
  if (auto ids = args.value("prompt-ids")) {
    auto parsed = parseIds(*ids);
    if (!parsed)
      return fail(kName, "--prompt-ids takes ids separated by spaces, got '" +
                             *ids + "'");
    prompt = *parsed;
  } else if (auto text = args.value("prompt")) {
    if (!tokenizer)
      return fail(kName, "--prompt needs --tokenizer (or give --prompt-ids)");
    prompt = tokenizer->encode(*text, /*addBos=*/llama);
  }
  if (prompt.empty())
    prompt.push_back(start);
  for (int32_t id : prompt)
    if (id >= config.vocab)
      return fail(kName, "prompt id " + std::to_string(id) +
                             " is outside the vocabulary (" +
                             std::to_string(config.vocab) + ")");
  int64_t promptLen = int64_t(prompt.size());
  if (promptLen >= config.maxSeq)
    return fail(kName, "the prompt has " + std::to_string(promptLen) +
                           " tokens; the model's context is " +
                           std::to_string(config.maxSeq));
  if (promptLen + count > config.maxSeq) {
    std::cerr << "orion generate: warning: generating "
              << config.maxSeq - promptLen << " tokens instead of " << count
              << " (the context holds " << config.maxSeq << ")\n";
    count = config.maxSeq - promptLen;
  }

  // Packages: the prompt's bucket (every bucket up to the full length when
  // checking the cache), and a decode step whose cache holds everything.
  bool check = args.flag("check-cache");
  int64_t total = promptLen + count;
  int64_t slots = bucketFor(total, 64, config.maxSeq);
  std::map<int64_t, std::string> prefill;
  int64_t last = bucketFor(check ? total : promptLen, 16, config.maxSeq);
  for (int64_t b = bucketFor(promptLen, 16, config.maxSeq); b <= last;
       b = b == last ? last + 1 : std::min(2 * b, last)) {
    auto dir = s.cache.ensure(ModelStep::Prefill, "prefill", b);
    if (!dir)
      return fail(kName, llvm::toString(dir.takeError()));
    prefill[b] = *dir;
  }
  auto decodeDir = s.cache.ensure(ModelStep::Decode, "decode", slots);
  if (!decodeDir)
    return fail(kName, llvm::toString(decodeDir.takeError()));

  rt::Generator::Options options;
  options.device = s.device;
  auto gen = rt::Generator::open(prefill, *decodeDir, options);
  if (!gen)
    return fail(kName, gen.error().message());
  rt::Generator &g = **gen;

  rt::Sampler sampler(sampling);
  std::vector<int32_t> sequence = prompt, generated;
  std::string printed; // text of `generated` already on stdout
  bool stopAtEos = tokenizer && !args.flag("no-stop");
  double maxDiff = 0;
  // Like llama2.c, the continuation follows the prompt's own text.
  if (!s.idsOnly)
    if (auto text = args.value("prompt"); text && !args.value("prompt-ids"))
      std::cout << *text << std::flush;
  auto logits = g.prefill(prompt);
  for (int64_t i = 0; logits && i < count; ++i) {
    int32_t next = sampler.next(*logits);
    if (stopAtEos && (next == tokenizer->eosId() ||
                      (llama && next == tokenizer->bosId())))
      break;
    generated.push_back(next);
    sequence.push_back(next);
    if (s.idsOnly) {
      std::cout << (generated.size() > 1 ? " " : "") << next << std::flush;
    } else if (tokenizer) {
      std::string text = tokenizer->decode(generated);
      size_t upTo = completeUtf8Prefix(text);
      if (upTo > printed.size() && text.compare(0, printed.size(), printed) == 0) {
        std::cout << text.substr(printed.size(), upTo - printed.size())
                  << std::flush;
        printed = text.substr(0, upTo);
      }
    } else {
      std::cout << next << " " << std::flush;
    }
    if (i + 1 == count)
      break;
    logits = g.decode(next);
    if (logits && check) {
      auto full = g.recompute(sequence);
      if (!full) {
        logits = full.error();
        break;
      }
      for (size_t j = 0; j < full->size(); ++j)
        maxDiff = std::max(maxDiff, double(std::abs((*full)[j] - (*logits)[j])));
    }
  }
  if (tokenizer && !s.idsOnly) {
    std::string text = tokenizer->decode(generated);
    if (text.size() > printed.size())
      std::cout << text.substr(printed.size());
  }
  std::cout << std::endl;
  if (!logits)
    return fail(kName, logits.error().message());

  int64_t decoded = std::max<int64_t>(0, int64_t(generated.size()) - 1);
  std::cerr << "prompt " << promptLen << " tokens, generated "
            << generated.size() << " tokens on " << s.device
            << "; prefill " << formatNumber(promptLen / g.prefillSeconds())
            << " tok/s (bucket " << prefill.begin()->first << "), decode "
            << (decoded ? formatNumber(decoded / g.decodeSeconds()) : "-")
            << " tok/s (cache " << slots << " slots); loaded in "
            << formatNumber(g.loadSeconds()) << " s\n";
  if (check)
    std::cerr << "cache check: max |decode - recompute| logit difference = "
              << maxDiff << " over " << decoded << " steps\n";
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
      {"tokenizer", "FILE",
       "encoder.json (vocab.bpe beside it) or llama2.c tokenizer.bin"},
      {"prompt", "TEXT", "prompt text (needs --tokenizer)"},
      {"prompt-ids", "IDS", "prompt as token ids separated by spaces"},
      {"n", "N", "tokens to generate (default 64)"},
      {"temperature", "T", "0 = greedy; default 1"},
      {"top-k", "K", "sample among the K likeliest ids (0 = all, default)"},
      {"top-p", "P", "then among the fewest ids with probability >= P"},
      {"seed", "S", "random seed for sampling (default 0)"},
      {"device", "D", "cpu (default), ane-sim or ane"},
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
