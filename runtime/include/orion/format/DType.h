//===- DType.h - The runtime's element types --------------------*- C++ -*-===//
//
// One enum for every element type the runtime names. MIL text spells them
// fp16, int32, ...; BLOBFILEs store coremltools' numeric codes
// (BlobFile.h); safetensors spells them F16, I32, ... (SafeTensors.h). Each
// format accepts its own subset, and the cpu device holds fp16, fp32,
// int32, bool and string values (devices/cpu/Tensor.h).
//
//===----------------------------------------------------------------------===//

#ifndef ORION_FORMAT_DTYPE_H
#define ORION_FORMAT_DTYPE_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace orion::rt {

enum class DType : uint8_t {
  F16,
  F32,
  BF16,
  I8,
  U8,
  I16,
  U16,
  I32,
  U32,
  I64,
  Bool,
  String,
};

/// Bytes per element: 1 for bool, 0 for string (not stored as bytes).
size_t dtypeSize(DType dtype);
/// MIL's spelling: "fp16", "fp32", "bf16", "int8", "uint8", "int16",
/// "uint16", "int32", "uint32", "int64", "bool", "string".
const char *milDTypeName(DType dtype);
/// The DType MIL spells `name`, or nullopt (fp64, int4, ... have none).
std::optional<DType> parseMILDType(std::string_view name);
inline bool isFloat(DType dtype) {
  return dtype == DType::F16 || dtype == DType::F32 || dtype == DType::BF16;
}

} // namespace orion::rt

#endif // ORION_FORMAT_DTYPE_H
