// RUN: orion-opt %S/Inputs/empty.mlir | FileCheck %s
// RUN: orion-opt %S/Inputs/empty.mlir -canonicalize | FileCheck %s
// RUN: orion-opt %s | FileCheck %s
// RUN: orion-opt %S/Inputs/empty.mlir -split-input-file -o %t

// An empty file (Inputs/empty.mlir has zero bytes) and a file with only
// comments, like this one, are valid: they parse to an empty module.
// (With -split-input-file an empty file has no chunks and prints nothing,
// but it still succeeds.)
// CHECK: module {
// CHECK-NEXT: }
// CHECK-NOT: error
