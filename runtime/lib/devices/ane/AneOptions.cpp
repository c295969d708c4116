//===- AneOptions.cpp - The ane device's options from the environment ----===//

#include "orion/devices/ane/AneDevice.h"

#include <cmath>
#include <cstdlib>
#include <string>

#ifndef ORION_ANE_DEFAULT_FRAMEWORK
#define ORION_ANE_DEFAULT_FRAMEWORK                                            \
  "/System/Library/PrivateFrameworks/AppleNeuralEngine.framework/"            \
  "AppleNeuralEngine"
#endif

namespace orion::rt {

namespace {

const char *env(const char *name) {
  const char *v = std::getenv(name);
  return v && *v ? v : nullptr;
}

Status parseUnsigned(const char *name, uint64_t max, uint64_t &out) {
  const char *text = env(name);
  if (!text)
    return Status::ok();
  char *end = nullptr;
  unsigned long long v = std::strtoull(text, &end, 10);
  if (text[0] == '-' || *end != '\0' || v > max)
    return Error(std::string(name) + "='" + text +
                 "' is not an integer from 0 to " + std::to_string(max));
  out = v;
  return Status::ok();
}

Status parseFlag(const char *name, bool &out) {
  const char *text = env(name);
  if (!text)
    return Status::ok();
  std::string t = text;
  if (t != "0" && t != "1")
    return Error(std::string(name) + "='" + t + "' must be 0 or 1");
  out = t == "1";
  return Status::ok();
}

} // namespace

Expected<AneOptions> aneOptionsFromEnvironment() {
  AneOptions o;
  o.frameworkPath = ORION_ANE_DEFAULT_FRAMEWORK;
  if (const char *path = env("ORION_ANE_FRAMEWORK"))
    o.frameworkPath = path;
  uint64_t qos = o.qos;
  if (Status s = parseUnsigned("ORION_ANE_QOS", 63, qos); !s)
    return s.error();
  o.qos = unsigned(qos);
  if (Status s = parseUnsigned("ORION_ANE_COMPILE_BUDGET", 1000000,
                               o.compileBudget);
      !s)
    return s.error();
  if (const char *t = env("ORION_ANE_EVAL_TIMEOUT")) {
    char *end = nullptr;
    double v = std::strtod(t, &end);
    if (*end != '\0' || !std::isfinite(v) || v <= 0)
      return Error(std::string("ORION_ANE_EVAL_TIMEOUT='") + t +
                   "' is not a positive number of seconds");
    o.evalTimeoutSeconds = v;
  }
  if (Status s = parseFlag("ORION_ANE_VERIFY", o.verifyReload); !s)
    return s.error();
  if (Status s = parseFlag("ORION_ANE_KEEP_TMPDIR", o.keepTempDirs); !s)
    return s.error();
  return o;
}

} // namespace orion::rt
