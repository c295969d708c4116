#!/usr/bin/env python3
"""Cross-checks the model importers: checkpoints of other tools, compiled
with `orion compile --model`, against PyTorch on the original weights.

usage: check_import.py --bin DIR --format hf-gpt2|hf-llama|llama2c
                       --seq S --rtol R --work DIR

Draws random weights (seeded) for check_forward.py's tiny GPT-2 or Llama
(GQA, untied classifier) under Orion's names, then writes them the way the
other tool does:

  hf-gpt2   config.json + model.safetensors: "transformer." names, Conv1D
            weights [in, out], attn.bias mask buffers, a tied lm_head.weight;
  hf-llama  config.json + two safetensors shards + index: HF names, q/k rows
            permuted as transformers' convert_llama_weights_to_hf.py does;
  llama2c   a llama2.c version-0 .bin: header, arrays, freq_cis, wcls.

`orion run --device cpu` (fp32 kernels and surfaces) must match models.py's
forward on the original weights within R (max |orion - torch| / max
|torch|). For hf-llama, transformers' own formulation (HF names, rotate-half
RoPE) on the permuted weights must agree as well, which checks that the
permutation written here is HF's.
"""
import argparse
import json
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_forward import run, tiny_model  # noqa: E402
from models import gpt2_forward, hf_llama_forward, llama_forward  # noqa: E402
from safetensors_io import write_safetensors  # noqa: E402


def read(path):
    with open(path) as f:
        return f.read()


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)


def hf_gpt2(w, cfg, out):
    os.makedirs(out, exist_ok=True)
    conv1d = ("attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight",
              "mlp.c_proj.weight")
    t = {}
    for name, v in w.items():
        t["transformer." + name] = v.t() if name.endswith(conv1d) else v
    p = cfg["max_seq"]
    mask = torch.tril(torch.ones(p, p)).view(1, 1, p, p)
    for l in range(cfg["layers"]):
        t[f"transformer.h.{l}.attn.bias"] = mask
    t["lm_head.weight"] = w["wte.weight"]
    write_safetensors(os.path.join(out, "model.safetensors"),
                      {k: v.numpy() for k, v in t.items()})
    write_json(os.path.join(out, "config.json"), {
        "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2",
        "n_embd": cfg["dim"], "n_layer": cfg["layers"],
        "n_head": cfg["heads"], "n_positions": cfg["max_seq"],
        "n_ctx": cfg["max_seq"], "vocab_size": cfg["vocab"],
        "layer_norm_epsilon": cfg["norm_eps"], "n_inner": None,
        "activation_function": "gelu_new", "torch_dtype": "float32"})
    return out


