//===- AneBinding.h - The order the ANE binds surfaces in -------*- C++ -*-===//
//
// ANE-INPUT-ORDER, ANE-OUTPUT-ORDER: the ANE binds a program's input (and
// output) surfaces in alphabetical order of their MIL names, not in
// declaration order. The package writer records this order in the manifest
// and the devices bind by it; this is the one definition. Header-only.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_ANE_ANEBINDING_H
#define ORION_ANE_ANEBINDING_H

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <string>
#include <vector>

namespace orion::ane {

/// Declaration indices of `names` in binding order: element k is the index
/// of the name bound k-th.
inline std::vector<size_t> bindingOrder(const std::vector<std::string> &names) {
  std::vector<size_t> order(names.size());
  std::iota(order.begin(), order.end(), size_t(0));
  // std::string's < compares bytes (char_traits<char>::lt is unsigned), so
  // uppercase sorts before lowercase; ties keep declaration order. (Not
  // std::stable_sort: libstdc++'s uses the deprecated get_temporary_buffer.)
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return names[a] != names[b] ? names[a] < names[b] : a < b;
  });
  return order;
}

/// The binding slot of each name, in declaration order (the inverse of
/// bindingOrder).
inline std::vector<size_t> bindingSlots(const std::vector<std::string> &names) {
  std::vector<size_t> order = bindingOrder(names), slots(names.size());
  for (size_t k = 0; k < order.size(); ++k)
    slots[order[k]] = k;
  return slots;
}

} // namespace orion::ane

#endif // ORION_ANE_ANEBINDING_H
