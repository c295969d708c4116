//===- ModelBuilderParamsTest.cpp - Builders agree with the param list ----===//
//
// The frontend's builders take parameter shapes from orion/model/Params.h,
// the list the importers and the trainer use: every step of every preset
// must create exactly the listed parameters with the listed shapes.
//
//===----------------------------------------------------------------------===//

#include "Orion/Dialect/Orion/IR/OrionOps.h"
#include "Orion/Frontend/ModelBuilder.h"
#include "orion/model/Params.h"

#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <map>

using namespace mlir;
using namespace mlir::orion;

namespace {

TEST(ModelBuilder, CreatesExactlyTheListedParameters) {
  for (const std::string &preset : ::orion::rt::presetNames()) {
    auto config = ::orion::rt::presetConfig(preset);
    ASSERT_TRUE(config) << preset;
    std::map<std::string, std::vector<int64_t>> listed;
    for (const auto &p : ::orion::rt::parameterSpecs(*config))
      listed[p.name] = p.shape;
    for (ModelStep step : {ModelStep::Forward, ModelStep::Prefill,
                           ModelStep::Decode, ModelStep::Train}) {
      MLIRContext context;
      OwningOpRef<ModuleOp> module(ModuleOp::create(UnknownLoc::get(&context)));
      auto func = buildModel(*module, *config, /*seq=*/8, "f", step);
      ASSERT_TRUE(bool(func)) << preset << ": "
                              << llvm::toString(func.takeError());
      std::map<std::string, std::vector<int64_t>> built;
      func->walk([&](ParamOp p) {
        auto shape = p.getType().getShape();
        built[p.getName().str()] = {shape.begin(), shape.end()};
      });
      EXPECT_EQ(built, listed) << preset << " step " << int(step);
    }
  }
}

TEST(ModelBuilder, RejectsABadConfigWithTheSharedMessage) {
  MLIRContext context;
  OwningOpRef<ModuleOp> module(ModuleOp::create(UnknownLoc::get(&context)));
  ModelConfig config;
  config.heads = 5;
  auto func = buildModel(*module, config, 8);
  ASSERT_FALSE(bool(func));
  EXPECT_EQ(llvm::toString(func.takeError()),
            "heads = 5 does not divide dim = 768");
  auto longer = buildModel(*module, ModelConfig{}, 2048);
  ASSERT_FALSE(bool(longer));
  EXPECT_EQ(llvm::toString(longer.takeError()),
            "sequence length 2048 must be in [1, max_seq = 1024]");
}

} // namespace
