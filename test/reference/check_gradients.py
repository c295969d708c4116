#!/usr/bin/env python3
"""Cross-checks the training pipeline's loss and gradients against autograd.

usage: check_gradients.py --bin DIR --family gpt2|llama --seq S
                          --device cpu|ane-sim --precision fp32|fp16
                          [--recompute none|pointwise] [--init test|orion]
                          [--loss-scale S]
                          --rtol R --work DIR

Builds the tiny model's train step (`orion build-model --step train`: tokens
and targets in, mean cross-entropy out), compiles it with `orion compile
--pipeline training` (orion-autodiff adds one `grad.<param>` output per
parameter), runs random tokens and targets through `orion run`, and compares
the loss and every gradient with PyTorch autograd on models.py's model with
the same weights (the reference tests' random weights, or with --init orion
those `orion build-model --init-weights` writes). The error of a tensor is max |orion - torch| / max |torch|;
the check fails when the loss's or any gradient's error exceeds R, or when a
parameter's gradient is missing. Prints one line per parameter, worst last.
"""
import argparse
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_forward import (common_arguments, orion_in, run,  # noqa: E402
                           tiny_model)
from models import gpt2_forward, llama_forward  # noqa: E402
from safetensors_io import read_safetensors, write_safetensors  # noqa: E402


def train_inputs(cfg, seq, seed, work):
    """Random tokens and targets (seeded), saved as .npy in `work`: the two
    tensors and their `orion run --inputs` values."""
    g = torch.Generator().manual_seed(seed + 1)
    tokens = torch.randint(0, cfg["vocab"], (seq,), generator=g,
                           dtype=torch.int32)
    targets = torch.randint(0, cfg["vocab"], (seq,), generator=g,
                            dtype=torch.int32)
    values = []
    for name, t in (("tokens", tokens), ("targets", targets)):
        path = os.path.join(work, name + ".npy")
        np.save(path, t.numpy())
        values.append(f"{name}={path}")
    return tokens, targets, values


def relative_error(got, want):
    scale = float(np.abs(want).max())
    return float(np.abs(got - want).max()) / (scale if scale > 0 else 1.0)


def main():
    ap = argparse.ArgumentParser()
    common_arguments(ap)
    ap.add_argument("--family", required=True, choices=["gpt2", "llama"])
    ap.add_argument("--seq", type=int, default=16)
    ap.add_argument("--recompute", default="pointwise",
                    choices=["none", "pointwise"])
    ap.add_argument("--init", default="test", choices=["test", "orion"])
    ap.add_argument("--loss-scale", type=float, default=0,
                    help="compile with --loss-scale, run with this scale "
                         "and divide the gradients by it")
    a = ap.parse_args()
    orion = orion_in(a)

    cfg, config, model, weights = tiny_model(orion, a.family, a.work, a.seq,
                                             a.seed, step="train")
    store = os.path.join(a.work, "weights.safetensors")
    if a.init == "orion":
        # The start of a real training run: `orion build-model
        # --init-weights` (N(0, 0.02) matrices, norm scales 1, biases 0),
        # where small activations stress fp16 (norm variances near 1e-3).
        run([orion, "build-model", "--config", config, "--seq", str(a.seq),
             "--step", "train", "-o", os.devnull, "--init-weights", store,
             "--seed", str(a.seed)])
        weights = {k: torch.from_numpy(v.copy())
                   for k, v in read_safetensors(store).items()}
    else:
        write_safetensors(store, {k: v.numpy() for k, v in weights.items()})
    pkg = os.path.join(a.work, "pkg")
    compute = "fp32" if a.precision == "fp32" else "auto"
    run([orion, "compile", model, "-o", pkg, "--weights", store,
         "--pipeline", "training", "--compute-type", compute,
         "--surface-type", a.precision, "--recompute", a.recompute]
        + (["--loss-scale"] if a.loss_scale else []))

    tokens, targets, values = train_inputs(cfg, a.seq, a.seed, a.work)
    inputs = [arg for v in values for arg in ("--inputs", v)]
    if a.loss_scale:
        path = os.path.join(a.work, "loss_scale.npy")
        np.save(path, np.array(a.loss_scale, dtype=np.float32))
        inputs += ["--inputs", f"loss_scale={path}"]
    out = os.path.join(a.work, "out")
    run([orion, "run", pkg, "--device", a.device, *inputs, "--outputs", out])

    leaves = {k: v.clone().requires_grad_(True) for k, v in weights.items()}
    forward = gpt2_forward if cfg["family"] == "gpt2" else llama_forward
    logits = forward(leaves, tokens.long(), cfg)
    loss = F.cross_entropy(logits, targets.long())
    loss.backward()

    rows = [("loss", relative_error(np.load(os.path.join(out, "loss.npy")),
                                    loss.detach().numpy()))]
    for name, leaf in sorted(leaves.items()):
        path = os.path.join(out, f"grad.{name}.npy")
        if not os.path.exists(path):
            sys.exit(f"missing gradient output grad.{name}")
        got = np.load(path) / (a.loss_scale or 1.0)
        want = leaf.grad.numpy()
        if got.shape != want.shape:
            sys.exit(f"grad.{name}: shape {got.shape} != {want.shape}")
        rows.append((f"grad.{name}", relative_error(got, want)))
    rows.sort(key=lambda r: r[1])
    for name, err in rows:
        print(f"  {name}: {err:.3g}")
    worst = rows[-1]
    print(f"{a.family} {a.device} {a.precision} recompute {a.recompute} "
          f"init {a.init} loss-scale {a.loss_scale or 1:g}: loss {loss.item():.6f}, "
          f"{len(rows) - 1} gradients, max relative error {worst[1]:.3g} "
          f"({worst[0]}; tolerance {a.rtol:g})")
    sys.exit(0 if worst[1] <= a.rtol else 1)


if __name__ == "__main__":
    main()
