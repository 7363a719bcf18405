import type * as tfjs from '@tensorflow/tfjs'
import type { ImageSet } from '../datasets/types'
import { batchTensors } from './batches'
import { yieldForWrites } from './eventLoop'
import { correctCount, crossEntropyPerSample, regularizationPenalty } from './losses'
import type { RegularizedKernel } from './model'

type Tf = typeof tfjs

export const EVAL_BATCH_SIZE = 1024

export interface SetMeasure {
  /** Mean cross-entropy plus the regularization penalty, as Keras reports it. */
  loss: number
  accuracy: number
  /** Row-major [count, K] class probabilities, when asked for. */
  probabilities?: Float32Array
}

/**
 * Loss and accuracy of the model on a whole set, in inference mode (dropout off), in batches.
 * Sums stay on the device until the end, so only one read per set unless probabilities are kept.
 * Reads are asynchronous: WebGPU has no dependable synchronous read.
 */
export async function measureSet(
  tf: Tf,
  model: tfjs.LayersModel,
  regularized: readonly RegularizedKernel[],
  set: ImageSet,
  normalize: boolean,
  keepProbabilities = false
): Promise<SetMeasure> {
  const classes = model.outputs[0].shape[1] as number
  const probabilities = keepProbabilities ? new Float32Array(set.count * classes) : undefined
  let lossSum = tf.scalar(0)
  let correct = tf.scalar(0)
  for (let start = 0; start < set.count; start += EVAL_BATCH_SIZE) {
    const end = Math.min(set.count, start + EVAL_BATCH_SIZE)
    const { x, y } = batchTensors(tf, set, null, start, end, normalize)
    const probs = tf.tidy(() => model.apply(x, { training: false }) as tfjs.Tensor2D)
    if (probabilities) probabilities.set(await probs.data(), start * classes)
    const [nextLoss, nextCorrect] = tf.tidy(() => [tf.add(lossSum, tf.sum(crossEntropyPerSample(tf, probs, y))), tf.add(correct, correctCount(tf, probs, y))])
    tf.dispose([x, y, probs, lossSum, correct])
    lossSum = nextLoss as tfjs.Scalar
    correct = nextCorrect as tfjs.Scalar
    // A save started beside the evaluation (trainingJob.ts) writes between batches.
    await yieldForWrites()
  }
  const penalty = regularizationPenalty(tf, regularized)
  const [sum, hits, extra] = (await Promise.all([lossSum.data(), correct.data(), penalty.data()])).map((values) => values[0])
  tf.dispose([lossSum, correct, penalty])
  const n = Math.max(1, set.count)
  return { loss: sum / n + extra, accuracy: hits / n, probabilities }
}
