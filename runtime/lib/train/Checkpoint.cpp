//===- Checkpoint.cpp - Training state on disk, atomically ----------------===//

#include "orion/train/Checkpoint.h"
#include "orion/format/BlobFile.h"
#include "orion/format/DirectoryLock.h"
#include "orion/format/SafeTensors.h"
#include "orion/format/StagedDirectory.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace fs = std::filesystem;

namespace orion::rt {

namespace {

constexpr const char *kLatest = "latest";
constexpr const char *kModelFile = "model.safetensors";
constexpr const char *kOptimizerFile = "optimizer.safetensors";
constexpr const char *kTmpPrefix = ".tmp-";
// A generation of the same step being replaced, kept until the commit.
constexpr const char *kOldPrefix = ".old-";

/// ORION_CHECKPOINT_FAULT=<stage> ends the process there
/// (crashPointForTests).
void faultPoint(const char *stage) {
  crashPointForTests("ORION_CHECKPOINT_FAULT", stage);
}

void addF32(SafeTensorsWriter &w, const std::string &name,
            const std::vector<int64_t> &shape, const std::vector<float> &v) {
  w.add(name, DType::F32, shape, v.data(), v.size() * sizeof(float));
}

Expected<std::vector<float>> readF32(const SafeTensorsFile &file,
                                     const std::string &name,
                                     const std::vector<int64_t> *shape) {
  const TensorView *t = file.find(name);
  if (!t)
    return Error(file.name() + ": missing tensor '" + name + "'");
  if (t->dtype != DType::F32)
    return Error(file.name() + ": tensor '" + name + "' is " +
                 safeTensorsDTypeName(t->dtype) + ", expected F32");
  if (shape && t->shape != *shape)
    return Error(file.name() + ": tensor '" + name +
                 "' has a different shape than the weight");
  std::vector<float> v(size_t(t->elementCount()));
  std::memcpy(v.data(), t->data, v.size() * sizeof(float));
  return v;
}

/// True if `name` is a generation name checkpointName() makes.
bool isGenerationName(const std::string &name) {
  if (name.rfind("step-", 0) != 0 || name.size() == 5)
    return false;
  char *end = nullptr;
  long long step = std::strtoll(name.c_str() + 5, &end, 10);
  return *end == '\0' && name == checkpointName(step);
}

/// True if `dir` is a real directory holding only what writeGeneration
/// writes (and the temporaries of an interrupted write): prune deletes
/// nothing else.
bool isOrionGeneration(const fs::path &dir) {
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(dir, ec)))
    return false;
  for (const auto &e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    bool ours = false;
    for (const char *file : {kModelFile, kOptimizerFile})
      ours |= name == file || name.rfind(std::string(file) + ".tmp.", 0) == 0;
    if (!ours || !fs::is_regular_file(e.symlink_status(ec)))
      return false;
  }
  return !ec;
}

/// Removes temporary generations and every generation older than `keep`
/// and the one before it; only directories Orion wrote (isOrionGeneration)
/// under names it gives them.
void prune(const std::string &root, const std::string &keep) {
  std::error_code ec;
  std::vector<std::string> generations;
  for (const auto &e : fs::directory_iterator(root, ec)) {
    std::string name = e.path().filename().string();
    std::string generation = name;
    for (const char *prefix : {kTmpPrefix, kOldPrefix})
      if (name.rfind(prefix, 0) == 0)
        generation = name.substr(std::strlen(prefix));
    if (!isGenerationName(generation) || !isOrionGeneration(e.path()))
      continue;
    if (generation != name)
      fs::remove_all(e.path(), ec);
    else
      generations.push_back(name);
  }
  std::sort(generations.begin(), generations.end());
  auto it = std::find(generations.begin(), generations.end(), keep);
  if (it == generations.end() || it == generations.begin())
    return;
  for (auto old = generations.begin(); old != it - 1; ++old)
    fs::remove_all(fs::path(root) / *old, ec);
}

} // namespace

std::string checkpointName(int64_t step) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "step-%08lld", (long long)step);
  return buf;
}

