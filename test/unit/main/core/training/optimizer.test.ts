import type * as tfjs from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../../../../../src/main/core/training/backend'
import { createOptimizer, type StepOptimizer } from '../../../../../src/main/core/training/optimizer'

let tf: typeof tfjs
beforeAll(async () => {
  tf = (await selectBackend('wasm')).tf
})

const START = [0.5, -0.25, 0.001, 0, 2]
const GRADIENTS = [
  [0.1, -0.2, 1e-4, 0, 3],
  [0.05, 0.2, -1e-4, 0, -1],
  [0.3, -0.1, 2e-4, 0, 0.5]
]

/** Apply the gradient sequence to a fresh variable and return its values after each step. */
function trajectory(optimizer: StepOptimizer | tfjs.Optimizer): number[][] {
  const weight = tf.tidy(() => tf.variable(tf.tensor1d(START)))
  const values = GRADIENTS.map((g) => {
    tf.tidy(() => optimizer.applyGradients({ [weight.name]: tf.tensor1d(g) }))
    return Array.from(weight.dataSync())
  })
  optimizer.dispose()
  weight.dispose()
  return values
}

describe('createOptimizer', () => {
  it('rmsprop follows Keras: ms = 0.9 ms + 0.1 g^2, w -= lr g / sqrt(ms + 1e-7)', () => {
    const lr = 0.01
    const expected: number[][] = []
    const w = [...START]
    const ms = START.map(() => 0)
    for (const g of GRADIENTS) {
      g.forEach((gi, i) => {
        ms[i] = 0.9 * ms[i] + 0.1 * gi * gi
        w[i] -= (lr * gi) / Math.sqrt(ms[i] + 1e-7)
      })
      expected.push([...w])
    }
    const ours = trajectory(createOptimizer(tf, { name: 'rmsprop', learningRate: lr }))
    const reference = trajectory(tf.train.rmsprop(lr, 0.9, 0, 1e-7))
    ours.forEach((step, s) =>
      step.forEach((value, i) => {
        expect(value).toBeCloseTo(expected[s][i], 5)
        expect(value).toBeCloseTo(reference[s][i], 6)
      })
    )
  })

  it('sgd steps by lr * g and adam takes a first step of about lr against the gradient', () => {
    const sgd = trajectory(createOptimizer(tf, { name: 'sgd', learningRate: 0.1 }))
    sgd[0].forEach((value, i) => expect(value).toBeCloseTo(START[i] - 0.1 * GRADIENTS[0][i], 6))
    const adam = trajectory(createOptimizer(tf, { name: 'adam', learningRate: 0.01 }))
    expect(adam[0][0]).toBeCloseTo(START[0] - 0.01, 5)
    expect(adam[0][1]).toBeCloseTo(START[1] + 0.01, 5)
    expect(adam[0][3]).toBe(0)
  })

  it('frees its slots on dispose', () => {
    const before = tf.memory().numTensors
    trajectory(createOptimizer(tf, { name: 'rmsprop', learningRate: 0.01 }))
    expect(tf.memory().numTensors).toBe(before)
  })
})
