#!/usr/bin/env python3
"""Cross-checks `orion train` against torch.optim.AdamW step by step.

usage: check_train.py --bin DIR --family gpt2|llama --seq S --steps N
                      --loss-rtol R --update-rtol U --work DIR

Draws the tiny model's random weights (check_forward.tiny_model) and random
training tokens (several windows), trains N steps with `orion train` on the
cpu device in fp32 (--precision fp32: kernels, surfaces and weights), with
warmup, decoupled weight decay, clipping and two micro-steps per step, and
the same N steps in PyTorch: models.py's model, torch.optim.AdamW (decay on
rank-2 parameters only, as orion), clip_grad_norm_, each micro-loss divided
by the micro-step count. The windows come from orion's documented seeded
order (SplitMix64 Fisher-Yates, reimplemented here and checked against the
log). Compared:

  * each step's loss: |orion - torch| / |torch| <= R;
  * each step's gradient norm (before clipping), the same way;
  * (printed only) the final weights: max |orion - torch| / max |torch|;
  * the weights' change over the run: per tensor
    max |dw_orion - dw_torch| / max |dw_torch| <= U (the change, so a wrong
    update cannot hide under the initial values). AdamW divides each
    element's step by its own gradient scale, so elements with tiny
    gradients turn fp32 gradient differences of ~1e-6 into visible step
    differences: U is looser than R.

Then checks resumption: 3 steps with --save, then --resume to N steps,
must print bit-identical losses and end with bit-identical weights.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_forward import run, tiny_model  # noqa: E402
from models import gpt2_forward, llama_forward  # noqa: E402
from safetensors_io import read_safetensors, write_safetensors  # noqa: E402

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def splitmix64(state):
    while True:
        state = (state + GOLDEN) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def window_order(seed, epoch, windows):
    """orion/runtime/TrainData.h: Fisher-Yates from SplitMix64."""
    rng = splitmix64(seed ^ ((epoch * GOLDEN) & MASK))
    order = list(range(windows))
    for i in range(windows - 1, 0, -1):
        j = next(rng) % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def read_log(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def latest_weights(save):
    with open(os.path.join(save, "latest")) as f:
        name = f.read().strip()
    return read_safetensors(os.path.join(save, name, "model.safetensors"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--family", required=True, choices=["gpt2", "llama"])
    ap.add_argument("--seq", type=int, default=8)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--loss-rtol", type=float, required=True)
    ap.add_argument("--update-rtol", type=float, required=True)
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

    save = os.path.join(a.work, "run")
    log_path = os.path.join(a.work, "log.jsonl")
    for p in (log_path,):
        if os.path.exists(p):
            os.remove(p)
    train(save, log_path, a.steps)
    log = read_log(log_path)
    got_weights = latest_weights(save)

    # PyTorch, the same steps.
    leaves = {k: v.clone().requires_grad_(True) for k, v in weights.items()}
    decay = [v for v in leaves.values() if v.dim() >= 2]
    no_decay = [v for v in leaves.values() if v.dim() < 2]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": hp["weight_decay"]},
         {"params": no_decay, "weight_decay": 0.0}],
        lr=hp["lr"], betas=(0.9, 0.999), eps=1e-8)
    forward = gpt2_forward if cfg["family"] == "gpt2" else llama_forward
    position = 0
    rows = []
    for step in range(a.steps):
        lr = hp["lr"] * min(1.0, (step + 1) / hp["warmup"])
        for group in opt.param_groups:
            group["lr"] = lr
        opt.zero_grad()
        loss_sum = 0.0
        used = []
        for _ in range(hp["accum"]):
            w = window_order(hp["seed"], position // windows,
                             windows)[position % windows]
            position += 1
            used.append(w)
            chunk = data[w * a.seq: w * a.seq + a.seq + 1].long()
            loss = F.cross_entropy(forward(leaves, chunk[:-1], cfg), chunk[1:])
            (loss / hp["accum"]).backward()
            loss_sum += loss.item()
        norm = torch.nn.utils.clip_grad_norm_(list(leaves.values()),
                                              hp["clip"]).item()
        opt.step()
        entry = log[step]
        if entry["windows"] != used:
            sys.exit(f"step {step + 1}: orion used windows {entry['windows']},"
                     f" the documented order gives {used}")
        want = loss_sum / hp["accum"]
        rows.append((step + 1, abs(entry["loss"] - want) / abs(want),
                     abs(entry["grad_norm"] - norm) / norm, entry["lr"] - lr))
    worst_loss = max(r[1] for r in rows)
    worst_norm = max(r[2] for r in rows)
    for step, el, en, dlr in rows:
        print(f"  step {step}: loss error {el:.3g}, grad-norm error {en:.3g}"
              f", lr difference {dlr:.3g}")
        if abs(dlr) > 1e-12:
            sys.exit(f"step {step}: learning rate differs by {dlr}")

    worst_w, worst_name, worst_final = 0.0, None, 0.0
    for name, leaf in leaves.items():
        start = weights[name].numpy()
        final = leaf.detach().numpy()
        got = got_weights[name]
        if name.endswith("attn.c_attn.bias"):
            # GPT-2's key bias has a zero gradient in exact arithmetic (it
            # adds q.b to every score of a row; softmax ignores that), so
            # AdamW scales float rounding noise, different in each
            # implementation, up to lr-sized steps. Only q and v compare.
            d = final.shape[0] // 3
            keep = np.r_[0:d, 2 * d:3 * d]
            start, final, got = start[keep], final[keep], got[keep]
        worst_final = max(worst_final, float(np.abs(got - final).max()) /
                          float(np.abs(final).max()))
        want = final - start
        scale = float(np.abs(want).max()) or 1.0
        err = float(np.abs((got - start) - want).max()) / scale
        if err > worst_w:
            worst_w, worst_name = err, name
    print(f"{a.family} cpu fp32, {a.steps} AdamW steps: loss error "
          f"{worst_loss:.3g} (tolerance {a.loss_rtol:g}), grad-norm error "
          f"{worst_norm:.3g}, final-weight error {worst_final:.3g}, "
          f"weight-update error {worst_w:.3g} ({worst_name}; tolerance "
          f"{a.update_rtol:g})")
    ok = worst_loss <= a.loss_rtol and worst_norm <= a.loss_rtol and \
        worst_w <= a.update_rtol

    # Resumption: 3 steps, then the rest from the checkpoint.
    resumed = os.path.join(a.work, "resumed")
    rlog = os.path.join(a.work, "resumed.jsonl")
    for p in (rlog,):
        if os.path.exists(p):
            os.remove(p)
    train(resumed, rlog, 3)
    train(resumed, rlog, a.steps, resume=True)
    rl = read_log(rlog)
    same_losses = [e["loss"] for e in rl] == [e["loss"] for e in log]
    rw = latest_weights(resumed)
    same_weights = all(np.array_equal(rw[k], got_weights[k]) for k in rw)
    print(f"resume after 3 steps: losses {'identical' if same_losses else 'DIFFER'}"
          f", final weights {'identical' if same_weights else 'DIFFER'}")
    sys.exit(0 if ok and same_losses and same_weights else 1)


if __name__ == "__main__":
    main()
