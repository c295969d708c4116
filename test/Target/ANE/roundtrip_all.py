#!/usr/bin/env python3
"""emit(import(text)) == text for every MIL program the emitter produces.

Usage: roundtrip_all.py ORION_SRC_ROOT ORION_OPT ORION_TRANSLATE

For every .mlir file under test/Dialect/MIL/ and test/Target/ANE/ (split on
`// -----` lines, as -split-input-file does), every chunk that is valid mil
IR is named and packed (`orion-opt --mil-assign-names --mil-assign-blobs`)
and printed as MIL text in both spellings:

  A   = emit_compact(IR)             B   = emit_compact(import(A))
  A_v = emit_verbose(IR)             B_v = emit_verbose(import(A_v))
                                     C   = emit_compact(import(A_v))

and A == B, A_v == B_v and C == A must hold byte for byte. Importing text the
emitter printed must never fail.

Skipped (counted, not checked):
  - files whose RUN lines expect failure (`not orion-...`), that contain
    `roundtrip-all: skip`, or that are `XFAIL:` (known bugs, each pinned by
    its own test; they join this check once fixed);
  - chunks that contain `expected-` diagnostics (they are invalid on purpose);
  - chunks that do not parse or fail the two passes;
  - chunks without mil ops;
  - chunks the emitter declines (e.g. a function returning an argument
    directly): the property is about text we emit.

Prints `roundtrip-all: checked N programs` (plus skip counts) and exits 1 with
a unified diff of the first mismatch, or the failing command's stderr.
"""

import difflib
import os
import re
import subprocess
import sys

SPLIT_RE = re.compile(r"^\s*// -----\s*$", re.MULTILINE)
# A mil op in orion-opt's output: `%0 = mil.add(...`, `%1:2 = mil.split(...`.
MIL_OP_RE = re.compile(r"^\s*(%[^=]+=\s*)?\"?mil\.[a-z_]+\b", re.MULTILINE)
DIRS = ["test/Dialect/MIL", "test/Target/ANE"]


def run(cmd, text):
    p = subprocess.run(cmd, input=text.encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


class Mismatch(Exception):
    pass


def diff(expected, actual, what_expected, what_actual):
    return "".join(difflib.unified_diff(
        expected.splitlines(keepends=True), actual.splitlines(keepends=True),
        what_expected, what_actual))


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    root, opt, translate = sys.argv[1:]
    emit = {
        "compact": [translate, "--mlir-to-mil", "--mil-spelling=compact"],
        "verbose": [translate, "--mlir-to-mil", "--mil-spelling=verbose"],
    }
    imp = [translate, "--mil-to-mlir"]

    files = []
    for d in DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, d)):
            dirnames.sort()
            files += [os.path.join(dirpath, f) for f in sorted(filenames)
                      if f.endswith(".mlir")]
    if not files:
        print("roundtrip-all: no .mlir files found under", root)
        return 1

    checked = 0
    skipped = {"file": 0, "expected-diag": 0, "invalid": 0, "no-mil": 0,
               "not-emittable": 0}
    for path in files:
        rel = os.path.relpath(path, root)
        with open(path, encoding="utf-8") as f:
            source = f.read()
        run_lines = [l for l in source.splitlines() if "RUN:" in l]
        if ("roundtrip-all: skip" in source or
                re.search(r"^\s*// XFAIL:", source, re.MULTILINE) or
                any(re.search(r"RUN:.*\bnot\s+orion-", l)
                    for l in run_lines)):
            skipped["file"] += 1
            continue
        for index, chunk in enumerate(SPLIT_RE.split(source)):
            where = "%s (chunk %d)" % (rel, index)
            if "expected-" in chunk:
                skipped["expected-diag"] += 1
                continue
            rc, ir, _ = run([opt, "--mil-assign-names", "--mil-assign-blobs",
                             "-"], chunk)
            if rc != 0:
                skipped["invalid"] += 1
                continue
            if not MIL_OP_RE.search(ir):
                skipped["no-mil"] += 1
                continue
            try:
                texts = {}
                for spelling, cmd in emit.items():
                    rc, text, err = run(cmd, ir)
                    if rc != 0:
                        raise LookupError(err)
                    texts[spelling] = text
            except LookupError:
                skipped["not-emittable"] += 1
                continue

            def reemit(text, from_spelling, to_spelling):
                rc, mlir, err = run(imp, text)
                if rc != 0:
                    raise Mismatch("%s: importing the %s MIL the emitter "
                                   "printed failed:\n%s\n--- MIL ---\n%s"
                                   % (where, from_spelling, err, text))
                rc, out, err = run(emit[to_spelling], mlir)
                if rc != 0:
                    raise Mismatch("%s: re-emitting imported %s MIL as %s "
                                   "failed:\n%s\n--- MLIR ---\n%s"
                                   % (where, from_spelling, to_spelling, err,
                                      mlir))
                return out

            a, av = texts["compact"], texts["verbose"]
            for name, expected, actual in [
                    ("compact", a, reemit(a, "compact", "compact")),
                    ("verbose", av, reemit(av, "verbose", "verbose")),
                    ("verbose->compact", a, reemit(av, "verbose", "compact"))]:
                if expected != actual:
                    raise Mismatch("%s: %s round trip differs:\n%s" % (
                        where, name,
                        diff(expected, actual, "emitted", "re-emitted")))
            checked += 1

    print("roundtrip-all: checked %d programs" % checked)
    print("roundtrip-all: skipped " + ", ".join(
        "%s=%d" % kv for kv in sorted(skipped.items())))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Mismatch as e:
        print("roundtrip-all: MISMATCH", file=sys.stderr)
        print(e, file=sys.stderr)
        sys.exit(1)
