#!/usr/bin/env python3
"""Writes the seed corpus of orion-tokenizer-fuzzer (tiny valid tokenizers).

usage: make_tokenizer_seeds.py OUT_DIR

Byte 0 picks the format as TokenizerFuzzer.cpp reads it: 0 a llama2.c
tokenizer.bin (3 specials, 256 byte pieces, " " and a few merges), 1 a GPT-2
encoder.json (the 256 byte tokens and a few merges), NUL, vocab.bpe.
"""
import json
import os
import struct
import sys


def llama():
    pieces = [("<unk>", 0.0), ("\n<s>\n", 0.0), ("\n</s>\n", 0.0)]
    pieces += [("<0x%02X>" % b, 0.0) for b in range(256)]
    pieces += [(" ", -1.0), ("e", -2.0), ("l", -3.0), ("ll", -4.0),
               (" H", -5.0), ("He", -6.0), ("llo", -7.0), ("Hello", -8.0)]
    out = struct.pack("<i", max(len(p.encode()) for p, _ in pieces))
    for text, score in pieces:
        b = text.encode()
        out += struct.pack("<fi", score, len(b)) + b
    return out


def byte_alphabet():
    """GPT-2's printable stand-in for each byte."""
    bs = list(range(ord("!"), ord("~") + 1)) + \
        list(range(ord("\xa1"), ord("\xac") + 1)) + list(range(ord("\xae"), ord("\xff") + 1))
    cs, n = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


def gpt2():
    alpha = byte_alphabet()
    vocab = {alpha[b]: b for b in range(256)}
    merges = [("H", "e"), ("l", "l"), ("He", "ll"), ("Hell", "o"),
              (alpha[ord(" ")], "w")]
    for a, b in merges:
        vocab[a + b] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    bpe = "#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges)
    return json.dumps(vocab).encode() + b"\0" + bpe.encode()


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "llama-tiny"), "wb") as f:
        f.write(b"\0" + llama())
    with open(os.path.join(out, "gpt2-tiny"), "wb") as f:
        f.write(b"\1" + gpt2())


if __name__ == "__main__":
    main()
