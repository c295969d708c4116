//===- HostTensor.cpp - Row-major tensors on the host ---------------------===//

#include "orion/format/HostTensor.h"

namespace orion::rt {

HostTensor HostTensor::fp32(std::vector<int64_t> shape,
                            std::vector<float> data) {
  HostTensor t;
  t.shape = std::move(shape);
  t.dtype = "fp32";
  t.f32 = std::move(data);
  return t;
}

HostTensor HostTensor::int32(std::vector<int64_t> shape,
                             std::vector<int32_t> data) {
  HostTensor t;
  t.shape = std::move(shape);
  t.dtype = "int32";
  t.i32 = std::move(data);
  return t;
}

int64_t HostTensor::elementCount() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

} // namespace orion::rt
