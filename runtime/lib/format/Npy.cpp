//===- Npy.cpp - NumPy .npy files for host tensors ------------------------===//

#include "orion/format/Npy.h"
#include "orion/format/BlobFile.h"
#include "orion/format/Fp16.h"
#include "orion/format/Memory.h"

#include <cstring>
#include <limits>

namespace orion::rt {

namespace {

/// The value of `'key': value` in the header dict, up to the next
/// top-level comma or closing brace.
std::string dictValue(const std::string &header, const std::string &key) {
  size_t k = header.find("'" + key + "'");
  if (k == std::string::npos)
    return "";
  size_t colon = header.find(':', k);
  if (colon == std::string::npos)
    return "";
  size_t i = colon + 1, depth = 0, begin = i;
  for (; i < header.size(); ++i) {
    char c = header[i];
    if (c == '(')
      ++depth;
    else if (c == ')')
      --depth;
    else if ((c == ',' || c == '}') && depth == 0)
      break;
  }
  std::string v = header.substr(begin, i - begin);
  size_t a = v.find_first_not_of(" "), b = v.find_last_not_of(" ");
  return a == std::string::npos ? "" : v.substr(a, b - a + 1);
}

} // namespace

Expected<HostTensor> parseNpy(const std::vector<uint8_t> &b,
                              const std::string &name) {
  auto fail = [&](const std::string &what) {
    return Error(name + ": " + what);
  };
  if (b.size() < 10 || std::memcmp(b.data(), "\x93NUMPY", 6) != 0)
    return fail("not a .npy file (bad magic)");
  uint8_t major = b[6];
  size_t headerLen, start;
  if (major == 1) {
    headerLen = size_t(b[8]) | size_t(b[9]) << 8;
    start = 10;
  } else if (major == 2 || major == 3) {
    if (b.size() < 12)
      return fail("truncated header");
    headerLen = size_t(b[8]) | size_t(b[9]) << 8 | size_t(b[10]) << 16 |
                size_t(b[11]) << 24;
    start = 12;
  } else {
    return fail("unsupported .npy version " + std::to_string(major));
  }
  if (headerLen > b.size() - start)
    return fail("header runs past the end of the file");
  std::string header(reinterpret_cast<const char *>(b.data() + start),
                     headerLen);
  std::string descr = dictValue(header, "descr");
  std::string fortran = dictValue(header, "fortran_order");
  std::string shapeText = dictValue(header, "shape");
  if (fortran != "False")
    return fail("only C-order arrays are supported");
  if (shapeText.size() < 2 || shapeText.front() != '(' ||
      shapeText.back() != ')')
    return fail("malformed shape " + shapeText);
  HostTensor t;
  std::string dims = shapeText.substr(1, shapeText.size() - 2);
  size_t pos = 0;
  uint64_t count = 1;
  while (pos < dims.size()) {
    size_t comma = dims.find(',', pos);
    std::string d = dims.substr(pos, comma == std::string::npos ? std::string::npos
                                                                : comma - pos);
    size_t a = d.find_first_not_of(' ');
    if (a != std::string::npos) {
      char *end = nullptr;
      long long v = std::strtoll(d.c_str() + a, &end, 10);
      if (v < 0 || end == d.c_str() + a || v > (1LL << 40))
        return fail("malformed shape " + shapeText);
      t.shape.push_back(v);
      // Checked before multiplying: two dims of 2^40 and 2^24 would wrap
      // the count to 0 and pass.
      if (v != 0 && count > (uint64_t(1) << 40) / uint64_t(v))
        return fail("shape is too large");
      count *= uint64_t(v);
    }
    if (comma == std::string::npos)
      break;
    pos = comma + 1;
  }
  struct Kind {
    const char *descr;
    size_t size;
    bool isFloat;
  };
  const Kind kinds[] = {{"'<f4'", 4, true}, {"'<f2'", 2, true},
                        {"'<f8'", 8, true}, {"'<i4'", 4, false},
                        {"'<i8'", 8, false}};
  const Kind *kind = nullptr;
  for (const Kind &k : kinds)
    if (descr == k.descr)
      kind = &k;
  if (!kind)
    return fail("unsupported dtype " + descr +
                " (expected float16/32/64 or int32/64, little-endian)");
  // The count is bounded above, but a zero dimension hides the product of
  // the others, which strides and byte sizes still multiply.
  if (!checkedProduct(t.shape, kind->size))
    return fail("shape " + shapeText + " is too large");
  const size_t dataStart = start + headerLen;
  if ((b.size() - dataStart) / kind->size < count)
    return fail("data holds " + std::to_string((b.size() - dataStart) / kind->size) +
                " elements but the shape needs " + std::to_string(count));
  const uint8_t *p = b.data() + dataStart;
  if (kind->isFloat) {
    t.dtype = "fp32";
    t.f32.resize(count);
    for (uint64_t i = 0; i < count; ++i) {
      if (kind->size == 4) {
        std::memcpy(&t.f32[i], p + 4 * i, 4);
      } else if (kind->size == 2) {
        uint16_t h;
        std::memcpy(&h, p + 2 * i, 2);
        t.f32[i] = halfToFloat(h);
      } else {
        double d;
        std::memcpy(&d, p + 8 * i, 8);
        t.f32[i] = float(d);
      }
    }
  } else {
    t.dtype = "int32";
    t.i32.resize(count);
    for (uint64_t i = 0; i < count; ++i) {
      if (kind->size == 4) {
        std::memcpy(&t.i32[i], p + 4 * i, 4);
      } else {
        int64_t v;
        std::memcpy(&v, p + 8 * i, 8);
        if (v < std::numeric_limits<int32_t>::min() ||
            v > std::numeric_limits<int32_t>::max())
          return fail("element " + std::to_string(i) + " (" +
                      std::to_string(v) + ") does not fit in int32");
        t.i32[i] = int32_t(v);
      }
    }
  }
  return t;
}

Expected<HostTensor> readNpy(const std::string &path) {
  auto bytes = readFile(path);
  if (!bytes)
    return bytes.error();
  return parseNpy(*bytes, path);
}

std::vector<uint8_t> npyBytes(const HostTensor &t) {
  std::string shape = "(";
  for (int64_t d : t.shape)
    shape += std::to_string(d) + ",";
  if (t.shape.size() > 1)
    shape.pop_back();
  shape += ")";
  std::string header = std::string("{'descr': '") +
                       (t.dtype == "int32" ? "<i4" : "<f4") +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Format 1.0 has a 16-bit header length; longer headers (thousands of
  // dims) need 2.0's 32 bits, as numpy writes them.
  const bool v2 = 10 + header.size() + 64 > 0xffff;
  const size_t prefix = v2 ? 12 : 10;
  size_t total = prefix + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::vector<uint8_t> out = {0x93, 'N', 'U', 'M', 'P', 'Y', uint8_t(v2 ? 2 : 1),
                              0};
  for (size_t i = 0; i < prefix - 8; ++i)
    out.push_back(uint8_t(header.size() >> (8 * i)));
  out.insert(out.end(), header.begin(), header.end());
  const uint8_t *data = t.dtype == "int32"
                            ? reinterpret_cast<const uint8_t *>(t.i32.data())
                            : reinterpret_cast<const uint8_t *>(t.f32.data());
  out.insert(out.end(), data, data + 4 * size_t(t.elementCount()));
  return out;
}

Status writeNpy(const std::string &path, const HostTensor &t) {
  std::vector<uint8_t> out = npyBytes(t);
  return writeFileAtomically(path, out.data(), out.size());
}

} // namespace orion::rt
