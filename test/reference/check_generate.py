#!/usr/bin/env python3
"""Greedy generation: `orion generate` against PyTorch, token for token.

usage: check_generate.py --bin DIR --family gpt2|llama --device D --work DIR
                         [--tokens N] [--max-cache-diff E] [--tie-rtol T]

Draws random weights for a tiny model (check_forward.TINY: Llama with GQA
and an untied classifier), rounded to fp16 (the cpu device's weight format), runs `orion generate --temperature 0 --ids
--check-cache` from a fixed prompt, and compares the ids with greedy
decoding by models.py's PyTorch model, which recomputes the whole sequence
at every step (no cache). Each of orion's tokens must be PyTorch's greedy
choice (float64) after orion's own prefix, up to a tie: its logit within
--tie-rtol of the largest logit's magnitude of the best one. So a near-tie,
which fp32 rounding on another CPU's BLAS kernels can break the other way,
does not fail the check, and any real disagreement does; exact agreement
with PyTorch's own greedy sequence is printed. Also requires the decode step's logits to match
full recomputation inside orion within --max-cache-diff (absolute), and a
second run to give the same ids.
"""
import argparse
import os
import re
import subprocess
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_forward import tiny_model  # noqa: E402
from models import gpt2_forward, llama_forward  # noqa: E402
from safetensors_io import write_safetensors  # noqa: E402


def generate(orion, a, config, store, prompt):
    cmd = [orion, "generate", "--config", config, "--weights", store,
           "--prompt-ids", " ".join(map(str, prompt)), "-n", str(a.tokens),
           "--temperature", "0", "--ids", "--check-cache", "--device",
           a.device, "--cache-dir", os.path.join(a.work, "cache")]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"orion generate failed ({result.returncode}):\n"
                 f"{result.stdout}{result.stderr}")
    ids = [int(t) for t in result.stdout.split()]
    m = re.search(r"cache check: max \|decode - recompute\| logit difference "
                  r"= (\S+)", result.stderr)
    if not m:
        sys.exit("no cache check line in:\n" + result.stderr)
    return ids, float(m.group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--family", required=True, choices=["gpt2", "llama"])
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--tokens", type=int, default=40)
    ap.add_argument("--max-cache-diff", type=float, default=1e-4)
    ap.add_argument("--tie-rtol", type=float, default=1e-4)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    orion = os.path.join(a.bin, "orion")

    cfg, config, _, weights = tiny_model(orion, a.family, a.work, 16, a.seed,
                                         max_seq=128)
    # orion generate keeps cpu weights in fp16: make them exactly
    # representable so both sides compute with the same values.
    weights = {k: v.half().float() for k, v in weights.items()}
    store = os.path.join(a.work, "weights.safetensors")
    write_safetensors(store, {k: v.numpy() for k, v in weights.items()})

    prompt = [3, 141, 59, 26, 53]
    got, cache_diff = generate(orion, a, config, store, prompt)
    again, _ = generate(orion, a, config, store, prompt)

    forward = gpt2_forward if a.family == "gpt2" else llama_forward
    w64 = {k: v.double() for k, v in weights.items()}
    want, seq = [], list(prompt)
    with torch.no_grad():
        for _ in range(a.tokens):
            logits = forward(w64, torch.tensor(seq), cfg)
            seq.append(int(torch.argmax(logits[-1])))
            want.append(seq[-1])
        # Teacher-forced on orion's sequence: one causal forward gives the
        # logits every generated token was chosen from.
        forced = forward(w64, torch.tensor(prompt + got[:-1]), cfg)
    forced = forced[len(prompt) - 1:]
    worst_gap, ties, wrong = 0.0, 0, []
    for i, token in enumerate(got):
        row = forced[i]
        gap = float(row.max() - row[token]) / float(row.abs().max())
        worst_gap = max(worst_gap, gap)
        if gap > a.tie_rtol:
            wrong.append(i)
        elif int(torch.argmax(row)) != token:
            ties += 1

    same = next((i for i, (x, y) in enumerate(zip(got, want)) if x != y),
                min(len(got), len(want)))
    print(f"{a.family} {a.device}: {same} of {a.tokens} greedy tokens equal "
          f"PyTorch's greedy sequence; every token PyTorch's choice after "
          f"orion's prefix: {'yes' if not wrong else 'NO'} (largest logit "
          f"gap {worst_gap:.3g} of the largest logit, tie tolerance "
          f"{a.tie_rtol:g}; {ties} near-ties); decode vs recompute max logit "
          f"difference {cache_diff:.3g} (tolerance {a.max_cache_diff:g})")
    ok = len(got) == a.tokens and not wrong and again == got and \
        cache_diff <= a.max_cache_diff
    if wrong:
        print(f"orion: {got}\ntorch: {want}\nnot PyTorch's choice at "
              f"positions {wrong}")
    if again != got:
        print(f"second run differs: {again}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
