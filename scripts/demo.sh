#!/usr/bin/env bash
# Orion's main job, as far as it exists today:
#  1. a GPT-2 block in the orion dialect, verified, fused and decomposed into
#     the primitives the ANE supports (orion-opt);
#  2. hand-written mil kernels compiled into an ANE package (orion compile),
#     weights filled in place from a safetensors store without recompiling
#     (orion patch), and the package run on the cpu and ane-sim devices
#     (orion run).
# Partitioning and the orion -> mil conversion will connect 1 and 2.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$build/bin"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

model="$root/examples/gpt2-block.mlir"
echo "== 1. $model: $(grep -c 'orion\.param' "$model") parameters, $("$bin/orion-opt" "$model" | grep -c ' = orion\.') orion ops"
"$bin/orion-opt" "$model" --orion-fuse-projections --orion-decompose --orion-fuse-cleanup > "$work/decomposed.mlir"
echo "   after orion-fuse-projections, orion-decompose, orion-fuse-cleanup: $(grep -c ' = orion\.' "$work/decomposed.mlir") primitive ops:"
grep -o 'orion\.[a-z_]*' "$work/decomposed.mlir" | sort | uniq -c | sort -rn | awk '{printf "     %5d %s\n", $1, $2}'

echo
echo "== 2. $root/examples/kernels.mlir -> ANE package"
"$bin/orion" compile "$root/examples/kernels.mlir" -o "$work/pkg"
echo
echo "-- MIL text of program 'attn' (what Apple's ANE compiler takes):"
cat "$work/pkg/programs/attn/model.mil"
echo
echo "-- weights from a store, patched in place (MIL text unchanged):"
python3 "$root/test/tools/orion/Inputs/make_store.py" "$work/weights.safetensors" --seed 7
sha_before=$(sha256sum "$work/pkg/programs/attn/model.mil" | cut -d' ' -f1)
"$bin/orion" patch "$work/pkg" --weights "$work/weights.safetensors"
[ "$sha_before" = "$(sha256sum "$work/pkg/programs/attn/model.mil" | cut -d' ' -f1)" ] && echo "   model.mil byte-identical after the patch"
"$bin/orion" blob inspect "$work/pkg/programs/attn/weights/weight.bin"
echo
python3 - "$work/x.npy" <<'PY'
import random, struct, sys
n = 64 * 32
hdr = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 64, 1, 32), }"
hdr += " " * ((64 - (10 + len(hdr) + 1) % 64) % 64) + "\n"
rng = random.Random(3)
with open(sys.argv[1], "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(hdr)) + hdr.encode())
    f.write(struct.pack("<%df" % n, *[rng.uniform(-1, 1) for _ in range(n)]))
PY
for device in cpu ane-sim; do
  echo "-- orion run --program attn --device $device"
  "$bin/orion" run "$work/pkg" --program attn --inputs "x=$work/x.npy" --device "$device" --profile
done
