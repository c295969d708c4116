//===- PlanConv.cpp - conv (1-D and 2-D) ----------------------------------===//

#include "orion/devices/cpu/Kernels.h"
#include "orion/devices/cpu/OpPlanners.h"

#include <climits>

namespace orion::rt::cpu {

Status planConv(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(x, b.operand(op, "x"));
  bool halfW = false;
  ORION_TRY(w, b.weightOperand(op, "weight", halfW));
  const Shape xs = b.value(x).shape, ws = b.value(w).shape;
  if ((xs.size() != 3 && xs.size() != 4) || ws.size() != xs.size())
    return b.error(op, "only 1-D and 2-D conv are supported (x " +
                           shapeString(xs) + ", weight " + shapeString(ws) +
                           ")");
  const size_t spatial = xs.size() - 2;
  ORION_TRY(strides,
            b.intsArg(op, "strides", std::vector<int64_t>(spatial, 1)));
  ORION_TRY(dil, b.intsArg(op, "dilations", std::vector<int64_t>(spatial, 1)));
  ORION_TRY(pad, b.intsArg(op, "pad", std::vector<int64_t>(2 * spatial, 0)));
  ORION_TRY(padType, b.stringArg(op, "pad_type", std::string("valid")));
  ORION_TRY(groups, b.intArg(op, "groups", 1));
  if (strides.size() != spatial || dil.size() != spatial ||
      pad.size() != 2 * spatial)
    return b.error(op, "strides/dilations need " + std::to_string(spatial) +
                           " entries and pad " + std::to_string(2 * spatial));
  // 1-D is 2-D with H = 1.
  auto at = [&](const std::vector<int64_t> &v, size_t i, int64_t one) {
    return spatial == 1 ? (i == 0 ? one : v[0]) : v[i];
  };
  ConvPlan cp;
  cp.n = xs[0];
  cp.cin = xs[1];
  cp.h = spatial == 1 ? 1 : xs[2];
  cp.w = xs.back();
  cp.cout = ws[0];
  cp.kh = spatial == 1 ? 1 : ws[2];
  cp.kw = ws.back();
  cp.strideH = at(strides, 0, 1);
  cp.strideW = at(strides, 1, 1);
  cp.dilH = at(dil, 0, 1);
  cp.dilW = at(dil, 1, 1);
  cp.groups = groups;
  if (groups <= 0 || cp.cin % groups != 0 || cp.cout % groups != 0 ||
      ws[1] != cp.cin / groups)
    return b.error(op, "weight " + shapeString(ws) + " does not fit x " +
                           shapeString(xs) +
                           " with groups=" + std::to_string(groups));
  if (cp.strideH <= 0 || cp.strideW <= 0 || cp.dilH <= 0 || cp.dilW <= 0)
    return b.error(op, "strides and dilations must be positive");
  // Padding per pad_type; custom pad is [top, bottom, left, right] (2-D) or
  // [left, right] (1-D).
  int64_t padB = 0, padR = 0;
  const int64_t effH = (cp.kh - 1) * cp.dilH + 1,
                effW = (cp.kw - 1) * cp.dilW + 1;
  if (padType == "valid") {
  } else if (padType == "custom") {
    cp.padTop = spatial == 1 ? 0 : pad[0];
    padB = spatial == 1 ? 0 : pad[1];
    cp.padLeft = pad[2 * spatial - 2];
    padR = pad[2 * spatial - 1];
    if (cp.padTop < 0 || padB < 0 || cp.padLeft < 0 || padR < 0)
      return b.error(op, "pad must not be negative");
  } else if (padType == "same" || padType == "same_lower") {
    auto same = [&](int64_t d, int64_t s, int64_t eff, int64_t &lo,
                    int64_t &hi) {
      int64_t out = (d + s - 1) / s;
      int64_t total = std::max<int64_t>((out - 1) * s + eff - d, 0);
      lo = padType == "same" ? total / 2 : total - total / 2;
      hi = total - lo;
    };
    same(cp.h, cp.strideH, effH, cp.padTop, padB);
    same(cp.w, cp.strideW, effW, cp.padLeft, padR);
  } else {
    return b.error(op, "unknown pad_type '" + padType + "'");
  }
  const int64_t spanH = cp.h + cp.padTop + padB - effH,
                spanW = cp.w + cp.padLeft + padR - effW;
  if (spanH < 0 || spanW < 0)
    return b.error(op, "kernel is larger than the padded input");
  cp.oh = spanH / cp.strideH + 1;
  cp.ow = spanW / cp.strideW + 1;
  cp.pointwise = cp.kh == 1 && cp.kw == 1 && cp.strideH == 1 &&
                 cp.strideW == 1 && cp.padTop == 0 && cp.padLeft == 0 &&
                 padB == 0 && padR == 0 && groups == 1;
  if (cp.oh * cp.ow > INT_MAX || cp.cin * cp.kh * cp.kw > INT_MAX ||
      cp.cout > INT_MAX)
    return b.error(op, "conv too large for BLAS");
  int bias = -1;
  if (b.has(op, "bias")) {
    ORION_TRY(id, b.operand(op, "bias"));
    if (b.value(id).numel != size_t(cp.cout))
      return b.error(op,
                     "bias must have " + std::to_string(cp.cout) + " elements");
    bias = id;
  }
  Shape outShape = {cp.n, cp.cout};
  if (spatial == 2)
    outShape.push_back(cp.oh);
  outShape.push_back(cp.ow);
  ORION_TRY(out, b.result(op, 0, outShape));
  if (halfW && cp.pointwise) {
    // fp16 weights [cout, cin] over each image's [cin, H*W].
    HalfGemm g;
    g.n = cp.cout;
    g.k = cp.cin;
    g.s = cp.oh * cp.ow;
    g.channelMajor = true;
    const int scratch = b.scratch(g.scratchElements());
    const auto bits = b.value(w).half;
    const int64_t images = cp.n;
    b.emit([=](float *const *p) {
      for (int64_t i = 0; i < images; ++i)
        halfGemmKernel(g, bits->data(), p[x] + i * g.k * g.s,
                       bias >= 0 ? p[bias] : nullptr, p[out] + i * g.n * g.s,
                       p[scratch]);
    });
    return Status::ok();
  }
  if (halfW) // other convs read fp32 weights
    b.needFloats(w);
  const int scratch = cp.pointwise ? -1 : b.scratch(cp.scratchElements());
  b.emit([=](float *const *p) {
    convKernel(cp, p[x], p[w], bias >= 0 ? p[bias] : nullptr, p[out],
               scratch >= 0 ? p[scratch] : nullptr);
  });
  return Status::ok();
}

} // namespace orion::rt::cpu
