//===- AneTarget.h - The ANE target's facts, written once -------*- C++ -*-===//
//
// Numbers and layout rules of the Apple Neural Engine that both the compiler
// (orion-partition, orion-assign-layout, mil-validate-ane, the package
// writer) and the runtime (ane-sim, the executor, manifests) need. Each cites
// its ID in docs/ane-constraints.md. Dependency-free on purpose: the
// compiler includes it without linking any runtime library.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_ANE_ANETARGET_H
#define ORION_ANE_ANETARGET_H

#include <cstddef>
#include <cstdint>

namespace orion::ane {

/// ANE-MIN-SURFACE: the smallest input or output surface the ANE evaluates
/// ([768, 16] fp32; seq = 1 x 768 fp32 = 3,072 B fails with status 0x1d).
constexpr int64_t kMinSurfaceBytes = 49152;

/// ANE-MAX-CHANNELS: the largest dimension (channels) one ANE tensor may
/// have.
constexpr int64_t kMaxChannels = 65536;

/// ANE-MAX-WEIGHT: the largest fp16 weight or constant an ANE kernel holds
/// (MiB); a policy, see the docs.
constexpr int64_t kMaxWeightMiB = 32;

/// ANE-SRAM-BUDGET: the ANE's SRAM (MiB); a bigger working set runs about
/// 30% slower.
constexpr int64_t kSramBudgetMiB = 32;

/// ANE-COMPILE-BUDGET: ~119 ANECCompile() calls per process.
constexpr uint64_t kCompileBudget = 119;

/// ANE-SURFACE-LAYOUT: the [S, C] matrix a host tensor of `shape` is on a
/// [1, C, 1, S] surface: C is the last dimension and S the product of the
/// others, which is the same row-major memory (rank 1 is one row, rank 0
/// one element).
struct SurfaceMatrix {
  int64_t rows = 1;
  int64_t channels = 1;
};
constexpr SurfaceMatrix surfaceMatrix(const int64_t *shape, size_t rank) {
  SurfaceMatrix m;
  if (rank == 0)
    return m;
  m.channels = shape[rank - 1];
  for (size_t i = 0; i + 1 < rank; ++i)
    m.rows *= shape[i];
  return m;
}

/// ANE-UNIFORM-INPUTS, ANE-UNIFORM-OUTPUTS, ANE-MIN-SURFACE: the allocation
/// size of every surface on one side of a program whose largest tensor
/// packs into `largestBytes`.
constexpr int64_t uniformSurfaceBytes(int64_t largestBytes,
                                      int64_t minBytes = kMinSurfaceBytes) {
  return largestBytes > minBytes ? largestBytes : minBytes;
}

} // namespace orion::ane

#endif // ORION_ANE_ANETARGET_H
