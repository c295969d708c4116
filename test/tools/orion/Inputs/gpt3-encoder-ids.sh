#!/usr/bin/env bash
# Writes tokenize-corpus.gpt2-ids, the reference tokenize.test compares
# `orion tokenize` with: a provenance header, then the GPT-2 ids the npm
# package gpt-3-encoder 1.1.4 gives each line of tokenize-corpus.txt. Installs
# the package under PREFIX first (install-gpt3-encoder.sh: needs node, npm
# and the npm registry). tokenize-npm.test (ORION_NPM_CHECKS=1) reruns this
# and diffs its output with the committed file.
#
# usage: gpt3-encoder-ids.sh PREFIX > tokenize-corpus.gpt2-ids
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prefix="$1"
bash "$here/install-gpt3-encoder.sh" "$prefix"
cat <<'HEADER'
# GPT-2 token ids of tokenize-corpus.txt: the n-th line below the comments
# holds the ids of the corpus's n-th line. Generated, not hand-written:
#   package  gpt-3-encoder 1.1.4 (npm; integrity sha512-fSQRePV+HUAhCn7+7HL7lNIXNm6eaFWFbNLOOGtmSJ0qJycyQvj60OvRlH7mee8xAMjBDNRdMXlMwjAbMTDjkg==),
#            whose encoder.json and vocab.bpe are test/data's
#   command  test/tools/orion/Inputs/gpt3-encoder-ids.sh PREFIX > test/tools/orion/Inputs/tokenize-corpus.gpt2-ids
#            (npm install into PREFIX, then Inputs/gpt3-encoder.js on each line)
# Checked against the live encoder by tokenize-npm.test (ORION_NPM_CHECKS=1).
HEADER
NODE_PATH="$prefix/node_modules" node "$here/gpt3-encoder.js" < "$here/tokenize-corpus.txt"
