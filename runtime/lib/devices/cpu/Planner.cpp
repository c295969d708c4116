//===- Planner.cpp - Values, buffers, liveness and op dispatch ------------===//

#include "orion/devices/cpu/Planner.h"

#include <algorithm>

namespace orion::rt::cpu {

PlanBuilder::PlanBuilder(const milast::Function &f, std::string programDir,
                         std::string bufferName, PlanOptions options)
    : f_(f), programDir_(std::move(programDir)),
      bufferName_(std::move(bufferName)), options_(options),
      plan_(std::make_unique<Plan>()) {}

Expected<std::unique_ptr<Plan>> buildPlan(const milast::Function &function,
                                          const std::string &programDir,
                                          const std::string &bufferName,
                                          const PlanOptions &options) {
  return PlanBuilder(function, programDir, bufferName, options).build();
}

Error PlanBuilder::error(const milast::Operation &op,
                         const std::string &message) const {
  std::string who = op.results.empty() ? "" : " ('" + op.results[0].name + "')";
  return Error(bufferName_ + ":" + std::to_string(op.line) + ":" +
               std::to_string(op.col) + ": op '" + op.op + "'" + who + ": " +
               message);
}

int PlanBuilder::newValue(ValueInfo info) {
  int id = int(plan_->values.size());
  if (!info.name.empty())
    ids_[info.name] = id;
  plan_->values.push_back(std::move(info));
  return id;
}

int PlanBuilder::allocSlot(size_t numel) {
  numel = std::max<size_t>(numel, 1);
  // Best fit among free buffers; else grow the largest free one; else new.
  int best = -1;
  for (size_t s = 0; s < slotFree_.size(); ++s)
    if (slotFree_[s] && slotSize_[s] >= numel &&
        (best < 0 || slotSize_[s] < slotSize_[size_t(best)]))
      best = int(s);
  for (size_t s = 0; best < 0 && s < slotFree_.size(); ++s)
    if (slotFree_[s])
      best = int(s);
  if (best < 0) {
    best = int(slotFree_.size());
    slotFree_.push_back(false);
    slotSize_.push_back(0);
    slotViews_.push_back(0);
  }
  slotFree_[size_t(best)] = false;
  slotSize_[size_t(best)] = std::max(slotSize_[size_t(best)], numel);
  return best;
}

void PlanBuilder::freeValue(int id) {
  const ValueInfo &v = plan_->values[size_t(id)];
  if (v.isConst || v.slot < 0)
    return;
  // A buffer shared by reshape views is free once the last of them is.
  if (slotViews_[size_t(v.slot)] > 0)
    --slotViews_[size_t(v.slot)];
  else
    slotFree_[size_t(v.slot)] = true;
}

int PlanBuilder::scratch(size_t numel) {
  ValueInfo info;
  info.numel = numel;
  info.slot = allocSlot(numel);
  int id = newValue(std::move(info));
  opScratch_.push_back(id);
  return id;
}

Expected<int64_t> PlanBuilder::axis(const milast::Operation &op, int64_t a, size_t rank,
                                    const char *what) const {
  const int64_t r = int64_t(rank);
  if (a < -r || a >= r)
    return error(op, std::string(what) + " " + std::to_string(a) +
                         " is out of range for rank " + std::to_string(r));
  return a < 0 ? a + r : a;
}

Expected<int> PlanBuilder::result(const milast::Operation &op, size_t k,
                                  const Shape &shape) {
  if (k >= op.results.size())
    return error(op,
                 "expected at least " + std::to_string(k + 1) + " result(s)");
  const milast::TypedName &r = op.results[k];
  auto dtype = parseDType(r.type.dtype);
  if (!dtype || *dtype == DType::String)
    return error(op, "result '" + r.name + "' has dtype " + r.type.dtype +
                         ", which the cpu device does not support");
  if (r.type.shape != shape)
    return error(op, "result '" + r.name + "' is declared " +
                         shapeString(r.type.shape) + " but the op computes " +
                         shapeString(shape));
  ValueInfo info;
  info.name = r.name;
  info.dtype = *dtype;
  info.shape = shape;
  info.numel = numElements(shape);
  info.slot = allocSlot(info.numel);
  return newValue(std::move(info));
}

Expected<int> PlanBuilder::resultReusing(const milast::Operation &op, int x,
                                         const Shape &shape) {
  const ValueInfo &in = value(x);
  const std::string &name = op.results.empty() ? in.name : op.results[0].name;
  auto isOutput = [&](const std::string &n) {
    return std::find(f_.outputs.begin(), f_.outputs.end(), n) !=
           f_.outputs.end();
  };
  auto last = lastUse_.find(in.name);
  bool dies = !in.name.empty() && last != lastUse_.end() &&
              last->second == currentOp_;
  bool isInput = std::find(plan_->inputs.begin(), plan_->inputs.end(), x) !=
                 plan_->inputs.end();
  // Function inputs and outputs are rebound to surfaces at eval, so their
  // buffers cannot be shared.
  auto dtype = op.results.empty() ? std::nullopt
                                  : parseDType(op.results[0].type.dtype);
  if (!dies || isInput || in.isConst || in.slot < 0 || in.half ||
      isOutput(in.name) || isOutput(name) || !dtype || *dtype != in.dtype)
    return -1;
  const int slot = in.slot;
  auto id = result(op, 0, shape);
  if (!id)
    return id.error();
  ValueInfo &out = plan_->values[size_t(*id)];
  slotFree_[size_t(out.slot)] = true; // give back the fresh buffer
  out.slot = slot;
  ++slotViews_[size_t(slot)]; // x and the result both free it
  return *id;
}

Expected<int> PlanBuilder::operand(const milast::Operation &op, std::string_view arg) {
  const milast::Value *v = op.argument(arg);
  if (!v)
    return error(op, "missing argument '" + std::string(arg) + "'");
  return operandValue(op, arg, *v);
}

Expected<int> PlanBuilder::operandValue(const milast::Operation &op,
                                        std::string_view arg, const milast::Value &v) {
  int id = -1;
  if (const std::string *name = v.refName()) {
    auto it = ids_.find(*name);
    if (it == ids_.end())
      return error(op, "argument '" + std::string(arg) +
                           "' uses undefined name '" + *name + "'");
    id = it->second;
  } else if (v.get<milast::Tuple>()) {
    return error(op, "argument '" + std::string(arg) +
                         "' must be a tensor, not a tuple");
  } else {
    milast::Type type;
    if (auto *s = v.get<milast::ScalarLiteral>())
      type = s->type;
    else if (auto *t = v.get<milast::TensorLiteral>())
      type = t->type;
    else if (auto *b = v.get<milast::BlobFileRef>())
      type = b->type;
    auto c = addConst(op, "", type, v);
    if (!c)
      return c.error();
    id = *c;
  }
  if (value(id).dtype == DType::String)
    return error(op, "argument '" + std::string(arg) +
                         "' must be a tensor, not a string");
  needFloats(id);
  return id;
}

Expected<std::unique_ptr<Plan>> PlanBuilder::build() {
  outputNames_.insert(f_.outputs.begin(), f_.outputs.end());
  findLastUses();
  if (Status s = planInputs(); !s)
    return s.error();
  for (size_t i = 0; i < f_.body.size(); ++i)
    if (Status s = planOp(i); !s)
      return s.error();
  if (Status s = planOutputs(); !s)
    return s.error();
  allocateBuffers();
  return std::move(plan_);
}

/// The names an op's arguments read (a tuple's elements too).
static std::vector<const std::string *>
argumentNames(const milast::Operation &op) {
  std::vector<const std::string *> names;
  for (const milast::NamedValue &a : op.arguments) {
    if (const std::string *n = a.value.refName())
      names.push_back(n);
    if (const milast::Tuple *t = a.value.get<milast::Tuple>())
      for (const milast::Value &e : t->elements)
        if (const std::string *n = e.refName())
          names.push_back(n);
  }
  return names;
}

void PlanBuilder::findLastUses() {
  // Last use of every name, so its buffer can be reused afterwards.
  for (size_t i = 0; i < f_.body.size(); ++i)
    for (const std::string *n : argumentNames(f_.body[i]))
      lastUse_[*n] = i;
}

Status PlanBuilder::planInputs() {
  for (const milast::TypedName &in : f_.inputs) {
    auto dtype = parseDType(in.type.dtype);
    if (!dtype || !(isFloat(*dtype) || *dtype == DType::I32))
      return Error(bufferName_ + ":" + std::to_string(f_.line) + ":" +
                   std::to_string(f_.col) + ": input '" + in.name +
                   "' has dtype " + in.type.dtype +
                   "; surfaces carry fp16, fp32 or int32");
    ValueInfo info;
    info.name = in.name;
    info.dtype = *dtype;
    info.shape = in.type.shape;
    info.numel = numElements(info.shape);
    info.slot = allocSlot(info.numel);
    plan_->inputs.push_back(newValue(std::move(info)));
  }
  return Status::ok();
}

Status PlanBuilder::planOp(size_t index) {
  const milast::Operation &op = f_.body[index];
  currentOp_ = index;
  const size_t firstNew = plan_->values.size();
  if (op.op == "const")
    return planConst(op); // consts keep their own buffers forever
  OpPlanner planner = findOpPlanner(op.op);
  if (!planner)
    return error(op, "not supported by the cpu device");
  if (Status s = planner(*this, op); !s)
    return s;
  emitDTypeFinalizers(firstNew);
  releaseAfter(op, index);
  return Status::ok();
}

void PlanBuilder::emitDTypeFinalizers(size_t firstValue) {
  // fp16 rounding etc.
  for (size_t id = firstValue; id < plan_->values.size(); ++id) {
    const ValueInfo &v = plan_->values[id];
    if (v.name.empty() || v.isConst ||
        (v.dtype == DType::F32 && !options_.allFloatsFp16))
      continue;
    const int vid = int(id);
    const size_t n = v.numel;
    const DType dt = v.dtype;
    const bool all = options_.allFloatsFp16;
    emit([vid, n, dt, all](float *const *p) {
      finalizeDType(p[vid], n, dt, all);
    });
  }
}

void PlanBuilder::releaseAfter(const milast::Operation &op, size_t index) {
  for (int id : opScratch_)
    freeValue(id);
  opScratch_.clear();
  for (const std::string *n : argumentNames(op))
    if (lastUse_[*n] == index && !outputNames_.count(*n))
      freeValue(ids_[*n]);
  for (const milast::TypedName &r : op.results)
    if (!lastUse_.count(r.name) && !outputNames_.count(r.name))
      freeValue(ids_[r.name]);
}

Status PlanBuilder::planOutputs() {
  for (const std::string &name : f_.outputs) {
    auto it = ids_.find(name);
    if (it == ids_.end() || value(it->second).dtype == DType::String)
      return Error(bufferName_ + ": output '" + name +
                   "' is not a tensor value of the function");
    needFloats(it->second);
    const ValueInfo &v = value(it->second);
    if (!isFloat(v.dtype) && v.dtype != DType::I32)
      return Error(bufferName_ + ": output '" + name + "' has dtype " +
                   milDTypeName(v.dtype) + "; surfaces carry fp16, fp32 or int32");
    plan_->outputs.push_back(it->second);
  }
  return Status::ok();
}

void PlanBuilder::allocateBuffers() {
  // Consts hand over their data, the rest are sized to the largest value
  // ever placed in them.
  plan_->slots.resize(slotSize_.size());
  for (ValueInfo &v : plan_->values)
    if (v.isConst && v.slot >= 0) {
      v.constData.resize(std::max<size_t>(v.numel, 1));
      plan_->slots[size_t(v.slot)] = std::move(v.constData);
      v.constData.clear();
    }
  Plan *old = options_.recycle;
  for (size_t s = 0; s < slotSize_.size(); ++s) {
    if (!plan_->slots[s].empty())
      continue;
    if (old && s < old->slots.size() && old->slots[s].size() == slotSize_[s])
      plan_->slots[s] = std::move(old->slots[s]);
    else
      plan_->slots[s].assign(slotSize_[s], 0.0f);
  }
  for (const ValueInfo &v : plan_->values)
    plan_->ptrs.push_back(v.slot >= 0 ? plan_->slots[size_t(v.slot)].data()
                                      : nullptr);
}

} // namespace orion::rt::cpu
