//===- Parallel.h - Split a loop over a few std::threads --------*- C++ -*-===//
//
// Kept simple on purpose: kernels split their outer dimension into one chunk
// per core when the work is large enough to pay for starting threads.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DEVICES_CPU_PARALLEL_H
#define ORION_DEVICES_CPU_PARALLEL_H

#include <cstdint>
#include <functional>

namespace orion::rt::cpu {

/// Calls fn(begin, end) over disjoint chunks covering [0, n). `workPerItem`
/// (roughly, float operations) decides whether threads are worth it.
void parallelFor(int64_t n, int64_t workPerItem,
                 const std::function<void(int64_t, int64_t)> &fn);

} // namespace orion::rt::cpu

#endif // ORION_DEVICES_CPU_PARALLEL_H
