/**
 * The backward op of a dense layer with ReLU that the training code calls (fusedReluDense.ts), apart
 * from its wasm and cpu kernels (reluBiasGrad.ts) so the browser trainer can use it without the
 * Node-only kernel machinery.
 */
import type * as tfjs from '@tensorflow/tfjs'

type Tf = typeof tfjs

export const RELU_BIAS_GRAD = 'RegStudioReluBiasGrad'

/**
 * The same with TF.js's own kernels, as its Relu and Add gradients compute it: dz = dy * step(y)
 * (y = relu(z) is positive exactly where z is) and db = sum(dz, 0).
 */
export function reluBiasGradPlain(tf: Tf, dy: tfjs.Tensor2D, y: tfjs.Tensor2D): [tfjs.Tensor2D, tfjs.Tensor1D] {
  return tf.tidy(() => {
    const dz = tf.mul(dy, tf.step(y)) as tfjs.Tensor2D
    return [dz, tf.sum(dz, 0) as tfjs.Tensor1D]
  })
}

/** [dz, db] from the layer's output gradient dy and its output y: the fused kernel where the backend has it. */
export function reluBiasGrad(tf: Tf, dy: tfjs.Tensor2D, y: tfjs.Tensor2D): [tfjs.Tensor2D, tfjs.Tensor1D] {
  if (!tf.getKernel(RELU_BIAS_GRAD, tf.getBackend())) return reluBiasGradPlain(tf, dy, y)
  const inputs = { dy, y } as unknown as tfjs.NamedTensorMap
  return tf.engine().runKernel(RELU_BIAS_GRAD, inputs) as unknown as [tfjs.Tensor2D, tfjs.Tensor1D]
}
