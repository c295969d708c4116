//===- Finite.h - NaN and Inf in weights, found where they enter -*- C++ -*-===//
//
// One scan, run wherever weights enter Orion: a weight store or an imported
// checkpoint (compile, patch, generate, train), a package's BLOBFILEs when
// the executor opens it, a trainer's master weights and moments. A NaN or
// Inf weight makes every output NaN or garbage, so it is refused with the
// parameter's name unless the caller allows it (`--allow-non-finite`).
//
//===----------------------------------------------------------------------===//

#ifndef ORION_FORMAT_FINITE_H
#define ORION_FORMAT_FINITE_H

#include "orion/format/DType.h"
#include "orion/format/Error.h"

#include <cstddef>
#include <string>

namespace orion::rt {

class Package;
class WeightStore;

/// The NaN/Inf elements of `count` elements of `dtype` at `data` (integer
/// dtypes have none).
struct NonFiniteValues {
  size_t count = 0;
  size_t first = 0;       // index of the first one
  float firstValue = 0;   // nan, inf or -inf
  explicit operator bool() const { return count != 0; }
};
NonFiniteValues scanNonFinite(DType dtype, const void *data, size_t count);

/// "`where`: parameter 'NAME' holds N NaN/Inf values (the first, inf, at
/// element I); non-finite weights are refused (--allow-non-finite accepts
/// them)".
Error nonFiniteError(const std::string &where, const std::string &param,
                     const NonFiniteValues &values);

/// Every tensor of `store`; errors name `source` and the parameter.
Status checkFiniteWeights(const WeightStore &store, const std::string &source);

/// Every float blob of the package's weight table; errors name the BLOBFILE
/// and the parameter the first bad element comes from.
Status checkFiniteWeights(const Package &pkg);

} // namespace orion::rt

#endif // ORION_FORMAT_FINITE_H
