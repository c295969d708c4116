#!/usr/bin/env bash
# Installs the npm package gpt-3-encoder 1.1.4 under PREFIX (once: skipped
# when already there) for gpt3-encoder-ids.sh and tokenize-npm.test. Fails
# with a clear message when node or npm is missing.
set -euo pipefail
prefix="$1"
for tool in node npm; do
  if ! command -v "$tool" > /dev/null; then
    echo "error: the reference GPT-2 encoder, the npm package gpt-3-encoder," \
         "needs '$tool' (Node.js and npm)" >&2
    exit 1
  fi
done
if [ -f "$prefix/node_modules/gpt-3-encoder/package.json" ] &&
   grep -q '"version": "1.1.4"' "$prefix/node_modules/gpt-3-encoder/package.json"; then
  exit 0
fi
mkdir -p "$prefix"
# A lock directory keeps parallel lit runs from installing at once.
lock="$prefix/.install-lock"
locked=0
for _ in $(seq 300); do
  if mkdir "$lock" 2> /dev/null; then locked=1; break; fi
  sleep 1
done
if [ "$locked" = 0 ]; then
  echo "error: $lock held for 5 minutes; remove it if no install is running" >&2
  exit 1
fi
trap 'rmdir "$lock"' EXIT
if [ ! -f "$prefix/node_modules/gpt-3-encoder/package.json" ]; then
  npm install --loglevel=error --no-audit --no-fund --cache "$prefix/.npm-cache" --prefix "$prefix" gpt-3-encoder@1.1.4 >&2 ||
    { echo "error: 'npm install gpt-3-encoder@1.1.4' failed" >&2; exit 1; }
fi
