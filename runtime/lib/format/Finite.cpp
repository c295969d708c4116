//===- Finite.cpp - NaN and Inf in weights, found where they enter --------===//

#include "orion/format/Finite.h"
#include "orion/format/BlobFile.h"
#include "orion/format/Fp16.h"
#include "orion/format/Manifest.h"
#include "orion/format/Memory.h"
#include "orion/format/Package.h"
#include "orion/format/SafeTensors.h"

#include <cmath>
#include <cstring>
#include <map>

namespace orion::rt {

namespace {

/// Scans by bit pattern (all-ones exponent): no conversion per element.
template <typename Bits, Bits kExponent>
NonFiniteValues scanBits(const uint8_t *p, size_t count,
                         float (*toFloat)(Bits)) {
  NonFiniteValues r;
  for (size_t i = 0; i < count; ++i) {
    Bits b;
    std::memcpy(&b, p + i * sizeof(Bits), sizeof(Bits));
    if ((b & kExponent) != kExponent)
      continue;
    if (r.count++ == 0) {
      r.first = i;
      r.firstValue = toFloat(b);
    }
  }
  return r;
}

float f32FromBits(uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}

std::string valueText(float v) {
  return std::isnan(v) ? "nan" : v > 0 ? "inf" : "-inf";
}

} // namespace

NonFiniteValues scanNonFinite(DType dtype, const void *data, size_t count) {
  const uint8_t *p = static_cast<const uint8_t *>(data);
  switch (dtype) {
  case DType::F32:
    return scanBits<uint32_t, 0x7f800000u>(p, count, f32FromBits);
  case DType::F16:
    return scanBits<uint16_t, 0x7c00u>(p, count, halfToFloat);
  case DType::BF16:
    return scanBits<uint16_t, 0x7f80u>(p, count, bfloat16ToFloat);
  default:
    return {};
  }
}

Error nonFiniteError(const std::string &where, const std::string &param,
                     const NonFiniteValues &v) {
  return Error(where + ": parameter '" + param + "' holds " +
               std::to_string(v.count) + " NaN/Inf value" +
               (v.count == 1 ? "" : "s") + " (the first, " +
               valueText(v.firstValue) + ", at element " +
               std::to_string(v.first) +
               "); non-finite weights are refused (--allow-non-finite "
               "accepts them)");
}

Status checkFiniteWeights(const WeightStore &store, const std::string &source) {
  for (const auto &[name, view] : store.tensors())
    if (NonFiniteValues v = scanNonFinite(
            view->dtype, view->data,
            view->sizeBytes / dtypeSize(view->dtype)))
      return nonFiniteError(source, name, v);
  return Status::ok();
}

Status checkFiniteWeights(const Package &pkg) {
  std::map<std::string, BlobFile> files;
  for (const ProgramSpec &prog : pkg.manifest().programs)
    for (const WeightEntry &e : prog.weights) {
      auto it = files.find(e.file);
      if (it == files.end()) {
        auto opened = BlobFile::open(pkg.path(e.file));
        if (!opened)
          return opened.error();
        it = files.emplace(e.file, std::move(*opened)).first;
      }
      auto blob = it->second.blobAt(e.offset);
      if (!blob)
        return blob.error();
      NonFiniteValues v =
          scanNonFinite(blob->dtype, it->second.data(*blob),
                        blob->elementCount());
      if (!v)
        continue;
      // The blob is its sources' elements concatenated: the first bad
      // element names the parameter it came from.
      std::string param = e.sources.empty() ? "?" : e.sources.back().param;
      uint64_t begin = 0;
      for (const WeightSource &src : e.sources) {
        uint64_t n = checkedProduct(src.resultShape()).value_or(0);
        if (v.first < begin + n) {
          param = src.param;
          break;
        }
        begin += n;
      }
      return nonFiniteError(pkg.path(e.file), param, v);
    }
  return Status::ok();
}

} // namespace orion::rt
