//===- AneRules.h - The ops the ANE rejects, and why ------------*- C++ -*-===//
//
// One table for mil-validate-ane (the compiler's diagnostics) and ane-sim
// (the runtime's compile errors), so the two cannot drift. Header-only and
// dependency-free, like AneTarget.h.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_ANE_ANERULES_H
#define ORION_ANE_ANERULES_H

#include <cstddef>
#include <string>
#include <string_view>

namespace orion::ane {

/// An op (by its MIL name) that no ANE program may contain.
struct RejectedOp {
  std::string_view op;         // MIL op name, e.g. "concat"
  std::string_view constraint; // docs/ane-constraints.md ID
  std::string_view verdict;    // what the ANE does with it
  std::string_view why;        // the evidence, inside the parentheses
  std::string_view remedy;     // what to do instead
};

namespace detail {
constexpr std::string_view kRejected = "is rejected by the ANE compiler";
constexpr std::string_view kNotInOpSet = "is not in the ANE op set";
constexpr std::string_view kNeverUsed = "Orion's ANE kernels never use it";
constexpr std::string_view kMask =
    "use an additive mask const (orion-decompose's causal mask, a BLOBFILE "
    "const)";
} // namespace detail

/// ANE-NO-CONCAT, ANE-NO-GELU-SILU, ANE-SDPA-MASK and ANE-OP-SET.
inline constexpr RejectedOp kRejectedOps[] = {
    {"concat", "ANE-NO-CONCAT", detail::kRejected,
     "ANECCompile fails on concat",
     "use a multi-output program or channel slices"},
    {"gelu", "ANE-NO-GELU-SILU", detail::kRejected,
     "gelu and silu are not valid ANE MIL ops",
     "run -mil-legalize-ane to expand it into tanh/sigmoid arithmetic"},
    {"silu", "ANE-NO-GELU-SILU", detail::kRejected,
     "gelu and silu are not valid ANE MIL ops",
     "run -mil-legalize-ane to expand it into tanh/sigmoid arithmetic"},
    {"scaled_dot_product_attention", "ANE-SDPA-MASK",
     "ignores causal masks on the ANE",
     "SDPA compiles and runs but drops the mask",
     "decompose attention into matmul, add and softmax"},
    {"split", "ANE-OP-SET", detail::kNotInOpSet, "Orion's codegen has no split",
     "run -mil-legalize-ane to turn it into slice_by_index ops, or compute "
     "the pieces as the outputs of a multi-output program"},
    {"gather", "ANE-OP-SET", detail::kNotInOpSet, detail::kNeverUsed,
     "embedding lookups belong in a \"cpu\" kernel (orion-partition puts "
     "them on the CPU)"},
    {"one_hot", "ANE-OP-SET", detail::kNotInOpSet, detail::kNeverUsed,
     "one_hot (cross_entropy's target pick) belongs in a \"cpu\" kernel "
     "(orion-partition puts it on the CPU)"},
    {"fill", "ANE-OP-SET", detail::kNotInOpSet, detail::kNeverUsed,
     "fill and scatter (an embedding's gradient) belong in a \"cpu\" kernel "
     "(orion-partition puts them on the CPU)"},
    {"scatter", "ANE-OP-SET", detail::kNotInOpSet, detail::kNeverUsed,
     "fill and scatter (an embedding's gradient) belong in a \"cpu\" kernel "
     "(orion-partition puts them on the CPU)"},
    {"erf", "ANE-OP-SET", detail::kNotInOpSet, detail::kNeverUsed,
     "use the tanh form of gelu"},
    {"layer_norm", "ANE-OP-SET", detail::kNotInOpSet, detail::kNeverUsed,
     "use reduce_mean and pow(-0.5) (orion-decompose)"},
    {"linear", "ANE-OP-SET", detail::kNotInOpSet, detail::kNeverUsed,
     "use a 1x1 conv"},
    {"select", "ANE-OP-SET", detail::kNotInOpSet, detail::kNeverUsed,
     detail::kMask},
    {"band_part", "ANE-OP-SET", detail::kNotInOpSet, detail::kNeverUsed,
     detail::kMask},
};

/// The rule for MIL op `op`, or null if the ANE takes it.
inline const RejectedOp *findRejectedOp(std::string_view op) {
  for (const RejectedOp &r : kRejectedOps)
    if (r.op == op)
      return &r;
  return nullptr;
}

/// How a diagnostic cites `r`'s rule: its ID, except that policies of the
/// compiler (ANE-OP-SET) say so (docs/ane-constraints.md, "IDs").
inline std::string_view ruleLabel(const RejectedOp &r) {
  return r.constraint == "ANE-OP-SET" ? "compiler-level rule" : r.constraint;
}

/// "<verdict> (<rule>: <why>); <remedy>", the text after the op's name in
/// both the compiler's and ane-sim's errors.
inline std::string describe(const RejectedOp &r) {
  std::string s(r.verdict);
  s += " (";
  s += ruleLabel(r);
  s += ": ";
  s += r.why;
  s += "); ";
  s += r.remedy;
  return s;
}

} // namespace orion::ane

#endif // ORION_ANE_ANERULES_H
