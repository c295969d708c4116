//===- AneRules.cpp - What the ANE rejects, as checks ---------------------===//

#include "orion/devices/sim/AneRules.h"
#include "orion/ane/AneRules.h"
#include "orion/ane/AneTarget.h"

namespace orion::rt::sim {

static Error opError(const char *buffer, const milast::Operation &op,
                     const std::string &why) {
  return Error(std::string(buffer) + ":" + std::to_string(op.line) + ":" +
               std::to_string(op.col) + ": ane-sim: op '" + op.op + "'" +
               (op.results.empty() ? "" : " ('" + op.results[0].name + "')") +
               " " + why);
}

Status checkAneFunction(const milast::Function &f, const char *bufferName) {
  for (const milast::Operation &op : f.body) {
    // The compiler's mil-validate-ane text, plus the ID it may not name.
    if (const ane::RejectedOp *r = ane::findRejectedOp(op.op))
      return opError(bufferName, op,
                     ane::describe(*r) + " [" + std::string(r->constraint) +
                         "]");
    if (op.op == "conv" && op.argument("bias"))
      return opError(bufferName, op,
                     "is rejected by the ANE compiler: conv does not support "
                     "bias= (ANE-CONV-NO-BIAS); add the bias with a separate "
                     "add");
    if (op.op == "matmul")
      for (const char *arg : {"transpose_x", "transpose_y"})
        if (const milast::Value *v = op.argument(arg); v && !v->refName())
          return opError(
              bufferName, op,
              "is rejected by the ANE compiler: " + std::string(arg) +
                  " must name a bool const; the ANE MIL parser "
                  "rejects inline true/false "
                  "(ANE-NAMED-CONST-ARGS)");
  }
  return Status::ok();
}

static Status evalFailure(const std::string &what) {
  return Error("ane-sim: ANEProgramProcessRequestDirect() Failed with "
               "status=0x1d : Program Inference error: " +
               what);
}

// Every surface of one direction must share the first one's size.
static Status checkUniform(const char *kind, const char *constraint,
                           const std::vector<Surface *> &s,
                           const std::vector<std::string> &names) {
  for (size_t k = 1; k < s.size(); ++k)
    if (s[k]->size() != s[0]->size())
      return evalFailure(
          std::string(kind) + " surface " + std::to_string(k) + " ('" +
          names[k] + "') is " + std::to_string(s[k]->size()) + " bytes but " +
          kind + " surface 0 ('" + names[0] + "') is " +
          std::to_string(s[0]->size()) + "; every " + kind +
          " surface of a program must have the same allocation size (" +
          constraint + ")");
  return Status::ok();
}

static Status checkMinimum(const char *kind, const std::vector<Surface *> &s,
                           const std::vector<std::string> &names) {
  for (size_t k = 0; k < s.size(); ++k)
    if (s[k]->size() < size_t(ane::kMinSurfaceBytes))
      return evalFailure(
          std::string(kind) + " surface " + std::to_string(k) + " ('" +
          names[k] + "') is " + std::to_string(s[k]->size()) +
          " bytes, below the ANE's minimum of " +
          std::to_string(ane::kMinSurfaceBytes) + " (ANE-MIN-SURFACE)");
  return Status::ok();
}

Status checkAneSurfaces(const std::vector<Surface *> &inputs,
                        const std::vector<std::string> &inputNames,
                        const std::vector<Surface *> &outputs,
                        const std::vector<std::string> &outputNames) {
  if (Status s =
          checkUniform("input", "ANE-UNIFORM-INPUTS", inputs, inputNames);
      !s)
    return s;
  if (Status s =
          checkUniform("output", "ANE-UNIFORM-OUTPUTS", outputs, outputNames);
      !s)
    return s;
  if (Status s = checkMinimum("input", inputs, inputNames); !s)
    return s;
  return checkMinimum("output", outputs, outputNames);
}

} // namespace orion::rt::sim
