//===- Consts.cpp - const ops, inline literals, BLOBFILE weights ----------===//
//
// Consts are materialized at load (BLOBFILEs read once here) into buffers of
// their own that are never reused. Const arguments (axes, perm, dtype...)
// are read from the same data while planning. fp16 BLOBFILE tensors (the
// weights) keep their fp16 bits and get floats only when an op needs them.
//
//===----------------------------------------------------------------------===//

#include "orion/devices/cpu/Planner.h"

#include "orion/format/Fp16.h"
#include "orion/format/Manifest.h"
#include "orion/format/Memory.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace orion::rt::cpu {

// One literal element: true/false, an integer or a float (inf/nan too).
static bool parseElement(const std::string &text, float &out) {
  if (text == "true" || text == "false") {
    out = text == "true" ? 1.0f : 0.0f;
    return true;
  }
  if (text.empty())
    return false;
  char *end = nullptr;
  double d = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size())
    return false;
  out = float(d);
  return true;
}

Expected<const BlobFile *> PlanBuilder::blobFile(const milast::Operation &op,
                                                 const std::string &path) {
  Expected<std::string> relative = blobFileRelativePath(path);
  if (!relative)
    return error(op, relative.error().message());
  const std::string &rel = *relative;
  auto it = blobs_.find(rel);
  if (it == blobs_.end()) {
    auto file = BlobFile::open(programDir_ + "/" + rel);
    if (!file)
      return error(op, file.error().message());
    it =
        blobs_.emplace(rel, std::make_unique<BlobFile>(std::move(*file))).first;
  }
  return it->second.get();
}

// Reads a BLOBFILE blob as floats; its dtype must be the const's.
static Status readBlob(const BlobFile &file, const BlobInfo &blob, DType dtype,
                       std::vector<float> &out) {
  const size_t n = blob.elementCount();
  // The blob fits its (mapped) file; its fp32 copy must fit in memory.
  if (Status s = checkAllocation(uint64_t(n) * sizeof(float),
                                 file.name() + ": the blob at offset " +
                                     std::to_string(blob.metadataOffset) +
                                     " as fp32");
      !s)
    return s;
  out.resize(n);
  const uint8_t *src = file.data(blob);
  if (dtype == DType::F16 && blob.dtype == DType::F16) {
    std::vector<uint16_t> halves(n);
    std::memcpy(halves.data(), src, n * 2);
    halvesToFloats(halves.data(), out.data(), n);
  } else if (dtype == DType::F32 && blob.dtype == DType::F32) {
    std::memcpy(out.data(), src, n * 4);
  } else if (dtype == DType::I32 && blob.dtype == DType::I32) {
    std::vector<int32_t> ints(n);
    std::memcpy(ints.data(), src, n * 4);
    for (size_t i = 0; i < n; ++i)
      out[i] = float(ints[i]);
  } else {
    return Error(std::string("blob dtype ") + milDTypeName(blob.dtype) +
                 " does not match the const's " + milDTypeName(dtype));
  }
  return Status::ok();
}

