//===- DoctorCommand.cpp - orion doctor: can this machine use the ANE? ----===//
//
// Reports the framework (found, Apple's or the Linux contract stand-in), its
// classes and selectors, the chip, then compiles and runs two tiny programs
// (an add, and a 1x1 conv whose weight is a BLOBFILE) on the ane device and
// compares them with the cpu device, and the compiles that costs. Exit 0
// when the ane device works.
//
//===----------------------------------------------------------------------===//

#include "Command.h"
#include "Table.h"

#include "orion/devices/ane/AneDevice.h"
#include "orion/exec/DeviceRegistry.h"
#include "orion/format/BlobFile.h"
#include "orion/format/Fp16.h"

#include <cmath>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <unistd.h>

using namespace orion::rt;
namespace fs = std::filesystem;

namespace orion::cli {

namespace {

constexpr int64_t kChannels = 64, kSeq = 32; // [1,64,1,32] fp16: 4 KiB

std::string milProgram(const std::string &inputs, const std::string &body,
                       const std::string &outputs) {
  return "program(1.3)\n{\n    func main<ios18>(" + inputs + ") {\n" + body +
         "    } -> (" + outputs + ");\n}\n";
}

const std::string kShape = "[1," + std::to_string(kChannels) + ",1," +
                           std::to_string(kSeq) + "]";

std::string addProgram() {
  return milProgram("tensor<fp16, " + kShape + "> a, tensor<fp16, " + kShape +
                        "> b",
                    "        tensor<fp16, " + kShape +
                        "> out = add(x=a, y=b)[name=string(\"out\")];\n",
                    "out");
}

std::string convProgram() {
  const std::string w = "[" + std::to_string(kChannels) + "," +
                        std::to_string(kChannels) + ",1,1]";
  auto c = [](const std::string &type, const std::string &name,
              const std::string &val) {
    return "        " + type + " " + name + " = const()[name=string(\"" +
           name + "\"), val=" + val + "];\n";
  };
  return milProgram(
      "tensor<fp16, " + kShape + "> x",
      c("tensor<fp16, " + w + ">", "W",
        "tensor<fp16, " + w +
            ">(BLOBFILE(path=string(\"@model_path/weights/weight.bin\"), "
            "offset=uint64(64)))") +
          c("string", "pt", "string(\"valid\")") +
          c("tensor<int32, [2]>", "st", "tensor<int32, [2]>([1,1])") +
          c("tensor<int32, [4]>", "pd", "tensor<int32, [4]>([0,0,0,0])") +
          c("tensor<int32, [2]>", "dl", "tensor<int32, [2]>([1,1])") +
          c("int32", "gr", "int32(1)") +
          "        tensor<fp16, " + kShape +
          "> out = conv(dilations=dl, groups=gr, pad=pd, pad_type=pt, "
          "strides=st, weight=W, x=x)[name=string(\"out\")];\n",
      "out");
}

/// Deterministic fp16 test values in [-1, 1).
std::vector<uint16_t> pattern(size_t n, unsigned seed) {
  std::vector<uint16_t> h(n);
  for (size_t i = 0; i < n; ++i)
    h[i] = floatToHalf(float(int((i * 37 + seed * 11) % 64) - 32) / 32.0f);
  return h;
}

/// compile + load + eval on `d`; the output's fp16 values.
Expected<std::vector<float>> runOn(Device &d, const std::string &mil,
                                   const std::string &dir, size_t inputs) {
  auto p = d.compile(mil, dir);
  if (!p)
    return p.error();
  if (Status s = d.load(**p); !s)
    return s.error();
  const size_t n = size_t(kChannels * kSeq);
  std::vector<std::unique_ptr<Surface>> in;
  for (size_t i = 0; i < inputs; ++i) {
    auto s = d.allocateSurface(49152);
    if (!s)
      return s.error();
    SurfaceAccess w(**s, false);
    if (!w.status())
      return w.status().error();
    std::vector<uint16_t> h = pattern(n, unsigned(i));
    std::memcpy((*s)->data(), h.data(), 2 * n);
    in.push_back(std::move(*s));
  }
  auto out = d.allocateSurface(49152);
  if (!out)
    return out.error();
  std::vector<Surface *> ins;
  for (auto &s : in)
    ins.push_back(s.get());
  if (Status s = d.eval(**p, ins, {out->get()}); !s)
    return s.error();
  SurfaceAccess r(**out, true);
  if (!r.status())
    return r.status().error();
  std::vector<float> v(n);
  halvesToFloats(reinterpret_cast<const uint16_t *>((*out)->data()), v.data(),
                 n);
  if (Status s = d.unload(**p); !s)
    return s.error();
  return v;
}

struct Check {
  std::string name;
  std::string result;
  bool ok;
};

/// One tiny program on the ane device against the cpu device.
Check compare(Device &ane, const std::string &name, const std::string &mil,
              const std::string &dir, size_t inputs) {
  auto cpu = createDevice("cpu");
  if (!cpu)
    return {name, cpu.error().message(), false};
  auto want = runOn(**cpu, mil, dir, inputs);
  if (!want)
    return {name, "cpu: " + want.error().message(), false};
  auto got = runOn(ane, mil, dir, inputs);
  if (!got)
    return {name, got.error().message(), false};
  double maxErr = 0;
  for (size_t i = 0; i < got->size(); ++i)
    maxErr = std::max(maxErr, double(std::fabs((*got)[i] - (*want)[i])));
  // fp16 results of sums of 64 products of values in [-1, 1]: a few ulps
  // of 64 (0.03125 each) apart from the cpu's fp32 accumulation at most.
  bool ok = std::isfinite(maxErr) && maxErr <= 0.125;
  char text[96];
  std::snprintf(text, sizeof text, "%s, max |ane - cpu| = %.4g",
                ok ? "ok" : "WRONG", maxErr);
  return {name, text, ok};
}

int doctorMain(const Args &args) {
  auto options = aneOptionsFromEnvironment();
  if (!options)
    return fail("doctor", options.error().message());
  AneProbe probe = probeAneFramework(*options);
  Table t({"check", "result"});
  t.add({"framework", probe.frameworkPath});
  t.add({"loaded", probe.frameworkLoaded ? "yes" : "no"});
  if (probe.frameworkLoaded)
    t.add({"kind", probe.isStandIn
                       ? "Orion's contract stand-in (Linux; evaluates with "
                         "ane-sim): not an ANE"
                       : "Apple's AppleNeuralEngine.framework"});
  size_t classes = 0, selectors = 0;
  std::string missing;
  for (auto &[name, present] : probe.classes) {
    classes += present;
    if (!present)
      missing += " " + name;
  }
  for (auto &[name, present] : probe.selectors) {
    selectors += present;
    if (!present)
      missing += " " + name;
  }
  if (probe.frameworkLoaded) {
    t.add({"classes", std::to_string(classes) + "/" +
                          std::to_string(probe.classes.size()) + " present"});
    t.add({"selectors", std::to_string(selectors) + "/" +
                            std::to_string(probe.selectors.size()) +
                            " present"});
    if (!missing.empty())
      t.add({"missing", missing.substr(1)});
    t.add({"chip", probe.chip.empty() ? "(no _ANEDeviceInfo)" : probe.chip});
  }
  bool works = false;
  if (probe.error.empty()) {
    auto ane = createAneDevice(*options);
    if (!ane) {
      t.add({"ane device", ane.error().message()});
    } else {
      char tmpl[] = "/tmp/orion-doctor-XXXXXX";
      const char *dir = mkdtemp(tmpl);
      if (!dir)
        return fail("doctor", "cannot create a temporary directory");
      BlobFileWriter w;
      std::vector<uint16_t> weights = pattern(size_t(kChannels * kChannels), 7);
      w.add(DType::F16, weights.data(), weights.size() * 2);
      fs::create_directories(std::string(dir) + "/weights");
      Status wrote = w.writeTo(std::string(dir) + "/weights/weight.bin");
      Check add = compare(**ane, "add", addProgram(), dir, 2);
      Check conv = wrote ? compare(**ane, "conv", convProgram(), dir, 1)
                         : Check{"conv", wrote.error().message(), false};
      std::error_code ec;
      fs::remove_all(dir, ec);
      t.add({"add " + kShape + " fp16", add.result});
      t.add({"conv 1x1 " + kShape + " fp16", conv.result});
      const auto &c = (*ane)->counters();
      uint64_t used = c.compiles;
      t.add({"compiles", std::to_string(used) + " used by these checks, " +
                             std::to_string(options->compileBudget > used
                                                ? options->compileBudget - used
                                                : 0) +
                             " left of ORION_ANE_COMPILE_BUDGET=" +
                             std::to_string(options->compileBudget)});
      works = add.ok && conv.ok;
    }
  }
  std::string why;
  const std::string autoDevice = resolveAutoDevice(&why);
  t.add({"ane device", works ? "works" : "unavailable" + (probe.error.empty()
                                                               ? std::string()
                                                               : ": " + probe.error)});
  t.add({"devices", std::string("cpu, ane-sim") + (works ? ", ane" : "")});
  t.add({"--device auto", autoDevice + " (" + why + ")"});
  t.print(std::cout);
  return works ? 0 : 1;
}

} // namespace

Command doctorCommand() {
  Command c;
  c.name = "doctor";
  c.usage = "";
  c.summary = "Check whether this machine can run programs on the ANE";
  c.description =
      "Opens AppleNeuralEngine.framework (ORION_ANE_FRAMEWORK; on Linux the\n"
      "contract stand-in this build made), checks its four classes and every\n"
      "selector the ane device calls, reads the chip where _ANEDeviceInfo\n"
      "exists, then compiles and runs an add and a 1x1 conv on the ane device\n"
      "and compares them with the cpu device. Prints what passed, the\n"
      "compiles it spent (the ANE allows about 119 per process) and which\n"
      "device `--device auto` picks. Exit status 0 when the ane device works,\n"
      "1 otherwise.";
  c.run = doctorMain;
  return c;
}

} // namespace orion::cli
