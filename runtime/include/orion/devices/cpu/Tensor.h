//===- Tensor.h - dtypes, shapes, rounding for the cpu device --*- C++ -*-===//
//
// The cpu device keeps every value as fp32 (math in fp32, as the brief for
// the cpu device says) and tags it with its MIL dtype. After each op the
// result is brought back to its dtype: fp16 values are rounded to fp16 so
// the cpu matches the program's declared precision, int32 values truncated,
// bools made 0/1.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DEVICES_CPU_TENSOR_H
#define ORION_DEVICES_CPU_TENSOR_H

#include "orion/format/DType.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orion::rt::cpu {

/// fp16, fp32, int32, bool, string: the MIL dtypes the cpu holds; nullopt
/// for others.
std::optional<DType> parseDType(std::string_view name);

using Shape = std::vector<int64_t>;
size_t numElements(const Shape &shape);
/// "[1,768,1,64]"
std::string shapeString(const Shape &shape);
/// Row-major strides in elements.
std::vector<int64_t> stridesOf(const Shape &shape);

/// Rounds every element to the nearest fp16 (round to nearest even).
void roundToHalf(float *data, size_t count);
/// Brings `count` freshly computed values back to `dtype`; with
/// `allFloatsFp16` (ane-sim) fp32 values are rounded to fp16 too.
void finalizeDType(float *data, size_t count, DType dtype, bool allFloatsFp16);

} // namespace orion::rt::cpu

#endif // ORION_DEVICES_CPU_TENSOR_H
