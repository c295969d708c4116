//===- orion.cpp - The orion command-line tool ----------------------------===//
//
// `orion <command> [options]`: one binary for everything a user does with a
// model (compile, patch, run, generate, train, bench, blob).
//
//===----------------------------------------------------------------------===//

#include "Command.h"

#include <cstring>
#include <iostream>
#include <new>

using namespace orion::cli;

static std::vector<Command> allCommands() {
  return {compileCommand(),  patchCommand(),      runCommand(),
          blobCommand(),     buildModelCommand(), tokenizeCommand(),
          detokenizeCommand(), generateCommand(), trainCommand(),
          doctorCommand()};
}

static void printTopHelp(const std::vector<Command> &commands) {
  std::cout << "usage: orion <command> [options]\n\n"
               "Orion compiles, patches and runs transformer models for the "
               "Apple Neural Engine.\n\ncommands:\n";
  for (const Command &c : commands) {
    std::cout << "  " << c.name;
    if (c.name.size() < 12)
      std::cout << std::string(12 - c.name.size(), ' ');
    std::cout << c.summary << "\n";
  }
  std::cout << "\nRun `orion <command> --help` for a command's options.\n";
}

static int runCommand(int argc, char **argv) {
  std::vector<Command> commands = allCommands();
  if (argc < 2 || !std::strcmp(argv[1], "--help") ||
      !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    printTopHelp(commands);
    return argc < 2 ? 1 : 0;
  }
  for (const Command &c : commands) {
    if (c.name != argv[1])
      continue;
    std::vector<std::string> rest(argv + 2, argv + argc);
    for (const std::string &a : rest)
      if (a == "--help" || a == "-h") {
        c.printHelp();
        return 0;
      }
    auto args = c.parse(rest);
    return args ? c.run(*args) : 1;
  }
  std::cerr << "orion: error: unknown command '" << argv[1]
            << "' (see `orion --help`)\n";
  return 1;
}

int main(int argc, char **argv) {
  // Sizes read from files are checked before allocating (Memory.h); what
  // still runs out of memory ends here, as an error and not an abort.
  try {
    return runCommand(argc, argv);
  } catch (const std::bad_alloc &) {
    std::cerr << "orion: error: out of memory\n";
    return 1;
  }
}