namespace {

/// The model and optimizer files of one generation, written into `dir`.
Status writeGeneration(const std::string &dir, const TrainState &s) {
  SafeTensorsWriter model, optimizer;
  model.setMetadata("orion.config", s.configJson);
  for (const auto &[param, p] : s.params) {
    addF32(model, param, p.shape, p.value);
    // Moments of a parameter never updated are zeros, as AdamW starts.
    std::vector<float> zeros;
    if (p.m.empty() || p.v.empty())
      zeros.assign(p.value.size(), 0.0f);
    addF32(optimizer, "m." + param, p.shape, p.m.empty() ? zeros : p.m);
    addF32(optimizer, "v." + param, p.shape, p.v.empty() ? zeros : p.v);
  }
  nlohmann::json meta = {{"step", s.step},
                         {"adam_steps", s.adamSteps},
                         {"skipped", s.skipped},
                         {"data_position", s.dataPosition},
                         {"data_seed", s.dataSeed},
                         {"data_tokens", s.dataTokens},
                         {"seq", s.seq},
                         {"loss_scale", s.lossScale.scale},
                         {"loss_scale_good_steps", s.lossScale.goodSteps}};
  optimizer.setMetadata("orion.trainer", meta.dump());
  if (Status st = model.writeTo((fs::path(dir) / kModelFile).string()); !st)
    return st;
  faultPoint("after-model");
  return optimizer.writeTo((fs::path(dir) / kOptimizerFile).string());
}

/// The commit point: `latest` names generation `name`.
Status pointLatestAt(const std::string &root, const std::string &name) {
  std::string pointer = name + "\n";
  if (Status st = writeFileAtomically((fs::path(root) / kLatest).string(),
                                      pointer.data(), pointer.size());
      !st)
    return st;
  return syncPath(root);
}

} // namespace

Status saveCheckpoint(const std::string &root, const TrainState &s) {
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec)
    return Error(root + ": cannot create the checkpoint directory: " +
                 ec.message());
  // Nested in `orion train`'s own lock on its --save directory; alone, it
  // keeps two writers from interleaving generations and the prune.
  auto lock = DirectoryLock::acquire(root, DirectoryLock::Mode::Exclusive,
                                     "checkpoint directory");
  if (!lock)
    return lock.error();
  // A generation of the same step (a rerun from an earlier checkpoint) is
  // set aside, not deleted: until the new one is in place, loading falls
  // back to it; prune() removes it after the commit.
  const std::string name = checkpointName(s.step);
  auto generation = StagedDirectory::create(
      (fs::path(root) / name).string(),
      (fs::path(root) / (kTmpPrefix + name)).string(),
      (fs::path(root) / (kOldPrefix + name)).string());
  if (!generation)
    return generation.error();
  generation->setFaultVariable("ORION_CHECKPOINT_FAULT");
  if (Status st = writeGeneration(generation->path(), s); !st)
    return st;
  if (Status st = generation->sync(); !st)
    return st;
  if (Status st = generation->commit(); !st)
    return st;
  faultPoint("before-latest");
  if (Status st = pointLatestAt(root, name); !st)
    return st;
  prune(root, name);
  return Status::ok();
}

