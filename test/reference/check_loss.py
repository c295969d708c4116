#!/usr/bin/env python3
"""Cross-checks orion.cross_entropy on a device against PyTorch.

usage: check_loss.py --bin DIR --model M.mlir --device cpu|ane-sim
                     --precision fp32|fp16 --rtol R --work DIR [--seed N]

M.mlir is a function of (tokens, targets) returning (logits, loss) with
params `wte` and `head` (test/tools/orion/Inputs/tiny-loss.mlir: logits =
wte[tokens] @ head^T). Draws seeded weights, tokens and targets, compiles
with `orion compile --weights` (fp32: every kernel and surface in fp32;
fp16: the default, the ANE kernel computing the logits in fp16), runs
`orion run` and checks two things:

- the loss against PyTorch's F.cross_entropy of PyTorch's own fp32 logits,
  within the relative tolerance R;
- the loss against F.cross_entropy of the logits orion returned, within
  1e-5 relative: the loss kernel itself runs in fp32 on both devices.

Prints `<device> <precision>: loss L, reference T, relative error E (tolerance R);
on orion's logits E2` and exits non-zero when either check fails.
"""
import argparse
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_forward import common_arguments, orion_in, run  # noqa: E402
from safetensors_io import write_safetensors  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    common_arguments(ap)
    ap.add_argument("--model", required=True)
    a = ap.parse_args()
    orion = orion_in(a)

    vocab, dim, seq = 32, 16, 8
    g = torch.Generator().manual_seed(a.seed)
    # Logits of a few units: a loss well away from log(vocab).
    w = {"wte": torch.randn(vocab, dim, generator=g),
         "head": torch.randn(vocab, dim, generator=g) / dim ** 0.5}
    tokens = torch.randint(0, vocab, (seq,), generator=g, dtype=torch.int32)
    targets = torch.randint(0, vocab, (seq,), generator=g, dtype=torch.int32)
    store = os.path.join(a.work, "weights.safetensors")
    write_safetensors(store, {k: v.numpy() for k, v in w.items()})
    np.save(os.path.join(a.work, "tokens.npy"), tokens.numpy())
    np.save(os.path.join(a.work, "targets.npy"), targets.numpy())

    pkg = os.path.join(a.work, "pkg")
    compute = "fp32" if a.precision == "fp32" else "auto"
    run([orion, "compile", a.model, "-o", pkg, "--weights", store,
         "--compute-type", compute, "--surface-type", a.precision])
    out = os.path.join(a.work, "out")
    # The host plan's inputs, in the function's order: tokens, targets.
    run([orion, "run", pkg, os.path.join(a.work, "tokens.npy"),
         os.path.join(a.work, "targets.npy"), "--device", a.device,
         "--outputs", out])
    outputs = sorted(f for f in os.listdir(out) if f.endswith(".npy"))
    arrays = {f: np.load(os.path.join(out, f)) for f in outputs}
    losses = [v for v in arrays.values() if v.shape == ()]
    logits = [v for v in arrays.values() if v.shape == (seq, vocab)]
    if len(losses) != 1 or len(logits) != 1:
        sys.exit("expected one [] loss and one [%d, %d] logits output, got %s"
                 % (seq, vocab, {f: v.shape for f, v in arrays.items()}))
    loss = float(losses[0])

    t = targets.long()
    with torch.no_grad():
        want = float(F.cross_entropy(w["wte"][tokens.long()] @ w["head"].T, t))
        mine = float(F.cross_entropy(torch.from_numpy(logits[0]).float(), t))
    err = abs(loss - want) / abs(want)
    own = abs(loss - mine) / abs(mine)
    print(f"{a.device} {a.precision}: loss {loss:.7g}, reference {want:.7g}, relative "
          f"error {err:.3g} (tolerance {a.rtol:g}); on orion's logits "
          f"{own:.3g} (tolerance 1e-05)")
    sys.exit(0 if err <= a.rtol and own <= 1e-5 else 1)


if __name__ == "__main__":
    main()
