//===- Memory.cpp - Allocations sized by input, checked first -------------===//

#include "orion/format/Memory.h"

#include <cstdlib>
#include <limits>
#include <sys/resource.h>
#include <unistd.h>

namespace orion::rt {

uint64_t memoryLimitBytes() {
  uint64_t limit = std::numeric_limits<uint64_t>::max();
  if (const char *env = std::getenv("ORION_MEMORY_LIMIT")) {
    char *end = nullptr;
    unsigned long long v = std::strtoull(env, &end, 10);
    if (end != env && *end == '\0')
      limit = v;
  } else {
    long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
    if (pages > 0 && page > 0)
      limit = uint64_t(pages) * uint64_t(page);
  }
  struct rlimit as;
  if (::getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY &&
      uint64_t(as.rlim_cur) < limit)
    limit = uint64_t(as.rlim_cur);
  return limit;
}

Status checkAllocation(uint64_t bytes, const std::string &what) {
  uint64_t limit = memoryLimitBytes();
  if (bytes <= limit)
    return Status::ok();
  return Error(what + " needs " + std::to_string(bytes) +
               " bytes, more than the memory limit of " +
               std::to_string(limit) +
               " bytes (physical memory, `ulimit -v` or ORION_MEMORY_LIMIT)");
}

std::optional<uint64_t> checkedProduct(const std::vector<int64_t> &dims,
                                       uint64_t scale) {
  constexpr uint64_t kMax = uint64_t(std::numeric_limits<int64_t>::max());
  // Zero dimensions are left out of the overflow check's product: strides
  // multiply the other dimensions, so a [0, 2^40, 2^40] shape overflows too.
  uint64_t nonZero = scale;
  bool empty = false;
  if (nonZero > kMax)
    return std::nullopt;
  for (int64_t d : dims) {
    if (d < 0)
      return std::nullopt;
    if (d == 0) {
      empty = true;
      continue;
    }
    if (nonZero > kMax / uint64_t(d))
      return std::nullopt;
    nonZero *= uint64_t(d);
  }
  return empty ? 0 : nonZero;
}

} // namespace orion::rt
