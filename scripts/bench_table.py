#!/usr/bin/env python3
"""Turns Google Benchmark JSON files into one markdown table."""
import json
import sys

# Keys Google Benchmark writes for every run; anything else is a counter.
STANDARD = {
    "name", "family_index", "per_family_instance_index", "run_name",
    "run_type", "repetitions", "repetition_index", "threads", "iterations",
    "real_time", "cpu_time", "time_unit", "aggregate_name", "aggregate_unit",
    "label", "error_occurred", "error_message",
}


def fmt_number(x):
    if isinstance(x, float) and not x.is_integer():
        return f"{x:.4g}"
    return f"{x:.0f}" if isinstance(x, float) else str(x)


def extras(b):
    """Throughput (decimal GB/s, as docs/benchmarks.md quotes it) and the
    user counters, e.g. `ratio`."""
    parts = []
    if "bytes_per_second" in b:
        rate = b["bytes_per_second"]
        parts.append(f"{rate / 1e9:.2f} GB/s" if rate >= 1e9
                     else f"{rate / 1e6:.1f} MB/s")
    if "items_per_second" in b:
        parts.append(f"{b['items_per_second']:.4g} items/s")
    for key, value in b.items():
        if key in STANDARD or key in ("bytes_per_second", "items_per_second"):
            continue
        parts.append(f"{key}={fmt_number(value)}")
    if b.get("error_occurred"):
        parts.append(f"ERROR: {b.get('error_message', '')}")
    return ", ".join(parts)


def main(paths):
    print("| binary | benchmark | real time | cpu time | iterations "
          "| throughput, counters |")
    print("|---|---|---|---|---|---|")
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        binary = path.rsplit("/", 1)[-1].removesuffix(".json")
        for b in data.get("benchmarks", []):
            unit = b.get("time_unit", "ns")
            print(f"| {binary} | {b['name']} | {b['real_time']:.3f} {unit} "
                  f"| {b['cpu_time']:.3f} {unit} | {b['iterations']} "
                  f"| {extras(b)} |")


if __name__ == "__main__":
    main(sys.argv[1:])
