#!/usr/bin/env bash
# Installs every Debian package Orion's build, tests and benchmarks need.
# Idempotent: packages already present are skipped, and apt is not touched
# at all when nothing is missing.
set -euo pipefail

PACKAGES=(
  # Toolchain and build (libclang-rt: libFuzzer and sanitizers)
  clang-22 libclang-rt-22-dev cmake ninja-build make
  # MLIR/LLVM 22 (shared libMLIR.so, mlir-tblgen, FileCheck, lit)
  libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools
  # Tests and benchmarks
  libgtest-dev libbenchmark-dev python3
  # PyTorch reference tests (test/reference), in the system Python
  python3-torch python3-numpy
  # Runtime (no MLIR): JSON manifests; BLAS for the cpu/ane-sim devices;
  # ICU character classes for the GPT-2 tokenizer
  nlohmann-json3-dev libopenblas-dev libicu-dev
  # The ane device's Objective-C++ on Linux: Foundation from GNUstep base
  # and GCC's libobjc, run against the contract stand-in (docs/ane-device.md)
  libgnustep-base-dev
)

# Only the optional live tokenizer check (ORION_NPM_CHECKS=1:
# test/tools/orion/tokenize-npm.test runs the npm package gpt-3-encoder)
# needs node and npm; the default suite reads the encoder's committed ids.
# Images that ship NodeSource's nodejs (which bundles npm and conflicts with
# Debian's npm) keep theirs; elsewhere Debian's packages provide both.
if [ "${ORION_NPM_CHECKS:-0}" = 1 ] &&
   { ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; }; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
