//===- InitWeights.cpp - Fresh weights for a model ------------------------===//

#include "InitWeights.h"

#include "Orion/Dialect/Orion/IR/OrionOps.h"
#include "orion/model/Sampler.h"

#include <map>

namespace orion::cli {

::orion::rt::SafeTensorsWriter initialWeights(mlir::func::FuncOp func,
                                              uint64_t seed) {
  ::orion::rt::SplitMix64 random(seed);
  std::map<std::string, std::vector<int64_t>> shapes;
  func.walk([&](mlir::orion::ParamOp p) {
    auto shape = p.getType().getShape();
    shapes[p.getName().str()] = {shape.begin(), shape.end()};
  });
  ::orion::rt::SafeTensorsWriter writer;
  for (const auto &[name, shape] : shapes) {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    llvm::StringRef leaf = llvm::StringRef(name).rsplit('.').first;
    bool isNorm = shape.size() == 1 && (leaf.contains("norm") ||
                                        leaf.contains("ln_"));
    bool isBias = llvm::StringRef(name).ends_with(".bias");
    std::vector<float> values(size_t(n), isNorm && !isBias ? 1.0f : 0.0f);
    if (!isNorm && !isBias)
      for (float &x : values)
        x = float(0.02 * random.normal());
    writer.add(name, ::orion::rt::DType::F32, shape, values.data(),
               values.size() * sizeof(float));
  }
  return writer;
}

} // namespace orion::cli
