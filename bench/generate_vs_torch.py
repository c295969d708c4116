#!/usr/bin/env python3
"""Text generation speed: `orion generate` (cpu device) against PyTorch.

usage: generate_vs_torch.py BUILD_DIR [--presets gpt2-124m,stories110m]
                            [--threads 2] [--prompt 128] [--tokens 64]

For each preset: writes freshly initialised weights (`orion build-model
--init-weights`), runs `orion generate` twice (the first run compiles and
caches the packages; the second is timed) with a --prompt-token prompt and
--tokens greedy tokens, and reads its statistics line. In the same process,
PyTorch eager fp32 with the same weights and thread count prefills the
prompt and decodes with a preallocated KV cache written in place. Also measures the machine's read
bandwidth right before and after each orion run (median of 7 sums of a
1 GiB fp32 tensor with the same threads) and prints the decode bound it
implies for the bytes of weights one token reads (fp16:
2 bytes per matrix element; the embedding gather reads one row). Prints a
markdown table of every number and ratio.
"""
import argparse
import math
import os
import re
import subprocess
import sys
import tempfile
import time

import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "test", "reference"))
from models import causal_attention, rms_norm  # noqa: E402
from safetensors_io import read_safetensors  # noqa: E402

CONFIGS = {
    "gpt2-124m": {"family": "gpt2", "vocab": 50257, "dim": 768, "layers": 12,
                  "heads": 12, "kv_heads": 12, "hidden": 3072, "eps": 1e-5},
    "stories110m": {"family": "llama", "vocab": 32000, "dim": 768,
                    "layers": 12, "heads": 12, "kv_heads": 12,
                    "hidden": 2048, "eps": 1e-5, "theta": 10000.0},
}


def attend(q, k, v, heads, kv_heads):
    """q [1, H*D] against cached k/v [T, KV*D] (views, no copies)."""
    t, d, g = k.shape[0], q.shape[1] // heads, heads // kv_heads
    q = q.view(kv_heads, g, d)                       # groups share a kv head
    k = k.view(t, kv_heads, d).transpose(0, 1)       # [KV, T, D] view
    v = v.view(t, kv_heads, d).transpose(0, 1)
    p = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(d), dim=-1)
    return (p @ v).reshape(1, heads * d)


