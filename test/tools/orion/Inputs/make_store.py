#!/usr/bin/env python3
"""Writes a safetensors weight store for the orion CLI tests.

usage: make_store.py OUT.safetensors --seed N [--nan NAME] [--only NAME,...]
Values are uniform in [-1, 1) from Python's seeded RNG, stored as F32.
"""
import argparse
import json
import random
import struct

SHAPES = {
    "layers.0.wq": [64, 64],
    "layers.0.wk": [64, 64],
    "layers.0.wv": [64, 64],
    "layers.0.w1": [128, 64],
    "layers.0.norm": [64],
    "fused.c_attn": [64, 192],
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--nan", default=None, help="put a NaN into this tensor")
    p.add_argument("--only", default=None, help="comma-separated subset")
    a = p.parse_args()
    rng = random.Random(a.seed)
    names = sorted(SHAPES) if a.only is None else a.only.split(",")
    header, blobs, offset = {}, [], 0
    for name in names:
        n = 1
        for d in SHAPES[name]:
            n *= d
        values = [rng.uniform(-1, 1) for _ in range(n)]
        if name == a.nan:
            values[0] = float("nan")
        data = struct.pack("<%df" % n, *values)
        header[name] = {"dtype": "F32", "shape": SHAPES[name],
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(a.out, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


if __name__ == "__main__":
    main()
