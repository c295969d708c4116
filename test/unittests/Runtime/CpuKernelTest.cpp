//===- CpuKernelTest.cpp - A whole attention kernel vs. plain loops -------===//
//
// RMSNorm + 1x1-conv Q/K/V projections + causal attention (mask from a
// BLOBFILE) + output reshape, spelled as mechramc/Orion's codegen spells it
// (facts §3.3/§3.4), checked against a reference written with plain loops.
// The fp32 program runs on cpu (tight tolerance); the same program with
// fp16 values runs on ane-sim (fp16 tolerance, padded uniform surfaces).
//
//===----------------------------------------------------------------------===//

#include "DeviceTestUtil.h"

#include "orion/devices/sim/AneSimDevice.h"

#include <cmath>
#include <random>

using namespace orion::rt;
using namespace orion::rt::test;

namespace {

constexpr int D = 8, S = 4, H = 2, HD = 4;

struct Weights {
  std::vector<float> rms, wq, wk, wv, mask;
};

Weights makeWeights() {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-0.5f, 0.5f);
  Weights w;
  for (int i = 0; i < D; ++i)
    w.rms.push_back(1.0f + u(rng));
  for (auto *m : {&w.wq, &w.wk, &w.wv})
    for (int i = 0; i < D * D; ++i)
      m->push_back(u(rng));
  for (int i = 0; i < S; ++i)
    for (int j = 0; j < S; ++j)
      w.mask.push_back(j <= i ? 0.0f : -10000.0f);
  return w;
}

// Writes the weights as `dt` blobs and returns the MIL text.
std::string writeKernel(const std::string &dir, const Weights &w,
                        const std::string &dt) {
  BlobFileWriter bw;
  auto add = [&](const std::vector<float> &v) {
    if (dt == "fp32")
      return bw.add(DType::F32, v.data(), v.size() * 4);
    std::vector<uint16_t> h(v.size());
    floatsToHalves(v.data(), h.data(), v.size());
    return bw.add(DType::F16, h.data(), h.size() * 2);
  };
  const uint64_t oRms = add(w.rms), oQ = add(w.wq), oK = add(w.wk),
                 oV = add(w.wv), oM = add(w.mask);
  EXPECT_TRUE(bw.writeTo(dir + "/weight.bin"));
  auto T = [&](const std::string &shape) {
    return "tensor<" + dt + ", " + shape + ">";
  };
  auto blob = [&](const std::string &name, const std::string &shape,
                  uint64_t off) {
    return "        " + T(shape) + " " + name + " = const()[name=string(\"" +
           name + "\"), val=" + T(shape) +
           "(BLOBFILE(path=string(\"@model_path/weight.bin\"), offset=uint64(" +
           std::to_string(off) + ")))];\n";
  };
  auto line = [&](const std::string &shape, const std::string &name,
                  const std::string &call) {
    return "        " + T(shape) + " " + name + " = " + call +
           "[name=string(\"" + name + "\")];\n";
  };
  std::string b;
  b += blob("rms_w", "[1,8,1,1]", oRms) + blob("q_W", "[8,8,1,1]", oQ) +
       blob("k_W", "[8,8,1,1]", oK) + blob("v_W", "[8,8,1,1]", oV) +
       blob("mask", "[1,1,4,4]", oM);
  b += "        tensor<int32, [1]> ax = const()[name=string(\"ax\"), "
       "val=tensor<int32, [1]>([1])];\n"
       "        " +
       dt + " invd = const()[name=string(\"invd\"), val=" + dt +
       "(0.125)];\n"
       "        " +
       dt + " eps = const()[name=string(\"eps\"), val=" + dt +
       "(1e-05)];\n"
       "        " +
       dt + " nhalf = const()[name=string(\"nhalf\"), val=" + dt +
       "(-0.5)];\n"
       "        " +
       dt + " scale = const()[name=string(\"scale\"), val=" + dt +
       "(0.5)];\n"
       "        bool kd = const()[name=string(\"kd\"), val=bool(true)];\n"
       "        string to = const()[name=string(\"to\"), val=string(\"" +
       dt +
       "\")];\n"
       "        string to32 = const()[name=string(\"to32\"), "
       "val=string(\"fp32\")];\n"
       "        string pt = const()[name=string(\"pt\"), "
       "val=string(\"valid\")];\n"
       "        tensor<int32, [2]> st = const()[name=string(\"st\"), "
       "val=tensor<int32, [2]>([1,1])];\n"
       "        tensor<int32, [4]> pd = const()[name=string(\"pd\"), "
       "val=tensor<int32, [4]>([0,0,0,0])];\n"
       "        tensor<int32, [2]> dl = const()[name=string(\"dl\"), "
       "val=tensor<int32, [2]>([1,1])];\n"
       "        int32 gr = const()[name=string(\"gr\"), val=int32(1)];\n"
       "        tensor<int32, [4]> rsh = const()[name=string(\"rsh\"), "
       "val=tensor<int32, [4]>([1,2,4,4])];\n"
       "        tensor<int32, [4]> pm = const()[name=string(\"pm\"), "
       "val=tensor<int32, [4]>([0,1,3,2])];\n"
       "        tensor<int32, [4]> osh = const()[name=string(\"osh\"), "
       "val=tensor<int32, [4]>([1,8,1,4])];\n"
       "        bool f = const()[name=string(\"f\"), val=bool(false)];\n"
       "        bool t = const()[name=string(\"t\"), val=bool(true)];\n"
       "        int32 sax = const()[name=string(\"sax\"), val=int32(-1)];\n";
  const std::string X = "[1,8,1,4]", R = "[1,1,1,4]";
  b += line(X, "xh", "cast(dtype=to, x=x)");
  b += line(X, "sq", "mul(x=xh, y=xh)");
  b += line(R, "ss", "reduce_sum(x=sq, axes=ax, keep_dims=kd)");
  b += line(R, "mse", "mul(x=ss, y=invd)");
  b += line(R, "mse_eps", "add(x=mse, y=eps)");
  b += line(R, "rstd", "pow(x=mse_eps, y=nhalf)");
  b += line(X, "xn", "mul(x=xh, y=rstd)");
  b += line(X, "rms_out", "mul(x=xn, y=rms_w)");
  for (const char *p : {"q", "k", "v"}) {
    const std::string n = p;
    b += line(X, n + "_conv",
              "conv(dilations=dl, groups=gr, pad=pd, pad_type=pt, "
              "strides=st, weight=" +
                  n + "_W, x=rms_out)");
    b += line("[1,2,4,4]", n + "_r", "reshape(shape=rsh, x=" + n + "_conv)");
    b += line("[1,2,4,4]", n + "_t", "transpose(perm=pm, x=" + n + "_r)");
  }
  b += line("[1,2,4,4]", "sc",
            "matmul(transpose_x=f, transpose_y=t, x=q_t, y=k_t)");
  b += line("[1,2,4,4]", "scs", "mul(x=sc, y=scale)");
  b += line("[1,2,4,4]", "masked", "add(x=scs, y=mask)");
  b += line("[1,2,4,4]", "attn", "softmax(axis=sax, x=masked)");
  b += line("[1,2,4,4]", "ctx",
            "matmul(transpose_x=f, transpose_y=f, x=attn, y=v_t)");
  b += line("[1,2,4,4]", "ctxt", "transpose(perm=pm, x=ctx)");
  b += line(X, "o", "reshape(shape=osh, x=ctxt)");
  b += "        tensor<fp32, [1,8,1,4]> out = cast(dtype=to32, x=o)"
       "[name=string(\"out\")];\n";
  return mil("tensor<fp32, [1,8,1,4]> x", b, "out");
}

