//===- Parallel.cpp - Split a loop over a few std::threads ----------------===//

#include "cpu/Parallel.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace orion::rt::cpu {

// Below this much work a thread start (tens of microseconds) costs more than
// it saves.
static constexpr int64_t kMinWorkPerThread = 1 << 16;

void parallelFor(int64_t n, int64_t workPerItem,
                 const std::function<void(int64_t, int64_t)> &fn) {
  if (n <= 0)
    return;
  int64_t cores = std::max(1u, std::thread::hardware_concurrency());
  int64_t byWork = n * std::max<int64_t>(workPerItem, 1) / kMinWorkPerThread;
  int64_t threads = std::min({cores, n, std::max<int64_t>(byWork, 1)});
  if (threads <= 1) {
    fn(0, n);
    return;
  }
  int64_t chunk = (n + threads - 1) / threads;
  std::vector<std::thread> workers;
  for (int64_t begin = chunk; begin < n; begin += chunk)
    workers.emplace_back(fn, begin, std::min(n, begin + chunk));
  fn(0, std::min(n, chunk));
  for (std::thread &t : workers)
    t.join();
}

} // namespace orion::rt::cpu