def hf_permute(w, heads):
    """transformers' convert_llama_weights_to_hf.py, permute()."""
    dim1, dim2 = w.shape
    return w.view(heads, dim1 // heads // 2, 2, dim2).transpose(1, 2) \
            .reshape(dim1, dim2)


def hf_llama_tensors(w, cfg):
    t = {"model.embed_tokens.weight": w["tok_embeddings.weight"],
         "model.norm.weight": w["norm.weight"],
         "lm_head.weight": w["output.weight"]}
    for l in range(cfg["layers"]):
        o, h = f"layers.{l}.", f"model.layers.{l}."
        t[h + "input_layernorm.weight"] = w[o + "attention_norm.weight"]
        t[h + "self_attn.q_proj.weight"] = hf_permute(
            w[o + "attention.wq.weight"], cfg["heads"])
        t[h + "self_attn.k_proj.weight"] = hf_permute(
            w[o + "attention.wk.weight"], cfg["kv_heads"])
        t[h + "self_attn.v_proj.weight"] = w[o + "attention.wv.weight"]
        t[h + "self_attn.o_proj.weight"] = w[o + "attention.wo.weight"]
        t[h + "post_attention_layernorm.weight"] = w[o + "ffn_norm.weight"]
        t[h + "mlp.gate_proj.weight"] = w[o + "feed_forward.w1.weight"]
        t[h + "mlp.up_proj.weight"] = w[o + "feed_forward.w3.weight"]
        t[h + "mlp.down_proj.weight"] = w[o + "feed_forward.w2.weight"]
    return t


def hf_llama(t, cfg, out):
    os.makedirs(out, exist_ok=True)
    names = sorted(t)
    shards = [names[: len(names) // 2], names[len(names) // 2:]]
    weight_map = {}
    for i, shard in enumerate(shards):
        file = f"model-{i + 1:05d}-of-{len(shards):05d}.safetensors"
        write_safetensors(os.path.join(out, file),
                          {n: t[n].numpy() for n in shard})
        weight_map.update({n: file for n in shard})
    write_json(os.path.join(out, "model.safetensors.index.json"),
               {"metadata": {}, "weight_map": weight_map})
    write_json(os.path.join(out, "config.json"), {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama",
        "hidden_size": cfg["dim"], "intermediate_size": cfg["hidden"],
        "num_hidden_layers": cfg["layers"],
        "num_attention_heads": cfg["heads"],
        "num_key_value_heads": cfg["kv_heads"], "vocab_size": cfg["vocab"],
        "max_position_embeddings": cfg["max_seq"],
        "rms_norm_eps": cfg["norm_eps"], "rope_theta": cfg["rope_theta"],
        "rope_scaling": None, "tie_word_embeddings": False,
        "hidden_act": "silu", "attention_bias": False,
        "torch_dtype": "float32"})
    return out


def llama2c(w, cfg, path, seed):
    """llama2.c's legacy export: negative vocab = separate classifier."""
    n = cfg["layers"]
    head = cfg["dim"] // cfg["heads"]
    header = struct.pack("<7i", cfg["dim"], cfg["hidden"], n, cfg["heads"],
                         cfg["kv_heads"], -cfg["vocab"], cfg["max_seq"])

    def stacked(name):
        return torch.stack([w[f"layers.{l}.{name}"] for l in range(n)])

    g = torch.Generator().manual_seed(seed + 7)
    freq = torch.randn(2, cfg["max_seq"], head // 2, generator=g)  # unused
    arrays = [w["tok_embeddings.weight"], stacked("attention_norm.weight"),
              stacked("attention.wq.weight"), stacked("attention.wk.weight"),
              stacked("attention.wv.weight"), stacked("attention.wo.weight"),
              stacked("ffn_norm.weight"), stacked("feed_forward.w1.weight"),
              stacked("feed_forward.w2.weight"),
              stacked("feed_forward.w3.weight"), w["norm.weight"], freq,
              w["output.weight"]]
    with open(path, "wb") as f:
        f.write(header)
        for a in arrays:
            f.write(a.contiguous().numpy().astype("<f4").tobytes())
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--format", required=True,
                    choices=["hf-gpt2", "hf-llama", "llama2c"])
    ap.add_argument("--seq", type=int, default=16)
    ap.add_argument("--rtol", type=float, required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    orion = os.path.join(a.bin, "orion")

    family = "gpt2" if a.format == "hf-gpt2" else "llama"
    cfg, config, model, weights = tiny_model(orion, family, a.work, a.seq,
                                             a.seed)

    ckpt = os.path.join(a.work, "checkpoint")
    hf = None
    if a.format == "hf-gpt2":
        path = hf_gpt2(weights, cfg, ckpt)
    elif a.format == "hf-llama":
        hf = hf_llama_tensors(weights, cfg)
        path = hf_llama(hf, cfg, ckpt)
    else:
        path = llama2c(weights, cfg, ckpt + ".bin", a.seed)

    # The importer's config must build the same model.
    imported = os.path.join(a.work, "imported.mlir")
    run([orion, "build-model", "--model", path, "--seq", str(a.seq), "-o",
         imported])
    if read(imported) != read(model):
        sys.exit("orion build-model --model built different IR than the "
                 "config the checkpoint was written from")

    pkg = os.path.join(a.work, "pkg")
    run([orion, "compile", "--model", path, "--seq", str(a.seq), "-o", pkg,
         "--compute-type", "fp32", "--surface-type", "fp32"])
    g = torch.Generator().manual_seed(a.seed + 1)
    tokens = torch.randint(0, cfg["vocab"], (a.seq,), generator=g,
                           dtype=torch.int32)
    np.save(os.path.join(a.work, "tokens.npy"), tokens.numpy())
    out = os.path.join(a.work, "out")
    run([orion, "run", pkg, "--device", "cpu", "--inputs",
         "tokens=" + os.path.join(a.work, "tokens.npy"), "--outputs", out])
    logits = np.load(os.path.join(out, "logits.npy"))

    forward = gpt2_forward if family == "gpt2" else llama_forward
    with torch.no_grad():
        want = forward(weights, tokens.long(), cfg).numpy()
        hf_want = None if hf is None else \
            hf_llama_forward(hf, tokens.long(), cfg).numpy()
    if logits.shape != want.shape:
        sys.exit(f"logits shape {logits.shape} != reference {want.shape}")
    err = float(np.abs(logits - want).max() / np.abs(want).max())
    print(f"{a.format}: max relative error {err:.3g} (tolerance {a.rtol:g})")
    ok = err <= a.rtol
    if hf_want is not None:
        hf_err = float(np.abs(hf_want - want).max() / np.abs(want).max())
        print(f"{a.format}: transformers' formulation vs models.py: "
              f"{hf_err:.3g}")
        ok = ok and hf_err <= a.rtol
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
