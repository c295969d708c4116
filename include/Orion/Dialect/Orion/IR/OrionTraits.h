//===- OrionTraits.h - Where an orion op runs, how it is differentiated -*- C++ -*-===//
//
// The C++ side of OrionTraits.td. The traits carry no code: passes query
// them (`op->hasTrait<OpTrait::orion::ANEPrimitive>()`), and their
// verifyTrait hooks hold static_asserts, so a contradictory or missing
// classification is a compile error in the op's own definition.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DIALECT_ORION_IR_ORIONTRAITS_H
#define ORION_DIALECT_ORION_IR_ORIONTRAITS_H

#include "mlir/IR/OpDefinition.h"

namespace mlir::OpTrait::orion {

template <typename ConcreteType>
class Pointwise : public TraitBase<ConcreteType, Pointwise> {};

template <typename ConcreteType>
class MILLowered : public TraitBase<ConcreteType, MILLowered> {};

template <typename ConcreteType>
class Decomposed : public TraitBase<ConcreteType, Decomposed> {};

template <typename ConcreteType>
class HostBoundary : public TraitBase<ConcreteType, HostBoundary> {};

template <typename ConcreteType>
class Differentiable : public TraitBase<ConcreteType, Differentiable> {};

template <typename ConcreteType>
class ANEPrimitive : public TraitBase<ConcreteType, ANEPrimitive> {
public:
  static LogicalResult verifyTrait(Operation *) {
    static_assert(ConcreteType::template hasTrait<MILLowered>(),
                  "an ANE primitive needs a MIL lowering (Orion_MILLowered)");
    return success();
  }
};

template <typename ConcreteType>
class CpuOnly : public TraitBase<ConcreteType, CpuOnly> {
public:
  static LogicalResult verifyTrait(Operation *) {
    static_assert(!ConcreteType::template hasTrait<MILLowered>(),
                  "Orion_CpuOnly and Orion_MILLowered exclude each other");
    return success();
  }
};

template <typename ConcreteType>
class NoDerivative : public TraitBase<ConcreteType, NoDerivative> {
public:
  static LogicalResult verifyTrait(Operation *) {
    static_assert(!ConcreteType::template hasTrait<Differentiable>(),
                  "Orion_NoDerivative and Orion_Differentiable exclude "
                  "each other");
    return success();
  }
};

/// Every orion op has it (Orion_Op adds it): the op must say how it is
/// lowered and how it is differentiated.
template <typename ConcreteType>
class Classified : public TraitBase<ConcreteType, Classified> {
public:
  static LogicalResult verifyTrait(Operation *) {
    static_assert(ConcreteType::template hasTrait<MILLowered>() ||
                      ConcreteType::template hasTrait<CpuOnly>() ||
                      ConcreteType::template hasTrait<Decomposed>() ||
                      ConcreteType::template hasTrait<HostBoundary>(),
                  "an orion op must be Orion_MILLowered, Orion_CpuOnly, "
                  "Orion_Decomposed or Orion_HostBoundary");
    static_assert(ConcreteType::template hasTrait<Differentiable>() ||
                      ConcreteType::template hasTrait<NoDerivative>() ||
                      ConcreteType::template hasTrait<Decomposed>() ||
                      ConcreteType::template hasTrait<HostBoundary>(),
                  "an orion op must be Orion_Differentiable, "
                  "Orion_NoDerivative (with a reason) or Orion_Decomposed");
    return success();
  }
};

} // namespace mlir::OpTrait::orion

#endif // ORION_DIALECT_ORION_IR_ORIONTRAITS_H
