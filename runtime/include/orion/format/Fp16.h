//===- Fp16.h - IEEE half and bfloat16 conversion ---------------*- C++ -*-===//
//
// The ANE computes and stores in fp16, so every weight and surface crosses
// this code. Conversions round to nearest even like numpy's astype(float16)
// and the hardware's F16C instructions; bulk conversions use F16C when the
// CPU has it and give bit-identical results either way.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_FORMAT_FP16_H
#define ORION_FORMAT_FP16_H

#include <cstddef>
#include <cstdint>

namespace orion::rt {

/// Largest finite fp16 value.
constexpr float kFp16Max = 65504.0f;

uint16_t floatToHalf(float value);
float halfToFloat(uint16_t bits);
uint16_t floatToBFloat16(float value);
float bfloat16ToFloat(uint16_t bits);

/// Converts `count` floats; overflow becomes +-inf and NaN stays NaN.
void floatsToHalves(const float *src, uint16_t *dst, size_t count);
void halvesToFloats(const uint16_t *src, float *dst, size_t count);

} // namespace orion::rt

#endif // ORION_FORMAT_FP16_H
