//===- DeviceTestUtil.h - Helpers for the cpu/ane-sim device tests -*- C++ -*-//
//
// Programs are MIL text in mechramc/Orion's compact spelling; mil() wraps a
// body in the program skeleton. run() compiles, loads and evals once with fp32
// surfaces of exactly the packed size (or `minBytes`, uniformly, for ane-sim),
// taking and returning tensors in binding order.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TEST_RUNTIME_DEVICETESTUTIL_H
#define ORION_TEST_RUNTIME_DEVICETESTUTIL_H

#include "orion/exec/DeviceRegistry.h"
#include "orion/format/BlobFile.h"
#include "orion/format/Fp16.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace orion::rt::test {

using Floats = std::vector<float>;

inline std::string mil(const std::string &inputs, const std::string &body,
                       const std::string &outputs) {
  return "program(1.3)\n{\n    func main<ios18>(" + inputs + ") {\n" + body +
         "    } -> (" + outputs + ");\n}\n";
}

inline std::unique_ptr<Device> device(const std::string &name) {
  auto d = createDevice(name);
  EXPECT_TRUE(d) << (d ? "" : d.error().message());
  return d ? std::move(*d) : nullptr;
}

inline Surface f32Surface(const Floats &v, size_t bytes = 0) {
  Surface s(std::max(bytes, v.size() * 4));
  std::memcpy(s.data(), v.data(), v.size() * 4);
  return s;
}

inline Floats readF32(const Surface &s, size_t n) {
  Floats v(n);
  std::memcpy(v.data(), s.data(), n * 4);
  return v;
}

inline Surface f16Surface(const Floats &v, size_t bytes = 0) {
  Surface s(std::max(bytes, v.size() * 2));
  std::vector<uint16_t> h(v.size());
  floatsToHalves(v.data(), h.data(), v.size());
  std::memcpy(s.data(), h.data(), h.size() * 2);
  return s;
}

inline Floats readF16(const Surface &s, size_t n) {
  std::vector<uint16_t> h(n);
  std::memcpy(h.data(), s.data(), n * 2);
  Floats v(n);
  halvesToFloats(h.data(), v.data(), n);
  return v;
}

/// compile + load + eval with fp32 surfaces; every surface gets at least
/// `minBytes` (all the same size when minBytes covers them all).
inline Expected<std::vector<Floats>> run(Device &d, const std::string &text,
                                         const std::vector<Floats> &inputs,
                                         const std::vector<size_t> &outputSizes,
                                         const std::string &dir = ".",
                                         size_t minBytes = 0) {
  auto p = d.compile(text, dir);
  if (!p)
    return p.error();
  if (Status s = d.load(**p); !s)
    return s.error();
  std::vector<Surface> in, out;
  for (const Floats &v : inputs)
    in.push_back(f32Surface(v, minBytes));
  for (size_t n : outputSizes)
    out.emplace_back(std::max(n * 4, minBytes));
  std::vector<Surface *> inPtrs, outPtrs;
  for (Surface &s : in)
    inPtrs.push_back(&s);
  for (Surface &s : out)
    outPtrs.push_back(&s);
  if (Status s = d.eval(**p, inPtrs, outPtrs); !s)
    return s.error();
  std::vector<Floats> result;
  for (size_t k = 0; k < out.size(); ++k)
    result.push_back(readF32(out[k], outputSizes[k]));
  return result;
}

/// One output on the cpu device.
inline Expected<Floats> runCpu(const std::string &text,
                               const std::vector<Floats> &inputs,
                               size_t outputSize,
                               const std::string &dir = ".") {
  auto d = createDevice("cpu");
  if (!d)
    return d.error();
  auto r = run(**d, text, inputs, {outputSize}, dir);
  if (!r)
    return r.error();
  return (*r)[0];
}

inline void expectNear(const Floats &actual, const Floats &expected,
                       float tol = 1e-6f) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i)
    EXPECT_NEAR(actual[i], expected[i], tol) << "at index " << i;
}

/// A fresh temporary directory, removed by the destructor.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("orion-device-test-" + std::to_string(::getpid()) + "-" +
            std::to_string(counter()++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string str() const { return path.string(); }
  static int &counter() {
    static int c = 0;
    return c;
  }
};

} // namespace orion::rt::test

#endif // ORION_TEST_RUNTIME_DEVICETESTUTIL_H
