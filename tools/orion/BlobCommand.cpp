//===- BlobCommand.cpp - orion blob inspect|diff --------------------------===//
//
// Looks inside BLOBFILEs: what each blob holds (dtype, shape when a package
// manifest describes it, value statistics, NaN/Inf counts) and how two files
// differ, so a bad patch or a diverging training run can be found by eye.
//
//===----------------------------------------------------------------------===//

#include "Command.h"
#include "Table.h"

#include "orion/format/BlobFile.h"
#include "orion/format/Fp16.h"
#include "orion/format/Package.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <limits>
#include <map>

using namespace orion::rt;
namespace fs = std::filesystem;

namespace orion::cli {

namespace {

/// Element i of a blob as a double (every dtype the reader accepts).
double element(const BlobFile &file, const BlobInfo &blob, size_t i) {
  const uint8_t *p = file.data(blob);
  auto load = [&](auto tag) {
    decltype(tag) v;
    std::memcpy(&v, p + i * sizeof v, sizeof v);
    return v;
  };
  switch (blob.dtype) {
  case DType::F16:
    return halfToFloat(load(uint16_t()));
  case DType::BF16:
    return bfloat16ToFloat(load(uint16_t()));
  case DType::F32:
    return load(float());
  case DType::U8:
    return load(uint8_t());
  case DType::I8:
    return load(int8_t());
  case DType::I16:
    return load(int16_t());
  case DType::U16:
    return load(uint16_t());
  case DType::I32:
    return load(int32_t());
  case DType::U32:
    return load(uint32_t());
  default: // BLOBFILEs hold no other dtype
    return 0;
  }
}

struct Stats {
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  double sum = 0;
  size_t finite = 0, nan = 0, inf = 0;
};

Stats statsOf(const BlobFile &file, const BlobInfo &blob) {
  Stats s;
  for (size_t i = 0, n = blob.elementCount(); i < n; ++i) {
    double v = element(file, blob, i);
    if (std::isnan(v)) {
      ++s.nan;
    } else if (std::isinf(v)) {
      ++s.inf;
    } else {
      s.min = std::min(s.min, v);
      s.max = std::max(s.max, v);
      s.sum += v;
      ++s.finite;
    }
  }
  return s;
}

/// Shapes and parameter names of the blobs of `file`, from the manifest of
/// the package that contains it (searched upwards), or from --package.
std::map<uint64_t, std::string>
describeFromPackage(const std::string &file, std::optional<std::string> pkgDir,
                    std::map<uint64_t, std::string> &params) {
  std::map<uint64_t, std::string> shapes;
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(file, ec);
  if (!pkgDir)
    for (fs::path dir = abs.parent_path(); !dir.empty() && dir != dir.root_path();
         dir = dir.parent_path())
      if (fs::exists(dir / "manifest.json", ec)) {
        pkgDir = dir.string();
        break;
      }
  if (!pkgDir)
    return shapes;
  auto pkg = Package::open(*pkgDir);
  if (!pkg)
    return shapes;
  fs::path root = fs::weakly_canonical(*pkgDir, ec);
  for (const ProgramSpec &p : pkg->manifest().programs)
    for (const WeightEntry &w : p.weights) {
      if (fs::weakly_canonical(root / w.file, ec) != abs)
        continue;
      std::string shape = "[";
      for (size_t i = 0; i < w.shape.size(); ++i)
        shape += (i ? "," : "") + std::to_string(w.shape[i]);
      shapes[w.offset] = shape + "]";
      std::string names;
      for (const WeightSource &s : w.sources)
        names += (names.empty() ? "" : "+") + s.param +
                 (s.transformName() == "identity"
                      ? ""
                      : " (" + s.transformName() + ")");
      params[w.offset] = names;
    }
  return shapes;
}

int inspect(const Args &args) {
  const std::string path = args.positional()[1];
  auto file = BlobFile::open(path);
  if (!file)
    return fail("blob", file.error().message());
  std::map<uint64_t, std::string> params;
  auto shapes = describeFromPackage(path, args.value("package"), params);
  std::cout << path << ": " << file->blobs().size() << " blobs, "
            << formatBytes(file->fileSize()) << "\n";
  Table table({"offset", "dtype", "shape", "elements", "bytes", "min", "max",
               "mean", "nan", "inf", "parameter"});
  size_t badValues = 0;
  for (const BlobInfo &b : file->blobs()) {
    Stats s = statsOf(*file, b);
    badValues += s.nan + s.inf;
    bool any = s.finite > 0;
    table.add({std::to_string(b.metadataOffset), milDTypeName(b.dtype),
               shapes.count(b.metadataOffset) ? shapes[b.metadataOffset] : "-",
               std::to_string(b.elementCount()), std::to_string(b.sizeBytes),
               any ? formatNumber(s.min) : "-", any ? formatNumber(s.max) : "-",
               any ? formatNumber(s.sum / double(s.finite)) : "-",
               std::to_string(s.nan), std::to_string(s.inf),
               params.count(b.metadataOffset) ? params[b.metadataOffset] : ""});
  }
  table.print(std::cout);
  if (badValues)
    std::cout << "warning: " << badValues << " NaN/Inf values\n";
  return 0;
}

int diff(const Args &args) {
  const std::string pathA = args.positional()[1], pathB = args.positional()[2];
  auto a = BlobFile::open(pathA);
  if (!a)
    return fail("blob", a.error().message());
  auto b = BlobFile::open(pathB);
  if (!b)
    return fail("blob", b.error().message());
  Table table({"offset", "dtype", "elements", "differing", "max |a-b|",
               "mean |a-b|", "note"});
  size_t n = std::max(a->blobs().size(), b->blobs().size());
  bool same = true;
  for (size_t i = 0; i < n; ++i) {
    if (i >= a->blobs().size() || i >= b->blobs().size()) {
      const BlobInfo &only = i < a->blobs().size() ? a->blobs()[i] : b->blobs()[i];
      table.add({std::to_string(only.metadataOffset), milDTypeName(only.dtype),
                 std::to_string(only.elementCount()), "-", "-", "-",
                 std::string("only in ") + (i < a->blobs().size() ? "A" : "B")});
      same = false;
      continue;
    }
    const BlobInfo &x = a->blobs()[i], &y = b->blobs()[i];
    if (x.metadataOffset != y.metadataOffset || x.dtype != y.dtype ||
        x.sizeBytes != y.sizeBytes) {
      table.add({std::to_string(x.metadataOffset), milDTypeName(x.dtype),
                 std::to_string(x.elementCount()), "-", "-", "-",
                 "layout differs: B has offset " +
                     std::to_string(y.metadataOffset) + ", " +
                     milDTypeName(y.dtype) + ", " +
                     std::to_string(y.elementCount()) + " elements"});
      same = false;
      continue;
    }
    size_t differing = 0;
    double maxAbs = 0, sumAbs = 0;
    for (size_t e = 0, m = x.elementCount(); e < m; ++e) {
      double va = element(*a, x, e), vb = element(*b, y, e);
      bool bothNaN = std::isnan(va) && std::isnan(vb);
      if (va == vb || bothNaN)
        continue;
      ++differing;
      double d = std::fabs(va - vb);
      if (std::isnan(d))
        d = std::numeric_limits<double>::infinity();
      maxAbs = std::max(maxAbs, d);
      sumAbs += d;
    }
    same = same && differing == 0;
    table.add({std::to_string(x.metadataOffset), milDTypeName(x.dtype),
               std::to_string(x.elementCount()), std::to_string(differing),
               formatNumber(maxAbs),
               formatNumber(x.elementCount() ? sumAbs / double(x.elementCount())
                                             : 0),
               differing ? "" : "identical"});
  }
  std::cout << "A: " << pathA << "\nB: " << pathB << "\n";
  table.print(std::cout);
  std::cout << (same ? "files hold identical blobs\n" : "files differ\n");
  return same ? 0 : 2;
}

} // namespace

Command blobCommand() {
  Command c;
  c.name = "blob";
  c.usage = "inspect FILE [--package PKG] | diff A B";
  c.summary = "Inspect or compare BLOBFILE weight files";
  c.description =
      "inspect: one row per blob: metadata offset (MIL's offset=), dtype,\n"
      "  shape and parameter names (from the package manifest that names the\n"
      "  file), size, min/max/mean of finite values, NaN and Inf counts.\n"
      "diff: compares two files blob by blob; exits 0 when every blob is\n"
      "  identical, 2 when values or layouts differ, 1 on errors.";
  c.options = {{"package", "PKG",
                "package whose manifest describes FILE (default: search "
                "the parent directories)"}};
  c.minPositional = 2;
  c.maxPositional = 3;
  c.run = [](const Args &args) {
    const std::string &verb = args.positional()[0];
    if (verb == "inspect" && args.positional().size() == 2)
      return inspect(args);
    if (verb == "diff" && args.positional().size() == 3)
      return diff(args);
    return fail("blob", "expected `inspect FILE` or `diff A B` (see `orion "
                        "blob --help`)");
  };
  return c;
}

} // namespace orion::cli
