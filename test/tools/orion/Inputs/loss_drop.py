#!/usr/bin/env python3
"""Checks that training reduced the loss, from `orion train --log X.csv`.

usage: loss_drop.py LOG.csv RATIO

Prints the first and last loss and exits non-zero unless
last < RATIO * first and no step was skipped.
"""
import csv
import sys

rows = list(csv.DictReader(open(sys.argv[1])))
first, last = float(rows[0]["loss"]), float(rows[-1]["loss"])
skipped = sum(int(r["skipped"]) for r in rows)
ratio = float(sys.argv[2])
ok = last < ratio * first and skipped == 0
print(f"{len(rows)} steps: loss {first:.4f} -> {last:.4f} "
      f"({'<' if last < ratio * first else '>='} {ratio} x first), "
      f"{skipped} skipped: {'ok' if ok else 'FAILED'}")
sys.exit(0 if ok else 1)
