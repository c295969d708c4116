//===- NpyFuzzer.cpp - libFuzzer target for the .npy reader ---------------===//
//
// Any byte string must either be rejected with an Error or yield a tensor
// whose elements are exactly what its shape counts, in the one vector its
// dtype names; writing it and reading the bytes back gives it again, bit
// for bit.
//
//===----------------------------------------------------------------------===//

#include "orion/format/Npy.h"

#include <cstdlib>
#include <cstring>

using namespace orion::rt;

namespace {

bool sameBits(const HostTensor &a, const HostTensor &b) {
  return a.shape == b.shape && a.dtype == b.dtype &&
         a.f32.size() == b.f32.size() && a.i32 == b.i32 &&
         (a.f32.empty() ||
          std::memcmp(a.f32.data(), b.f32.data(), 4 * a.f32.size()) == 0);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  auto tensor = parseNpy(bytes, "fuzz.npy");
  if (!tensor)
    return 0;
  const HostTensor &t = *tensor;
  for (int64_t d : t.shape)
    if (d < 0)
      std::abort();
  bool f32 = t.dtype == "fp32";
  if (!f32 && t.dtype != "int32")
    std::abort();
  size_t n = f32 ? t.f32.size() : t.i32.size();
  size_t other = f32 ? t.i32.size() : t.f32.size();
  if (int64_t(n) != t.elementCount() || other != 0)
    std::abort();
  auto again = parseNpy(npyBytes(t), "again.npy");
  if (!again || !sameBits(t, *again))
    std::abort();
  return 0;
}
