import type * as tfjs from '@tensorflow/tfjs'
import type { ImageSet } from '../datasets/types'
import { batchImages, gatherLabels } from './batches'
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
 * The images start..end-1 ordered by label (stably), and where each of them went: `order` lists
 * set indices, and image start + i is row restore[i] of the batch. Images of one class share
 * more blank pixels, so the products skip more all-zero columns of A (fastKernels/gemmCode.ts):
 * on Fashion-MNIST 36% of the first layer's 3-image columns instead of 26%. Each row of a
 * product is computed on its own, so the order changes no probability.
 */
export function byLabel(labels: Uint8Array, start: number, end: number): { order: Int32Array; restore: Int32Array } {
  const next = new Int32Array(257)
  for (let i = start; i < end; i++) next[labels[i] + 1] += 1
  for (let label = 1; label < next.length; label++) next[label] += next[label - 1]
  const order = new Int32Array(end - start)
  const restore = new Int32Array(end - start)
  for (let i = start; i < end; i++) {
    const row = next[labels[i]]++
    order[row] = i
    restore[i - start] = row
  }
  return { order, restore }
}

/**
 * Loss and accuracy of the model on a whole set, in inference mode (dropout off), in batches,
 * each run in label order (byLabel) and put back in set order before anything is summed, so the
 * sums are those of set order.
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
    const { order, restore } = byLabel(set.labels, start, end)
    const x = batchImages(tf, set, order, 0, end - start, normalize)
    const y = tf.tensor1d(gatherLabels(set, null, start, end), 'int32')
    const probs = tf.tidy(() => tf.gather(model.apply(x, { training: false }) as tfjs.Tensor2D, tf.tensor1d(restore, 'int32')))
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
