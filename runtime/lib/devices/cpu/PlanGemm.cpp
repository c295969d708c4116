//===- PlanGemm.cpp - matmul, linear, scaled_dot_product_attention --------===//

#include "orion/devices/cpu/Kernels.h"
#include "orion/devices/cpu/OpPlanners.h"

#include <climits>
#include <cstring>

namespace orion::rt::cpu {

static bool fitsBlas(std::initializer_list<int64_t> dims) {
  for (int64_t d : dims)
    if (d > INT_MAX)
      return false;
  return true;
}

// Offsets of each operand's matrix for every batch index of the broadcast
// batch shape (numpy rules; 0 stride where an operand broadcasts).
static bool batchOffsets(const Shape &xb, int64_t xMat, const Shape &yb,
                         int64_t yMat, Shape &outBatch,
                         std::vector<int64_t> &xo, std::vector<int64_t> &yo,
                         std::string &err) {
  Broadcast bc;
  if (!makeBroadcast({xb, yb}, bc, err))
    return false;
  outBatch = bc.out;
  const size_t rank = outBatch.size();
  auto strides = [&](const Shape &s, int64_t mat) {
    Shape padded(rank - s.size(), 1);
    padded.insert(padded.end(), s.begin(), s.end());
    std::vector<int64_t> st(rank, 0);
    int64_t acc = mat;
    for (size_t i = rank; i-- > 0;) {
      st[i] = padded[i] == 1 ? 0 : acc;
      acc *= padded[i];
    }
    return st;
  };
  const std::vector<int64_t> xs = strides(xb, xMat), ys = strides(yb, yMat);
  const int64_t total = int64_t(numElements(outBatch));
  for (int64_t t = 0; t < total; ++t) {
    int64_t rem = t, xoff = 0, yoff = 0;
    for (size_t i = rank; i-- > 0;) {
      int64_t idx = rem % outBatch[i];
      rem /= outBatch[i];
      xoff += idx * xs[i];
      yoff += idx * ys[i];
    }
    xo.push_back(xoff);
    yo.push_back(yoff);
  }
  return true;
}

// out [rows, n] = x [rows, k] W^T (+ bias) for fp16 weights W [n, k].
static void emitHalfLinear(PlanBuilder &b, int x, int w, int bias, int out,
                           int64_t rows, int64_t n, int64_t k) {
  HalfGemm g;
  g.n = n;
  g.k = k;
  g.s = rows;
  const int scratch = b.scratch(g.scratchElements());
  const auto bits = b.value(w).half;
  b.emit([=](float *const *p) {
    halfGemmKernel(g, bits->data(), p[x], bias >= 0 ? p[bias] : nullptr,
                   p[out], p[scratch]);
  });
}

Status planMatmul(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(x, b.operand(op, "x"));
  bool halfY = false;
  ORION_TRY(y, b.weightOperand(op, "y", halfY));
  ORION_TRY(tx, b.boolArg(op, "transpose_x", false));
  ORION_TRY(ty, b.boolArg(op, "transpose_y", false));
  Shape xs = b.value(x).shape, ys = b.value(y).shape;
  if (xs.empty() || ys.empty())
    return b.error(op, "matmul operands need rank >= 1");
  // Rank-1 operands are promoted to matrices; the promoted dim is dropped.
  const bool xVec = xs.size() == 1, yVec = ys.size() == 1;
  if (xVec) {
    xs.insert(xs.begin(), 1);
    tx = false;
  }
  if (yVec) {
    ys.push_back(1);
    ty = false;
  }
  MatmulPlan mp;
  mp.transX = tx;
  mp.transY = ty;
  const int64_t xr = xs[xs.size() - 2], xc = xs.back();
  const int64_t yr = ys[ys.size() - 2], yc = ys.back();
  mp.m = tx ? xc : xr;
  mp.k = tx ? xr : xc;
  mp.n = ty ? yr : yc;
  const int64_t ky = ty ? yc : yr;
  if (mp.k != ky)
    return b.error(op, "inner dims differ: x " + shapeString(b.value(x).shape) +
                           " vs y " + shapeString(b.value(y).shape));
  mp.lda = xc;
  mp.ldb = yc;
  if (!fitsBlas({mp.m, mp.n, mp.k}))
    return b.error(op, "matrix too large for BLAS");
  Shape outShape;
  std::string err;
  if (!batchOffsets(Shape(xs.begin(), xs.end() - 2), xr * xc,
                    Shape(ys.begin(), ys.end() - 2), yr * yc, outShape,
                    mp.xOffsets, mp.yOffsets, err))
    return b.error(op, "batch " + err);
  if (!xVec)
    outShape.push_back(mp.m);
  if (!yVec)
    outShape.push_back(mp.n);
  ORION_TRY(out, b.result(op, 0, outShape));
  if (halfY) {
    // x W^T with one fp16 W [n, k] for every batch: the batches are rows.
    bool rowsOnly = !mp.transX && mp.transY && !yVec;
    for (size_t i = 0; rowsOnly && i < mp.xOffsets.size(); ++i)
      rowsOnly = mp.yOffsets[i] == 0 &&
                 mp.xOffsets[i] == int64_t(i) * mp.m * mp.k;
    if (rowsOnly) {
      emitHalfLinear(b, x, y, -1, out, int64_t(mp.xOffsets.size()) * mp.m,
                     mp.n, mp.k);
      return Status::ok();
    }
    b.needFloats(y); // other layouts read fp32 weights
  }
  b.emit([=](float *const *p) { matmulKernel(mp, p[x], p[y], p[out]); });
  return Status::ok();
}

Status planLinear(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(x, b.operand(op, "x"));
  bool halfW = false;
  ORION_TRY(w, b.weightOperand(op, "weight", halfW));
  const Shape xs = b.value(x).shape, ws = b.value(w).shape;
  if (xs.empty() || ws.size() != 2 || ws[1] != xs.back())
    return b.error(op, "weight " + shapeString(ws) + " does not fit x " +
                           shapeString(xs));
  const int64_t cout = ws[0], cin = ws[1];
  const int64_t rows = int64_t(numElements(xs)) / std::max<int64_t>(cin, 1);
  int bias = -1;
  if (b.has(op, "bias")) {
    ORION_TRY(id, b.operand(op, "bias"));
    if (b.value(id).shape != Shape{cout})
      return b.error(op, "bias must be [" + std::to_string(cout) + "]");
    bias = id;
  }
  if (!fitsBlas({rows, cout, cin}))
    return b.error(op, "matrix too large for BLAS");
  Shape outShape = xs;
  outShape.back() = cout;
  ORION_TRY(out, b.result(op, 0, outShape));
  if (halfW) {
    emitHalfLinear(b, x, w, bias, out, rows, cout, cin);
    return Status::ok();
  }
  // out = bias (or 0), then out += x W^T in one GEMM.
  b.emit([=](float *const *p) {
    float *o = p[out];
    for (int64_t r = 0; r < rows; ++r)
      if (bias >= 0)
        std::memcpy(o + r * cout, p[bias], size_t(cout) * sizeof(float));
      else
        std::memset(o + r * cout, 0, size_t(cout) * sizeof(float));
    gemm(false, true, rows, cout, cin, 1.0f, p[x], cin, p[w], cin, 1.0f, o,
         cout);
  });
  return Status::ok();
}

Status planAttention(PlanBuilder &b, const milast::Operation &op) {
  ORION_TRY(q, b.operand(op, "query"));
  ORION_TRY(k, b.operand(op, "key"));
  ORION_TRY(v, b.operand(op, "value"));
  const Shape qs = b.value(q).shape, ks = b.value(k).shape,
              vs = b.value(v).shape;
  const size_t rank = qs.size();
  if (rank < 2 || ks.size() != rank || vs.size() != rank)
    return b.error(op, "query, key and value need the same rank >= 2");
  const Shape batch(qs.begin(), qs.end() - 2);
  if (Shape(ks.begin(), ks.end() - 2) != batch ||
      Shape(vs.begin(), vs.end() - 2) != batch || ks.back() != qs.back() ||
      vs[rank - 2] != ks[rank - 2])
    return b.error(op, "query " + shapeString(qs) + ", key " + shapeString(ks) +
                           " and value " + shapeString(vs) + " do not fit");
  AttentionPlan ap;
  ap.batch = int64_t(numElements(batch));
  ap.l = qs[rank - 2];
  ap.e = qs.back();
  ap.s = ks[rank - 2];
  ap.ev = vs.back();
  if (!fitsBlas({ap.l, ap.s, ap.e, ap.ev}))
    return b.error(op, "matrix too large for BLAS");
  int mask = -1;
  if (b.has(op, "attn_mask")) {
    ORION_TRY(id, b.operand(op, "attn_mask"));
    mask = id;
    // The mask broadcasts to [*batch, L, S].
    Shape target = batch;
    target.push_back(ap.l);
    target.push_back(ap.s);
    const Shape &ms = b.value(id).shape;
    if (ms.size() > target.size())
      return b.error(op, "attn_mask " + shapeString(ms) + " has too many dims");
    Shape padded(target.size() - ms.size(), 1);
    padded.insert(padded.end(), ms.begin(), ms.end());
    std::vector<int64_t> st = stridesOf(padded);
    for (size_t i = 0; i < target.size(); ++i) {
      if (padded[i] != 1 && padded[i] != target[i])
        return b.error(op, "attn_mask " + shapeString(ms) +
                               " does not broadcast to " + shapeString(target));
      if (padded[i] == 1)
        st[i] = 0;
    }
    ap.hasMask = true;
    ap.boolMask = b.value(id).dtype == DType::Bool;
    ap.maskStrideL = st[target.size() - 2];
    ap.maskStrideS = st.back();
    for (int64_t t = 0; t < ap.batch; ++t) {
      int64_t rem = t, off = 0;
      for (size_t i = batch.size(); i-- > 0;) {
        off += (rem % batch[i]) * st[i];
        rem /= batch[i];
      }
      ap.maskOffsets.push_back(off);
    }
  }
  Shape outShape = batch;
  outShape.push_back(ap.l);
  outShape.push_back(ap.ev);
  ORION_TRY(out, b.result(op, 0, outShape));
  const int scores = b.scratch(ap.scratchElements());
  b.emit([=](float *const *p) {
    attentionKernel(ap, p[q], p[k], p[v], mask >= 0 ? p[mask] : nullptr, p[out],
                    p[scores]);
  });
  return Status::ok();
}

} // namespace orion::rt::cpu
