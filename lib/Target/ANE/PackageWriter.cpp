//===- PackageWriter.cpp - Write an ANE package ---------------------------===//

#include "Orion/Target/ANE/PackageWriter.h"
#include "Orion/Target/ANE/MILEmitter.h"
#include "HostPlanBuilder.h"
#include "MILTypeMapping.h"

#include "Orion/Dialect/MIL/IR/MILOps.h"
#include "Orion/Dialect/MIL/Transforms/Passes.h"
#include "Orion/Dialect/Orion/IR/OrionAttrs.h"
#include "Orion/Dialect/Orion/IR/OrionDialect.h"

#include "orion/ane/AneBinding.h"
#include "orion/ane/AneTarget.h"

#include "orion/format/BlobFile.h"
#include "orion/format/DirectoryLock.h"
#include "orion/format/Manifest.h"
#include "orion/format/Package.h"
#include "orion/format/StagedDirectory.h"
#include "orion/format/WeightPatcher.h"

#include "mlir/IR/Diagnostics.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <unistd.h>

using namespace mlir;
using namespace mlir::orion;
using namespace mlir::orion::mil;
namespace fs = std::filesystem;

// A package is built at PKG.orion-tmp-PID; the one it replaces is set aside
// at PKG.orion-old-PID until the new one is in place.
static constexpr const char *kStagingInfix = ".orion-tmp-";
static constexpr const char *kSetAsideInfix = ".orion-old-";

namespace {

/// Input or output surfaces of one program, bound in alphabetical order of
/// their names (ANE-INPUT-ORDER, ANE-OUTPUT-ORDER). Sizes are the
/// `#orion.surface` orion-assign-layout recorded (`recorded[k]`, one per
/// value); a program without them (mil functions written by hand, CPU
/// kernels) gets the uniform size of its largest packed tensor, at least the
/// ANE minimum (ANE-UNIFORM-INPUTS, ANE-UNIFORM-OUTPUTS, ANE-MIN-SURFACE).
std::vector<rt::SurfaceSpec>
surfaces(const std::vector<rt::milast::TypedName> &values,
         ArrayRef<SurfaceAttr> recorded, uint64_t minBytes) {
  std::vector<rt::SurfaceSpec> out;
  std::vector<std::string> names;
  int64_t largest = 0;
  for (const rt::milast::TypedName &v : values) {
    int64_t bytes = v.type.dtype == "fp16" ? 2 : 4;
    for (int64_t d : v.type.shape)
      bytes *= d;
    largest = std::max(largest, bytes);
    out.push_back({v.name, v.type.shape, v.type.dtype, 0, 0});
    names.push_back(v.name);
  }
  const int64_t uniform =
      ::orion::ane::uniformSurfaceBytes(largest, int64_t(minBytes));
  std::vector<size_t> slots = ::orion::ane::bindingSlots(names);
  for (auto [k, s] : llvm::enumerate(out)) {
    SurfaceAttr attr = k < recorded.size() ? recorded[k] : SurfaceAttr();
    s.surfaceBytes = uint64_t(attr ? attr.getBytes() : uniform);
    s.binding = int(slots[k]);
  }
  return out;
}

/// The `#orion.surface` of each argument (or result) of `func`; null where
/// there is none.
SmallVector<SurfaceAttr> recordedSurfaces(func::FuncOp func, bool results) {
  SmallVector<SurfaceAttr> out;
  unsigned count = results ? func.getNumResults() : func.getNumArguments();
  for (unsigned i = 0; i < count; ++i) {
    StringRef name = OrionDialect::getSurfaceAttrName();
    out.push_back(results ? func.getResultAttrOfType<SurfaceAttr>(i, name)
                          : func.getArgAttrOfType<SurfaceAttr>(i, name));
  }
  return out;
}

rt::WeightEntry weightEntry(ArrayAttr sources, BlobFileAttr blob,
                            const std::string &file) {
  rt::WeightEntry entry;
  entry.file = file;
  entry.milPath = blob.getPath().str();
  entry.offset = blob.getOffset();
  auto type = cast<RankedTensorType>(blob.getType());
  entry.dtype = *milDtypeOf(type.getElementType());
  entry.shape.assign(type.getShape().begin(), type.getShape().end());
  for (Attribute a : sources) {
    auto src = cast<WeightSourceAttr>(a);
    rt::WeightSource s;
    s.param = src.getParam().str();
    s.paramShape.assign(src.getShape().begin(), src.getShape().end());
    if (!src.getSlice().empty())
      s.slice = rt::WeightSource::Slice{src.getSlice()[0], src.getSlice()[1],
                                        src.getSlice()[2]};
    s.perm.assign(src.getPerm().begin(), src.getPerm().end());
    entry.sources.push_back(std::move(s));
  }
  return entry;
}

/// Raw little-endian bytes of a dense fp16/fp32 value (splats expanded).
std::vector<uint8_t> denseBytes(DenseElementsAttr dense) {
  ArrayRef<char> raw = dense.getRawData();
  size_t total = size_t(dense.getNumElements()) *
                 (dense.getElementType().getIntOrFloatBitWidth() / 8);
  std::vector<uint8_t> out(total);
  for (size_t i = 0; i < total; i += raw.size())
    std::memcpy(out.data() + i, raw.data(), std::min(raw.size(), total - i));
  return out;
}

struct ProgramWriter {
  func::FuncOp func;
  const PackageOptions &options;
  PackageSummary &summary;
  std::string dir; // absolute staging dir of the package

