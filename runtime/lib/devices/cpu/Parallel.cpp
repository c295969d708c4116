//===- Parallel.cpp - Split a loop over a persistent pool of threads ------===//
//
// The workers live as long as the process: a decode step runs a few hundred
// small ops, and starting a thread per op (tens of microseconds) would cost
// as much as a 768x768 fp16 GEMV. A parallelFor from inside a worker, while
// another thread has the pool, or in a fork()ed child (which has no
// workers) runs inline instead of waiting.
//
//===----------------------------------------------------------------------===//

#include "orion/devices/cpu/Parallel.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include <unistd.h>

namespace orion::rt::cpu {

// Below this much work a wake-up (a few microseconds) costs more than it
// saves.
static constexpr int64_t kMinWorkPerThread = 1 << 16;

namespace {

thread_local bool tInsideWorker = false;

class Pool {
public:
  explicit Pool(int64_t workers) : pid_(getpid()) {
    for (int64_t i = 0; i < workers; ++i)
      threads_.emplace_back([this, i] { work(i + 1); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(m_);
      stop_ = true;
    }
    wake_.notify_all();
    for (std::thread &t : threads_)
      t.join();
  }
  int64_t size() const { return int64_t(threads_.size()) + 1; }

  /// Runs fn over `chunks` chunks of [0, n), chunk 0 on the caller; false
  /// when another thread holds the pool.
  bool run(int64_t n, int64_t chunks,
           const std::function<void(int64_t, int64_t)> &fn) {
    if (getpid() != pid_)
      return false;
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (!busy.owns_lock())
      return false;
    {
      std::lock_guard<std::mutex> lock(m_);
      fn_ = &fn;
      n_ = n;
      chunks_ = chunks;
      pending_.store(chunks - 1, std::memory_order_relaxed);
      ++generation_;
    }
    wake_.notify_all();
    runChunk(0);
    // Workers finish within the caller's own chunk time; spin, then yield.
    for (int spins = 0; pending_.load(std::memory_order_acquire) != 0;
         ++spins)
      if (spins > 1000)
        std::this_thread::yield();
    return true;
  }

private:
  void runChunk(int64_t c) {
    const int64_t size = (n_ + chunks_ - 1) / chunks_;
    const int64_t begin = c * size, end = std::min(n_, begin + size);
    if (begin < end)
      (*fn_)(begin, end);
  }

  void work(int64_t index) {
    tInsideWorker = true;
    uint64_t seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(m_);
        wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_)
          return;
        seen = generation_;
        if (index >= chunks_)
          continue;
      }
      runChunk(index);
      pending_.fetch_sub(1, std::memory_order_release);
    }
  }

  const pid_t pid_;
  std::vector<std::thread> threads_;
  std::mutex busy_, m_;
  std::condition_variable wake_;
  bool stop_ = false;
  uint64_t generation_ = 0;
  const std::function<void(int64_t, int64_t)> *fn_ = nullptr;
  int64_t n_ = 0, chunks_ = 1;
  std::atomic<int64_t> pending_{0};
};

Pool &pool() {
  static Pool p(std::max<int64_t>(std::thread::hardware_concurrency(), 1) - 1);
  return p;
}

} // namespace

void parallelFor(int64_t n, int64_t workPerItem,
                 const std::function<void(int64_t, int64_t)> &fn) {
  if (n <= 0)
    return;
  int64_t byWork = n * std::max<int64_t>(workPerItem, 1) / kMinWorkPerThread;
  int64_t threads = std::min({n, std::max<int64_t>(byWork, 1)});
  if (threads <= 1 || tInsideWorker) {
    fn(0, n);
    return;
  }
  Pool &p = pool();
  threads = std::min(threads, p.size());
  if (threads <= 1 || !p.run(n, threads, fn))
    fn(0, n);
}

} // namespace orion::rt::cpu
