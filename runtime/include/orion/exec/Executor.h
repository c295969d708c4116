//===- Executor.h - Run a package's host plan -------------------*- C++ -*-===//
//
// Loads a package, compiles each program once (through a cache keyed by MIL
// text, never by weight values), and runs the host plan: ANE-placed
// programs on the chosen device (ane, ane-sim or cpu), CPU-placed programs on
// the cpu device, moving host tensors ([S, C] row-major, fp32 or int32) in
// and out of [1, C, 1, S] surfaces. After `orion patch`, reloadWeights()
// picks up the new weights without a recompile.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_EXEC_EXECUTOR_H
#define ORION_EXEC_EXECUTOR_H

#include "orion/devices/Device.h"
#include "orion/format/HostTensor.h"
#include "orion/format/Package.h"

#include <map>
#include <optional>
#include <set>
#include <memory>
#include <string>
#include <vector>

namespace orion::rt {

/// Wall time of one program call, for `orion run --profile`.
struct StepTiming {
  std::string program;
  std::string device;
  double seconds = 0;
};

/// Compiled programs shared by every executor of a process: a key is the
/// device, the program directory and the MIL text, so reopening a package
/// after a weight patch finds its programs compiled.
class ProgramCache {
public:
  CompiledProgram *find(const std::string &key) const;
  CompiledProgram *insert(const std::string &key, std::unique_ptr<CompiledProgram> program);
  size_t size() const { return programs_.size(); }

private:
  std::map<std::string, std::unique_ptr<CompiledProgram>> programs_;
};

class Executor {
public:
  struct Options {
    std::string device = "cpu"; // where "ane" programs run
    /// Open a package whose weights hold NaN or Inf (Finite.h); refused
    /// by default.
    bool allowNonFinite = false;
  };

  static Expected<std::unique_ptr<Executor>> open(const std::string &pkgDir,
                                                  const Options &options);

  /// Runs the host plan. `inputs` are keyed by host tensor name.
  Expected<TensorMap> run(const TensorMap &inputs,
                          std::vector<StepTiming> *timings = nullptr);
  /// Runs one program on its own; tensors are keyed by MIL name and hold the
  /// surface's elements in row-major order of its MIL shape.
  Expected<TensorMap> runProgram(const std::string &program,
                                 const TensorMap &inputs,
                                 std::vector<StepTiming> *timings = nullptr);
  /// Compiles (through the cache) and loads every program of the host plan
  /// now, so the first run() measures only execution.
  Status prepare();
  /// Keeps host input `name` in its program surfaces between runs (a KV
  /// cache): run() may then omit it, and writeRows() updates rows in place
  /// instead of copying the whole tensor every call.
  Status makeResident(const std::string &name, const HostTensor &initial);
  /// Overwrites rows [firstRow, firstRow + rows.shape[0]) of a resident
  /// input (a 2-D [S, C] host tensor; other ranks only whole).
  Status writeRows(const std::string &name, int64_t firstRow,
                   const HostTensor &rows);
  /// Unload and reload every program so weights patched on disk take
  /// effect; never compiles.
  Status reloadWeights();

  const Package &package() const { return pkg_; }
  /// Host-side copies between host tensors and surfaces so far (each
  /// copyIn or copyOut of one binding), and kernel-to-kernel bindings that
  /// skipped them by passing the producer's surface on.
  uint64_t hostCopies() const { return hostCopies_; }
  uint64_t surfacesPassed() const { return surfacesPassed_; }
  const Device &device(const std::string &placement) const;

private:
  struct Loaded {
    const ProgramSpec *spec = nullptr;
    Device *device = nullptr;
    CompiledProgram *program = nullptr;
    std::vector<std::unique_ptr<Surface>> inputs, outputs; // binding order
    std::vector<size_t> inputOrder, outputOrder; // manifest index per slot
  };

  explicit Executor(Package pkg) : pkg_(std::move(pkg)) {}
  static Expected<std::unique_ptr<Executor>> openImpl(const std::string &pkgDir,
                                                      const Options &options);
  Expected<TensorMap> runImpl(const TensorMap &inputs,
                              std::vector<StepTiming> *timings);
  Expected<Loaded *> load(const std::string &program);
  /// `override[slot]`, when set, replaces input surface `slot`.
  Status call(Loaded &loaded, std::vector<StepTiming> *timings,
              const std::vector<Surface *> &override = {});

  /// For step s, input binding i: the (step, output binding) whose surface
  /// it can read as is, or {-1, 0}. Decided once per executor.
  struct Route {
    int step = -1;
    size_t output = 0;
  };
  Status planRoutes();

  Package pkg_;
  std::unique_ptr<Device> ane_, cpu_;
  std::map<std::string, Loaded> loaded_;
  std::set<std::string> resident_;
  std::optional<std::vector<std::vector<Route>>> routes_;
  std::set<std::string> needsHost_; // tensors some consumer reads on the host
  uint64_t hostCopies_ = 0, surfacesPassed_ = 0;
};

/// The process-wide program cache.
ProgramCache &programCache();

} // namespace orion::rt

#endif // ORION_EXEC_EXECUTOR_H
