/**
 * The penalty op the training code calls, apart from its wasm and cpu kernels (kernelPenalty.ts) so
 * the browser trainer can use it without bundling the Node-only kernel machinery.
 */
import type * as tfjs from '@tensorflow/tfjs'

type Tf = typeof tfjs

export const KERNEL_PENALTY = 'RegStudioKernelPenalty'
export const KERNEL_PENALTY_GRAD = 'RegStudioKernelPenaltyGrad'

/** The same penalty with TF.js's own kernels, as tfjs-layers' L1L2 regularizer computes it. */
export function kernelPenaltyPlain(tf: Tf, w: tfjs.Tensor, l1: number, l2: number): tfjs.Scalar {
  return tf.tidy(() => {
    let penalty: tfjs.Tensor = tf.scalar(0)
    if (l1 !== 0) penalty = tf.add(penalty, tf.sum(tf.mul(l1, tf.abs(w))))
    if (l2 !== 0) penalty = tf.add(penalty, tf.sum(tf.mul(l2, tf.square(w))))
    return penalty as tfjs.Scalar
  })
}

/** l1 * sum|w| + l2 * sum w^2, differentiable; the fused kernels where the current backend has them. */
export function kernelPenalty(tf: Tf, w: tfjs.Tensor, l1: number, l2: number): tfjs.Scalar {
  if (!tf.getKernel(KERNEL_PENALTY, tf.getBackend())) return kernelPenaltyPlain(tf, w, l1, l2)
  const attrs = { l1, l2 } as unknown as tfjs.NamedAttrMap
  const op = tf.customGrad((...args: (tfjs.Tensor | tfjs.GradSaveFunc)[]) => {
    const [x, save] = args as [tfjs.Tensor, tfjs.GradSaveFunc]
    save([x])
    return {
      value: tf.engine().runKernel(KERNEL_PENALTY, { w: x } as unknown as tfjs.NamedTensorMap, attrs) as tfjs.Scalar,
      gradFunc: (dy, saved) =>
        tf.engine().runKernel(KERNEL_PENALTY_GRAD, { w: saved[0], dy } as unknown as tfjs.NamedTensorMap, attrs) as tfjs.Tensor
    }
  })
  return op(w) as tfjs.Scalar
}
