//===- AneRules.cpp - What the ANE rejects, as checks ---------------------===//

#include "orion/devices/sim/AneRules.h"
#include "orion/devices/sim/AneSimDevice.h"

#include <map>

namespace orion::rt::sim {

// Why each op fails on the ANE, citing docs/ane-constraints.md's IDs.
static const std::map<std::string, std::string, std::less<>> &rejectedOps() {
  static const std::map<std::string, std::string, std::less<>> ops = {
      {"concat", "ANE-NO-CONCAT: concat is rejected by the ANE compiler "
                 "(ANECCompile() FAILED); use a multi-output program"},
      {"gelu", "ANE-NO-GELU-SILU: gelu is not a valid ANE MIL op; use the "
               "tanh approximation from mul/add/tanh"},
      {"silu", "ANE-NO-GELU-SILU: silu also requires decomposition (sigmoid "
               "+ mul)"},
      {"erf", "ANE-OP-SET: exact GELU's erf is not supported on the ANE; use "
              "the tanh approximation"},
      {"scaled_dot_product_attention",
       "ANE-SDPA-MASK: the ANE ignores SDPA causal masks; decompose into "
       "matmul + additive mask + softmax + matmul"},
      {"layer_norm", "not supported by the ANE target (ANE-OP-SET: never "
                     "emitted); use reduce_mean + pow(-0.5) composites"},
      {"linear", "not supported by the ANE target (ANE-OP-SET: never "
                 "emitted); use a 1x1 conv plus add"},
      {"split", "not supported by the ANE target (ANE-OP-SET: "
                "mechramc/Orion's codegen prints '// UNSUPPORTED OP: "
                "split'); use a multi-output program"},
      {"gather", "not supported by the ANE target (ANE-OP-SET): embedding "
                 "lookups run on the CPU"},
      {"one_hot", "not supported by the ANE target (ANE-OP-SET): one_hot "
                  "(cross_entropy's target pick) runs on the CPU"},
      {"fill", "not supported by the ANE target (ANE-OP-SET): fill (an "
               "embedding's gradient) runs on the CPU"},
      {"scatter", "not supported by the ANE target (ANE-OP-SET): scatter (an "
                  "embedding's gradient) runs on the CPU"},
      {"select", "not supported by the ANE target (ANE-OP-SET): causal "
                 "masking is an additive mask blob"},
      {"band_part", "not supported by the ANE target (ANE-OP-SET): causal "
                    "masks are BLOBFILE consts"},
  };
  return ops;
}

static Error opError(const char *buffer, const milast::Operation &op,
                     const std::string &why) {
  return Error(std::string(buffer) + ":" + std::to_string(op.line) + ":" +
               std::to_string(op.col) + ": ane-sim: op '" + op.op + "'" +
               (op.results.empty() ? "" : " ('" + op.results[0].name + "')") +
               " is rejected by the ANE compiler: " + why);
}

Status checkAneFunction(const milast::Function &f, const char *bufferName) {
  for (const milast::Operation &op : f.body) {
    auto it = rejectedOps().find(op.op);
    if (it != rejectedOps().end())
      return opError(bufferName, op, it->second);
    if (op.op == "conv" && op.argument("bias"))
      return opError(bufferName, op,
                     "conv does not support bias= (ANE-CONV-NO-BIAS); add the "
                     "bias with a separate add");
    if (op.op == "matmul")
      for (const char *arg : {"transpose_x", "transpose_y"})
        if (const milast::Value *v = op.argument(arg); v && !v->refName())
          return opError(bufferName, op,
                         std::string(arg) +
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
    if (s[k]->size() < kAneMinSurfaceBytes)
      return evalFailure(
          std::string(kind) + " surface " + std::to_string(k) + " ('" +
          names[k] + "') is " + std::to_string(s[k]->size()) +
          " bytes, below the ANE's minimum of " +
          std::to_string(kAneMinSurfaceBytes) + " (ANE-MIN-SURFACE)");
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
