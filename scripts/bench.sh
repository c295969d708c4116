#!/usr/bin/env bash
# Runs every bench-* binary and writes one JSON file per binary to
# BUILD/bench-results/, plus a markdown summary table. bench-decode-kernels
# (fp16-weight decode GEMV against a bandwidth it measures itself) needs
# about 0.6 GB of memory.
set -euo pipefail
build=${1:-build}
out="$build/bench-results"
mkdir -p "$out"
shopt -s nullglob
for bin in "$build"/bin/bench-*; do
  name=$(basename "$bin")
  echo "== $name"
  "$bin" --benchmark_out="$out/$name.json" --benchmark_out_format=json
done
python3 "$(dirname "$0")/bench_table.py" "$out"/bench-*.json > "$out/summary.md"
# Whole-model compile times, inference and training pipelines.
echo "== compile_times.py"
python3 "$(dirname "$0")/../bench/compile_times.py" "$build" \
  --json "$out/compile_times.json" | tee "$out/compile_times.md"
# GPT-2 124M forward and text generation against PyTorch (Debian's
# python3-torch lives in the system Python).
if /usr/bin/python3 -c "import torch" 2>/dev/null; then
  echo "== forward_vs_torch.py"
  /usr/bin/python3 "$(dirname "$0")/../bench/forward_vs_torch.py" "$build" \
    | tee "$out/forward_vs_torch.md"
  echo "== train_step_vs_torch.py"
  /usr/bin/python3 "$(dirname "$0")/../bench/train_step_vs_torch.py" "$build" \
    | tee "$out/train_step_vs_torch.md"
  echo "== generate_vs_torch.py"
  /usr/bin/python3 "$(dirname "$0")/../bench/generate_vs_torch.py" "$build" \
    | tee "$out/generate_vs_torch.md"
fi
echo "wrote $out/*.json and $out/summary.md"
