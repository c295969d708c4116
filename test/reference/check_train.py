#!/usr/bin/env python3
"""Cross-checks `orion train` against PyTorch, one step at a time.

usage: check_train.py --bin DIR --family gpt2|llama --seq S --steps N
                      --loss-rtol R --moment-rtol M --work DIR

Draws the tiny model's random weights (check_forward.tiny_model) and random
training tokens (several windows) and trains N steps with `orion train` on
the cpu device in fp32 (--precision fp32: kernels, surfaces and weights),
with warmup, decoupled weight decay, clipping and two micro-steps per step.
It trains twice: straight through, and one step per run (`--resume` after
every step, each generation kept). The two must agree bit for bit: losses
and final weights (resumption is exact).

Each step k is then checked from orion's own state after step k-1 (its
checkpoint: weights, AdamW moments, counters, data position), so errors do
not compound over steps, and AdamW's ill-conditioning (m / sqrt(v) is +-1
for a gradient element of any size on the first update, so comparing whole
weight trajectories measures fp32 gradient noise, and that noise depends
on the CPU's BLAS kernels) neither fails a right rule nor hides a wrong one:

  * the windows: orion's documented seeded order (SplitMix64 Fisher-Yates,
    reimplemented here);
  * the loss and the gradient norm (before clipping) against PyTorch in
    float64 at the same weights, windows and micro-steps (each micro-loss
    divided by the micro-step count, clip_grad_norm_): relative error <= R;
  * the moments m and v against torch.optim.AdamW (float64) started from
    orion's previous moments and step count and fed PyTorch's clipped
    gradient: per tensor max |orion - torch| / max |torch| <= M. This is
    where orion's gradients are compared, normwise, which is well
    conditioned on any CPU;
  * the weights against AdamW's update rule applied to orion's own new
    moments, elementwise: |w_orion - w_rule| <= 1e-5 |w_rule - w_prev|
    + 4 ulp(w_rule), i.e. only fp32 rounding of the update is allowed. The
    rule (`adamw_rule`) must reproduce torch.optim.AdamW's own float64
    result at every step, and the same check must reject five wrong rules
    on the same data (see WRONG_RULES), so it keeps its power.
"""
import argparse
import json
import os
import shutil
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_forward import run, tiny_model  # noqa: E402
from models import gpt2_forward, llama_forward  # noqa: E402
from safetensors_io import (read_safetensors, read_safetensors_metadata,  # noqa: E402
                            write_safetensors)

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
BETAS, EPS = (0.9, 0.999), 1e-8
# The update may differ from the rule by fp32 rounding only: a few ulps of
# the weight (decay and update are two fp32 roundings) plus a relative
# error of the step computed in fp32.
RULE_RTOL, RULE_ULPS = 1e-5, 4.0