  LogicalResult write(rt::Manifest &manifest) {
    const std::string name = func.getSymName().str();
    rt::ProgramSpec spec;
    spec.name = name;
    spec.milFile = "programs/" + name + "/model.mil";
    if (!rt::isSafeRelativePath(spec.milFile))
      return func.emitError() << "function name '" << name
                              << "' cannot name a program directory";
    auto fn = buildMILFunction(func);
    if (failed(fn))
      return failure();
    ProgramSummary ps;
    ps.name = name;
    ps.statements = fn->body.size();
    ps.inputs = fn->inputs.size();
    ps.outputs = fn->outputs.size();
    if (auto device =
            func->getAttrOfType<StringAttr>(OrionDialect::getDeviceAttrName()))
      spec.device = device.str();
    ps.device = spec.device;
    // The ANE's surfaces are fp16 or fp32; CPU kernels may also take int32.
    auto surfaceDtypeOk = [&](const std::string &dtype) {
      return dtype == "fp16" || dtype == "fp32" ||
             (spec.device == "cpu" && dtype == "int32");
    };
    for (const rt::milast::TypedName &in : fn->inputs)
      if (!surfaceDtypeOk(in.type.dtype))
        return func.emitError() << "input '" << in.name << "' is "
                                << in.type.dtype << "; " << spec.device
                                << " surfaces cannot hold it";
    spec.inputs = surfaces(fn->inputs, recordedSurfaces(func, false),
                           options.minSurfaceBytes);
    std::vector<rt::milast::TypedName> outs;
    for (const std::string &o : fn->outputs)
      for (const rt::milast::Operation &op : fn->body)
        for (const rt::milast::TypedName &r : op.results)
          if (r.name == o)
            outs.push_back(r);
    for (const rt::milast::TypedName &out : outs)
      if (!surfaceDtypeOk(out.type.dtype))
        return func.emitError() << "output '" << out.name << "' is "
                                << out.type.dtype << "; " << spec.device
                                << " surfaces cannot hold it";
    spec.outputs =
        surfaces(outs, recordedSurfaces(func, true), options.minSurfaceBytes);

    if (failed(writeWeights(name, spec, ps)))
      return failure();
    fn->name = "main"; // each program is its own MIL program
    rt::milast::Program program;
    program.buildInfo = rt::milast::orionBuildInfo();
    program.functions.push_back(std::move(*fn));
    std::string text = rt::milast::printMIL(program, options.spelling);
    fs::create_directories(dir + "/programs/" + name);
    if (rt::Status s = rt::writeFileAtomically(dir + "/" + spec.milFile,
                                               text.data(), text.size());
        !s)
      return func.emitError() << s.error().message();
    summary.programs.push_back(ps);
    manifest.programs.push_back(std::move(spec));
    return success();
  }

