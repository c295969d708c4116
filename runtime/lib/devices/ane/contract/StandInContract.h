//===- StandInContract.h - The ANE stand-in's C++ half ---------*- C++ -*-===//
//
// What the contract stand-in (AneStandIn.mm) does that needs no
// Objective-C: reading the MIL, the model identifier, the compiled files of
// a model directory, and evaluation through the ane-sim interpreter.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DEVICES_ANE_CONTRACT_STANDINCONTRACT_H
#define ORION_DEVICES_ANE_CONTRACT_STANDINCONTRACT_H

#include "orion/devices/Device.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace orion::rt::standin {

using Bytes = std::vector<uint8_t>;

struct MilFacts {
  std::vector<std::string> blobPaths; // sorted
  size_t inputs = 0, outputs = 0;
  size_t functions = 0;
};
Expected<MilFacts> readMil(const std::string &milText);

/// 32 hex digits over the MIL text and the weight keys, and the weight
/// bytes unless `textOnly` (ORION_ANE_STANDIN_ID=text).
std::string modelIdentifier(const std::string &milText,
                            const std::map<std::string, Bytes> &weights,
                            bool textOnly);
std::string milHash(const std::string &milText);

/// Checks what compile() needs in `dir`, then writes net.plist, data and
/// the compiled copies of the weights. `weights` maps @model_path/ keys to
/// whole BLOBFILEs.
Status compileInto(const std::string &dir, const std::string &milText,
                   const std::map<std::string, Bytes> &weights);

/// A program loaded from the compiled files of `dir` (net.plist and data,
/// never weights/: ANE-WEIGHTS-BAKED), runnable on the ane-sim interpreter.
class LoadedProgram {
public:
  static Expected<std::unique_ptr<LoadedProgram>>
  load(const std::string &dir, const std::string &milText,
       const std::vector<std::string> &blobPaths);
  /// Surfaces as (base, bytes), in index order (binding order).
  Status eval(const std::vector<std::pair<uint8_t *, size_t>> &inputs,
              const std::vector<std::pair<uint8_t *, size_t>> &outputs);

private:
  std::unique_ptr<CompiledProgram> program_;
};

/// Whether the ane-sim device accepts the MIL (ops the ANE rejects fail).
Status checkCompilable(const std::string &milText);

} // namespace orion::rt::standin

#endif // ORION_DEVICES_ANE_CONTRACT_STANDINCONTRACT_H
