//===- EvalWorker.h - Calls that must not hang the caller ------*- C++ -*-===//
//
// A wedged ANE driver never returns from an evaluation (oMLX bounds every
// wait for that reason). The device runs each evaluation on this worker
// thread and waits at most a timeout; after a timeout the worker is
// abandoned (detached: nothing can interrupt the call), and the device
// refuses further work instead of hanging or racing the stuck call.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DEVICES_ANE_EVALWORKER_H
#define ORION_DEVICES_ANE_EVALWORKER_H

#include "orion/format/Error.h"

#include <functional>
#include <memory>

namespace orion::rt::ane_bridge {

class EvalWorker {
public:
  EvalWorker();
  ~EvalWorker();
  EvalWorker(const EvalWorker &) = delete;
  EvalWorker &operator=(const EvalWorker &) = delete;

  /// Runs `job` on the worker thread. Returns its Status, or sets
  /// `timedOut` and returns an Error when it has not finished after
  /// `seconds`.
  Status run(std::function<Status()> job, double seconds, bool &timedOut);
  bool abandoned() const;

  struct State; // shared with the thread

private:
  std::shared_ptr<State> state_; // shared with the thread, which may outlive us
};

} // namespace orion::rt::ane_bridge

#endif // ORION_DEVICES_ANE_EVALWORKER_H
