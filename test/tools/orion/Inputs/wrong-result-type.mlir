// An op whose result type disagrees with its operand: the verifier's error
// points at this line. Used by cli-diagnostics.test.

func.func @forward(%a: tensor<4x8xf32>) -> tensor<4x9xf32> {
  %0 = "orion.gelu"(%a) : (tensor<4x8xf32>) -> tensor<4x9xf32>
  return %0 : tensor<4x9xf32>
}
