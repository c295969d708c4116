//===- DType.cpp - The runtime's element types ----------------------------===//

#include "orion/format/DType.h"

namespace orion::rt {

namespace {

struct DTypeInfo {
  DType dtype;
  size_t size;
  const char *milName;
};

constexpr DTypeInfo kDTypes[] = {
    {DType::F16, 2, "fp16"},    {DType::F32, 4, "fp32"},
    {DType::BF16, 2, "bf16"},   {DType::I8, 1, "int8"},
    {DType::U8, 1, "uint8"},    {DType::I16, 2, "int16"},
    {DType::U16, 2, "uint16"},  {DType::I32, 4, "int32"},
    {DType::U32, 4, "uint32"},  {DType::I64, 8, "int64"},
    {DType::Bool, 1, "bool"},   {DType::String, 0, "string"},
};

const DTypeInfo &info(DType dtype) {
  for (const DTypeInfo &i : kDTypes)
    if (i.dtype == dtype)
      return i;
  return kDTypes[0]; // unreachable: every enumerator is in the table
}

} // namespace

size_t dtypeSize(DType dtype) { return info(dtype).size; }

const char *milDTypeName(DType dtype) { return info(dtype).milName; }

std::optional<DType> parseMILDType(std::string_view name) {
  for (const DTypeInfo &i : kDTypes)
    if (name == i.milName)
      return i.dtype;
  return std::nullopt;
}

} // namespace orion::rt
