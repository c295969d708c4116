#!/usr/bin/env python3
"""Checks that training reduced the loss, from `orion train --log X.csv`.

usage: loss_drop.py LOG.csv RATIO

Prints the first and last loss and exits non-zero unless last < RATIO *
first and every skipped step was a loss-scale overflow: the scale of the
step after it is half its own (fp16's dynamic loss scaling backing off).
"""
import csv
import sys

rows = list(csv.DictReader(open(sys.argv[1])))
first, last = float(rows[0]["loss"]), float(rows[-1]["loss"])
ratio = float(sys.argv[2])
skipped = [i for i, r in enumerate(rows) if int(r["skipped"])]
backoffs = all(
    float(r.get("loss_scale", 0)) > 0 and
    (i + 1 == len(rows) or
     float(rows[i + 1]["loss_scale"]) == float(r["loss_scale"]) / 2)
    for i, r in ((i, rows[i]) for i in skipped))
ok = last < ratio * first and backoffs
print(f"{len(rows)} steps: loss {first:.4f} -> {last:.4f} "
      f"({'<' if last < ratio * first else '>='} {ratio} x first), "
      f"{len(skipped)} skipped"
      f"{' (loss-scale backoffs)' if skipped and backoffs else ''}: "
      f"{'ok' if ok else 'FAILED'}")
sys.exit(0 if ok else 1)
