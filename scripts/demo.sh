#!/usr/bin/env bash
# Orion's main job, as far as it exists today: take a model graph in the orion
# dialect, verify it and canonicalize it with orion-opt, and show the result.
# Later stages (lowering to MIL, packaging, running, training) extend this.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
model="$root/examples/gpt2-block.mlir"
opt="$build/bin/orion-opt"

echo "== Input: $model"
echo "   $(grep -c 'orion\.' "$model") orion ops, $(grep -c 'orion.param' "$model") named parameters"
echo
echo "== orion-opt --canonicalize"
out=$("$opt" "$model" --canonicalize)
echo "$out"
echo
echo "== Summary"
echo "   ops before canonicalize: $("$opt" "$model" | grep -c ' = orion\.')"
echo "   ops after canonicalize:  $(echo "$out" | grep -c ' = orion\.')"