Expected<int> PlanBuilder::addConst(const milast::Operation &op,
                                    const std::string &name, const milast::Type &type,
                                    const milast::Value &val) {
  auto dtype = parseDType(type.dtype);
  if (!dtype)
    return error(op, "const dtype " + type.dtype +
                         " is not supported by the cpu device");
  ValueInfo info;
  info.name = name;
  info.dtype = *dtype;
  info.isConst = true;
  info.shape = type.isTensor ? type.shape : Shape{};
  info.numel = numElements(info.shape);
  if (*dtype == DType::String) {
    const std::string *s = val.stringValue();
    if (!s)
      return error(op, "string const needs a string literal");
    info.str = *s;
    info.numel = 0;
    return newValue(std::move(info));
  }
  std::vector<float> &data = info.constData;
  if (auto *s = val.get<milast::ScalarLiteral>()) {
    data.resize(1);
    if (info.numel != 1 || !parseElement(s->text, data[0]))
      return error(op, "bad scalar literal '" + s->text + "' for " +
                           type.dtype + " " + shapeString(info.shape));
  } else if (auto *t = val.get<milast::TensorLiteral>()) {
    if (t->elements.size() != info.numel)
      return error(op, "tensor literal has " +
                           std::to_string(t->elements.size()) +
                           " elements, its type " + shapeString(info.shape) +
                           " needs " + std::to_string(info.numel));
    data.resize(info.numel);
    for (size_t i = 0; i < info.numel; ++i)
      if (!parseElement(t->elements[i], data[i]))
        return error(op, "bad tensor literal element '" + t->elements[i] + "'");
  } else if (auto *b = val.get<milast::BlobFileRef>()) {
    auto file = blobFile(op, b->path);
    if (!file)
      return file.error();
    auto blob = (*file)->blobAt(b->offset);
    if (!blob)
      return error(op, blob.error().message());
    if (blob->elementCount() != info.numel)
      return error(op, "BLOBFILE blob at offset " + std::to_string(b->offset) +
                           " of '" + b->path + "' has " +
                           std::to_string(blob->elementCount()) +
                           " elements, the const " + shapeString(info.shape) +
                           " needs " + std::to_string(info.numel));
    if (*dtype == DType::F16 && blob->dtype == DType::F16 &&
        type.isTensor) {
      auto halves = std::make_shared<std::vector<uint16_t>>(info.numel);
      std::memcpy(halves->data(), (*file)->data(*blob), info.numel * 2);
      info.half = std::move(halves);
      return newValue(std::move(info));
    }
    if (Status s = readBlob(**file, *blob, *dtype, data); !s)
      return error(op, "'" + b->path + "': " + s.error().message());
  } else {
    return error(op, "const value must be a literal or a BLOBFILE");
  }
  finalizeDType(data.data(), data.size(), *dtype, options_.allFloatsFp16);
  info.slot = constSlot(info.numel);
  return newValue(std::move(info));
}

int PlanBuilder::constSlot(size_t numel) {
  slotFree_.push_back(false);
  slotSize_.push_back(std::max<size_t>(numel, 1));
  slotViews_.push_back(0);
  return int(slotFree_.size()) - 1;
}

void PlanBuilder::needFloats(int id) {
  ValueInfo &v = plan_->values[size_t(id)];
  if (!v.half || v.slot >= 0)
    return;
  // fp16 -> fp32 is exact: the same floats a cast op would produce.
  v.constData.resize(v.numel);
  halvesToFloats(v.half->data(), v.constData.data(), v.numel);
  v.slot = constSlot(v.numel);
}

Expected<int> PlanBuilder::halfOperand(const milast::Operation &op,
                                       std::string_view arg) {
  const milast::Value *v = op.argument(arg);
  const std::string *name = v ? v->refName() : nullptr;
  if (!name)
    return -1;
  auto it = ids_.find(*name);
  if (it == ids_.end())
    return error(op, "argument '" + std::string(arg) +
                         "' uses undefined name '" + *name + "'");
  return value(it->second).half ? it->second : -1;
}

Expected<int> PlanBuilder::weightOperand(const milast::Operation &op,
                                         std::string_view arg, bool &half) {
  auto id = halfOperand(op, arg);
  if (!id)
    return id.error();
  half = *id >= 0;
  return half ? id : operand(op, arg);
}

Expected<int> PlanBuilder::halfResult(const milast::Operation &op, int source) {
  const ValueInfo &src = value(source);
  if (op.results.size() != 1 || op.results[0].type.shape != src.shape)
    return error(op, "result must have the shape of x, " +
                         shapeString(src.shape));
  auto dtype = parseDType(op.results[0].type.dtype);
  if (!dtype || !isFloat(*dtype))
    return error(op, "result must be fp16 or fp32");
  ValueInfo info;
  info.name = op.results[0].name;
  info.dtype = *dtype;
  info.isConst = true;
  info.shape = src.shape;
  info.numel = src.numel;
  info.half = src.half;
  return newValue(std::move(info));
}

Status PlanBuilder::planConst(const milast::Operation &op) {
  const milast::Value *val = op.attribute("val");
  if (!val || op.results.size() != 1)
    return error(op, "const needs one result and a val attribute");
  auto id = addConst(op, op.results[0].name, op.results[0].type, *val);
  return id ? Status::ok() : Status(id.error());
}

