#!/usr/bin/env python3
"""Writes a 1-D .npy of seeded random values for CLI tests.

usage: make_npy.py OUT.npy int32|float32 N LOW HIGH
"""
import random
import struct
import sys

out, dtype, n, low, high = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
    float(sys.argv[4]), float(sys.argv[5])
rng = random.Random(0)
descr, fmt = ("<i4", "i") if dtype == "int32" else ("<f4", "f")
values = [int(rng.uniform(low, high)) if dtype == "int32"
          else rng.uniform(low, high) for _ in range(n)]
header = "{'descr': '%s', 'fortran_order': False, 'shape': (%d,), }" % (descr, n)
header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
with open(out, "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) +
            header.encode() + struct.pack("<%d%s" % (n, fmt), *values))
