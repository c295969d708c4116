"""Checks `orion tokenize` against reference ids, one corpus line at a time.

usage: compare-tokenize.py ORION TOKENIZER CORPUS REFERENCE

Line i of REFERENCE holds the ids of line i of CORPUS (without its newline);
lines starting with `#` (a provenance header) are skipped.
Each line is also decoded back with `orion detokenize`, which must give the
line's bytes. Prints every mismatch and exits 1 if there is one.
"""
import subprocess
import sys


def main():
    orion, tokenizer, corpus_path, reference_path = sys.argv[1:5]
    with open(corpus_path, "rb") as f:
        corpus = f.read().split(b"\n")
    if corpus and corpus[-1] == b"":
        corpus.pop()
    with open(reference_path, "rb") as f:
        reference = [line for line in f.read().decode("ascii").split("\n")
                     if not line.startswith("#")]
    if reference and reference[-1] == "":
        reference.pop()
    if len(corpus) != len(reference):
        print(f"error: {len(corpus)} corpus lines but {len(reference)} "
              f"reference lines")
        return 1
    failures = 0
    for number, (line, expected) in enumerate(zip(corpus, reference), 1):
        got = subprocess.run(
            [orion, "tokenize", "--tokenizer", tokenizer], input=line,
            capture_output=True, check=True).stdout.decode("ascii").strip()
        if got != expected.strip():
            failures += 1
            print(f"line {number}: {line!r}\n  expected: {expected}\n"
                  f"  got:      {got}")
        text = subprocess.run(
            [orion, "detokenize", "--tokenizer", tokenizer],
            input=got.encode("ascii"), capture_output=True,
            check=True).stdout
        if text != line:
            failures += 1
            print(f"line {number}: {line!r} decodes back to {text!r}")
    print(f"{len(corpus)} lines, {failures} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
