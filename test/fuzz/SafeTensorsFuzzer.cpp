//===- SafeTensorsFuzzer.cpp - libFuzzer target for safetensors -----------===//

#include "orion/format/SafeTensors.h"

#include <cstdlib>

using namespace orion::rt;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  auto file = SafeTensorsFile::fromBytes(std::move(bytes), "fuzz.safetensors");
  if (!file)
    return 0;
  uint64_t checksum = 0;
  for (const auto &[name, view] : file->tensors()) {
    if (view.sizeBytes != size_t(view.elementCount()) *
                              dtypeSize(view.dtype))
      std::abort();
    for (size_t i = 0; i < view.sizeBytes; ++i)
      checksum += view.data[i];
  }
  return checksum == 0xFFFFFFFFFFFFFFFFull;
}
