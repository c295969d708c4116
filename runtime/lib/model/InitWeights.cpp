//===- InitWeights.cpp - Fresh weights for a model ------------------------===//

#include "orion/model/InitWeights.h"
#include "orion/format/Memory.h"
#include "orion/model/Params.h"
#include "orion/model/Sampler.h"
#include "orion/format/Strings.h"

#include <algorithm>

namespace orion::rt {

Expected<SafeTensorsWriter> initialWeights(const ModelConfig &config,
                                           uint64_t seed) {
  std::vector<ParamSpec> params = parameterSpecs(config);
  uint64_t bytes = 0;
  for (const ParamSpec &p : params) {
    std::optional<uint64_t> n = checkedProduct(p.shape, 2 * sizeof(float));
    if (!n || *n > UINT64_MAX / 2 - bytes)
      return Error("the model's parameter '" + p.name + "' is too large");
    bytes += *n;
  }
  if (Status s = checkAllocation(bytes, "initialising the model's weights");
      !s)
    return s.error();
  // Name order fixes which draws each tensor gets.
  std::sort(params.begin(), params.end(),
            [](const ParamSpec &a, const ParamSpec &b) { return a.name < b.name; });
  SplitMix64 random(seed);
  SafeTensorsWriter writer;
  for (const auto &[name, shape] : params) {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    std::string module = name.substr(0, name.rfind('.'));
    bool isNorm = shape.size() == 1 && (module.find("norm") != std::string::npos ||
                                        module.find("ln_") != std::string::npos);
    bool isBias = endsWith(name, ".bias");
    std::vector<float> values(size_t(n), isNorm && !isBias ? 1.0f : 0.0f);
    if (!isNorm && !isBias)
      for (float &x : values)
        x = float(0.02 * random.normal());
    writer.add(name, DType::F32, shape, values.data(),
               values.size() * sizeof(float));
  }
  return writer;
}

} // namespace orion::rt
