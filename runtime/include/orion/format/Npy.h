//===- Npy.h - NumPy .npy files for host tensors ----------------*- C++ -*-===//
//
// `orion run` reads inputs and writes outputs as .npy (format 1.0/2.0,
// little-endian, C order), the format every Python tool reads.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_FORMAT_NPY_H
#define ORION_FORMAT_NPY_H

#include "orion/format/Error.h"
#include "orion/format/HostTensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace orion::rt {

/// Reads float32/float16/float64 arrays as fp32 and int32/int64 arrays as
/// int32 (values outside int32 are an error).
Expected<HostTensor> readNpy(const std::string &path);
Expected<HostTensor> parseNpy(const std::vector<uint8_t> &bytes,
                              const std::string &name);

/// The bytes of a `<f4` or `<i4` array (format 1.0, or 2.0 for a header
/// too long for 1.0).
std::vector<uint8_t> npyBytes(const HostTensor &tensor);
/// Writes npyBytes(tensor), atomically.
Status writeNpy(const std::string &path, const HostTensor &tensor);

} // namespace orion::rt

#endif // ORION_FORMAT_NPY_H
