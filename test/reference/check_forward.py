#!/usr/bin/env python3
"""Cross-checks a whole tiny model: PyTorch against `orion run`.

usage: check_forward.py --bin DIR --family gpt2|llama --seq S
                        --device cpu|ane-sim --precision fp32|fp16
                        [--weight-type auto|fp16] --rtol R --work DIR

Builds a small model (2 layers, dim 64; Llama with GQA and an untied
classifier) with `orion build-model`, draws random weights for every
`orion.param` it names (seeded), writes them as safetensors, compiles with
`orion compile`, runs random tokens through `orion run`, and compares the
logits with models.py's PyTorch implementation of the same model. With
--weight-type fp16 the matrices are stored as fp16 blobs (`orion compile
--weight-type fp16`, fp32 math): the random matrices are rounded to fp16
first, for PyTorch too, so only fp32 rounding separates the two. The error
measure is max |orion - torch| / max |torch| over all logits. Prints one
line `<family> <device> <precision> weights <type>: max relative error E
(tolerance R)` and exits non-zero when E > R.
"""
import argparse
import json
import os
import re
import subprocess
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from models import gpt2_forward, llama_forward  # noqa: E402
from safetensors_io import write_safetensors  # noqa: E402

TINY = {
    "gpt2": {"family": "gpt2", "vocab": 256, "dim": 64, "layers": 2,
             "heads": 4, "hidden": 256, "max_seq": 64, "norm_eps": 1e-5},
    "llama": {"family": "llama", "vocab": 256, "dim": 64, "layers": 2,
              "heads": 4, "kv_heads": 2, "hidden": 176, "max_seq": 64,
              "norm_eps": 1e-5, "rope_theta": 10000.0,
              "tied_classifier": False},
}


def run(cmd):
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"command failed ({result.returncode}): {' '.join(cmd)}\n"
                 f"{result.stdout}{result.stderr}")
    return result.stdout


def common_arguments(ap):
    """The options every cross-check takes."""
    ap.add_argument("--bin", required=True)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--precision", default="fp32", choices=["fp32", "fp16"])
    ap.add_argument("--rtol", type=float, required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seed", type=int, default=0)


def orion_in(a):
    """Creates the work directory; returns the `orion` binary's path."""
    os.makedirs(a.work, exist_ok=True)
    return os.path.join(a.bin, "orion")


def params_of(mlir_text):
    """name -> shape of every orion.param in the module."""
    shapes = {}
    for name, dims in re.findall(
            r'orion\.param "([^"]+)" : tensor<([0-9x]+)xf32>', mlir_text):
        shapes[name] = [int(d) for d in dims.split("x")]
    return shapes


def random_weights(shapes, seed):
    g = torch.Generator().manual_seed(seed)
    w = {}
    for name, shape in sorted(shapes.items()):
        if name.endswith("norm.weight") or re.search(r"ln_\w+\.weight$", name) \
                or name == "norm.weight":
            t = 1.0 + 0.1 * torch.randn(shape, generator=g)
        elif name.endswith(".bias"):
            t = 0.02 * torch.randn(shape, generator=g)
        else:
            t = torch.randn(shape, generator=g) / (shape[-1] ** 0.5)
        w[name] = t.float()
    return w


def tiny_model(orion, family, work, seq, seed, step="forward", **overrides):
    """Writes config.json and model.mlir (`orion build-model --step STEP`)
    for the tiny `family` config with `overrides`, and draws its random
    weights. Returns (cfg, config path, model path, weights)."""
    cfg = dict(TINY[family], **overrides)
    config = os.path.join(work, "config.json")
    with open(config, "w") as f:
        json.dump(cfg, f)
    model = os.path.join(work, "model.mlir")
    run([orion, "build-model", "--config", config, "--seq", str(seq),
         "--step", step, "-o", model])
    with open(model) as f:
        weights = random_weights(params_of(f.read()), seed)
    return cfg, config, model, weights


def main():
    ap = argparse.ArgumentParser()
    common_arguments(ap)
    ap.add_argument("--family", required=True, choices=["gpt2", "llama"])
    ap.add_argument("--seq", type=int, default=16)
    ap.add_argument("--weight-type", default="auto", choices=["auto", "fp16"])
    a = ap.parse_args()
    orion = orion_in(a)

    cfg, config, model, weights = tiny_model(orion, a.family, a.work, a.seq,
                                             a.seed)
    if a.weight_type == "fp16":
        weights = {k: v.half().float() if v.dim() == 2 else v
                   for k, v in weights.items()}
    store = os.path.join(a.work, "weights.safetensors")
    write_safetensors(store, {k: v.numpy() for k, v in weights.items()})

    pkg = os.path.join(a.work, "pkg")
    # fp32: every kernel and surface in fp32, to compare against PyTorch's
    # fp32 tightly; fp16: what the ANE computes (ANE kernels and surfaces in
    # fp16, CPU kernels in fp32).
    compute = "fp32" if a.precision == "fp32" else "auto"
    run([orion, "compile", model, "-o", pkg, "--weights", store,
         "--compute-type", compute, "--surface-type", a.precision,
         "--weight-type", a.weight_type])

    g = torch.Generator().manual_seed(a.seed + 1)
    tokens = torch.randint(0, cfg["vocab"], (a.seq,), generator=g,
                           dtype=torch.int32)
    np.save(os.path.join(a.work, "tokens.npy"), tokens.numpy())
    out = os.path.join(a.work, "out")
    run([orion, "run", pkg, "--device", a.device, "--inputs",
         "tokens=" + os.path.join(a.work, "tokens.npy"), "--outputs", out])
    logits = np.load(os.path.join(out, "logits.npy"))

    forward = gpt2_forward if cfg["family"] == "gpt2" else llama_forward
    with torch.no_grad():
        want = forward(weights, tokens.long(), cfg).numpy()
    if logits.shape != want.shape:
        sys.exit(f"logits shape {logits.shape} != reference {want.shape}")
    err = float(np.abs(logits - want).max() / np.abs(want).max())
    print(f"{a.family} {a.device} {a.precision} weights {a.weight_type}: "
          f"max relative error "
          f"{err:.3g} (tolerance {a.rtol:g})")
    sys.exit(0 if err <= a.rtol else 1)


if __name__ == "__main__":
    main()
