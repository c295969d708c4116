// RUN: orion-opt %s -split-input-file -orion-assign-layout | FileCheck %s
// RUN: orion-opt %s -split-input-file -orion-assign-layout -orion-assign-layout | FileCheck %s
// RUN: orion-opt %s -split-input-file -orion-assign-layout=pack-inputs | FileCheck %s --check-prefix=PACK

// An ANE kernel with two inputs and two outputs of different widths:
// fp16 [1, C, 1, S] surfaces, uniform sizes per side (inputs 512 x 64 x 2 bytes,
// outputs at the 49,152-byte minimum), alphabetical binding names, and the
// layout shuffles inside. The CPU kernel keeps its types; the host brackets
// the ANE call with to_surface / from_surface. The second RUN line checks
// that the pass is idempotent.

// CHECK-LABEL: func.func private @embed(%{{.+}}: tensor<64xi32>) -> tensor<64x128xf32> attributes {orion.device = "cpu"}
func.func private @embed(%t: tensor<64xi32>) -> tensor<64x128xf32> attributes {orion.device = "cpu"} {
  %e = orion.param "emb" : tensor<100x128xf32>
  %x = orion.embedding %e[%t] : tensor<100x128xf32>, tensor<64xi32>
  return %x : tensor<64x128xf32>
}

// CHECK-LABEL: func.func private @layer0
// CHECK-SAME: (%[[A:.+]]: tensor<1x128x1x64xf16> {mil.name = "x", orion.surface = #orion.surface<bytes = 65536>},
// CHECK-SAME: %[[B:.+]]: tensor<1x512x1x64xf16> {mil.name = "x_1", orion.surface = #orion.surface<bytes = 65536>})
// CHECK-SAME: -> (tensor<1x128x1x64xf16> {mil.name = "out_0", orion.surface = #orion.surface<bytes = 49152>},
// CHECK-SAME: tensor<1x64x1x64xf16> {mil.name = "out_1", orion.surface = #orion.surface<bytes = 49152>})
// CHECK-SAME: attributes {orion.device = "ane"}
// CHECK-NEXT: %[[AR:.+]] = orion.reshape %[[A]] : tensor<1x128x1x64xf16> -> tensor<128x64xf16>
// CHECK-NEXT: %[[AT:.+]] = orion.transpose %[[AR]] [1, 0] : tensor<128x64xf16>
// CHECK-NEXT: %[[AC:.+]] = orion.cast %[[AT]] : tensor<64x128xf16> to tensor<64x128xf32>
// CHECK-NEXT: %[[BR:.+]] = orion.reshape %[[B]] : tensor<1x512x1x64xf16> -> tensor<512x64xf16>
// CHECK-NEXT: %[[BT:.+]] = orion.transpose %[[BR]] [1, 0] : tensor<512x64xf16>
// CHECK-NEXT: %[[BC:.+]] = orion.cast %[[BT]] : tensor<64x512xf16> to tensor<64x512xf32>
// CHECK: %[[Y:.+]] = orion.linear %[[BC]], %{{.+}} : tensor<64x512xf32>, tensor<128x512xf32>
// CHECK-NEXT: %[[S:.+]] = orion.add %[[AC]], %[[Y]]
// CHECK-NEXT: %[[H:.+]] = orion.slice %[[S]]
// CHECK-NEXT: %[[SC:.+]] = orion.cast %[[S]] : tensor<64x128xf32> to tensor<64x128xf16>
// CHECK-NEXT: %[[ST:.+]] = orion.transpose %[[SC]] [1, 0] : tensor<64x128xf16>
// CHECK-NEXT: %[[SR:.+]] = orion.reshape %[[ST]] : tensor<128x64xf16> -> tensor<1x128x1x64xf16>
// CHECK-NEXT: %[[HC:.+]] = orion.cast %[[H]] : tensor<64x64xf32> to tensor<64x64xf16>
// CHECK-NEXT: %[[HT:.+]] = orion.transpose %[[HC]] [1, 0] : tensor<64x64xf16>
// CHECK-NEXT: %[[HR:.+]] = orion.reshape %[[HT]] : tensor<64x64xf16> -> tensor<1x64x1x64xf16>
// CHECK-NEXT: return %[[SR]], %[[HR]]
func.func private @layer0(%x: tensor<64x128xf32>, %u: tensor<64x512xf32>) -> (tensor<64x128xf32>, tensor<64x64xf32>) attributes {orion.device = "ane"} {
  %w = orion.param "w" : tensor<128x512xf32>
  %y = orion.linear %u, %w : tensor<64x512xf32>, tensor<128x512xf32>
  %s = orion.add %x, %y : tensor<64x128xf32>
  %h = orion.slice %s [0, 0] to [64, 64] : tensor<64x128xf32>
  return %s, %h : tensor<64x128xf32>, tensor<64x64xf32>
}

