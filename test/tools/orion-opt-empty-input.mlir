// RUN: orion-opt %S/Inputs/empty.mlir 2>&1 | FileCheck %s --implicit-check-not='{{(error|warning|note|remark):}}'
// RUN: orion-opt %S/Inputs/empty.mlir -canonicalize 2>&1 | FileCheck %s --implicit-check-not='{{(error|warning|note|remark):}}'
// RUN: orion-opt %s 2>&1 | FileCheck %s --implicit-check-not='{{(error|warning|note|remark):}}'
// RUN: orion-opt %S/Inputs/empty.mlir -split-input-file 2>&1 | count 0

// An empty file (Inputs/empty.mlir has zero bytes) and a file with only
// comments, like this one, are valid: they parse to an empty module, with
// no diagnostic of any severity (diagnostics go to stderr, hence 2>&1; the
// implicit checks cover the whole output, before the module too).
// With -split-input-file an empty file has no chunks: it succeeds and
// prints nothing at all.
// CHECK: module {
// CHECK-NEXT: }
