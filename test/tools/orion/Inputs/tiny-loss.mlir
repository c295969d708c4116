// A tiny language model's forward pass and loss: embedding (CPU), the
// logits projection (ANE) and the mean cross-entropy (CPU).
func.func @forward(%tokens: tensor<8xi32>, %targets: tensor<8xi32>) -> (tensor<8x32xf32>, tensor<f32>) {
  %wte = orion.param "wte" : tensor<32x16xf32> loc("embed")
  %x = orion.embedding %wte[%tokens] : tensor<32x16xf32>, tensor<8xi32> loc("embed")
  %head = orion.param "head" : tensor<32x16xf32> loc("logits")
  %logits = orion.linear %x, %head : tensor<8x16xf32>, tensor<32x16xf32> loc("logits")
  %loss = orion.cross_entropy %logits, %targets : tensor<8x32xf32>, tensor<8xi32> loc("loss")
  return %logits, %loss : tensor<8x32xf32>, tensor<f32>
}
