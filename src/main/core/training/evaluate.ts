import type * as tfjs from '@tensorflow/tfjs'
import type { Evaluation, SamplePrediction } from '../../../shared/results'
import type { ImageSet } from '../datasets/types'
import { measureSet } from './measure'
import type { RegularizedKernel } from './model'
import { weightStats } from './weightStats'

type Tf = typeof tfjs

const SAMPLES = 10
/** Misclassified images kept in the evaluation (eval.json); the gallery pages through all of them. */
const MISCLASSIFIED = 50
/** Probabilities of the full misclassified list to 1e-5: the gallery shows 0.1 %, and the file stays small. */
const PROBABILITY_STEP = 1e5

export interface Evaluated {
  evaluation: Evaluation
  /** Every misclassified test image, in test-set order. */
  misclassified: SamplePrediction[]
}

function argMax(row: Float32Array): number {
  let best = 0
  for (let c = 1; c < row.length; c++) if (row[c] > row[best]) best = c
  return best
}

/**
 * Final numbers of a trained model (its current, possibly restored, weights): loss and accuracy
 * on the full train and test sets (loss includes the regularization penalty, as in Keras), the
 * test confusion matrix [true][predicted], per-class accuracy (0 for a class absent from the test
 * set), the first 10 test predictions, the first 50 misclassified test images, and kernel
 * statistics; beside it, every misclassified test image.
 */
export async function evaluateModel(
  tf: Tf,
  model: tfjs.LayersModel,
  regularized: readonly RegularizedKernel[],
  train: ImageSet,
  test: ImageSet,
  normalize: boolean
): Promise<Evaluated> {
  const trained = await measureSet(tf, model, regularized, train, normalize)
  const tested = await measureSet(tf, model, regularized, test, normalize, true)
  const probabilities = tested.probabilities!

  const classes = model.outputs[0].shape[1] as number
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0))
  const samples: SamplePrediction[] = []
  const misclassified: SamplePrediction[] = []
  const allMisclassified: SamplePrediction[] = []
  for (let index = 0; index < test.count; index++) {
    const row = probabilities.subarray(index * classes, (index + 1) * classes)
    const label = test.labels[index]
    const predicted = argMax(row)
    confusion[label][predicted] += 1
    const wrong = predicted !== label
    if (index < SAMPLES || (wrong && misclassified.length < MISCLASSIFIED)) {
      const prediction = { index, label, predicted, probabilities: Array.from(row) }
      if (index < SAMPLES) samples.push(prediction)
      if (wrong && misclassified.length < MISCLASSIFIED) misclassified.push(prediction)
    }
    if (wrong) {
      const probabilities = Array.from(row, (p) => Math.round(p * PROBABILITY_STEP) / PROBABILITY_STEP)
      allMisclassified.push({ index, label, predicted, probabilities })
    }
  }
  const perClassAccuracy = confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0)
    return total > 0 ? row[c] / total : 0
  })

  const evaluation: Evaluation = {
    trainLoss: trained.loss,
    trainAccuracy: trained.accuracy,
    testLoss: tested.loss,
    testAccuracy: tested.accuracy,
    confusion,
    perClassAccuracy,
    samples,
    misclassified,
    weights: await weightStats(model)
  }
  return { evaluation, misclassified: allMisclassified }
}
