//===- MILParserFuzzer.cpp - libFuzzer target for parseMIL ----------------===//
//
// Any input must parse or fail cleanly. A parsed program, printed in either
// spelling, must parse again and print back identically: the printer only
// writes what the parser reads, and nothing drifts across round trips.
//
//===----------------------------------------------------------------------===//

#include "orion/format/MILProgram.h"

#include <cstdio>
#include <cstdlib>
#include <string_view>

using namespace orion::rt;
using namespace orion::rt::milast;

static void check(const Program &program, MILSpelling spelling) {
  std::string once = printMIL(program, spelling);
  auto reparsed = parseMIL(once, "reprint.mil");
  if (!reparsed) {
    std::fprintf(stderr, "printed program does not parse: %s\n%s",
                 reparsed.error().message().c_str(), once.c_str());
    std::abort();
  }
  std::string twice = printMIL(*reparsed, spelling);
  if (twice != once) {
    std::fprintf(stderr, "reprint is not a fixed point:\n%s---\n%s",
                 once.c_str(), twice.c_str());
    std::abort();
  }
  // The other spelling carries the same program.
  MILSpelling other = spelling == MILSpelling::Compact ? MILSpelling::Verbose
                                                       : MILSpelling::Compact;
  auto converted = parseMIL(printMIL(*reparsed, other), "converted.mil");
  if (!converted || printMIL(*converted, spelling) != once) {
    std::fprintf(stderr, "spelling conversion changed the program:\n%s",
                 once.c_str());
    std::abort();
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto program = parseMIL(
      std::string_view(reinterpret_cast<const char *>(data), size), "fuzz.mil");
  if (!program)
    return 0;
  check(*program, MILSpelling::Compact);
  check(*program, MILSpelling::Verbose);
  return 0;
}
