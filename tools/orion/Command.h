//===- Command.h - Subcommands of the orion CLI -----------------*- C++ -*-===//
//
// Each subcommand declares its options once; the same declaration parses the
// command line and prints `orion <command> --help`.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_TOOLS_ORION_COMMAND_H
#define ORION_TOOLS_ORION_COMMAND_H

#include "llvm/ADT/StringRef.h"

#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace orion::cli {

/// One `--name VALUE` or `--flag` option.
struct Option {
  std::string name;     // without dashes
  std::string metavar;  // empty for a flag
  std::string help;
  bool required = false;
};

/// The parsed command line of one subcommand.
class Args {
public:
  bool flag(const std::string &name) const { return flags_.count(name) > 0; }
  std::optional<std::string> value(const std::string &name) const;
  /// Every value of an option given several times, in order.
  std::vector<std::string> values(const std::string &name) const;
  const std::vector<std::string> &positional() const { return positional_; }

  /// Parses `-key`/`--key` into `out` when given: integers must be
  /// integers (`-n 5.5` is an error, not 5), others decimal numbers.
  /// Returns the error message naming the option, or nullopt.
  template <typename T>
  std::optional<std::string> number(const char *key, T &out) const {
    auto v = value(key);
    if (!v)
      return std::nullopt;
    bool bad;
    if constexpr (std::is_integral_v<T>) {
      bad = llvm::StringRef(*v).getAsInteger(10, out);
    } else {
      double d;
      bad = llvm::StringRef(*v).getAsDouble(d);
      out = T(d);
    }
    if (!bad)
      return std::nullopt;
    return std::string(std::strlen(key) == 1 ? "-" : "--") + key + " takes " +
           (std::is_integral_v<T> ? "an integer" : "a number") + ", got '" +
           *v + "'";
  }

private:
  friend struct Command;
  std::map<std::string, std::vector<std::string>> values_;
  std::map<std::string, bool> flags_;
  std::vector<std::string> positional_;
};

struct Command {
  std::string name;
  std::string usage;    // after "orion <name> "
  std::string summary;  // one line, for `orion --help`
  std::string description;
  std::vector<Option> options;
  size_t minPositional = 0, maxPositional = 0;
  std::function<int(const Args &)> run;

  /// Parses argv (after the command name); prints an error and returns
  /// nullopt on bad usage.
  std::optional<Args> parse(const std::vector<std::string> &argv) const;
  void printHelp() const;
};

/// Prints "orion <cmd>: error: <message>" to stderr and returns 1.
int fail(const std::string &command, const std::string &message);

/// The value of --device ("cpu" when absent). "auto" becomes "ane" or "cpu"
/// (rt::resolveAutoDevice), and the choice and its reason go to stderr.
std::string deviceArg(const Args &args, const std::string &command);

// The subcommands, one file each.
Command blobCommand();
Command buildModelCommand();
Command compileCommand();
Command runCommand();
Command patchCommand();
Command tokenizeCommand();
Command detokenizeCommand();
Command generateCommand();
Command trainCommand();
Command doctorCommand();

} // namespace orion::cli

#endif // ORION_TOOLS_ORION_COMMAND_H
