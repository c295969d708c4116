//===- EvalWorker.cpp - Calls that must not hang the caller ---------------===//

#include "EvalWorker.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace orion::rt::ane_bridge {

struct EvalWorker::State {
  std::mutex mutex;
  std::condition_variable wake, done;
  std::function<Status()> job;
  std::optional<Status> result;
  bool stop = false, abandoned = false;
  std::thread thread;
};

static void workLoop(std::shared_ptr<EvalWorker::State> state);

EvalWorker::EvalWorker() : state_(std::make_shared<State>()) {
  state_->thread = std::thread(workLoop, state_);
}

EvalWorker::~EvalWorker() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stop = true;
  }
  state_->wake.notify_all();
  if (state_->abandoned)
    state_->thread.detach(); // still inside the stuck call
  else
    state_->thread.join();
}

bool EvalWorker::abandoned() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->abandoned;
}

Status EvalWorker::run(std::function<Status()> job, double seconds,
                       bool &timedOut) {
  timedOut = false;
  std::unique_lock<std::mutex> lock(state_->mutex);
  if (state_->abandoned)
    return Error("an earlier evaluation never returned");
  state_->job = std::move(job);
  state_->result.reset();
  state_->wake.notify_all();
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                      std::chrono::duration<double>(seconds));
  if (!state_->done.wait_until(lock, deadline,
                               [&] { return state_->result.has_value(); })) {
    state_->abandoned = true;
    timedOut = true;
    return Error("did not return within " + std::to_string(seconds) +
                 " s (ORION_ANE_EVAL_TIMEOUT)");
  }
  Status s = std::move(*state_->result);
  state_->result.reset();
  return s;
}

static void workLoop(std::shared_ptr<EvalWorker::State> state) {
  std::unique_lock<std::mutex> lock(state->mutex);
  while (true) {
    state->wake.wait(lock, [&] { return state->stop || state->job; });
    if (!state->job)
      return; // stop with nothing left to do
    std::function<Status()> job = std::move(state->job);
    state->job = nullptr;
    lock.unlock();
    Status s = job();
    lock.lock();
    state->result = std::move(s);
    state->done.notify_all();
    if (state->stop)
      return;
  }
}

} // namespace orion::rt::ane_bridge