def rope(x, heads, theta, pos):
    s, c = x.shape
    d = c // heads
    freq = theta ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angle = (torch.arange(pos, pos + s, dtype=torch.float64)[:, None] * freq).float()
    xh = x.view(s, heads, d // 2, 2)
    a, b = xh[..., 0], xh[..., 1]
    cos, sin = angle.cos()[:, None], angle.sin()[:, None]
    return torch.stack((a * cos - b * sin, a * sin + b * cos), -1).reshape(s, c)


class TorchModel:
    """Eager fp32 with a KV cache: step(tokens, pos) appends to the cache."""

    def __init__(self, w, cfg, slots):
        self.w, self.c = w, cfg
        kv = cfg["kv_heads"] * (cfg["dim"] // cfg["heads"])
        # Preallocated, written in place: the usual eager KV cache.
        self.cache = [[torch.zeros(slots, kv), torch.zeros(slots, kv)]
                      for _ in range(cfg["layers"])]

    def step(self, tokens, pos):
        w, c = self.w, self.c
        gpt2 = c["family"] == "gpt2"
        x = w["wte.weight" if gpt2 else "tok_embeddings.weight"][tokens]
        if gpt2:
            x = x + w["wpe.weight"][pos:pos + len(tokens)]
        for l in range(c["layers"]):
            if gpt2:
                p = f"h.{l}."
                h = F.layer_norm(x, (c["dim"],), w[p + "ln_1.weight"], w[p + "ln_1.bias"], c["eps"])
                q, k, v = F.linear(h, w[p + "attn.c_attn.weight"], w[p + "attn.c_attn.bias"]).split(c["dim"], 1)
            else:
                p = f"layers.{l}."
                h = rms_norm(x, w[p + "attention_norm.weight"], c["eps"])
                q = rope(F.linear(h, w[p + "attention.wq.weight"]), c["heads"], c["theta"], pos)
                k = rope(F.linear(h, w[p + "attention.wk.weight"]), c["kv_heads"], c["theta"], pos)
                v = F.linear(h, w[p + "attention.wv.weight"])
            kc, vc = self.cache[l]
            end = pos + len(tokens)
            kc[pos:end] = k
            vc[pos:end] = v
            if len(tokens) == 1:
                a = attend(q, kc[:end], vc[:end], c["heads"], c["kv_heads"])
            else:  # prefill: causal over the prompt
                a = causal_attention(q, k, v, c["heads"], c["kv_heads"])
            if gpt2:
                x = x + F.linear(a, w[p + "attn.c_proj.weight"], w[p + "attn.c_proj.bias"])
                h = F.layer_norm(x, (c["dim"],), w[p + "ln_2.weight"], w[p + "ln_2.bias"], c["eps"])
                f = F.gelu(F.linear(h, w[p + "mlp.c_fc.weight"], w[p + "mlp.c_fc.bias"]), approximate="tanh")
                x = x + F.linear(f, w[p + "mlp.c_proj.weight"], w[p + "mlp.c_proj.bias"])
            else:
                x = x + F.linear(a, w[p + "attention.wo.weight"])
                h = rms_norm(x, w[p + "ffn_norm.weight"], c["eps"])
                x = x + F.linear(F.silu(F.linear(h, w[p + "feed_forward.w1.weight"])) *
                                 F.linear(h, w[p + "feed_forward.w3.weight"]),
                                 w[p + "feed_forward.w2.weight"])
        if gpt2:
            x = F.layer_norm(x[-1:], (c["dim"],), w["ln_f.weight"], w["ln_f.bias"], c["eps"])
            return x @ w["wte.weight"].t()
        x = rms_norm(x[-1:], w["norm.weight"], c["eps"])
        return x @ w.get("output.weight", w["tok_embeddings.weight"]).t()


def weight_bytes_per_token(w, cfg):
    """fp16 bytes of every matrix a decode step multiplies by."""
    n = 0
    for name, t in w.items():
        if t.dim() == 2 and name not in ("wpe.weight", "tok_embeddings.weight", "wte.weight"):
            n += t.numel()
    n += w.get("output.weight", w.get("wte.weight", w.get("tok_embeddings.weight"))).numel()
    return 2 * n


def bandwidth(threads, x):
    """Median read rate of 7 sums of `x` (1 GiB): the machine is shared, so
    one lucky run would overstate the bound."""
    torch.set_num_threads(threads)
    rates = []
    for _ in range(7):
        start = time.perf_counter()
        x.sum()
        rates.append(x.numel() * 4 / (time.perf_counter() - start))
    return sorted(rates)[len(rates) // 2]


def orion_stats(orion, preset, store, prompt, tokens, work):
    cmd = [orion, "generate", "--preset", preset, "--weights", store,
           "--prompt-ids", " ".join(map(str, prompt)), "-n", str(tokens),
           "--temperature", "0", "--ids", "--cache-dir", os.path.join(work, "cache")]
    for _ in range(2):
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode:
            sys.exit(r.stderr)
    m = re.search(r"prefill (\S+) tok/s .* decode (\S+) tok/s", r.stderr)
    return float(m.group(1)), float(m.group(2)), [int(t) for t in r.stdout.split()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--presets", default="gpt2-124m,stories110m")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--prompt", type=int, default=128)
    ap.add_argument("--tokens", type=int, default=64)
    a = ap.parse_args()
    orion = os.path.join(a.build, "bin", "orion")
    os.environ["OPENBLAS_NUM_THREADS"] = str(a.threads)
    work = tempfile.mkdtemp(prefix="orion-gen-")
    ones = torch.ones(256 * 1024 * 1024)  # 1 GiB, touched once here
    ones.sum()
    rows, rates = [], []
    for preset in a.presets.split(","):
        cfg = CONFIGS[preset]
        store = os.path.join(work, preset + ".safetensors")
        subprocess.run([orion, "build-model", "--preset", preset, "-o", os.devnull,
                        "--init-weights", store], check=True, capture_output=True)
        w = {k: torch.from_numpy(v.copy()) for k, v in read_safetensors(store).items()}
        prompt = [(7 * i + 3) % cfg["vocab"] for i in range(a.prompt)]
        # Bandwidth right before and after orion's timed run, so both see
        # the same machine.
        bw_before = bandwidth(a.threads, ones)
        o_pre, o_dec, o_ids = orion_stats(orion, preset, store, prompt, a.tokens, work)
        bw = (bw_before + bandwidth(a.threads, ones)) / 2
        rates.append(bw)

        torch.set_num_threads(a.threads)
        with torch.no_grad():
            m = TorchModel(w, cfg, a.prompt + a.tokens)
            start = time.perf_counter()
            logits = m.step(torch.tensor(prompt), 0)
            t_pre = a.prompt / (time.perf_counter() - start)
            ids = [int(logits.argmax())]
            start = time.perf_counter()
            for i in range(a.tokens - 1):
                logits = m.step(torch.tensor(ids[-1:]), a.prompt + i)
                ids.append(int(logits.argmax()))
            t_dec = (a.tokens - 1) / (time.perf_counter() - start)
        bound = bw / weight_bytes_per_token(w, cfg)
        same = next((i for i, (x, y) in enumerate(zip(o_ids, ids)) if x != y), len(ids))
        rows.append(f"| {preset} | orion cpu | {o_pre:.1f} | {o_dec:.1f} | {o_dec / t_dec:.2f}x | "
                    f"{o_dec / bound:.0%} of {bound:.1f} ({bw / 1e9:.1f} GB/s) |")
        rows.append(f"| {preset} | PyTorch {torch.__version__} eager fp32 + KV cache | "
                    f"{t_pre:.1f} | {t_dec:.1f} | 1.00x | {t_dec / bound:.0%} |")
        rows.append(f"| {preset} | prefill orion / PyTorch | {o_pre / t_pre:.2f}x | | | "
                    f"greedy ids equal for {same} of {len(ids)} |")
    print(f"read bandwidth ({a.threads} threads, median of 7 sums of 1 GiB, "
          f"before and after each orion run): "
          + ", ".join(f"{r / 1e9:.1f}" for r in rates) + " GB/s\n")
    print("| model | engine | prefill tok/s | decode tok/s | decode / PyTorch | "
          "decode / bandwidth bound |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
