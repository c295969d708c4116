//===- Memory.h - Allocations sized by input, checked first -----*- C++ -*-===//
//
// Every allocation whose size comes from a file (a header's shape, a
// manifest's surface_bytes, a file's length) goes through checkAllocation
// before it happens: a size beyond memoryLimitBytes() is an Error naming
// the file and field, not a std::bad_alloc (or the OOM killer) later.
// Sizes are multiplied with checkedProduct, which reports overflow instead
// of wrapping. What still runs out of memory (many allocations, each
// plausible) is caught at the runtime's entry points by catchOutOfMemory
// and at `orion`'s top level: an error and exit status 1, never an abort.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_FORMAT_MEMORY_H
#define ORION_FORMAT_MEMORY_H

#include "orion/format/Error.h"

#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <vector>

namespace orion::rt {

/// The most one allocation may take: the environment variable
/// ORION_MEMORY_LIMIT (bytes; for tests and shared machines) if set, else
/// the physical memory, and never more than the address-space limit
/// (`ulimit -v`).
uint64_t memoryLimitBytes();

/// Ok if `bytes` fit memoryLimitBytes(); else an Error "`what` needs N
/// bytes, more than the memory limit ...". `what` names the file and field.
Status checkAllocation(uint64_t bytes, const std::string &what);

/// The product of `dims` (each >= 0) times `scale` (a shape's element
/// count or byte size), or nullopt if a dimension is negative or the
/// product of the non-zero ones does not fit in int64 (strides would
/// overflow even where a zero makes the count 0).
std::optional<uint64_t> checkedProduct(const std::vector<int64_t> &dims,
                                       uint64_t scale = 1);

/// Runs `body` (returning Status or Expected<T>); a std::bad_alloc it
/// throws becomes an Error "`what`: out of memory".
template <typename Body>
auto catchOutOfMemory(const std::string &what, Body &&body)
    -> decltype(body()) {
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return Error(what + ": out of memory");
  }
}

} // namespace orion::rt

#endif // ORION_FORMAT_MEMORY_H
