//===- StandInContract.cpp - The ANE stand-in's C++ half ------------------===//

#include "StandInContract.h"

#include "orion/devices/sim/AneSimDevice.h"
#include "orion/format/BlobFile.h"
#include "orion/format/MILProgram.h"
#include "orion/format/Manifest.h"

#include <cstdio>
#include <filesystem>
#include <mutex>

namespace fs = std::filesystem;

namespace orion::rt::standin {

namespace {

/// One ane-sim device for the process, with no budget of its own (the
/// stand-in keeps the ANE's), used under a lock.
Device &simDevice(std::unique_lock<std::mutex> &lock) {
  static std::mutex mutex;
  static std::unique_ptr<Device> device;
  lock = std::unique_lock<std::mutex>(mutex);
  if (!device) {
    AneSimOptions options;
    options.compileBudget = ~uint64_t(0);
    device = createAneSimDevice(options);
  }
  return *device;
}

uint64_t fnv(const void *data, size_t n, uint64_t h) {
  const auto *p = static_cast<const uint8_t *>(data);
  for (size_t i = 0; i < n; ++i)
    h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

std::string hex(uint64_t a, uint64_t b) {
  char text[33];
  std::snprintf(text, sizeof text, "%016llX%016llX", (unsigned long long)a,
                (unsigned long long)b);
  return text;
}

Status writeFile(const std::string &path, const Bytes &bytes) {
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  return writeFileAtomically(path, bytes.data(), bytes.size());
}

class External : public Surface {
public:
  External(uint8_t *base, size_t size) : Surface(base, size) {}
};

} // namespace

Expected<MilFacts> readMil(const std::string &milText) {
  auto parsed = milast::parseMIL(milText, "model.mil");
  if (!parsed)
    return parsed.error();
  MilFacts facts;
  facts.blobPaths = blobFilePaths(*parsed);
  facts.functions = parsed->functions.size();
  const milast::Function *f = parsed->findFunction("main");
  if (!f && !parsed->functions.empty())
    f = &parsed->functions[0];
  if (f) {
    facts.inputs = f->inputs.size();
    facts.outputs = f->outputs.size();
  }
  return facts;
}

std::string milHash(const std::string &milText) {
  return hex(fnv(milText.data(), milText.size(), 14695981039346656037ull),
             fnv(milText.data(), milText.size(), 1469598103934665603ull));
}

std::string modelIdentifier(const std::string &milText,
                            const std::map<std::string, Bytes> &weights,
                            bool textOnly) {
  uint64_t a = fnv(milText.data(), milText.size(), 14695981039346656037ull);
  uint64_t b = fnv(milText.data(), milText.size(), 1469598103934665603ull);
  for (const auto &[key, bytes] : weights) {
    a = fnv(key.data(), key.size(), a);
    b = fnv(key.data(), key.size(), b);
    if (!textOnly) {
      a = fnv(bytes.data(), bytes.size(), a);
      b = fnv(bytes.data(), bytes.size(), b);
    }
  }
  return hex(a, b);
}

Status checkCompilable(const std::string &milText) {
  std::unique_lock<std::mutex> lock;
  Device &sim = simDevice(lock);
  // The directory is never read: compile() checks ops, not weights.
  auto p = sim.compile(milText, "/nonexistent");
  return p ? Status::ok() : Status(p.error());
}

Status compileInto(const std::string &dir, const std::string &milText,
                   const std::map<std::string, Bytes> &weights) {
  auto onDisk = readFile(dir + "/model.mil");
  if (!onDisk)
    return Error("no model.mil in the model's directory " + dir +
                 " (write it before compiling)");
  if (std::string(onDisk->begin(), onDisk->end()) != milText)
    return Error(dir + "/model.mil is not the descriptor's MIL text");
  for (const auto &[key, bytes] : weights) {
    auto rel = blobFileRelativePath(key);
    if (!rel)
      return rel.error();
    auto file = readFile(dir + "/" + *rel);
    if (!file)
      return Error("weight file " + *rel + " is missing from " + dir +
                   " (write every weight file before compiling)");
    if (*file != bytes)
      return Error(dir + "/" + *rel +
                   " differs from the weights dictionary's data");
  }
  if (Status s = checkCompilable(milText); !s)
    return Error("InvalidMILProgram: " + s.error().message());
  for (const auto &[key, bytes] : weights)
    if (Status s = writeFile(dir + "/.standin-compiled/" +
                                 *blobFileRelativePath(key),
                             bytes);
        !s)
      return s;
  const std::string plist = "orion-ane-standin compiled program\nmil " +
                            milHash(milText) + "\n";
  if (Status s = writeFile(dir + "/net.plist", Bytes(plist.begin(), plist.end()));
      !s)
    return s;
  return writeFile(dir + "/data",
                   weights.empty() ? Bytes() : weights.begin()->second);
}

Expected<std::unique_ptr<LoadedProgram>>
LoadedProgram::load(const std::string &dir, const std::string &milText,
                    const std::vector<std::string> &blobPaths) {
  auto plist = readFile(dir + "/net.plist");
  if (!plist)
    return Error("no compiled program in " + dir +
                 " (net.plist is missing: compile first)");
  const std::string want = "mil " + milHash(milText);
  if (std::string(plist->begin(), plist->end()).find(want) ==
      std::string::npos)
    return Error(dir + "/net.plist was compiled from other MIL text");
  auto data = readFile(dir + "/data");
  if (!data)
    return Error("no compiled data in " + dir);
  // The weights the program computes with: `data` for the first BLOBFILE,
  // the compiled copies for any others. Never weights/ (ANE-WEIGHTS-BAKED).
  const std::string loaded = dir + "/.standin-loaded";
  for (size_t i = 0; i < blobPaths.size(); ++i) {
    auto rel = blobFileRelativePath(blobPaths[i]);
    if (!rel)
      return rel.error();
    Bytes bytes;
    if (i == 0) {
      bytes = *data;
    } else {
      auto copy = readFile(dir + "/.standin-compiled/" + *rel);
      if (!copy)
        return copy.error();
      bytes = *copy;
    }
    if (Status s = writeFile(loaded + "/" + *rel, bytes); !s)
      return s.error();
  }
  std::unique_lock<std::mutex> lock;
  Device &sim = simDevice(lock);
  auto p = sim.compile(milText, loaded);
  if (!p)
    return p.error();
  if (Status s = sim.load(**p); !s)
    return s.error();
  auto result = std::unique_ptr<LoadedProgram>(new LoadedProgram());
  result->program_ = std::move(*p);
  return result;
}

Status LoadedProgram::eval(
    const std::vector<std::pair<uint8_t *, size_t>> &inputs,
    const std::vector<std::pair<uint8_t *, size_t>> &outputs) {
  std::vector<std::unique_ptr<External>> held;
  std::vector<Surface *> in, out;
  for (auto [base, size] : inputs) {
    held.push_back(std::make_unique<External>(base, size));
    in.push_back(held.back().get());
  }
  for (auto [base, size] : outputs) {
    held.push_back(std::make_unique<External>(base, size));
    out.push_back(held.back().get());
  }
  std::unique_lock<std::mutex> lock;
  Device &sim = simDevice(lock);
  return sim.eval(*program_, in, out);
}

} // namespace orion::rt::standin
