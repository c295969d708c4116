//===- Fp16.cpp - IEEE half and bfloat16 conversion -----------------------===//

#include "orion/format/Fp16.h"

#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define ORION_HAVE_X86 1
#endif

namespace orion::rt {

static uint32_t bitsOf(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

static float floatOf(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

uint16_t floatToHalf(float value) {
  uint32_t x = bitsOf(value);
  uint32_t sign = (x >> 16) & 0x8000u;
  uint32_t absx = x & 0x7fffffffu;
  if (absx >= 0x7f800000u) // inf or NaN; keep NaN quiet and non-zero
    return sign | 0x7c00u |
           (absx > 0x7f800000u ? 0x200u | ((absx & 0x7fffffu) >> 13) : 0);
  if (absx >= 0x477ff000u) // rounds to >= 65520: overflow to inf
    return sign | 0x7c00u;
  if (absx < 0x38800000u) { // result is subnormal or zero
    if (absx < 0x33000000u) // below half the smallest subnormal
      return sign;
    uint32_t mant = (absx & 0x7fffffu) | 0x800000u;
    int shift = 126 - int(absx >> 23); // 14..24
    uint32_t half = mant >> shift;
    uint32_t rem = mant & ((1u << shift) - 1);
    uint32_t mid = 1u << (shift - 1);
    if (rem > mid || (rem == mid && (half & 1u)))
      ++half;
    return sign | half;
  }
  // Normal: rebias the exponent, round the 13 dropped bits to nearest even.
  uint32_t h = ((absx - 0x38000000u) >> 13);
  uint32_t rem = absx & 0x1fffu;
  if (rem > 0x1000u || (rem == 0x1000u && (h & 1u)))
    ++h;
  return sign | h;
}

float halfToFloat(uint16_t bits) {
  uint32_t sign = uint32_t(bits & 0x8000u) << 16;
  uint32_t exp = (bits >> 10) & 0x1fu;
  uint32_t mant = bits & 0x3ffu;
  if (exp == 0x1f)
    return floatOf(sign | 0x7f800000u | (mant << 13));
  if (exp != 0)
    return floatOf(sign | ((exp + 112) << 23) | (mant << 13));
  if (mant == 0)
    return floatOf(sign);
  // Subnormal: value = mant * 2^-24, exact in float.
  float f = float(mant) * (1.0f / 16777216.0f);
  return sign ? -f : f;
}

uint16_t floatToBFloat16(float value) {
  uint32_t x = bitsOf(value);
  if ((x & 0x7fffffffu) > 0x7f800000u)
    return uint16_t((x >> 16) | 0x40u);
  uint32_t rounding = 0x7fffu + ((x >> 16) & 1u);
  return uint16_t((x + rounding) >> 16);
}

float bfloat16ToFloat(uint16_t bits) { return floatOf(uint32_t(bits) << 16); }

#ifdef ORION_HAVE_X86
__attribute__((target("f16c,avx"))) static void
floatsToHalvesF16C(const float *src, uint16_t *dst, size_t count) {
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    __m256 v = _mm256_loadu_ps(src + i);
    __m128i h = _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(dst + i), h);
  }
  for (; i < count; ++i)
    dst[i] = floatToHalf(src[i]);
}

__attribute__((target("f16c,avx"))) static void
halvesToFloatsF16C(const uint16_t *src, float *dst, size_t count) {
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src + i));
    _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(h));
  }
  for (; i < count; ++i)
    dst[i] = halfToFloat(src[i]);
}

static bool hasF16C() {
  static const bool has =
      __builtin_cpu_supports("f16c") && __builtin_cpu_supports("avx");
  return has;
}
#endif

void floatsToHalves(const float *src, uint16_t *dst, size_t count) {
#ifdef ORION_HAVE_X86
  if (hasF16C())
    return floatsToHalvesF16C(src, dst, count);
#endif
  for (size_t i = 0; i < count; ++i)
    dst[i] = floatToHalf(src[i]);
}

void halvesToFloats(const uint16_t *src, float *dst, size_t count) {
#ifdef ORION_HAVE_X86
  if (hasF16C())
    return halvesToFloatsF16C(src, dst, count);
#endif
  for (size_t i = 0; i < count; ++i)
    dst[i] = halfToFloat(src[i]);
}

} // namespace orion::rt
