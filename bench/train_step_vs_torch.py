#!/usr/bin/env python3
"""One training step (loss and every gradient): orion vs PyTorch autograd.

usage: train_step_vs_torch.py BUILD_DIR [--preset stories15m] [--seq 256]
                              [--threads 2] [--seconds 5]

Builds the preset's train step (`orion build-model --step train
--init-weights`), compiles it with the training pipeline with fp32 kernels
and surfaces (`--pipeline training --compute-type fp32 --surface-type
fp32`: the cpu device's fair comparison with PyTorch fp32), times
Executor::run of it with bench-forward, then times the same model's forward,
cross-entropy and backward in PyTorch eager fp32 (test/reference/models.py,
gradients for every parameter) with the same weights and thread count.
Prints tokens per second of each and the ratio. The gradients themselves
are checked against PyTorch by ctest -R reference-gradients.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "test", "reference"))
from models import gpt2_forward, llama_forward  # noqa: E402
from safetensors_io import read_safetensors  # noqa: E402

# The frontend's presets (lib/Frontend/ModelConfig.cpp), as models.py reads
# them.
PRESETS = {
    "gpt2-124m": {"family": "gpt2", "vocab": 50257, "dim": 768,
                  "layers": 12, "heads": 12, "norm_eps": 1e-5},
    "stories15m": {"family": "llama", "vocab": 32000, "dim": 288,
                   "layers": 6, "heads": 6, "kv_heads": 6, "norm_eps": 1e-5,
                   "rope_theta": 10000.0},
    "stories110m": {"family": "llama", "vocab": 32000, "dim": 768,
                    "layers": 12, "heads": 12, "kv_heads": 12,
                    "norm_eps": 1e-5, "rope_theta": 10000.0},
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--preset", default="stories15m", choices=sorted(PRESETS))
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=5.0)
    a = ap.parse_args()
    cfg = PRESETS[a.preset]
    bin_dir = os.path.join(a.build, "bin")
    orion = os.path.join(bin_dir, "orion")
    work = tempfile.mkdtemp(prefix="orion-train-")
    model = os.path.join(work, "train.mlir")
    store = os.path.join(work, "w.safetensors")
    subprocess.run([orion, "build-model", "--preset", a.preset, "--seq",
                    str(a.seq), "--step", "train", "-o", model,
                    "--init-weights", store], check=True, capture_output=True)
    pkg = os.path.join(work, "pkg")
    subprocess.run([orion, "compile", model, "-o", pkg, "--weights", store,
                    "--pipeline", "training", "--compute-type", "fp32",
                    "--surface-type", "fp32"], check=True, capture_output=True)

    env = dict(os.environ, ORION_BENCH_PACKAGE=pkg,
               ORION_BENCH_VOCAB=str(cfg["vocab"]),
               OPENBLAS_NUM_THREADS=str(a.threads))
    out = os.path.join(work, "train.json")
    subprocess.run([os.path.join(bin_dir, "bench-forward"),
                    "--benchmark_out=" + out, "--benchmark_out_format=json",
                    f"--benchmark_min_time={a.seconds}"],
                   check=True, env=env, capture_output=True)
    with open(out) as f:
        bench = json.load(f)["benchmarks"][0]
    orion_tps = bench["tokens_per_second"]

    torch.set_num_threads(a.threads)
    weights = {k: torch.from_numpy(v.copy()).requires_grad_(True)
               for k, v in read_safetensors(store).items()}
    forward = gpt2_forward if cfg["family"] == "gpt2" else llama_forward
    g = torch.Generator().manual_seed(1)
    tokens = torch.randint(0, cfg["vocab"], (a.seq,), generator=g)
    targets = torch.randint(0, cfg["vocab"], (a.seq,), generator=g)

    def step():
        for w in weights.values():
            w.grad = None
        F.cross_entropy(forward(weights, tokens, cfg), targets).backward()

    step()  # warm-up
    runs, start = 0, time.perf_counter()
    while time.perf_counter() - start < a.seconds:
        step()
        runs += 1
    torch_tps = a.seq * runs / (time.perf_counter() - start)

    print(f"| engine | train-step tokens/s ({a.preset}, seq {a.seq}, "
          f"{a.threads} threads) | ms per step |")
    print("|---|---|---|")
    print(f"| orion cpu device (fp32) | {orion_tps:.1f} | "
          f"{1000 * a.seq / orion_tps:.0f} |")
    print(f"| PyTorch {torch.__version__} eager fp32 autograd | "
          f"{torch_tps:.1f} | {1000 * a.seq / torch_tps:.0f} |")
    print(f"| ratio orion / PyTorch | {orion_tps / torch_tps:.2f} | |")


if __name__ == "__main__":
    main()
