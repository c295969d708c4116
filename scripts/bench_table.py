#!/usr/bin/env python3
"""Turns Google Benchmark JSON files into one markdown table."""
import json
import sys


def main(paths):
    print("| binary | benchmark | real time | cpu time | iterations |")
    print("|---|---|---|---|---|")
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        binary = path.rsplit("/", 1)[-1].removesuffix(".json")
        for b in data.get("benchmarks", []):
            unit = b.get("time_unit", "ns")
            print(f"| {binary} | {b['name']} | {b['real_time']:.3f} {unit} "
                  f"| {b['cpu_time']:.3f} {unit} | {b['iterations']} |")


if __name__ == "__main__":
    main(sys.argv[1:])
