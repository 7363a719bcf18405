import type * as tfjs from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Evaluation, SamplePrediction } from '../../../../../src/shared/results'
import { selectBackend } from '../../../../../src/main/core/training/backend'
import { evaluateModel } from '../../../../../src/main/core/training/evaluate'
import { EVAL_BATCH_SIZE } from '../../../../../src/main/core/training/measure'
import { createModel } from '../../../../../src/main/core/training/model'
import { trainModel } from '../../../../../src/main/core/training/train'
import { smallSpec, syntheticSet } from '../../../../support/synthetic'

let tf: typeof tfjs
let evaluation: Evaluation
let allMisclassified: SamplePrediction[]
let direct: { probabilities: number[][]; loss: number }
const train = syntheticSet(300, 11)
// More than one evaluation batch, so batching is exercised.
const test = syntheticSet(EVAL_BATCH_SIZE + 76, 12)

beforeAll(async () => {
  tf = (await selectBackend('wasm')).tf
  const spec = smallSpec({
    epochs: 1,
    validationSplit: 0,
    layers: [
      { type: 'dense', units: 16, activation: 'relu', l2: 0.01 },
      { type: 'dense', units: 10, activation: 'softmax' }
    ]
  })
  const { model, regularized } = createModel(tf, spec)
  await trainModel({ tf, model, regularized, spec, train, validation: null })
  ;({ evaluation, misclassified: allMisclassified } = await evaluateModel(tf, model, regularized, train, test, true))
  direct = tf.tidy(() => {
    const x = tf.tensor2d(Float32Array.from(test.images, (v) => v / 255), [test.count, 784])
    const probs = model.predict(x) as tfjs.Tensor2D
    const picked = tf.sum(tf.mul(probs, tf.oneHot(tf.tensor1d(test.labels, 'int32'), 10)), 1)
    const ce = tf.mean(tf.neg(tf.log(tf.clipByValue(picked, 1e-7, 1 - 1e-7)))).dataSync()[0]
    const kernel = model.getWeights()[0]
    const penalty = tf.mul(0.01, tf.sum(tf.square(kernel))).dataSync()[0]
    return { probabilities: probs.arraySync(), loss: ce + penalty }
  })
  model.dispose()
})

describe('evaluateModel', () => {
  it('reports test loss (with the L2 penalty) and accuracy equal to a direct computation', () => {
    expect(evaluation.testLoss).toBeCloseTo(direct.loss, 4)
    const hits = direct.probabilities.filter((p, i) => p.indexOf(Math.max(...p)) === test.labels[i]).length
    expect(evaluation.testAccuracy).toBeCloseTo(hits / test.count, 10)
    expect(evaluation.trainAccuracy).toBeGreaterThan(0.3)
    expect(evaluation.trainLoss).toBeGreaterThan(0)
  })

  it('builds the confusion matrix [true][predicted] and per-class accuracy from it', () => {
    const { confusion, perClassAccuracy } = evaluation
    expect(confusion).toHaveLength(10)
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(test.count)
    confusion.forEach((row, c) => {
      const truth = test.labels.filter((l) => l === c).length
      expect(row.reduce((a, b) => a + b, 0)).toBe(truth)
      expect(perClassAccuracy[c]).toBeCloseTo(row[c] / truth, 10)
    })
    const diagonal = confusion.reduce((s, row, c) => s + row[c], 0)
    expect(diagonal / test.count).toBeCloseTo(evaluation.testAccuracy, 10)
  })

  it('lists the first 10 test predictions and up to 50 misclassified images', () => {
    expect(evaluation.samples.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    for (const s of evaluation.samples) {
      expect(s.label).toBe(test.labels[s.index])
      expect(s.probabilities).toHaveLength(10)
      expect(s.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5)
      s.probabilities.forEach((p, c) => expect(p).toBeCloseTo(direct.probabilities[s.index][c], 5))
    }
    const wrong = test.count - Math.round(evaluation.testAccuracy * test.count)
    // One short epoch leaves well over 50 mistakes, so the cap is what limits the list.
    expect(wrong).toBeGreaterThan(50)
    expect(evaluation.misclassified).toHaveLength(50)
    for (const m of evaluation.misclassified) {
      expect(m.predicted).not.toBe(m.label)
      expect(m.label).toBe(test.labels[m.index])
    }
    const indices = evaluation.misclassified.map((m) => m.index)
    expect(indices).toEqual([...indices].sort((a, b) => a - b))
  })

  it('lists every misclassified image beside the evaluation, as many as the confusion matrix counts off its diagonal', () => {
    const offDiagonal = evaluation.confusion.reduce((sum, row, t) => sum + row.reduce((a, v, p) => a + (p === t ? 0 : v), 0), 0)
    expect(allMisclassified).toHaveLength(offDiagonal)
    expect(allMisclassified.length).toBeGreaterThan(evaluation.misclassified.length)
    expect(allMisclassified.slice(0, 50).map((m) => m.index)).toEqual(evaluation.misclassified.map((m) => m.index))
    for (const m of allMisclassified) {
      expect(m.predicted).not.toBe(m.label)
      expect(m.label).toBe(test.labels[m.index])
      m.probabilities.forEach((p, c) => expect(p).toBeCloseTo(direct.probabilities[m.index][c], 4))
    }
  })

  it('describes each dense kernel', () => {
    expect(evaluation.weights.map((w) => [w.layer, w.shape, w.count])).toEqual([
      ['dense_1', [784, 16], 784 * 16],
      ['dense_2', [16, 10], 160]
    ])
    expect(evaluation.weights[0].histogram.counts).toHaveLength(40)
  })
})
