#!/usr/bin/env python3
"""Writes the seed corpus of orion-npy-fuzzer (tiny valid .npy files).

usage: make_npy_seeds.py OUT_DIR

One file per dtype parseNpy reads (<f4 <f2 <f8 <i4 <i8), a scalar, an empty
array, a 3-D array and a format 2.0 header, all written by numpy itself.
"""
import os
import sys

import numpy as np
from numpy.lib import format as npformat


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    seeds = {
        "f4-2d.npy": np.arange(6, dtype="<f4").reshape(2, 3) / 4,
        "f2-1d.npy": np.array([0.5, -2.0, np.inf], dtype="<f2"),
        "f8-scalar.npy": np.array(3.25, dtype="<f8"),
        "i4-1d.npy": np.array([1, -7, 2**31 - 1], dtype="<i4"),
        "i8-2d.npy": np.array([[5, -6]], dtype="<i8"),
        "f4-empty.npy": np.zeros((0, 3), dtype="<f4"),
        "i4-3d.npy": np.arange(8, dtype="<i4").reshape(2, 2, 2),
    }
    for name, array in seeds.items():
        np.save(os.path.join(out, name), array)
    with open(os.path.join(out, "f4-v2.npy"), "wb") as f:
        array = np.array([[1.5, 2.5]], dtype="<f4")
        npformat.write_array(f, array, version=(2, 0))


if __name__ == "__main__":
    main()
