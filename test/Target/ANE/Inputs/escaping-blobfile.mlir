func.func @main(%x: tensor<1x4x1x1xf16> {mil.name = "x"}) -> tensor<1x4x1x1xf16> {
  %w = mil.const #mil.blob<"/etc/weights.bin", 64> : tensor<1x4x1x1xf16> {mil.name = "w"}
  %y = mil.add(x = %x, y = %w) {mil.name = "y"} : (tensor<1x4x1x1xf16>, tensor<1x4x1x1xf16>) -> tensor<1x4x1x1xf16>
  return %y : tensor<1x4x1x1xf16>
}
