//===- BlobFileFuzzer.cpp - libFuzzer target for the BLOBFILE reader ------===//
//
// Any byte string must either be rejected with an Error or yield blobs whose
// every byte range lies inside the file; reading each blob must be safe.
//
//===----------------------------------------------------------------------===//

#include "orion/format/BlobFile.h"

#include <cstdlib>

using namespace orion::rt;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  auto file = BlobFile::fromBytes(std::move(bytes), "fuzz.bin");
  if (!file)
    return 0;
  uint64_t checksum = 0;
  for (const BlobInfo &b : file->blobs()) {
    if (b.dataOffset + b.sizeBytes > size)
      std::abort();
    const uint8_t *p = file->data(b);
    for (uint64_t i = 0; i < b.sizeBytes; ++i)
      checksum += p[i];
    auto again = file->blobAt(b.metadataOffset);
    if (!again || again->dataOffset != b.dataOffset)
      std::abort();
  }
  return checksum == 0xFFFFFFFFFFFFFFFFull; // keep the loop observable
}