  /// One BLOBFILE per MIL path; blobs re-laid out by the runtime writer must
  /// land exactly on the offsets mil-assign-blobs recorded.
  LogicalResult writeWeights(const std::string &name, rt::ProgramSpec &spec,
                             ProgramSummary &ps) {
    std::map<std::string, std::vector<ConstOp>> byPath;
    func.walk([&](ConstOp c) {
      if (auto blob = dyn_cast<BlobFileAttr>(c.getVal()))
        byPath[blob.getPath().str()].push_back(c);
    });
    for (auto &[path, consts] : byPath) {
      rt::Expected<std::string> rel = rt::blobFileRelativePath(path);
      if (!rel)
        return consts.front().emitError() << rel.error().message();
      std::string file = "programs/" + name + "/" + *rel;
      std::sort(consts.begin(), consts.end(), [](ConstOp a, ConstOp b) {
        return cast<BlobFileAttr>(a.getVal()).getOffset() <
               cast<BlobFileAttr>(b.getVal()).getOffset();
      });
      rt::BlobFileWriter writer;
      for (ConstOp c : consts) {
        auto blob = cast<BlobFileAttr>(c.getVal());
        auto type = cast<RankedTensorType>(blob.getType());
        auto dtypeName = milDtypeOf(type.getElementType());
        auto dtype = dtypeName ? rt::blobDTypeFromName(*dtypeName)
                               : std::nullopt;
        if (!dtype)
          return c.emitError() << "no BLOBFILE dtype for " << type;
        if (writer.nextOffset() != blob.getOffset())
          return c.emitError()
                 << "blob offset " << blob.getOffset()
                 << " is not where the packed layout puts it ("
                 << writer.nextOffset() << "); run -mil-assign-blobs";
        size_t bytes = size_t(type.getNumElements()) *
                       (type.getElementType().getIntOrFloatBitWidth() / 8);
        std::vector<uint8_t> data; // empty: a blob of zeros (a file hole)
        if (auto sources = c->getAttrOfType<ArrayAttr>(
                mil::MILDialect::getSourcesAttrName())) {
          rt::WeightEntry entry = weightEntry(sources, blob, file);
          if (failed(fill(c, entry, bytes, data)))
            return failure();
          spec.weights.push_back(std::move(entry));
        } else if (auto dense = c->getAttrOfType<DenseElementsAttr>(
                       mil::MILDialect::getValueAttrName())) {
          data = denseBytes(dense);
        } else {
          summary.warnings.push_back(
              name + ": " + path + " offset " +
              std::to_string(blob.getOffset()) +
              " has neither weight sources nor a value; written as zeros");
          ++summary.zeroFilledBlobs;
        }
        if (data.empty())
          writer.addZeros(*dtype, bytes);
        else
          writer.add(*dtype, data.data(), data.size());
        ++ps.blobs;
        ps.weightBytes += bytes;
      }
      fs::create_directories(fs::path(dir + "/" + file).parent_path());
      if (rt::Status s = writer.writeTo(dir + "/" + file); !s)
        return func.emitError() << s.error().message();
    }
    return success();
  }

  /// Weight values from the store when it has every source; otherwise
  /// `data` stays empty (zeros).
  LogicalResult fill(ConstOp c, const rt::WeightEntry &entry, size_t bytes,
                     std::vector<uint8_t> &data) {
    bool available = options.store != nullptr;
    for (const rt::WeightSource &s : entry.sources)
      available = available && options.store->find(s.param);
    if (!available) {
      ++summary.zeroFilledBlobs;
      return success();
    }
    data.assign(bytes, 0);
    rt::ConversionStats stats;
    if (rt::Status s = rt::materializeBlob(entry, *options.store, {},
                                           data.data(), stats);
        !s)
      return c.emitError() << s.error().message();
    if (stats.nonFinite)
      summary.warnings.push_back(entry.file + " offset " +
                                 std::to_string(entry.offset) + ": " +
                                 std::to_string(stats.nonFinite) +
                                 " NaN/Inf values (or fp16 overflows)");
    return success();
  }
};

} // namespace

/// Writes every program of `module`, its host plan and the manifest into
/// `dir`. A partitioned module: kernels (orion.device) become programs and
/// the host function (orion.host) the host plan. Otherwise every defined
/// function is a program.
static LogicalResult writeContents(ModuleOp module, const std::string &dir,
                                   const PackageOptions &options,
                                   PackageSummary &summary) {
  rt::Manifest manifest;
  manifest.spelling =
      options.spelling == rt::milast::MILSpelling::Compact ? "compact" : "verbose";
  func::FuncOp host;
  for (auto func : module.getOps<func::FuncOp>())
    if (func->hasAttr(OrionDialect::getHostAttrName()))
      host = func;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isDeclaration() || func == host ||
        (host && !func->hasAttr(OrionDialect::getDeviceAttrName())))
      continue;
    ProgramWriter writer{func, options, summary, dir};
    if (failed(writer.write(manifest)))
      return failure();
  }
  if (host) {
    auto plan = buildHostPlan(host);
    if (failed(plan))
      return failure();
    manifest.hostPlan = std::move(*plan);
  }
  if (manifest.programs.empty())
    return module.emitError() << "no func.func to compile into a program";
  std::string text = rt::printManifest(manifest);
  if (rt::Status s = rt::writeFileAtomically(dir + "/manifest.json",
                                             text.data(), text.size());
      !s)
    return module.emitError() << s.error().message();
  return success();
}

/// An existing `target` is replaced only if it is a directory that is empty
/// or whose manifest.json parses as an Orion manifest (returned): a folder
/// that merely has a file of that name is not Orion's.
static FailureOr<std::optional<rt::Manifest>>
checkReplaceable(ModuleOp module, const std::string &target) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(target, ec);
  if (!fs::exists(st))
    return std::optional<rt::Manifest>();
  if (fs::is_directory(st) && fs::is_empty(target, ec))
    return std::optional<rt::Manifest>();
  const std::string manifestPath = target + "/manifest.json";
  auto text = fs::is_directory(st) ? rt::readFile(manifestPath)
                                   : rt::Expected<std::vector<uint8_t>>(
                                         rt::Error("not a directory"));
  auto manifest =
      text ? rt::parseManifest(std::string(text->begin(), text->end()),
                               manifestPath)
           : rt::Expected<rt::Manifest>(text.error());
  if (!manifest)
    return module.emitError()
           << target << " exists and is not an Orion package ("
           << manifest.error().message() << "); refusing to replace it";
  return std::optional<rt::Manifest>(std::move(*manifest));
}

