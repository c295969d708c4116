#!/usr/bin/env bash
# Orion's main job, end to end on a small GPT-2 (2 layers, d = 64):
#  1. build the model in the orion dialect            (orion build-model)
#  2. compile it to an ANE package: fuse, decompose, partition into ANE and
#     CPU kernels, lay out surfaces, lower to MIL      (orion compile)
#  3. write weights into the package in place, no recompile (orion patch)
#  4. run the host plan on the cpu and ane-sim devices (orion run)
# The weights are random (importers and text generation come next), so the
# logits are meaningless; what the demo shows is the pipeline and how close
# the ANE's fp16 numerics (on ane-sim) stay to an fp32 build on the CPU.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$build/bin"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== 1. orion build-model --preset gpt2-tiny --seq 16"
"$bin/orion" build-model --preset gpt2-tiny --seq 16 -o "$work/model.mlir"
echo "   $(grep -c ' = orion\.' "$work/model.mlir") orion ops, $(grep -c 'orion\.param' "$work/model.mlir") parameters"

echo
echo "== 2. orion compile (orion-ane-inference-pipeline)"
"$bin/orion" compile "$work/model.mlir" -o "$work/pkg" 2>&1
echo
echo "-- the first lines of program layer0's MIL text (what Apple's ANE compiler takes):"
head -8 "$work/pkg/programs/layer0/model.mil" | cut -c1-160
echo "   ... $(grep -c ';$' "$work/pkg/programs/layer0/model.mil") statements"

echo
echo "== 3. orion patch: random weights, written in place (MIL text unchanged)"
python3 - "$work/model.mlir" "$work/weights.safetensors" <<'PY'
import json, random, re, struct, sys
shapes = dict((n, [int(d) for d in s.split("x")]) for n, s in
              re.findall(r'orion\.param "([^"]+)" : tensor<([0-9x]+)xf32>', open(sys.argv[1]).read()))
rng = random.Random(0)
header, blobs, off = {}, [], 0
for name in sorted(shapes):
    n = 1
    for d in shapes[name]:
        n *= d
    scale = 1.0 / shapes[name][-1] ** 0.5
    vals = [1.0 + 0.1 * rng.gauss(0, 1) if "ln" in name and name.endswith("weight") else scale * rng.gauss(0, 1) for _ in range(n)]
    data = struct.pack("<%df" % n, *vals)
    header[name] = {"dtype": "F32", "shape": shapes[name], "data_offsets": [off, off + len(data)]}
    blobs.append(data); off += len(data)
text = json.dumps(header).encode(); text += b" " * ((8 - len(text) % 8) % 8)
open(sys.argv[2], "wb").write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
PY
sha=$(sha256sum "$work/pkg/programs/layer0/model.mil" | cut -d' ' -f1)
"$bin/orion" patch "$work/pkg" --weights "$work/weights.safetensors"
[ "$sha" = "$(sha256sum "$work/pkg/programs/layer0/model.mil" | cut -d' ' -f1)" ] && echo "   model.mil byte-identical after the patch"

echo
echo "== 4. orion run on random tokens"
python3 "$root/test/reference/make_npy.py" "$work/tokens.npy" int32 16 0 512
echo "-- the package on ane-sim (the ANE's fp16 arithmetic and rules)"
"$bin/orion" run "$work/pkg" --inputs "tokens=$work/tokens.npy" --device ane-sim \
  --outputs "$work/out-ane-sim" --profile
echo "-- an fp32 build of the same model on the cpu device"
"$bin/orion" compile "$work/model.mlir" -o "$work/pkg32" --weights "$work/weights.safetensors" \
  --compute-type fp32 --surface-type fp32 > /dev/null 2>&1
"$bin/orion" run "$work/pkg32" --inputs "tokens=$work/tokens.npy" --device cpu \
  --outputs "$work/out-cpu"
python3 - "$work/out-cpu/logits.npy" "$work/out-ane-sim/logits.npy" <<'PY'
import struct, sys
def load(path):
    b = open(path, "rb").read()
    n = struct.unpack("<H", b[8:10])[0]
    data = b[10 + n:]
    return struct.unpack("<%df" % (len(data) // 4), data)
a, b = load(sys.argv[1]), load(sys.argv[2])
err = max(abs(x - y) for x, y in zip(a, b)) / max(abs(x) for x in a)
print(f"ane-sim (fp16) vs cpu (fp32): max relative difference of the logits {err:.2e}")
PY
