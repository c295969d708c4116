//===- Units.h - Numbers and sizes for people to read -----------*- C++ -*-===//

#ifndef ORION_FORMAT_UNITS_H
#define ORION_FORMAT_UNITS_H

#include <cstdint>
#include <string>

namespace orion::rt {

/// "%.6g" formatting for statistics and timings.
std::string formatNumber(double value);
/// "12.3 MiB"-style sizes (B, KiB, MiB, GiB).
std::string formatBytes(uint64_t bytes);

} // namespace orion::rt

#endif // ORION_FORMAT_UNITS_H
