//===- ManifestFuzzer.cpp - libFuzzer target for manifest.json ------------===//
//
// Parsing must never crash; a manifest that parses must print and parse back
// to the same text, and every path in it must stay inside the package.
//
//===----------------------------------------------------------------------===//

#include "orion/format/Manifest.h"

#include <cstdlib>

using namespace orion::rt;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  auto manifest = parseManifest(text, "fuzz.json");
  if (!manifest)
    return 0;
  for (const ProgramSpec &p : manifest->programs) {
    if (!isSafeRelativePath(p.milFile))
      std::abort();
    for (const WeightEntry &w : p.weights)
      if (!isSafeRelativePath(w.file))
        std::abort();
  }
  std::string printed = printManifest(*manifest);
  auto again = parseManifest(printed, "reprinted.json");
  if (!again || printManifest(*again) != printed)
    std::abort();
  return 0;
}
