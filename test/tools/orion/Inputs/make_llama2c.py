#!/usr/bin/env python3
"""Writes a llama2.c (version 0) checkpoint with seeded random weights.

usage: make_llama2c.py OUT.bin DIM HIDDEN LAYERS HEADS KV_HEADS VOCAB SEQ

A negative VOCAB writes a separate classifier, as llama2.c does.
"""
import random
import struct
import sys

out = sys.argv[1]
dim, hidden, layers, heads, kv, vocab, seq = map(int, sys.argv[2:9])
v, kv_dim, head = abs(vocab), kv * (dim // heads), dim // heads
floats = (v * dim + layers * (2 * dim + 2 * dim * dim + 2 * kv_dim * dim +
                              3 * hidden * dim) + dim + seq * head +
          (v * dim if vocab < 0 else 0))
rng = random.Random(0)
with open(out, "wb") as f:
    f.write(struct.pack("<7i", dim, hidden, layers, heads, kv, vocab, seq))
    f.write(struct.pack("<%df" % floats,
                        *(rng.uniform(-0.1, 0.1) for _ in range(floats))))
