//===- Tensor.cpp - dtypes, shapes and rounding for the cpu device --------===//

#include "orion/devices/cpu/Tensor.h"

#include "orion/format/Fp16.h"

#include <cmath>

namespace orion::rt::cpu {

std::optional<DType> parseDType(std::string_view name) {
  std::optional<DType> dtype = parseMILDType(name);
  if (!dtype)
    return std::nullopt;
  switch (*dtype) {
  case DType::F16:
  case DType::F32:
  case DType::I32:
  case DType::Bool:
  case DType::String:
    return dtype;
  default:
    return std::nullopt;
  }
}

size_t numElements(const Shape &shape) {
  size_t n = 1;
  for (int64_t d : shape)
    n *= size_t(d);
  return n;
}

std::string shapeString(const Shape &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

std::vector<int64_t> stridesOf(const Shape &shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;)
    strides[i - 1] = strides[i] * shape[i];
  return strides;
}

void roundToHalf(float *data, size_t count) {
  // Chunked through a small buffer so the bulk (F16C) converters do the work.
  uint16_t halves[512];
  for (size_t i = 0; i < count; i += 512) {
    size_t n = count - i < 512 ? count - i : 512;
    floatsToHalves(data + i, halves, n);
    halvesToFloats(halves, data + i, n);
  }
}

void finalizeDType(float *data, size_t count, DType dtype, bool allFloatsFp16) {
  switch (dtype) {
  case DType::F16:
    roundToHalf(data, count);
    break;
  case DType::F32:
    if (allFloatsFp16)
      roundToHalf(data, count);
    break;
  case DType::I32:
    // Like numpy's astype(int32): toward zero. NaN stays NaN (no UB).
    for (size_t i = 0; i < count; ++i)
      data[i] = std::trunc(data[i]);
    break;
  case DType::Bool:
    for (size_t i = 0; i < count; ++i)
      data[i] = data[i] != 0.0f ? 1.0f : 0.0f;
    break;
  default: // strings, and dtypes the cpu does not hold
    break;
  }
}

} // namespace orion::rt::cpu
