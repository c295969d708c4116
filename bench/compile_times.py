#!/usr/bin/env python3
"""`orion compile` wall time of whole models, inference and training pipelines.

usage: compile_times.py BUILD_DIR [--seq 256] [--runs 3] [--json FILE]

For each model (gpt2-124m, stories110m) and pipeline, builds the IR with
`orion build-model --step forward|train`, then times `orion compile` of it
(weights excluded: the blobs are zero-filled file holes, as `orion patch`
fills them later) `--runs` times and keeps the median. Prints a markdown
table with the package's program count, ANE/CPU split, MIL statements and
the goal of issue 4 (inference under 1 s, training under 2 s for
Stories110M); writes the rows as JSON when asked.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

GOALS = {("stories110m", "inference"): 1.0, ("stories110m", "training"): 2.0}


def run(cmd):
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"command failed ({result.returncode}): {' '.join(cmd)}\n"
                 f"{result.stdout}{result.stderr}")
    return result


def measure(orion, preset, pipeline, seq, runs, work):
    model = os.path.join(work, f"{preset}-{pipeline}.mlir")
    step = "train" if pipeline == "training" else "forward"
    run([orion, "build-model", "--preset", preset, "--seq", str(seq),
         "--step", step, "-o", model])
    pkg = os.path.join(work, f"{preset}-{pipeline}.pkg")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = run([orion, "compile", model, "-o", pkg, "--pipeline",
                      pipeline])
        times.append(time.perf_counter() - start)
    total = re.search(r"^total\s+(\d+)", result.stdout, re.M)
    remark = re.search(r"into (\d+) kernels \((\d+) ANE, (\d+) CPU\)",
                       result.stderr)
    with open(os.path.join(pkg, "manifest.json")) as f:
        manifest = json.load(f)
    return {
        "model": preset, "pipeline": pipeline, "seq": seq,
        "seconds": statistics.median(times), "runs": runs,
        "programs": len(manifest["programs"]),
        "ane_kernels": int(remark.group(2)) if remark else None,
        "cpu_kernels": int(remark.group(3)) if remark else None,
        "mil_statements": int(total.group(1)) if total else None,
        "goal_seconds": GOALS.get((preset, pipeline)),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json")
    a = ap.parse_args()
    orion = os.path.join(a.build, "bin", "orion")
    rows = []
    with tempfile.TemporaryDirectory(prefix="orion-compile-") as work:
        for preset in ("gpt2-124m", "stories110m"):
            for pipeline in ("inference", "training"):
                rows.append(measure(orion, preset, pipeline, a.seq, a.runs,
                                    work))
    print(f"`orion compile`, sequence {a.seq}, weights excluded, median of "
          f"{a.runs} runs\n")
    print("| model | pipeline | programs (ANE + CPU) | MIL statements | "
          "compile | goal |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        goal = r["goal_seconds"]
        verdict = "" if goal is None else (
            f"< {goal:g} s: {'met' if r['seconds'] < goal else 'MISSED'}")
        print(f"| {r['model']} | {r['pipeline']} | {r['programs']} "
              f"({r['ane_kernels']} + {r['cpu_kernels']}) | "
              f"{r['mil_statements']:,} | {r['seconds']:.2f} s | {verdict} |")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
