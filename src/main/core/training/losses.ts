import type * as tfjs from '@tensorflow/tfjs'
import { kernelPenalty } from '../fastKernels/kernelPenaltyOp'
import type { RegularizedKernel } from './model'

type Tf = typeof tfjs

/** Keras clips probabilities to [eps, 1 - eps] before the log; same epsilon as Keras and tfjs. */
const EPSILON = 1e-7

/** Sparse categorical cross-entropy of each row of softmax probabilities [n, K] against int32 labels [n]. */
export function crossEntropyPerSample(tf: Tf, probs: tfjs.Tensor, labels: tfjs.Tensor1D): tfjs.Tensor1D {
  return tf.tidy(() => {
    const picked = tf.sum(tf.mul(probs, tf.oneHot(labels, probs.shape[1] as number).toFloat()), 1)
    return tf.neg(tf.log(tf.clipByValue(picked, EPSILON, 1 - EPSILON))) as tfjs.Tensor1D
  })
}

/** How many rows' argmax equals the label, as a float32 scalar (stays on the device). */
export function correctCount(tf: Tf, probs: tfjs.Tensor, labels: tfjs.Tensor1D): tfjs.Scalar {
  return tf.tidy(() => tf.sum(tf.equal(tf.argMax(probs, 1), labels).toFloat()) as tfjs.Scalar)
}

/**
 * Sum of the kernel regularizer penalties (l1 * sum|w| + l2 * sum w^2) at the current weights of
 * the kernels createModel regularized. Like Keras, this is added to the training loss and to
 * reported losses. Each kernel's penalty is one fused kernel forward and one backward where the
 * backend has them (fastKernels/kernelPenalty.ts).
 */
export function regularizationPenalty(tf: Tf, regularized: readonly RegularizedKernel[]): tfjs.Scalar {
  return tf.tidy(() => {
    const terms = regularized.map(({ kernel, l1, l2 }) => kernelPenalty(tf, kernel.read(), l1, l2))
    return (terms.length === 0 ? tf.scalar(0) : tf.addN(terms)) as tfjs.Scalar
  })
}
