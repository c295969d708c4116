//===- Command.cpp - Option parsing and help for orion subcommands --------===//

#include "Command.h"

#include "orion/exec/DeviceRegistry.h"

#include <cctype>
#include <cstdio>
#include <iostream>

namespace orion::cli {

std::optional<std::string> Args::value(const std::string &name) const {
  auto it = values_.find(name);
  if (it == values_.end())
    return std::nullopt;
  return it->second.back();
}

std::vector<std::string> Args::values(const std::string &name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>() : it->second;
}

std::string deviceArg(const Args &args, const std::string &command) {
  std::string device = args.value("device").value_or("cpu");
  if (device != "auto")
    return device;
  std::string why;
  device = rt::resolveAutoDevice(&why);
  std::cerr << "orion " << command << ": --device auto: using " << device
            << " (" << why << ")\n";
  return device;
}

int fail(const std::string &command, const std::string &message) {
  std::cerr << "orion " << command << ": error: " << message << "\n";
  return 1;
}

std::optional<Args> Command::parse(const std::vector<std::string> &argv) const {
  Args args;
  auto usageError = [&](const std::string &message) -> std::optional<Args> {
    fail(name, message + " (see `orion " + name + " --help`)");
    return std::nullopt;
  };
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string &arg = argv[i];
    // `--name`, or `-o` for one-letter options; anything else (including
    // "-" and negative numbers) is positional.
    bool isLong = arg.size() > 2 && arg.compare(0, 2, "--") == 0;
    bool isShort = arg.size() == 2 && arg[0] == '-' && std::isalpha(
                                                           (unsigned char)arg[1]);
    if (!isLong && !isShort) {
      args.positional_.push_back(arg);
      continue;
    }
    std::string key = arg.substr(isLong ? 2 : 1), inlineValue;
    bool hasInline = false;
    if (size_t eq = key.find('='); eq != std::string::npos) {
      inlineValue = key.substr(eq + 1);
      key = key.substr(0, eq);
      hasInline = true;
    }
    const Option *opt = nullptr;
    for (const Option &o : options)
      if (o.name == key)
        opt = &o;
    if (!opt)
      return usageError("unknown option '" + arg + "'");
    if (opt->metavar.empty()) {
      if (hasInline)
        return usageError("'--" + key + "' takes no value");
      args.flags_[key] = true;
    } else if (hasInline) {
      args.values_[key].push_back(inlineValue);
    } else {
      if (i + 1 >= argv.size())
        return usageError("'--" + key + "' needs a value (" + opt->metavar +
                          ")");
      args.values_[key].push_back(argv[++i]);
    }
  }
  for (const Option &o : options)
    if (o.required && !args.values_.count(o.name))
      return usageError("missing required option '" +
                        std::string(o.name.size() == 1 ? "-" : "--") + o.name +
                        "'");
  if (args.positional_.size() < minPositional)
    return usageError("expected " + usage);
  if (args.positional_.size() > maxPositional)
    return usageError("unexpected argument '" +
                      args.positional_[maxPositional] + "'");
  return args;
}

void Command::printHelp() const {
  std::cout << "usage: orion " << name << " " << usage << "\n\n"
            << summary << "\n";
  if (!description.empty())
    std::cout << "\n" << description << "\n";
  if (options.empty())
    return;
  std::cout << "\noptions:\n";
  for (const Option &o : options) {
    std::string left = (o.name.size() == 1 ? "  -" : "  --") + o.name +
                       (o.metavar.empty() ? "" : " " + o.metavar);
    std::cout << left;
    if (left.size() < 26)
      std::cout << std::string(26 - left.size(), ' ');
    else
      std::cout << "\n" << std::string(26, ' ');
    std::cout << o.help << (o.required ? " (required)" : "") << "\n";
  }
}

} // namespace orion::cli
