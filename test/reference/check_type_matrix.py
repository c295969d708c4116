#!/usr/bin/env python3
"""Every documented type combination of `orion compile`, against PyTorch.

usage: check_type_matrix.py --bin DIR --family gpt2|llama --work DIR
                            [--seq S]

For each --compute-type (auto, fp16, fp32) x --weight-type (auto, fp16,
fp32) x --surface-type (fp16, fp32) x --pipeline (inference, training),
compiles the tiny model (check_forward.tiny_model; its train step for
training) and runs it on the cpu and ane-sim devices. Inference compares
the logits with PyTorch, training the loss and every gradient (autograd),
each as max |orion - torch| / max |torch| per tensor:

  * fp32 throughout on the cpu device (compute fp32, surfaces fp32,
    weights auto or fp32, or fp16 with PyTorch's matrices rounded to fp16
    too): 1e-4 for logits, 1e-5 for gradients (the fp32 reference tests'
    tolerances);
  * anything with fp16 arithmetic, and every ane-sim run (it rounds every
    ANE op to fp16): 1e-2 for logits, 2e-2 for gradients (the fp16
    reference tests' tolerances).

Every combination must compile and pass. Prints one table row per run.
"""
import argparse
import itertools
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_forward import run, tiny_model  # noqa: E402
from check_gradients import relative_error, train_inputs  # noqa: E402
from models import gpt2_forward, llama_forward  # noqa: E402
from safetensors_io import write_safetensors  # noqa: E402

COMPUTE = ["auto", "fp16", "fp32"]
WEIGHTS = ["auto", "fp16", "fp32"]
SURFACES = ["fp16", "fp32"]
DEVICES = ["cpu", "ane-sim"]
TOLERANCE = {("inference", True): 1e-4, ("inference", False): 1e-2,
             ("training", True): 1e-5, ("training", False): 2e-2}


def fp32_throughout(device, compute, weight, surface):
    return device == "cpu" and compute == "fp32" and surface == "fp32"


def reference(family_cfg, weights, tokens, targets, training):
    """name -> PyTorch tensor: logits, or the loss and grad.<param>."""
    forward = gpt2_forward if family_cfg["family"] == "gpt2" else \
        llama_forward
    if not training:
        with torch.no_grad():
            return {"logits": forward(weights, tokens, family_cfg).numpy()}
    leaves = {k: v.clone().requires_grad_(True) for k, v in weights.items()}
    loss = F.cross_entropy(forward(leaves, tokens, family_cfg), targets)
    loss.backward()
    out = {"loss": loss.detach().numpy()}
    out.update({f"grad.{k}": v.grad.numpy() for k, v in leaves.items()})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--family", required=True, choices=["gpt2", "llama"])
    ap.add_argument("--seq", type=int, default=16)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    orion = os.path.join(a.bin, "orion")

    models, weights = {}, None
    for pipeline, step in (("inference", "forward"), ("training", "train")):
        sub = os.path.join(a.work, pipeline)
        os.makedirs(sub, exist_ok=True)
        cfg, _, models[pipeline], weights = tiny_model(
            orion, a.family, sub, a.seq, a.seed, step=step)
    tokens, targets, inputs = train_inputs(cfg, a.seq, a.seed, a.work)

    # Weight sets: as drawn, and with the matrices rounded to fp16 (what
    # --weight-type fp16 stores), each with its PyTorch results.
    stores, wants = {}, {}
    for rounded in (False, True):
        w = {k: v.half().float() if rounded and v.dim() == 2 else v
             for k, v in weights.items()}
        stores[rounded] = os.path.join(a.work, f"weights-{int(rounded)}"
                                       ".safetensors")
        write_safetensors(stores[rounded], {k: v.numpy() for k, v in w.items()})
        for training in (False, True):
            wants[rounded, training] = reference(
                cfg, w, tokens.long(), targets.long(), training)

    failures, rows = [], []
    for pipeline, compute, weight, surface in itertools.product(
            ["inference", "training"], COMPUTE, WEIGHTS, SURFACES):
        training = pipeline == "training"
        name = f"{pipeline}-{compute}-{weight}-{surface}"
        pkg = os.path.join(a.work, "pkg-" + name)
        rounded = weight == "fp16"
        run([orion, "compile", models[pipeline], "-o", pkg, "--weights",
             stores[rounded], "--pipeline", pipeline, "--compute-type",
             compute, "--weight-type", weight, "--surface-type", surface])
        for device in DEVICES:
            out = os.path.join(a.work, f"out-{name}-{device}")
            cmd = [orion, "run", pkg, "--device", device, "--outputs", out]
            for i in inputs[:2 if training else 1]:
                cmd += ["--inputs", i]
            run(cmd)
            want = wants[rounded, training]
            worst, where = 0.0, None
            for key, ref in want.items():
                got = np.load(os.path.join(out, key + ".npy"))
                if got.shape != ref.shape:
                    sys.exit(f"{name} on {device}: {key} has shape "
                             f"{got.shape}, PyTorch {ref.shape}")
                err = relative_error(got, ref)
                if not np.isfinite(got).all():
                    err = float("inf")
                if err >= worst:
                    worst, where = err, key
            exact = fp32_throughout(device, compute, weight, surface)
            tol = TOLERANCE[pipeline, exact]
            ok = worst <= tol
            rows.append((pipeline, compute, weight, surface, device,
                         f"{worst:.3g}", where, f"{tol:g}",
                         "ok" if ok else "FAIL"))
            if not ok:
                failures.append(f"{name} on {device}")

    header = ("pipeline", "compute", "weights", "surfaces", "device",
              "max error", "worst tensor", "tolerance", "")
    widths = [max(len(str(r[i])) for r in rows + [header])
              for i in range(len(header))]
    for r in [header] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    print(f"{a.family}: {len(rows)} runs of {len(rows) // len(DEVICES)} "
          f"compiled combinations, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
