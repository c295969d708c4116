#!/usr/bin/env bash
# Checks the ane device's Objective-C++ as Apple's runtime would compile it,
# so the macOS build cannot rot unnoticed on Linux (docs/ane-device.md):
#  1. -fsyntax-only with the Apple (non-fragile) runtime, manual retain/release;
#  2. the same with ARC, which checks ownership and __bridge casts;
#  3. Apple-ABI code generation: calls go through objc_msgSend, and no class
#     of the framework is referenced by name (OBJC_CLASS_$__ANE...), which
#     would not link against a dlopen'ed framework.
# Without Apple's SDK the Foundation declarations are GNUstep's, so this
# does not check Apple's exact SDK headers; a real build needs a Mac.
#
# usage: check-ane-apple-syntax.sh SCRATCH_DIR   (exit 0 = all passed)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: check-ane-apple-syntax.sh SCRATCH_DIR}
cxx=${CXX_FOR_ANE_CHECK:-clang++-22}
ane=$here/runtime/lib/devices/ane
libobjc=$("$cxx" -print-file-name=libobjc.so)
gccinc=$(dirname "$libobjc")/include
gnustep=/usr/include/GNUstep
if [ ! -f "$gccinc/objc/runtime.h" ] || [ ! -f "$gnustep/Foundation/Foundation.h" ]; then
  echo "check-ane-apple-syntax: needs GCC's objc headers and GNUstep base (libgnustep-base-dev)" >&2
  exit 1
fi
mkdir -p "$out/arc/objc"
# GCC's runtime.h is not ARC-clean: its inline object_getClass dereferences
# an id, and three functions return Protocol ** with no ownership.
sed -e 's/return object->class_pointer;/return ((struct objc_object *)(__bridge void *)object)->class_pointer;/' \
    -e 's/Protocol \*\*/Protocol * __unsafe_unretained */g' \
    -e 's,#include "\([a-z-]*\.h\)",#include <objc/\1>,' \
    "$gccinc/objc/runtime.h" > "$out/arc/objc/runtime.h"

sources=(AneDevice.mm AneFramework.mm AneSurface.mm)
common=(-std=c++17 -x objective-c++ -Wall -Wextra -Wno-unused-parameter -Werror
        -fobjc-runtime=macosx-13.0 -D__APPLE__ -fobjc-exceptions -fexceptions
        -DGNUSTEP -DGNUSTEP_BASE_LIBRARY=1 -I"$ane/include-linux" -I"$ane"
        -I"$here/runtime/include" -isystem "$gnustep")
status=0
for src in "${sources[@]}"; do
  if ! "$cxx" "${common[@]}" -idirafter "$gccinc" -fsyntax-only "$ane/$src"; then
    echo "FAIL (Apple runtime, MRC): $src"; status=1
  fi
  if ! "$cxx" "${common[@]}" -fobjc-arc -I"$out/arc" -idirafter "$gccinc" \
        -fsyntax-only "$ane/$src"; then
    echo "FAIL (Apple runtime, ARC): $src"; status=1
  fi
  ll=$out/$(basename "$src" .mm).ll
  if ! "$cxx" "${common[@]}" -fobjc-arc -I"$out/arc" -idirafter "$gccinc" \
        -S -emit-llvm -o "$ll" "$ane/$src"; then
    echo "FAIL (Apple ABI codegen): $src"; status=1
    continue
  fi
  if grep -q 'OBJC_CLASS_\$__ANE' "$ll"; then
    echo "FAIL: $src names a framework class at link time:"
    grep -o 'OBJC_CLASS_\$__ANE[A-Za-z]*' "$ll" | sort -u
    status=1
  fi
  sends=$(grep -c 'objc_msgSend' "$ll" || true)
  echo "$src: Apple runtime MRC and ARC syntax ok; $sends objc_msgSend references, no framework class by name"
done
if grep -q 'objc_msg_lookup' "$out"/*.ll 2>/dev/null; then
  echo "FAIL: GCC-runtime message lookups in Apple-ABI output"; status=1
fi
exit $status
