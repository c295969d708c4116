#!/usr/bin/env python3
"""Writes a 1-D int32 .npy of N tokens repeating the ids 1..PERIOD.

usage: repeat_npy.py OUT.npy N PERIOD [OFFSET]

The ids start at OFFSET + 1 (default 0), so OFFSET >= vocab makes data the
trainer must reject.
"""
import struct
import sys

out, n, period = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
offset = int(sys.argv[4]) if len(sys.argv) > 4 else 0
values = [offset + 1 + i % period for i in range(n)]
header = "{'descr': '<i4', 'fortran_order': False, 'shape': (%d,), }" % n
header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
with open(out, "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) +
            header.encode() + struct.pack("<%di" % n, *values))
