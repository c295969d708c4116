"""Minimal safetensors writer and .npy helpers (no third-party packages)."""
import json
import struct

import numpy as np


def write_safetensors(path, tensors):
    """tensors: dict name -> float32 numpy array (C order)."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        data = np.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def read_safetensors(path):
    """name -> float32 numpy array, for F32 files like write_safetensors's."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            raise ValueError(f"{name}: only F32 is read here, got {entry['dtype']}")
        begin, end = entry["data_offsets"]
        out[name] = np.frombuffer(blob, "<f4", (end - begin) // 4,
                                  8 + n + begin).reshape(entry["shape"])
    return out


def read_safetensors_metadata(path):
    """The header's "__metadata__" (string -> string), {} if absent."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
    return header.get("__metadata__", {})