/// The files of a package Orion wrote or keeps: the manifest, the MIL text
/// and BLOBFILEs of its programs, and the patcher's and lock's bookkeeping.
static bool isOrionFile(const std::string &rel, const rt::Manifest &manifest) {
  const std::string name = fs::path(rel).filename().string();
  auto endsWith = [&](const std::string &suffix) {
    return name.size() > suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) ==
               0;
  };
  if (rel == "manifest.json" || rel == rt::kPatchJournal ||
      rel == rt::kLockFile || endsWith(rt::kPatchPreviousSuffix) ||
      endsWith(rt::kPatchStagedSuffix))
    return true;
  for (const rt::ProgramSpec &p : manifest.programs) {
    if (rel == p.milFile ||
        rel == (fs::path(p.milFile).parent_path() / "weights/weight.bin")
                   .generic_string())
      return true;
    for (const rt::WeightEntry &w : p.weights)
      if (rel == w.file)
        return true;
  }
  return false;
}

/// Carries what a user added to the package `from` (files, links, empty
/// directories) into the new one at `to`: hard links, so a failed commit
/// loses nothing. A name the new package uses itself is refused.
static LogicalResult keepUserFiles(ModuleOp module, const std::string &from,
                                   const rt::Manifest &manifest,
                                   const std::string &to) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(from, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path rel = fs::relative(it->path(), from, ec);
    const std::string relText = rel.generic_string();
    const fs::file_status st = it->symlink_status(ec);
    const fs::path dst = fs::path(to) / rel;
    if (fs::is_directory(st)) {
      if (fs::is_empty(it->path(), ec))
        fs::create_directories(dst, ec);
      continue;
    }
    if (isOrionFile(relText, manifest))
      continue;
    if (fs::exists(fs::symlink_status(dst, ec)))
      return module.emitError()
             << from << ": " << relText
             << " was not written by Orion and the new package writes a file "
                "of that name; move it out of the package and compile again";
    fs::create_directories(dst.parent_path(), ec);
    if (fs::is_symlink(st)) {
      fs::copy_symlink(it->path(), dst, ec);
    } else if (fs::is_regular_file(st)) {
      fs::create_hard_link(it->path(), dst, ec);
      if (ec)
        fs::copy_file(it->path(), dst, ec);
    }
    if (ec)
      return module.emitError() << from << ": cannot keep " << relText
                                << " in the new package: " << ec.message();
  }
  if (ec)
    return module.emitError() << from << ": cannot list: " << ec.message();
  return success();
}

FailureOr<PackageSummary> mlir::orion::writePackage(ModuleOp module,
                                                    StringRef dir,
                                                    const PackageOptions &options) {
  // The package is built next to its target and swapped in whole; an
  // existing one is removed only after.
  std::error_code ec;
  const std::string target =
      fs::absolute(dir.str(), ec).lexically_normal().string();
  const std::string pid = std::to_string(::getpid());
  rt::cleanUpDeadWriters(target, kStagingInfix, kSetAsideInfix);
  auto package = rt::StagedDirectory::create(
      target, target + kStagingInfix + pid, target + kSetAsideInfix + pid);
  if (!package) {
    module.emitError() << package.error().message();
    return failure();
  }
  PackageSummary summary;
  if (failed(writeContents(module, package->path(), options, summary)))
    return failure();
  // An existing package is replaced under its exclusive lock (no patch or
  // reader is in it), checked again once locked.
  std::optional<rt::DirectoryLock> lock;
  auto old = checkReplaceable(module, target);
  if (failed(old))
    return failure();
  if (*old) {
    auto locked = rt::lockPackage(target, rt::DirectoryLock::Mode::Exclusive);
    if (!locked) {
      module.emitError() << locked.error().message();
      return failure();
    }
    lock = std::move(*locked);
    old = checkReplaceable(module, target);
    if (failed(old) ||
        (*old && failed(keepUserFiles(module, target, **old, package->path()))))
      return failure();
  }
  if (rt::Status s = package->sync(); !s) {
    module.emitError() << s.error().message();
    return failure();
  }
  if (rt::Status s = package->commit(); !s) {
    module.emitError() << s.error().message();
    return failure();
  }
  package->removeSetAside();
  return summary;
}
