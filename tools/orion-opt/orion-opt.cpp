//===- orion-opt.cpp - Orion's optimizer driver ---------------------------===//
//
// Parses orion and mil IR, runs passes and prints the result. Dialect and pass
// plugins load with --load-dialect-plugin / --load-pass-plugin.
//
// `-o FILE` is written to a temporary file next to FILE and renamed over it
// only when everything succeeded, so a failed run (a full disk, a pass
// error) leaves the previous FILE as it was.
//
//===----------------------------------------------------------------------===//

#include "Orion/Conversion/Passes.h"
#include "Orion/Dialect/MIL/Transforms/Passes.h"
#include "Orion/InitAllDialects.h"
#include "Orion/Pipelines/Pipelines.h"
#include "Orion/Target/ANE/Passes.h"
#include "Orion/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <unistd.h>
#include <vector>

namespace {

/// Points `-o FILE` / `-o=FILE` in `args` at FILE's temporary; returns FILE,
/// or "" when the output is stdout or not given.
std::string redirectOutput(std::vector<std::string> &args,
                           std::string &temporary) {
  for (size_t i = 1; i < args.size(); ++i) {
    std::string *path = nullptr;
    std::string prefix;
    if ((args[i] == "-o" || args[i] == "--o") && i + 1 < args.size()) {
      path = &args[i + 1];
    } else if (args[i].rfind("-o=", 0) == 0 || args[i].rfind("--o=", 0) == 0) {
      prefix = args[i].substr(0, args[i].find('=') + 1);
      path = &args[i];
    } else {
      continue;
    }
    std::string file = path->substr(prefix.size());
    if (file.empty() || file == "-")
      return "";
    temporary = file + ".orion-opt-tmp-" + std::to_string(::getpid());
    *path = prefix + temporary;
    return file;
  }
  return "";
}

} // namespace

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  mlir::orion::mil::registerMILPasses();
  mlir::orion::mil::registerANETargetPasses();
  mlir::orion::registerOrionPasses();
  mlir::orion::registerOrionConversionPasses();
  mlir::orion::registerOrionPipelines();

  mlir::DialectRegistry registry;
  mlir::orion::registerAllDialects(registry);

  std::vector<std::string> args(argv, argv + argc);
  std::string temporary;
  std::string output = redirectOutput(args, temporary);
  std::vector<char *> argvOut;
  for (std::string &a : args)
    argvOut.push_back(a.data());
  argvOut.push_back(nullptr);

  mlir::LogicalResult result = mlir::MlirOptMain(
      argc, argvOut.data(),
      "Orion optimizer driver: runs orion/mil passes on MLIR files\n",
      registry);
  if (output.empty())
    return mlir::asMainReturnCode(result);
  if (mlir::failed(result)) {
    llvm::sys::fs::remove(temporary);
    return mlir::asMainReturnCode(result);
  }
  if (std::error_code ec = llvm::sys::fs::rename(temporary, output)) {
    llvm::errs() << "orion-opt: error: cannot replace " << output << ": "
                 << ec.message() << "\n";
    llvm::sys::fs::remove(temporary);
    return 1;
  }
  return 0;
}
