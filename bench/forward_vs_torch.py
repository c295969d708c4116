#!/usr/bin/env python3
"""GPT-2 124M-config forward at sequence 128: orion (cpu device) vs PyTorch.

usage: forward_vs_torch.py BUILD_DIR [--seq 128] [--threads 2]

Builds the model with `orion build-model`, draws random weights, compiles a
package with fp32 kernels and surfaces (`orion compile --compute-type fp32
--surface-type fp32`, the cpu device's fair comparison with PyTorch fp32),
runs bench-forward on it, then times test/reference/models.py's PyTorch
forward on the same weights with the same thread count, and prints both
throughputs and their ratio (goal: orion >= 1.0x PyTorch). Also checks the
two agree (max relative error) so the speed is of a correct computation.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "test", "reference"))
from check_forward import params_of, random_weights  # noqa: E402
from models import gpt2_forward  # noqa: E402
from safetensors_io import write_safetensors  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    bin_dir = os.path.join(a.build, "bin")
    orion = os.path.join(bin_dir, "orion")
    work = tempfile.mkdtemp(prefix="orion-fwd-")
    model = os.path.join(work, "model.mlir")
    subprocess.run([orion, "build-model", "--preset", "gpt2-124m", "--seq",
                    str(a.seq), "-o", model], check=True, capture_output=True)
    with open(model) as f:
        shapes = params_of(f.read())
    weights = random_weights(shapes, 0)
    store = os.path.join(work, "w.safetensors")
    write_safetensors(store, {k: v.numpy() for k, v in weights.items()})
    pkg = os.path.join(work, "pkg")
    subprocess.run([orion, "compile", model, "-o", pkg, "--weights", store,
                    "--compute-type", "fp32", "--surface-type", "fp32"],
                   check=True, capture_output=True)

    env = dict(os.environ, ORION_BENCH_PACKAGE=pkg,
               OPENBLAS_NUM_THREADS=str(a.threads))
    out = os.path.join(work, "forward.json")
    subprocess.run([os.path.join(bin_dir, "bench-forward"),
                    "--benchmark_out=" + out, "--benchmark_out_format=json",
                    "--benchmark_min_time=3"],
                   check=True, env=env, capture_output=True)
    with open(out) as f:
        orion_tps = json.load(f)["benchmarks"][0]["tokens_per_second"]

    torch.set_num_threads(a.threads)
    cfg = {"dim": 768, "layers": 12, "heads": 12, "norm_eps": 1e-5}
    tokens = torch.randint(0, 50257, (a.seq,), generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        gpt2_forward(weights, tokens, cfg)  # warm-up
        runs, start = 0, time.perf_counter()
        while time.perf_counter() - start < 3.0:
            gpt2_forward(weights, tokens, cfg)
            runs += 1
        torch_tps = a.seq * runs / (time.perf_counter() - start)

    print(f"| engine | tokens/s (GPT-2 124M config, seq {a.seq}, "
          f"{a.threads} threads) |")
    print("|---|---|")
    print(f"| orion cpu device (fp32) | {orion_tps:.1f} |")
    print(f"| PyTorch {torch.__version__} eager fp32 | {torch_tps:.1f} |")
    print(f"| ratio orion / PyTorch | {orion_tps / torch_tps:.2f} |")


if __name__ == "__main__":
    main()
