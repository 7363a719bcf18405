/**
 * The RMSprop update op the training code calls, apart from its wasm and cpu kernels
 * (rmspropUpdate.ts) so the browser trainer can use it without the Node-only kernel machinery.
 */
import type * as tfjs from '@tensorflow/tfjs'

type Tf = typeof tfjs

export const RMSPROP_UPDATE = 'RegStudioRmspropUpdate'

export interface RmspropAttrs {
  learningRate: number
  rho: number
  epsilon: number
}

/** The same update with TF.js's own kernels, for backends without the fused kernel. */
export function rmspropUpdatePlain(tf: Tf, weight: tfjs.Tensor, meanSquare: tfjs.Tensor, gradient: tfjs.Tensor, attrs: RmspropAttrs): [tfjs.Tensor, tfjs.Tensor] {
  return tf.tidy(() => {
    const next = tf.add(tf.mul(meanSquare, attrs.rho), tf.mul(tf.square(gradient), 1 - attrs.rho))
    const step = tf.mul(tf.mul(gradient, tf.rsqrt(tf.add(next, attrs.epsilon))), attrs.learningRate)
    return [tf.sub(weight, step), next]
  })
}

/** [new weight, new mean square]: the fused kernel where the current backend has it, else the plain kernels. */
export function rmspropUpdate(tf: Tf, weight: tfjs.Tensor, meanSquare: tfjs.Tensor, gradient: tfjs.Tensor, attrs: RmspropAttrs): [tfjs.Tensor, tfjs.Tensor] {
  if (!tf.getKernel(RMSPROP_UPDATE, tf.getBackend())) return rmspropUpdatePlain(tf, weight, meanSquare, gradient, attrs)
  const inputs = { weight, meanSquare, gradient } as unknown as tfjs.NamedTensorMap
  return tf.engine().runKernel(RMSPROP_UPDATE, inputs, attrs as unknown as tfjs.NamedAttrMap) as unknown as [tfjs.Tensor, tfjs.Tensor]
}
