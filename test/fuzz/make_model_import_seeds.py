#!/usr/bin/env python3
"""Writes the seed corpus of orion-model-import-fuzzer (tiny valid models).

usage: make_model_import_seeds.py OUT_DIR

One seed per importer, prefixed with the mode byte ModelImportFuzzer.cpp
reads: 0 llama2.c (tied and untied), 1 Hugging Face GPT-2 and Llama
(config.json, NUL, safetensors), 2 Orion safetensors.
"""
import json
import os
import struct
import sys


def floats(n, start=0.0):
    return struct.pack("<%df" % n, *(start + 0.01 * i for i in range(n)))


def safetensors(tensors, metadata=None, dtype="F32"):
    """tensors: list of (name, shape); values are small ramps."""
    header, data = {}, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, shape in tensors:
        n = 1
        for d in shape:
            n *= d
        blob = floats(n) if dtype == "F32" else struct.pack("<%dH" % n,
                                                            *([0x3c00] * n))
        header[name] = {"dtype": dtype, "shape": shape,
                        "data_offsets": [len(data), len(data) + len(blob)]}
        data += blob
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


def llama2c(vocab):
    dim, hidden, layers, heads, kv, seq = 4, 8, 1, 2, 1, 2
    kv_dim, head, v = kv * dim // heads, dim // heads, abs(vocab)
    n = (v * dim + layers * (2 * dim + 2 * dim * dim + 2 * kv_dim * dim +
                             3 * hidden * dim) + dim + seq * head +
         (v * dim if vocab < 0 else 0))
    return struct.pack("<7i", dim, hidden, layers, heads, kv, vocab, seq) + \
        floats(n)


def gpt2():
    d, h, v, p = 4, 8, 4, 2
    cfg = {"model_type": "gpt2", "n_embd": d, "n_layer": 1, "n_head": 2,
           "n_positions": p, "vocab_size": v, "n_inner": h,
           "activation_function": "gelu_new"}
    t = [("wte.weight", [v, d]), ("wpe.weight", [p, d]),
         ("h.0.ln_1.weight", [d]), ("h.0.ln_1.bias", [d]),
         ("h.0.attn.c_attn.weight", [d, 3 * d]), ("h.0.attn.c_attn.bias",
                                                  [3 * d]),
         ("h.0.attn.c_proj.weight", [d, d]), ("h.0.attn.c_proj.bias", [d]),
         ("h.0.ln_2.weight", [d]), ("h.0.ln_2.bias", [d]),
         ("h.0.mlp.c_fc.weight", [d, h]), ("h.0.mlp.c_fc.bias", [h]),
         ("h.0.mlp.c_proj.weight", [h, d]), ("h.0.mlp.c_proj.bias", [d]),
         ("h.0.attn.bias", [1, 1, p, p]), ("ln_f.weight", [d]),
         ("ln_f.bias", [d])]
    return json.dumps(cfg).encode() + b"\0" + safetensors(t)


def llama():
    d, h, v = 4, 8, 4
    cfg = {"model_type": "llama", "hidden_size": d, "intermediate_size": h,
           "num_hidden_layers": 1, "num_attention_heads": 2,
           "num_key_value_heads": 1, "vocab_size": v,
           "max_position_embeddings": 8, "rms_norm_eps": 1e-5,
           "rope_scaling": None, "tie_word_embeddings": False}
    p = "model.layers.0."
    t = [("model.embed_tokens.weight", [v, d]),
         (p + "input_layernorm.weight", [d]),
         (p + "self_attn.q_proj.weight", [d, d]),
         (p + "self_attn.k_proj.weight", [2, d]),
         (p + "self_attn.v_proj.weight", [2, d]),
         (p + "self_attn.o_proj.weight", [d, d]),
         (p + "post_attention_layernorm.weight", [d]),
         (p + "mlp.gate_proj.weight", [h, d]),
         (p + "mlp.up_proj.weight", [h, d]),
         (p + "mlp.down_proj.weight", [d, h]),
         ("model.norm.weight", [d]), ("lm_head.weight", [v, d])]
    return json.dumps(cfg).encode() + b"\0" + safetensors(t, dtype="BF16")


def orion():
    cfg = {"family": "llama", "vocab": 4, "dim": 4, "layers": 1, "heads": 2,
           "kv_heads": 2, "hidden": 8, "max_seq": 8, "tied_classifier": True}
    p = "layers.0."
    t = [("tok_embeddings.weight", [4, 4]),
         (p + "attention_norm.weight", [4]), (p + "attention.wq.weight",
                                              [4, 4]),
         (p + "attention.wk.weight", [4, 4]), (p + "attention.wv.weight",
                                               [4, 4]),
         (p + "attention.wo.weight", [4, 4]), (p + "ffn_norm.weight", [4]),
         (p + "feed_forward.w1.weight", [8, 4]),
         (p + "feed_forward.w2.weight", [4, 8]),
         (p + "feed_forward.w3.weight", [8, 4]), ("norm.weight", [4])]
    return safetensors(t, {"orion.config": json.dumps(cfg)})


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    seeds = {"llama2c-tied.bin": b"\0" + llama2c(4),
             "llama2c-untied.bin": b"\0" + llama2c(-4),
             "hf-gpt2.bin": b"\1" + gpt2(),
             "hf-llama.bin": b"\1" + llama(),
             "orion.bin": b"\2" + orion()}
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
