//===- PackageCache.cpp - Compiled packages kept between runs -------------===//

#include "Orion/Driver/PackageCache.h"
#include "Orion/Driver/CompileModel.h"
#include "orion/format/Units.h"

#include "orion/format/Package.h"

#include "llvm/ADT/StringExtras.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace fs = std::filesystem;

namespace mlir::orion {

namespace {

uint64_t fnv1a(const std::string &text) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text)
    h = (h ^ c) * 0x100000001b3ull;
  return h;
}

} // namespace

std::string fileIdentity(const std::string &path) {
  std::error_code ec;
  std::string id;
  auto one = [&](const fs::path &p) {
    id += fs::absolute(p, ec).string() + ":" +
          std::to_string(fs::file_size(p, ec)) + ":" +
          std::to_string(
              fs::last_write_time(p, ec).time_since_epoch().count()) +
          ";";
  };
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> files;
    for (const auto &e : fs::directory_iterator(path, ec))
      if (e.is_regular_file())
        files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const fs::path &p : files)
      one(p);
  } else {
    one(path);
  }
  return id;
}

std::string defaultCacheDir() {
  if (const char *dir = std::getenv("ORION_CACHE_DIR"))
    return dir;
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"))
    return (fs::path(xdg) / "orion").string();
  if (const char *home = std::getenv("HOME"))
    return (fs::path(home) / ".cache" / "orion").string();
  return (fs::temp_directory_path() / "orion-cache").string();
}

llvm::Expected<std::string> PackageCache::ensure(ModelStep step,
                                                 const char *stepName,
                                                 int64_t seq) const {
  std::string key = std::string(stepName) + "\n" + std::to_string(seq) +
                    "\n" + ::orion::rt::modelConfigToJson(config) + "\n" + weightsIdentity +
                    "\n" + pipelineKey(pipeline) + "\n" +
                    fileIdentity("/proc/self/exe");
  std::string name = llvm::utohexstr(fnv1a(key), /*LowerCase=*/true) + "-" +
                     stepName + "-" + std::to_string(seq);
  fs::path pkg = fs::path(dir) / name;
  std::error_code ec;
  if (fs::exists(pkg / "manifest.json", ec) &&
      ::orion::rt::Package::open(pkg.string())) {
    std::cerr << "using cached " << stepName << "-" << seq << " package "
              << pkg.string() << "\n";
    return pkg.string();
  }
  fs::create_directories(dir, ec);
  if (ec)
    return llvm::createStringError("cannot create cache directory " + dir +
                                   ": " + ec.message());

  auto start = std::chrono::steady_clock::now();
  ModelCompileOptions options;
  options.step = step;
  options.printRemarks = false; // the line below says what was compiled
  auto summary =
      compileModel(config, seq, store, pipeline, pkg.string(), options);
  if (!summary)
    return summary.takeError();
  // Without a store the blobs are zeros on purpose (a trainer patches them).
  if (store && summary->zeroFilledBlobs) {
    fs::remove_all(pkg, ec);
    return llvm::createStringError(
        "the weights lack " + std::to_string(summary->zeroFilledBlobs) +
        " of the model's parameters");
  }
  size_t statements = 0, ane = 0;
  uint64_t bytes = 0;
  for (const auto &p : summary->programs) {
    statements += p.statements;
    bytes += p.weightBytes;
    ane += p.device != "cpu";
  }
  std::cerr << "compiled " << stepName << "-" << seq << ": "
            << summary->programs.size() << " kernels (" << ane << " ANE), "
            << statements << " MIL statements, " << ::orion::rt::formatBytes(bytes)
            << " of weights, "
            << ::orion::rt::formatNumber(std::chrono::duration<double>(
                                std::chrono::steady_clock::now() - start)
                                .count())
            << " s\n";
  return pkg.string();
}

} // namespace mlir::orion
