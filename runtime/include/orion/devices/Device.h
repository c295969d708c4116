//===- Device.h - Where MIL programs run ------------------------*- C++ -*-===//
//
// The runtime's one abstraction over the ANE (macOS, private frameworks), the
// ANE simulator and the CPU. It follows the ANE's lifecycle exactly, so code
// tested against `ane-sim` on Linux makes the same calls on a Mac:
//
//   compile(MIL text, program dir) -> Program     (counts against a budget)
//   load(Program)                                  (weights read here)
//   eval(Program, input surfaces, output surfaces) (any number of times)
//   unload(Program) / reload(Program)              (reload: after a patch)
//
// Surfaces are passed in *binding order*: the ANE binds them in alphabetical
// order of MIL names (docs/ane-constraints.md ANE-OUTPUT-ORDER,
// ANE-INPUT-ORDER), not in declaration order; `bindingOrder` computes it.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DEVICES_DEVICE_H
#define ORION_DEVICES_DEVICE_H

#include "orion/ane/AneBinding.h"
#include "orion/format/Error.h"
#include "orion/format/MILProgram.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace orion::rt {

/// An IOSurface-like buffer: a flat byte allocation whose first bytes hold a
/// packed tensor in the layout the MIL program declares (e.g. fp16
/// [1, C, 1, S], element (c, s) at c * S + s). Allocations may be larger
/// than the tensor (uniform sizes per program, the 49,152-byte minimum).
///
/// This one is host memory (cpu, ane-sim); the ane device's surfaces are
/// IOSurfaces, whose memory may only be touched between lock() and
/// unlock() (SurfaceAccess does both). data() is the base address, fixed for
/// the surface's life.
class Surface {
public:
  explicit Surface(size_t allocationBytes)
      : owned_(allocationBytes, 0), base_(owned_.data()),
        size_(allocationBytes) {}
  virtual ~Surface() = default;
  Surface(const Surface &) = delete;
  Surface &operator=(const Surface &) = delete;
  /// Host surfaces move (a vector's buffer keeps its address); subclasses
  /// live behind pointers.
  Surface(Surface &&other) noexcept
      : owned_(std::move(other.owned_)), base_(other.base_),
        size_(other.size_) {}

  size_t size() const { return size_; }
  uint8_t *data() { return base_; }
  const uint8_t *data() const { return base_; }
  /// Makes the memory the CPU's until unlock(); `readOnly` promises no
  /// writes (the ANE's kIOSurfaceLockReadOnly).
  virtual Status lock(bool readOnly) const { return Status::ok(); }
  virtual Status unlock(bool readOnly) const { return Status::ok(); }

protected:
  /// Memory owned by a subclass (an IOSurface's base address).
  Surface(uint8_t *base, size_t size) : base_(base), size_(size) {}

private:
  std::vector<uint8_t> owned_;
  uint8_t *base_;
  size_t size_;
};

/// Locks surfaces for CPU access for the life of the object: for reading
/// (read-only locks) or for writing. A failed lock is reported by status().
class SurfaceAccess {
public:
  explicit SurfaceAccess(bool readOnly) : readOnly_(readOnly) {}
  SurfaceAccess(const Surface &surface, bool readOnly) : readOnly_(readOnly) {
    add(surface);
  }
  ~SurfaceAccess() {
    for (const Surface *s : locked_)
      (void)s->unlock(readOnly_);
  }
  SurfaceAccess(const SurfaceAccess &) = delete;
  SurfaceAccess &operator=(const SurfaceAccess &) = delete;
  void add(const Surface &surface) {
    if (!status_)
      return;
    status_ = surface.lock(readOnly_);
    if (status_)
      locked_.push_back(&surface);
  }
  const Status &status() const { return status_; }

private:
  bool readOnly_;
  Status status_ = Status::ok();
  std::vector<const Surface *> locked_;
};

/// What tests and `orion bench` read to prove, e.g., "zero recompiles".
struct DeviceCounters {
  uint64_t compiles = 0;
  /// Of those: fresh compiles that checked a weight reload (ORION_ANE_VERIFY)
  /// and recompiles that replaced reloads found not to take (ane only).
  uint64_t verificationCompiles = 0;
  uint64_t reloadCompiles = 0;
  uint64_t loads = 0;
  uint64_t reloads = 0;
  uint64_t unloads = 0;
  uint64_t evals = 0;
  uint64_t bytesIn = 0;  // surface bytes read by evals
  uint64_t bytesOut = 0; // surface bytes written by evals
};

/// A compiled program; devices subclass it with their own state. (Not
/// `Program`: that is the MIL AST's name, from MILProgram.h.)
class CompiledProgram {
public:
  virtual ~CompiledProgram() = default;
  const milast::Function &function() const { return function_; }
  const std::string &programDir() const { return programDir_; }
  bool loaded() const { return loaded_; }

protected:
  CompiledProgram(milast::Function function, std::string programDir)
      : function_(std::move(function)), programDir_(std::move(programDir)) {}
  milast::Function function_;
  std::string programDir_; // what @model_path/ resolves to
  bool loaded_ = false;
  friend class Device;
};

class Device {
public:
  virtual ~Device() = default;
  virtual std::string name() const = 0;

  /// Parses and checks MIL text (one function, "main") whose BLOBFILE paths
  /// are relative to `programDir`. Fails for ops the device cannot run.
  virtual Expected<std::unique_ptr<CompiledProgram>>
  compile(const std::string &milText, const std::string &programDir) = 0;
  /// Reads weights and plans execution (buffers, shapes) once.
  virtual Status load(CompiledProgram &program) = 0;
  /// Runs the program. `inputs` and `outputs` are in binding order.
  virtual Status eval(CompiledProgram &program,
                      const std::vector<Surface *> &inputs,
                      const std::vector<Surface *> &outputs) = 0;
  virtual Status unload(CompiledProgram &program) = 0;
  /// unload + load: picks up weights patched on disk, without a compile.
  virtual Status reload(CompiledProgram &program);
  /// A surface of at least `bytes` that this device can bind (host memory
  /// by default; IOSurfaces on the ane device).
  virtual Expected<std::unique_ptr<Surface>> allocateSurface(size_t bytes);
  /// Whether eval() accepts `surface` as an input it did not allocate (a
  /// surface another device's program wrote, passed on without a copy).
  virtual bool canBind(const Surface &surface) const { return true; }

  const DeviceCounters &counters() const { return counters_; }

protected:
  static void setLoaded(CompiledProgram &p, bool loaded) {
    p.loaded_ = loaded;
  }
  DeviceCounters counters_;
};

/// Indices of `names` sorted as the ANE binds them (byte-wise ascending;
/// ANE-INPUT-ORDER, ANE-OUTPUT-ORDER).
using ::orion::ane::bindingOrder;

} // namespace orion::rt

#endif // ORION_DEVICES_DEVICE_H
