//===- Device.cpp - Binding order, reload ---------------------------------===//

#include "orion/devices/Device.h"

#include <algorithm>
#include <numeric>

namespace orion::rt {

std::vector<size_t> bindingOrder(const std::vector<std::string> &names) {
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

Status Device::reload(CompiledProgram &program) {
  if (program.loaded())
    if (Status s = unload(program); !s)
      return s;
  if (Status s = load(program); !s)
    return s;
  ++counters_.reloads;
  return Status::ok();
}

} // namespace orion::rt
