#!/usr/bin/env bash
# Orion's main job, end to end, on a Stories15M-shaped Llama (6 layers,
# d = 288, the real 32,000-piece Llama 2 tokenizer):
#  1. build the model in the orion dialect, with freshly initialised weights
#                                                      (orion build-model)
#  2. compile it to an ANE package: fuse, decompose, partition into ANE and
#     CPU kernels, lay out surfaces, lower to MIL      (orion compile)
#  3. write weights into the package in place, no recompile (orion patch)
#  4. generate text: prefill + KV-cache decode          (orion generate)
#  5. train it: the loss differentiated by the compiler, AdamW steps patched
#     into the train package, no recompiles             (orion train)
# The weights start random, so step 4's text is gibberish; step 5 fits the
# model to one short story and generates from the checkpoint. What the demo
# shows is the pipeline, the speed, and how the ANE's fp16 numerics (on
# ane-sim) track an fp32 run on the CPU.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$build/bin"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ORION_CACHE_DIR="$work/cache"
tokenizer="$root/test/data/tokenizer.bin"
if [ "$(uname -s)" = Darwin ]; then devices="ane"; else devices="cpu ane-sim"; fi

echo "== 1. orion build-model --preset stories15m --seq 64 --init-weights"
"$bin/orion" build-model --preset stories15m --seq 64 -o "$work/model.mlir" \
  --init-weights "$work/weights.safetensors" --seed 1
echo "   $(grep -c ' = orion\.' "$work/model.mlir") orion ops; weights are RANDOM (N(0, 0.02)), not trained"

echo
echo "== 2. orion compile (orion-ane-inference-pipeline)"
"$bin/orion" compile "$work/model.mlir" -o "$work/pkg" 2>&1 | grep -v 'remark\|SRAM budget'
echo "-- the first lines of program layer0's MIL text (what Apple's ANE compiler takes):"
head -6 "$work/pkg/programs/layer0/model.mil" | cut -c1-150
echo "   ... $(grep -c ';$' "$work/pkg/programs/layer0/model.mil") statements"

echo
echo "== 3. orion patch: the weights, written in place (MIL text unchanged)"
sha=$(sha256sum "$work/pkg/programs/layer0/model.mil" | cut -d' ' -f1)
"$bin/orion" patch "$work/pkg" --weights "$work/weights.safetensors"
[ "$sha" = "$(sha256sum "$work/pkg/programs/layer0/model.mil" | cut -d' ' -f1)" ] && echo "   model.mil byte-identical after the patch"

echo
echo "== 4. orion generate (prefill bucket + KV-cache decode; random weights, so gibberish)"
for device in $devices; do
  echo "-- on $device:"
  "$bin/orion" generate --preset stories15m --weights "$work/weights.safetensors" \
    --tokenizer "$tokenizer" --prompt "Once upon a time" -n 40 \
    --temperature 0.8 --top-p 0.95 --seed 7 --device "$device" 2>"$work/stderr" \
    || { cat "$work/stderr"; exit 1; }
  grep -v 'SRAM budget' "$work/stderr" | sed 's/^/   /'
done

if [ "$devices" = "cpu ane-sim" ]; then
  echo
  echo "-- greedy ids, ane-sim (fp16 everywhere) against cpu (fp32 compute, fp16 weights):"
  for device in cpu ane-sim; do
    "$bin/orion" generate --preset stories15m --weights "$work/weights.safetensors" \
      --prompt-ids "1 9038 2501 263 931" -n 32 --temperature 0 --ids \
      --device "$device" > "$work/ids-$device" 2>/dev/null
  done
  python3 - "$work/ids-cpu" "$work/ids-ane-sim" <<'PY'
import sys
a, b = (open(p).read().split() for p in sys.argv[1:3])
same = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
print(f"   the first {same} of {len(a)} greedy tokens agree")
PY
fi

echo
echo "== 5. orion train: fit the model to one short story (the compiler's gradients, AdamW)"
story="Once upon a time there was a little girl named Lily. She loved to play in the park with her red ball. One day the ball rolled into the pond. Lily was sad, but a kind duck pushed the ball back to her. Lily smiled and said thank you to the duck."
for _ in 1 2 3 4 5 6 7 8; do echo "$story"; done > "$work/story.txt"
train_device=cpu; [ "$devices" = ane ] && train_device=ane
"$bin/orion" train --preset stories15m --weights "$work/weights.safetensors" \
  --data "$work/story.txt" --tokenizer "$tokenizer" --seq 32 --steps 60 \
  --lr 2e-3 --warmup 5 --clip 1 --device "$train_device" --save "$work/ckpt" 2>"$work/stderr" \
  | grep -E 'step (1|20|40|60)/|trained|saved .*step-00000060' | sed 's/^/   /' \
  || { cat "$work/stderr"; exit 1; }
echo "-- greedy text from the checkpoint (the story, partly memorized after 60 steps):"
"$bin/orion" generate --model "$work/ckpt/step-00000060/model.safetensors" \
  --tokenizer "$tokenizer" --prompt "Once upon a time there was" -n 40 \
  --temperature 0 --device "$train_device" 2>/dev/null | sed 's/^/   /'