// CHECK-LABEL: func.func @forward
// CHECK-SAME: (%[[T:.+]]: tensor<64xi32>, %[[U:.+]]: tensor<64x512xf32>) -> (tensor<64x128xf32>, tensor<64x64xf32>) attributes {orion.host}
// CHECK-NEXT: %[[X:.+]] = call @embed(%[[T]]) : (tensor<64xi32>) -> tensor<64x128xf32>
// CHECK-NEXT: %[[XS:.+]] = orion.to_surface %[[X]] : tensor<64x128xf32> -> tensor<1x128x1x64xf16>
// CHECK-NEXT: %[[US:.+]] = orion.to_surface %[[U]] : tensor<64x512xf32> -> tensor<1x512x1x64xf16>
// CHECK-NEXT: %[[R:.+]]:2 = call @layer0(%[[XS]], %[[US]]) : (tensor<1x128x1x64xf16>, tensor<1x512x1x64xf16>) -> (tensor<1x128x1x64xf16>, tensor<1x64x1x64xf16>)
// CHECK-NEXT: %[[R0:.+]] = orion.from_surface %[[R]]#0 : tensor<1x128x1x64xf16> -> tensor<64x128xf32>
// CHECK-NEXT: %[[R1:.+]] = orion.from_surface %[[R]]#1 : tensor<1x64x1x64xf16> -> tensor<64x64xf32>
// CHECK-NEXT: return %[[R0]], %[[R1]]
func.func @forward(%t: tensor<64xi32>, %u: tensor<64x512xf32>) -> (tensor<64x128xf32>, tensor<64x64xf32>) attributes {orion.host} {
  %x = call @embed(%t) : (tensor<64xi32>) -> tensor<64x128xf32>
  %r:2 = call @layer0(%x, %u) : (tensor<64x128xf32>, tensor<64x512xf32>) -> (tensor<64x128xf32>, tensor<64x64xf32>)
  return %r#0, %r#1 : tensor<64x128xf32>, tensor<64x64xf32>
}

// -----

// Eleven inputs: names are zero-padded so that "x_02" sorts before "x_10".
// An fp16 boundary needs no cast.
// CHECK-LABEL: func.func private @wide
// CHECK-SAME: {mil.name = "x",
// CHECK-SAME: {mil.name = "x_01",
// CHECK-SAME: {mil.name = "x_02",
// CHECK-SAME: {mil.name = "x_10",
// CHECK-SAME: -> (tensor<1x16x1x8xf16> {mil.name = "out_0", orion.surface = #orion.surface<bytes = 49152>})
// CHECK-NEXT: orion.reshape
// CHECK-NEXT: orion.transpose
// CHECK-NOT: orion.cast
// CHECK: return
func.func private @wide(%a0: tensor<8x16xf16>, %a1: tensor<8x16xf16>, %a2: tensor<8x16xf16>, %a3: tensor<8x16xf16>, %a4: tensor<8x16xf16>, %a5: tensor<8x16xf16>, %a6: tensor<8x16xf16>, %a7: tensor<8x16xf16>, %a8: tensor<8x16xf16>, %a9: tensor<8x16xf16>, %a10: tensor<8x16xf16>) -> tensor<8x16xf16> attributes {orion.device = "ane"} {
  %0 = orion.add %a0, %a10 : tensor<8x16xf16>
  return %0 : tensor<8x16xf16>
}

// -----

// pack-inputs: arguments of equal sequence length (a and b, S = 16) share
// one surface by channel range; c (S = 8) keeps its own. The body slices the
// ranges back out; the host packs with orion.pack_surface.
// PACK-LABEL: func.func private @packed
// PACK-SAME: (%[[P:.+]]: tensor<1x96x1x16xf16> {mil.name = "x", orion.surface = #orion.surface<bytes = 49152>},
// PACK-SAME: %[[C:.+]]: tensor<1x64x1x8xf16> {mil.name = "x_1", orion.surface = #orion.surface<bytes = 49152>})
// PACK-NEXT: %[[PR:.+]] = orion.reshape %[[P]] : tensor<1x96x1x16xf16> -> tensor<96x16xf16>
// PACK-NEXT: %[[PA:.+]] = orion.slice %[[PR]] [0, 0] to [64, 16] : tensor<96x16xf16>
// PACK-NEXT: orion.transpose %[[PA]] [1, 0] : tensor<64x16xf16>
// PACK: %[[PR2:.+]] = orion.reshape %[[P]] : tensor<1x96x1x16xf16> -> tensor<96x16xf16>
// PACK-NEXT: %[[PB:.+]] = orion.slice %[[PR2]] [64, 0] to [96, 16] : tensor<96x16xf16>
// PACK: %[[CR:.+]] = orion.reshape %[[C]] : tensor<1x64x1x8xf16> -> tensor<64x8xf16>
// PACK-LABEL: func.func @pack_host
// PACK-SAME: (%[[A:[^:]+]]: tensor<16x64xf32>, %[[B:[^:]+]]: tensor<16x32xf32>, %[[CC:[^:]+]]: tensor<8x64xf32>)
// PACK-NEXT: %[[S:.+]] = orion.pack_surface %[[A]], %[[B]] : tensor<16x64xf32>, tensor<16x32xf32> -> tensor<1x96x1x16xf16>
// PACK-NEXT: %[[T:.+]] = orion.to_surface %[[CC]] : tensor<8x64xf32> -> tensor<1x64x1x8xf16>
// PACK-NEXT: call @packed(%[[S]], %[[T]])
func.func private @packed(%a: tensor<16x64xf32>, %b: tensor<16x32xf32>, %c: tensor<8x64xf32>) -> tensor<16x32xf32> attributes {orion.device = "ane"} {
  %0 = orion.add %b, %b : tensor<16x32xf32>
  %1 = orion.reduce_sum %a [1] keep_dims : tensor<16x64xf32>
  %2 = orion.add %0, %1 : tensor<16x32xf32>, tensor<16x1xf32>
  %3 = orion.reduce_sum %c [0] : tensor<8x64xf32>
  %4 = orion.reduce_sum %3 [0] : tensor<64xf32>
  %5 = orion.add %2, %4 : tensor<16x32xf32>, tensor<f32>
  return %5 : tensor<16x32xf32>
}
func.func @pack_host(%a: tensor<16x64xf32>, %b: tensor<16x32xf32>, %c: tensor<8x64xf32>) -> tensor<16x32xf32> attributes {orion.host} {
  %r = call @packed(%a, %b, %c) : (tensor<16x64xf32>, tensor<16x32xf32>, tensor<8x64xf32>) -> tensor<16x32xf32>
  return %r : tensor<16x32xf32>
}