Expected<const ValueInfo *> PlanBuilder::constArg(const milast::Operation &op,
                                                  std::string_view arg) {
  const milast::Value *v = op.argument(arg);
  if (!v)
    return static_cast<const ValueInfo *>(nullptr);
  int id;
  if (const std::string *name = v->refName()) {
    auto it = ids_.find(*name);
    if (it == ids_.end())
      return error(op, "argument '" + std::string(arg) +
                           "' uses undefined name '" + *name + "'");
    id = it->second;
  } else if (v->get<milast::Tuple>()) {
    return error(op, "argument '" + std::string(arg) + "' must be a const");
  } else {
    milast::Type type;
    if (auto *s = v->get<milast::ScalarLiteral>())
      type = s->type;
    else if (auto *t = v->get<milast::TensorLiteral>())
      type = t->type;
    else if (auto *b = v->get<milast::BlobFileRef>())
      type = b->type;
    auto c = addConst(op, "", type, *v);
    if (!c)
      return c.error();
    id = *c;
  }
  if (!value(id).isConst)
    return error(op, "argument '" + std::string(arg) +
                         "' must be a const (it is '" + value(id).name + "')");
  needFloats(id);
  return &value(id);
}

Expected<std::vector<int64_t>>
PlanBuilder::intsArg(const milast::Operation &op, std::string_view arg,
                     std::optional<std::vector<int64_t>> dflt) {
  auto c = constArg(op, arg);
  if (!c)
    return c.error();
  if (!*c) {
    if (dflt)
      return *dflt;
    return error(op, "missing argument '" + std::string(arg) + "'");
  }
  if ((*c)->dtype == DType::String)
    return error(op, "argument '" + std::string(arg) + "' must be integers");
  std::vector<int64_t> out;
  for (float f : (*c)->constData) {
    if (!(std::fabs(f) < 1e9f) || f != std::trunc(f))
      return error(op,
                   "argument '" + std::string(arg) + "' must hold integers");
    out.push_back(int64_t(f));
  }
  return out;
}

Expected<int64_t> PlanBuilder::intArg(const milast::Operation &op, std::string_view arg,
                                      std::optional<int64_t> dflt) {
  auto v = intsArg(op, arg,
                   dflt ? std::optional<std::vector<int64_t>>({*dflt})
                        : std::nullopt);
  if (!v)
    return v.error();
  if (v->size() != 1)
    return error(op, "argument '" + std::string(arg) + "' must be a scalar");
  return (*v)[0];
}

Expected<bool> PlanBuilder::boolArg(const milast::Operation &op, std::string_view arg,
                                    bool dflt) {
  auto v = intArg(op, arg, dflt ? 1 : 0);
  if (!v)
    return v.error();
  return *v != 0;
}

Expected<std::vector<bool>>
PlanBuilder::boolsArg(const milast::Operation &op, std::string_view arg, size_t count) {
  auto v = intsArg(op, arg, std::vector<int64_t>(count, 0));
  if (!v)
    return v.error();
  if (v->size() != count)
    return error(op, "argument '" + std::string(arg) + "' needs " +
                         std::to_string(count) + " entries");
  std::vector<bool> out;
  for (int64_t b : *v)
    out.push_back(b != 0);
  return out;
}

Expected<float> PlanBuilder::floatArg(const milast::Operation &op, std::string_view arg,
                                      float dflt) {
  auto c = constArg(op, arg);
  if (!c)
    return c.error();
  if (!*c)
    return dflt;
  if ((*c)->constData.size() != 1)
    return error(op, "argument '" + std::string(arg) + "' must be a scalar");
  return (*c)->constData[0];
}

Expected<std::string> PlanBuilder::stringArg(const milast::Operation &op,
                                             std::string_view arg,
                                             std::optional<std::string> dflt) {
  auto c = constArg(op, arg);
  if (!c)
    return c.error();
  if (!*c) {
    if (dflt)
      return *dflt;
    return error(op, "missing argument '" + std::string(arg) + "'");
  }
  if ((*c)->dtype != DType::String)
    return error(op, "argument '" + std::string(arg) + "' must be a string");
  return (*c)->str;
}

} // namespace orion::rt::cpu