def splitmix64(state):
    while True:
        state = (state + GOLDEN) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def window_order(seed, epoch, windows):
    """orion/train/TrainData.h: Fisher-Yates from SplitMix64."""
    rng = splitmix64(seed ^ ((epoch * GOLDEN) & MASK))
    order = list(range(windows))
    for i in range(windows - 1, 0, -1):
        j = next(rng) % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def read_log(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


class State:
    """orion's training state after some step (a checkpoint generation)."""

    def __init__(self, weights, m, v, counters):
        self.w, self.m, self.v, self.counters = weights, m, v, counters

    @staticmethod
    def initial(weights):
        w = {k: t.numpy() for k, t in weights.items()}
        zeros = {k: np.zeros_like(t) for k, t in w.items()}
        return State(w, zeros, dict(zeros), {"adam_steps": 0,
                                             "data_position": 0})

    @staticmethod
    def load(generation):
        w = read_safetensors(os.path.join(generation, "model.safetensors"))
        opt = os.path.join(generation, "optimizer.safetensors")
        tensors = read_safetensors(opt)
        counters = json.loads(read_safetensors_metadata(opt)["orion.trainer"])
        return State(w, {k: tensors["m." + k] for k in w},
                     {k: tensors["v." + k] for k in w}, counters)


def decayed(name, state):
    """Weight decay applies to rank >= 2 parameters (Optimizer.h)."""
    return state.w[name].ndim >= 2


def adamw_rule(w, m, v, lr, wd, t):
    """torch.optim.AdamW's weight update (_single_tensor_adamw) given the
    new moments m and v of update t, in float64."""
    bc1, bc2 = 1 - BETAS[0] ** t, 1 - BETAS[1] ** t
    return w * (1 - lr * wd) - lr / bc1 * m / (np.sqrt(v) / np.sqrt(bc2) + EPS)


# Plausible mistakes the weight check must catch: each replaces adamw_rule.
WRONG_RULES = {
    "no bias correction": lambda w, m, v, lr, wd, t:
        w * (1 - lr * wd) - lr * m / (np.sqrt(v) + EPS),
    "eps inside the square root": lambda w, m, v, lr, wd, t:
        w * (1 - lr * wd) - lr / (1 - BETAS[0] ** t) * m /
        np.sqrt(v / (1 - BETAS[1] ** t) + EPS),
    "no weight decay": lambda w, m, v, lr, wd, t:
        adamw_rule(w, m, v, lr, 0.0, t),
    "decay after the step": lambda w, m, v, lr, wd, t:
        adamw_rule(w, m, v, lr, 0.0, t) * (1 - lr * wd),
    "the next update's bias correction": lambda w, m, v, lr, wd, t:
        adamw_rule(w, m, v, lr, wd, t + 1),
}


def rule_violation(rule, prev, new, lr, wd_of, t):
    """max over elements of |w_new - rule| / allowed rounding (<= 1 is a
    pass), and the tensor where it is largest."""
    worst, where = 0.0, None
    for name, w in new.w.items():
        w0 = prev.w[name].astype(np.float64)
        want = rule(w0, new.m[name].astype(np.float64),
                    new.v[name].astype(np.float64), lr, wd_of(name), t)
        allowed = RULE_RTOL * np.abs(want - w0) + \
            RULE_ULPS * np.spacing(np.abs(want).astype(np.float32))
        ratio = float((np.abs(w.astype(np.float64) - want) / allowed).max())
        if ratio > worst:
            worst, where = ratio, name
    return worst, where


def normwise(got, want):
    """Per tensor max |got - want| / max |want|: the largest, and where."""
    worst, where = 0.0, None
    for name, ref in want.items():
        scale = float(np.abs(ref).max()) or 1.0
        err = float(np.abs(got[name] - ref).max()) / scale
        if err > worst:
            worst, where = err, name
    return worst, where


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--family", required=True, choices=["gpt2", "llama"])
    ap.add_argument("--seq", type=int, default=8)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--loss-rtol", type=float, required=True)
    ap.add_argument("--moment-rtol", type=float, required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    orion = os.path.join(a.bin, "orion")
    hp = {"lr": 3e-3, "warmup": 2, "weight_decay": 0.1, "clip": 1.0,
          "accum": 2, "seed": 5}

    cfg, config, _, weights = tiny_model(orion, a.family, a.work, a.seq,
                                         a.seed, step="train")
    store = os.path.join(a.work, "weights.safetensors")
    write_safetensors(store, {k: v.numpy() for k, v in weights.items()})
    windows = 6
    g = torch.Generator().manual_seed(a.seed + 1)
    data = torch.randint(0, cfg["vocab"], (windows * a.seq + 1,),
                         generator=g, dtype=torch.int32)
    data_path = os.path.join(a.work, "data.npy")
    np.save(data_path, data.numpy())

    def train(save, log, steps, resume=False):
        cmd = [orion, "train", "--data", data_path, "--seq", str(a.seq),
               "--steps", str(steps), "--lr", str(hp["lr"]),
               "--warmup", str(hp["warmup"]),
               "--weight-decay", str(hp["weight_decay"]),
               "--clip", str(hp["clip"]), "--accum", str(hp["accum"]),
               "--seed", str(hp["seed"]), "--device", "cpu",
               "--precision", "fp32", "--save", save, "--log", log,
               "--cache-dir", os.path.join(a.work, "cache")]
        cmd += ["--resume", save] if resume else \
            ["--config", config, "--weights", store]
        return run(cmd)

    def fresh(*paths):
        for p in paths:
            if os.path.isdir(p):
                shutil.rmtree(p)
            elif os.path.exists(p):
                os.remove(p)

    def latest(save):
        with open(os.path.join(save, "latest")) as f:
            return os.path.join(save, f.read().strip())

    # Straight through, then one step per run, keeping every generation.
    straight, straight_log = os.path.join(a.work, "run"), \
        os.path.join(a.work, "log.jsonl")
    stepwise, stepwise_log = os.path.join(a.work, "stepwise"), \
        os.path.join(a.work, "stepwise.jsonl")
    fresh(straight, straight_log, stepwise, stepwise_log)
    train(straight, straight_log, a.steps)
    states = [State.initial(weights)]
    for k in range(1, a.steps + 1):
        train(stepwise, stepwise_log, k, resume=k > 1)
        kept = os.path.join(a.work, f"generation-{k}")
        fresh(kept)
        shutil.copytree(latest(stepwise), kept)
        states.append(State.load(kept))
    log, log_k = read_log(straight_log), read_log(stepwise_log)
    final = read_safetensors(os.path.join(latest(straight),
                                          "model.safetensors"))
    same_losses = [e["loss"] for e in log] == [e["loss"] for e in log_k]
    same_weights = all(np.array_equal(final[k], states[-1].w[k])
                       for k in final)
    print(f"resumed after every step: losses "
          f"{'identical' if same_losses else 'DIFFER'}, final weights "
          f"{'identical' if same_weights else 'DIFFER'}")
    ok = same_losses and same_weights

    forward = gpt2_forward if cfg["family"] == "gpt2" else llama_forward
    worst = {"loss": 0.0, "norm": 0.0, "m": (0.0, None), "v": (0.0, None),
             "rule": (0.0, None)}
    rejected = {name: 0.0 for name in WRONG_RULES}
    for k in range(1, a.steps + 1):
        prev, new, entry = states[k - 1], states[k], log[k - 1]
        lr = hp["lr"] * min(1.0, k / hp["warmup"])
        wd_of = (lambda name, prev=prev: hp["weight_decay"]
                 if decayed(name, prev) else 0.0)
        t = prev.counters["adam_steps"] + 1
        if new.counters["adam_steps"] != t:
            sys.exit(f"step {k}: orion skipped the update (adam_steps "
                     f"{new.counters['adam_steps']}, want {t})")
        if abs(entry["lr"] - lr) > 1e-12:
            sys.exit(f"step {k}: learning rate {entry['lr']}, want {lr}")

        # PyTorch in float64 from orion's weights, on the documented windows.
        leaves = {n: torch.nn.Parameter(torch.from_numpy(
            w.astype(np.float64))) for n, w in prev.w.items()}
        used, loss_sum = [], 0.0
        position = prev.counters["data_position"]
        for _ in range(hp["accum"]):
            w = window_order(hp["seed"], position // windows,
                             windows)[position % windows]
            position += 1
            used.append(w)
            chunk = data[w * a.seq: w * a.seq + a.seq + 1].long()
            loss = F.cross_entropy(forward(leaves, chunk[:-1], cfg),
                                   chunk[1:])
            (loss / hp["accum"]).backward()
            loss_sum += loss.item()
        if entry["windows"] != used:
            sys.exit(f"step {k}: orion used windows {entry['windows']}, the "
                     f"documented order gives {used}")
        norm = torch.nn.utils.clip_grad_norm_(list(leaves.values()),
                                              hp["clip"]).item()
        want_loss = loss_sum / hp["accum"]
        loss_err = abs(entry["loss"] - want_loss) / abs(want_loss)
        norm_err = abs(entry["grad_norm"] - norm) / norm

        # torch.optim.AdamW from orion's moments and update count.
        groups = [{"params": [p for n, p in leaves.items() if wd_of(n)],
                   "weight_decay": hp["weight_decay"]},
                  {"params": [p for n, p in leaves.items() if not wd_of(n)],
                   "weight_decay": 0.0}]
        opt = torch.optim.AdamW(groups, lr=lr, betas=BETAS, eps=EPS)
        for n, p in leaves.items():
            opt.state[p] = {
                "step": torch.tensor(float(t - 1)),
                "exp_avg": torch.from_numpy(prev.m[n].astype(np.float64)),
                "exp_avg_sq": torch.from_numpy(prev.v[n].astype(np.float64))}
        with torch.no_grad():
            opt.step()
        ref_m = {n: opt.state[p]["exp_avg"].numpy() for n, p in leaves.items()}
        ref_v = {n: opt.state[p]["exp_avg_sq"].numpy()
                 for n, p in leaves.items()}
        m_err, v_err = normwise(new.m, ref_m), normwise(new.v, ref_v)

        # adamw_rule is torch's rule: on torch's moments it gives torch's
        # weights (to float64 rounding).
        for n, p in leaves.items():
            w0 = prev.w[n].astype(np.float64)
            mine = adamw_rule(w0, ref_m[n], ref_v[n], lr, wd_of(n), t)
            theirs = p.detach().numpy()
            if np.abs(mine - theirs).max() > 1e-12 * (
                    np.abs(theirs - w0).max() + 1e-30):
                sys.exit(f"step {k}: adamw_rule differs from "
                         f"torch.optim.AdamW on {n}")
        rule = rule_violation(adamw_rule, prev, new, lr, wd_of, t)
        for name, wrong in WRONG_RULES.items():
            rejected[name] = max(rejected[name], rule_violation(
                wrong, prev, new, lr, wd_of, t)[0])
        print(f"  step {k}: loss error {loss_err:.3g}, grad-norm error "
              f"{norm_err:.3g}, m error {m_err[0]:.3g} ({m_err[1]}), v error "
              f"{v_err[0]:.3g} ({v_err[1]}), update / allowed rounding "
              f"{rule[0]:.3g} ({rule[1]})")
        worst["loss"] = max(worst["loss"], loss_err)
        worst["norm"] = max(worst["norm"], norm_err)
        for key, val in (("m", m_err), ("v", v_err), ("rule", rule)):
            if val[0] >= worst[key][0]:
                worst[key] = val

    print(f"{a.family} cpu fp32, {a.steps} AdamW steps: loss error "
          f"{worst['loss']:.3g}, grad-norm error {worst['norm']:.3g} "
          f"(tolerance {a.loss_rtol:g}); moment error m {worst['m'][0]:.3g},"
          f" v {worst['v'][0]:.3g} (tolerance {a.moment_rtol:g}); update "
          f"rule: worst deviation {worst['rule'][0]:.3g} of the allowed fp32"
          f" rounding ({worst['rule'][1]}; must be <= 1)")
    ok = ok and worst["loss"] <= a.loss_rtol and \
        worst["norm"] <= a.loss_rtol and worst["m"][0] <= a.moment_rtol and \
        worst["v"][0] <= a.moment_rtol and worst["rule"][0] <= 1.0
    for name, seen in rejected.items():
        caught = seen > 1.0
        print(f"  wrong rule '{name}': deviation {seen:.3g} of the allowed "
              f"rounding, {'rejected' if caught else 'NOT REJECTED'}")
        ok = ok and caught
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
