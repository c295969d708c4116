//===- HostTensor.h - Row-major tensors on the host -------------*- C++ -*-===//
//
// What the executor takes and returns and what .npy files hold: a shape and
// fp32 or int32 elements in row-major order.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_FORMAT_HOSTTENSOR_H
#define ORION_FORMAT_HOSTTENSOR_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace orion::rt {

/// A host tensor: row-major, fp32 or int32 (4 bytes per element).
struct HostTensor {
  std::vector<int64_t> shape;
  std::string dtype = "fp32";
  std::vector<float> f32;
  std::vector<int32_t> i32;

  static HostTensor fp32(std::vector<int64_t> shape, std::vector<float> data);
  static HostTensor int32(std::vector<int64_t> shape,
                          std::vector<int32_t> data);
  int64_t elementCount() const;
};

using TensorMap = std::map<std::string, HostTensor>;

} // namespace orion::rt

#endif // ORION_FORMAT_HOSTTENSOR_H