// The same computation with plain loops in double.
std::vector<float> reference(const std::vector<float> &x, const Weights &w) {
  std::vector<double> xn(D * S), q(D * S), k(D * S), v(D * S);
  for (int s = 0; s < S; ++s) {
    double ss = 0;
    for (int c = 0; c < D; ++c)
      ss += double(x[c * S + s]) * x[c * S + s];
    const double rstd = 1.0 / std::sqrt(ss / D + 1e-5);
    for (int c = 0; c < D; ++c)
      xn[c * S + s] = x[c * S + s] * rstd * w.rms[c];
  }
  for (int o = 0; o < D; ++o)
    for (int s = 0; s < S; ++s)
      for (int i = 0; i < D; ++i) {
        q[o * S + s] += w.wq[o * D + i] * xn[i * S + s];
        k[o * S + s] += w.wk[o * D + i] * xn[i * S + s];
        v[o * S + s] += w.wv[o * D + i] * xn[i * S + s];
      }
  // Channel c = h*HD + e; position s.
  std::vector<float> out(D * S);
  for (int h = 0; h < H; ++h)
    for (int i = 0; i < S; ++i) {
      double sc[S], mx = -1e300, sum = 0;
      for (int j = 0; j < S; ++j) {
        sc[j] = 0;
        for (int e = 0; e < HD; ++e)
          sc[j] += q[(h * HD + e) * S + i] * k[(h * HD + e) * S + j];
        sc[j] = sc[j] * 0.5 + w.mask[i * S + j];
        mx = std::max(mx, sc[j]);
      }
      for (int j = 0; j < S; ++j)
        sum += (sc[j] = std::exp(sc[j] - mx));
      for (int e = 0; e < HD; ++e) {
        double acc = 0;
        for (int j = 0; j < S; ++j)
          acc += sc[j] / sum * v[(h * HD + e) * S + j];
        out[(h * HD + e) * S + i] = float(acc);
      }
    }
  return out;
}

std::vector<float> input() {
  std::vector<float> x;
  for (int i = 0; i < D * S; ++i)
    x.push_back(std::sin(0.7f * float(i)) * 2.0f);
  return x;
}

TEST(CpuKernel, AttentionBlockMatchesPlainLoops) {
  TempDir dir;
  const Weights w = makeWeights();
  const std::string text = writeKernel(dir.str(), w, "fp32");
  auto r = runCpu(text, {input()}, D * S, dir.str());
  ASSERT_TRUE(r) << r.error().message();
  expectNear(*r, reference(input(), w), 1e-5f);
}

TEST(AneSimKernel, Fp16AttentionBlockMatchesWithinFp16Tolerance) {
  TempDir dir;
  const Weights w = makeWeights();
  const std::string text = writeKernel(dir.str(), w, "fp16");
  auto d = device("ane-sim");
  auto r = run(*d, text, {input()}, {size_t(D * S)}, dir.str(),
               orion::ane::kMinSurfaceBytes);
  ASSERT_TRUE(r) << r.error().message();
  const std::vector<float> ref = reference(input(), w);
  for (size_t i = 0; i < ref.size(); ++i)
    EXPECT_NEAR((*r)[0][i], ref[i], 2e-2f * (1 + std::fabs(ref[i]))) << i;
}

} // namespace
