//===- Strings.h - Small string helpers the runtime shares ------*- C++ -*-===//

#ifndef ORION_FORMAT_STRINGS_H
#define ORION_FORMAT_STRINGS_H

#include <string>

namespace orion::rt {

/// True when `s` ends with `suffix` (C++17 has no std::string::ends_with).
inline bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace orion::rt

#endif // ORION_FORMAT_STRINGS_H