Status parseTrainerMetadata(const std::string &text, const std::string &file,
                            TrainState &s) {
  nlohmann::json meta = nlohmann::json::parse(text, nullptr,
                                              /*allow_exceptions=*/false);
  auto bad = [&](const std::string &key, const std::string &what) {
    return Error(file + ": \"orion.trainer\" field '" + key + "' " + what);
  };
  if (!meta.is_object())
    return Error(file + ": \"orion.trainer\" is not a JSON object");
  // Every counter is a non-negative integer: a negative data position read
  // outside the data, a negative step named a generation "step--0000002".
  auto counter = [&](const char *key, int64_t &out) -> Status {
    auto it = meta.find(key);
    if (it == meta.end() || !it->is_number_integer())
      return bad(key, "is missing or not an integer");
    if (it->is_number_unsigned() ? it->get<uint64_t>() > uint64_t(INT64_MAX)
                                 : it->get<int64_t>() < 0)
      return bad(key, "must be in [0, 2^63), got " + it->dump());
    out = it->get<int64_t>();
    return Status::ok();
  };
  for (auto [key, out] : {std::pair<const char *, int64_t *>{"step", &s.step},
                          {"adam_steps", &s.adamSteps},
                          {"skipped", &s.skipped},
                          {"data_position", &s.dataPosition},
                          {"data_tokens", &s.dataTokens},
                          {"seq", &s.seq}})
    if (Status st = counter(key, *out); !st)
      return st;
  auto seed = meta.find("data_seed");
  if (seed == meta.end() || !seed->is_number_unsigned())
    return bad("data_seed", "is missing or not a non-negative integer");
  s.dataSeed = seed->get<uint64_t>();
  // Steps are applied updates plus skipped ones, so neither exceeds them;
  // AdamW's bias correction divides by 1 - beta^t, which t < 0 breaks.
  if (s.adamSteps > s.step || s.skipped > s.step - s.adamSteps)
    return bad("adam_steps", "(" + std::to_string(s.adamSteps) +
                                 ") plus 'skipped' (" +
                                 std::to_string(s.skipped) +
                                 ") exceed 'step' (" + std::to_string(s.step) +
                                 ")");
  if (s.seq < 1)
    return bad("seq", "must be >= 1, got " + std::to_string(s.seq));
  // Written by every save; a checkpoint without them trained unscaled.
  if (auto it = meta.find("loss_scale"); it != meta.end()) {
    if (!it->is_number())
      return bad("loss_scale", "is not a number");
    double scale = it->get<double>();
    if (!(scale == 0 || (scale >= 1 && scale <= kMaxLossScale)))
      return bad("loss_scale", "must be 0 (off) or in [1, " +
                                   std::to_string(int64_t(kMaxLossScale)) +
                                   "], got " + it->dump());
    s.lossScale.scale = scale;
  }
  if (meta.contains("loss_scale_good_steps"))
    if (Status st = counter("loss_scale_good_steps", s.lossScale.goodSteps);
        !st)
      return st;
  return Status::ok();
}

Expected<TrainState> loadCheckpoint(const std::string &path) {
  std::error_code ec;
  fs::path dir = path;
  std::optional<DirectoryLock> lock; // no prune removes what is read
  if (fs::exists(dir / kLatest, ec)) {
    auto locked = DirectoryLock::acquire(path, DirectoryLock::Mode::Shared,
                                         "checkpoint directory");
    if (!locked)
      return locked.error();
    lock = std::move(*locked);
    auto bytes = readFile((dir / kLatest).string());
    if (!bytes)
      return bytes.error();
    std::string name(bytes->begin(), bytes->end());
    while (!name.empty() && (name.back() == '\n' || name.back() == ' '))
      name.pop_back();
    if (name.rfind("step-", 0) != 0 || name.find('/') != std::string::npos)
      return Error((dir / kLatest).string() + ": not a checkpoint name: '" +
                   name + "'");
    // A crash while replacing a generation of the same step leaves the
    // previous one under its set-aside name.
    if (!fs::exists(dir / name, ec) &&
        fs::exists(dir / (kOldPrefix + name), ec))
      name = kOldPrefix + name;
    dir /= name;
  }
  if (!fs::exists(dir / kModelFile, ec))
    return Error(path + ": not a checkpoint (no " + kLatest + " or " +
                 kModelFile + ")");
  auto model = SafeTensorsFile::open((dir / kModelFile).string());
  if (!model)
    return model.error();
  auto optimizer = SafeTensorsFile::open((dir / kOptimizerFile).string());
  if (!optimizer)
    return optimizer.error();

  TrainState s;
  auto config = model->metadata().find("orion.config");
  if (config == model->metadata().end())
    return Error(model->name() + ": no \"orion.config\" metadata");
  s.configJson = config->second;
  auto metaText = optimizer->metadata().find("orion.trainer");
  if (metaText == optimizer->metadata().end())
    return Error(optimizer->name() + ": no \"orion.trainer\" metadata");
  if (Status st = parseTrainerMetadata(metaText->second, optimizer->name(), s);
      !st)
    return st.error();

  for (const auto &[name, view] : model->tensors()) {
    MasterParam p;
    p.shape = view.shape;
    auto value = readF32(*model, name, nullptr);
    if (!value)
      return value.error();
    auto m = readF32(*optimizer, "m." + name, &p.shape);
    if (!m)
      return m.error();
    auto v = readF32(*optimizer, "v." + name, &p.shape);
    if (!v)
      return v.error();
    p.value = std::move(*value);
    p.m = std::move(*m);
    p.v = std::move(*v);
    s.params.emplace(name, std::move(p));
  }
  return s;
}

} // namespace orion::rt
