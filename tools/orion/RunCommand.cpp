//===- RunCommand.cpp - orion run: one host-plan invocation ---------------===//

#include "Command.h"
#include "Table.h"

#include "orion/exec/Executor.h"
#include "orion/format/Npy.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>

using namespace orion::rt;

namespace orion::cli {

namespace {

/// "name=path" or "path" (the next unnamed input, in manifest order).
Expected<TensorMap> readInputs(const std::vector<std::string> &args,
                               const std::vector<std::string> &names) {
  TensorMap inputs;
  size_t next = 0;
  for (const std::string &arg : args) {
    std::string name, path = arg;
    if (size_t eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      path = arg.substr(eq + 1);
    } else {
      while (next < names.size() && inputs.count(names[next]))
        ++next;
      if (next >= names.size())
        return Error("more input files than inputs (" +
                     std::to_string(names.size()) + ")");
      name = names[next++];
    }
    auto t = readNpy(path);
    if (!t)
      return t.error();
    inputs[name] = std::move(*t);
  }
  return inputs;
}

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

int runMain(const Args &args) {
  const std::string pkg = args.positional()[0];
  Executor::Options options;
  options.device = deviceArg(args, "run");
  options.allowNonFinite = args.flag("allow-non-finite");
  auto ex = Executor::open(pkg, options);
  if (!ex)
    return fail("run", ex.error().message());
  const Manifest &m = (*ex)->package().manifest();

  auto program = args.value("program");
  if (!program && !m.hostPlan && m.programs.size() == 1)
    program = m.programs[0].name;
  std::vector<std::string> names;
  if (program) {
    const ProgramSpec *spec = m.findProgram(*program);
    if (!spec)
      return fail("run", pkg + ": no program '" + *program + "'");
    for (const SurfaceSpec &s : spec->inputs)
      names.push_back(s.name);
  } else if (m.hostPlan) {
    for (const HostTensorSpec &t : m.hostPlan->inputs)
      names.push_back(t.name);
  } else {
    return fail("run", pkg + " has " + std::to_string(m.programs.size()) +
                           " programs and no host plan; choose one with "
                           "--program NAME");
  }
  std::vector<std::string> files(args.positional().begin() + 1,
                                 args.positional().end());
  for (const std::string &f : args.values("inputs"))
    files.push_back(f);
  auto inputs = readInputs(files, names);
  if (!inputs)
    return fail("run", inputs.error().message());

  std::vector<StepTiming> timings;
  auto outputs = program ? (*ex)->runProgram(*program, *inputs, &timings)
                         : (*ex)->run(*inputs, &timings);
  if (!outputs)
    return fail("run", outputs.error().message());

  Table table({"output", "shape", "min", "max", "mean", "nan"});
  for (const auto &[name, t] : *outputs) {
    double lo = INFINITY, hi = -INFINITY, sum = 0;
    size_t nan = 0;
    for (float v : t.f32) {
      if (std::isnan(v)) {
        ++nan;
        continue;
      }
      lo = std::min(lo, double(v));
      hi = std::max(hi, double(v));
      sum += v;
    }
    double n = double(t.f32.size() - nan);
    table.add({name, shapeText(t.shape), formatNumber(lo), formatNumber(hi),
               formatNumber(n ? sum / n : 0), std::to_string(nan)});
  }
  table.print(std::cout);
  if (auto dir = args.value("outputs")) {
    std::error_code ec;
    std::filesystem::create_directories(*dir, ec);
    for (const auto &[name, t] : *outputs)
      if (Status s = writeNpy(*dir + "/" + name + ".npy", t); !s)
        return fail("run", s.error().message());
    std::cout << "wrote " << outputs->size() << " outputs to " << *dir
              << "\n";
  }
  if (args.flag("profile")) {
    Table profile({"step", "program", "device", "ms"});
    double total = 0;
    for (size_t i = 0; i < timings.size(); ++i) {
      profile.add({std::to_string(i), timings[i].program, timings[i].device,
                   formatNumber(timings[i].seconds * 1e3)});
      total += timings[i].seconds;
    }
    profile.add({"total", "", "", formatNumber(total * 1e3)});
    profile.print(std::cout);
    if (!program)
      std::cout << "host copies: " << (*ex)->hostCopies()
                << "; surfaces passed from kernel to kernel: "
                << (*ex)->surfacesPassed() << "\n";
  }
  return 0;
}

} // namespace

Command runCommand() {
  Command c;
  c.name = "run";
  c.usage = "PKG [INPUT.npy...] [--device cpu|ane-sim|ane|auto] [--program NAME] "
            "[--inputs NAME=FILE.npy]... [--outputs DIR] [--profile]";
  c.summary = "Run a compiled package once on a device";
  c.description =
      "Runs the package's host plan (or one program with --program; a package\n"
      "with a single program and no plan runs that program). Inputs are .npy\n"
      "files, given as NAME=FILE.npy or in the order the package lists its\n"
      "inputs. Prints each output's shape and statistics; --outputs writes\n"
      "them as DIR/<name>.npy. Devices: cpu (fp32 math, fast), ane-sim (the\n"
      "ANE's fp16 numerics and constraints), ane (Apple hardware only).";
  c.options = {
      {"device", "NAME", "cpu (default), ane-sim, ane, or auto (ane when `orion doctor` finds Apple's framework, else cpu)"},
      {"allow-non-finite", "",
       "run a package whose weights hold NaN or Inf (refused by default)"},
      {"program", "NAME", "run this program instead of the host plan"},
      {"inputs", "NAME=FILE", "an input .npy file (repeatable)"},
      {"outputs", "DIR", "write every output as DIR/<name>.npy"},
      {"profile", "", "print the time of every program call"},
  };
  c.minPositional = 1;
  c.maxPositional = 1000;
  c.run = runMain;
  return c;
}

} // namespace orion::cli
