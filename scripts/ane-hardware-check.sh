#!/usr/bin/env bash
# The first Mac user's kit (docs/ane-device.md): runs `orion doctor`, greedy
# ids on the ane device against the cpu device for a tiny model, the weight
# reload test (after patching A -> B the outputs must differ from A and equal
# a fresh compile of B: ORION_ANE_VERIFY=1 plus a fresh-process run of B),
# and per-program timings, into one report file to paste into an issue.
#
# usage: scripts/ane-hardware-check.sh [REPORT]   (needs a built tree: make build)
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
orion=$here/build/bin/orion
report=${1:-ane-hardware-report.txt}
work=$(mktemp -d "${TMPDIR:-/tmp}/orion-ane-check-XXXXXX")
py=/usr/bin/python3
[ -x "$py" ] || py=python3
exec > >(tee "$report") 2>&1

section() { printf '\n== %s ==\n' "$1"; }
section "machine"
uname -a
sw_vers 2>/dev/null || true
sysctl -n machdep.cpu.brand_string hw.model 2>/dev/null || true
git -C "$here" log -1 --oneline 2>/dev/null || true

section "orion doctor"
"$orion" doctor
doctor=$?

section "greedy ids: ane against cpu (gpt2-tiny, random weights)"
"$orion" build-model --preset gpt2-tiny --seq 16 -o "$work/m.mlir" --init-weights "$work/a.safetensors" --seed 1 >/dev/null
"$orion" build-model --preset gpt2-tiny --seq 16 -o /dev/null --init-weights "$work/b.safetensors" --seed 2 >/dev/null
for dev in cpu ane; do
  "$orion" generate --preset gpt2-tiny --weights "$work/a.safetensors" --prompt-ids "1 2 3" -n 16 \
    --temperature 0 --device $dev --cache-dir "$work/cache" --ids > "$work/ids-$dev" 2> "$work/gen-$dev.err"
  echo "$dev: $(cat "$work/ids-$dev")"
done
if cmp -s "$work/ids-cpu" "$work/ids-ane"; then echo "greedy ids: identical"; else echo "greedy ids: DIFFER"; fi

section "weight reload: A -> B on one loaded package"
"$orion" compile "$work/m.mlir" -o "$work/pkg" --weights "$work/a.safetensors" >/dev/null
"$py" "$here/test/reference/make_npy.py" "$work/tokens.npy" int32 16 0 512
"$orion" run "$work/pkg" --inputs tokens="$work/tokens.npy" --device ane --outputs "$work/outA" >/dev/null
"$orion" compile "$work/m.mlir" -o "$work/pkgB" --weights "$work/b.safetensors" >/dev/null
"$orion" run "$work/pkgB" --inputs tokens="$work/tokens.npy" --device ane --outputs "$work/freshB" >/dev/null
# Three training steps patch and reload every program in one process;
# ORION_ANE_VERIFY compares each first reload with a fresh compile.
"$py" - "$work/rep.npy" <<'PY'
import sys, struct
ids = [(i * 7) % 500 for i in range(41)]
hdr = "{'descr': '<i4', 'fortran_order': False, 'shape': (41,), }"
hdr += " " * (63 - len(hdr) % 64) + "\n"
open(sys.argv[1], "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(hdr)) + hdr.encode() + struct.pack("<41i", *ids))
PY
ORION_ANE_VERIFY=1 "$orion" train --preset llama-tiny --data "$work/rep.npy" --seq 8 --steps 3 --lr 1e-2 \
  --device ane --cache-dir "$work/tcache" 2>&1 | grep -E "ORION_ANE_VERIFY|trained|error"
"$orion" patch "$work/pkg" --weights "$work/b.safetensors" >/dev/null
"$orion" run "$work/pkg" --inputs tokens="$work/tokens.npy" --device ane --outputs "$work/patchedB" >/dev/null
if cmp -s "$work/outA/logits.npy" "$work/patchedB/logits.npy"; then echo "reload: outputs after A->B EQUAL A (stale weights)"; else echo "reload: outputs changed after A->B"; fi
if cmp -s "$work/freshB/logits.npy" "$work/patchedB/logits.npy"; then echo "reload: equal to a fresh compile of B, bit for bit"; else echo "reload: DIFFER from a fresh compile of B"; fi

section "timings (ms per program call, orion run --profile)"
"$orion" run "$work/pkg" --inputs tokens="$work/tokens.npy" --device ane --profile
echo
echo "report written to $report (doctor exit $doctor); work files in $work"
