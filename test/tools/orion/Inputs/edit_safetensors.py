#!/usr/bin/env python3
"""Edits a safetensors file in place, for tests of what readers trust.

usage: edit_safetensors.py FILE meta KEY FIELD=JSON...
           sets FIELD of the JSON metadata string KEY (e.g. "orion.trainer")
       edit_safetensors.py FILE poison TENSOR VALUE
           sets element 0 of F32 tensor TENSOR (or every element, for
           TENSOR=*) to VALUE (nan, inf, -inf or a number)
       edit_safetensors.py FILE names
           prints the tensor names
"""
import json
import struct
import sys


def load(path):
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    return json.loads(data[8:8 + n]), bytearray(data[8 + n:])


def save(path, header, body):
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + bytes(body))


def main():
    path, what = sys.argv[1], sys.argv[2]
    header, body = load(path)
    if what == "names":
        print("\n".join(sorted(k for k in header if k != "__metadata__")))
        return
    if what == "meta":
        key = sys.argv[3]
        meta = json.loads(header["__metadata__"][key])
        for assignment in sys.argv[4:]:
            field, value = assignment.split("=", 1)
            meta[field] = json.loads(value)
        header["__metadata__"][key] = json.dumps(meta)
    elif what == "poison":
        name, value = sys.argv[3], float(sys.argv[4])
        for tensor in [k for k in header if k != "__metadata__"
                       and (name == "*" or k == name)]:
            entry = header[tensor]
            assert entry["dtype"] == "F32", entry
            begin, end = entry["data_offsets"]
            count = 1 if name != "*" else (end - begin) // 4
            body[begin:begin + 4 * count] = struct.pack("<%df" % count,
                                                        *[value] * count)
    save(path, header, body)


main()
