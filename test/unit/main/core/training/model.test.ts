import type * as tfjs from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../../../../../src/main/core/training/backend'
import { createModel, reseedDropout } from '../../../../../src/main/core/training/model'
import { createRng } from '../../../../../src/main/core/util/rng'
import { smallSpec } from '../../../../support/synthetic'

let tf: typeof tfjs
beforeAll(async () => {
  tf = (await selectBackend('cpu')).tf
})

const SPEC = smallSpec({
  layers: [
    { type: 'dense', units: 64, activation: 'relu', l1: 0.001 },
    { type: 'dropout', rate: 0.5 },
    { type: 'dense', units: 32, activation: 'tanh', l2: 0.01 },
    { type: 'dense', units: 16, activation: 'elu', l1: 0.001, l2: 0.01 },
    { type: 'dense', units: 10, activation: 'softmax' }
  ]
})

function kernelValues(model: tfjs.LayersModel): number[] {
  return Array.from(model.getWeights()[0].dataSync())
}

describe('createModel', () => {
  it('builds the layer stack on a 784 input with names, shapes and activations from the spec', () => {
    const { model } = createModel(tf, SPEC)
    expect(model.inputs[0].shape).toEqual([null, 784])
    expect(model.layers.map((l) => l.name)).toEqual(['dense_1', 'dropout_1', 'dense_2', 'dense_3', 'dense_4'])
    expect(model.outputs[0].shape).toEqual([null, 10])
    expect(model.countParams()).toBe(784 * 64 + 64 + 64 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10)
    const config = model.layers.map((l) => l.getConfig())
    expect(config.map((c) => c.activation)).toEqual(['relu', undefined, 'tanh', 'elu', 'softmax'])
    expect(config[1].rate).toBe(0.5)
    model.dispose()
  })

  it('makes the ReLU layers the fused dense layer and leaves the others TF.js\'s Dense, all of class Dense', () => {
    const { model } = createModel(tf, SPEC)
    const plainDense = tf.layers.dense({ units: 1 }).constructor
    const dense = model.layers.filter((l) => l.getClassName() === 'Dense')
    expect(dense.map((l) => l.constructor === plainDense)).toEqual([false, true, true, true])
    expect(dense[0]).toBeInstanceOf(plainDense)
    model.dispose()
  })

  it('puts the spec L1/L2 factors on the kernels only', () => {
    const { model } = createModel(tf, SPEC)
    const regularizers = model.layers.map((l) => (l.getConfig().kernelRegularizer as { config?: object } | null)?.config ?? null)
    expect(regularizers).toEqual([{ l1: 0.001, l2: 0 }, null, { l1: 0, l2: 0.01 }, { l1: 0.001, l2: 0.01 }, null])
    expect(model.layers.map((l) => l.getConfig().biasRegularizer ?? null)).toEqual([null, null, null, null, null])
    model.dispose()
  })

  it('returns the regularized kernels with their L1/L2 strengths, in layer order', () => {
    const { model, regularized } = createModel(tf, SPEC)
    const kernelOf = (name: string) => model.getLayer(name).trainableWeights.find((w) => w.originalName.endsWith('/kernel'))
    expect(regularized.map(({ kernel, l1, l2 }) => ({ kernel: kernel.originalName, l1, l2 }))).toEqual([
      { kernel: 'dense_1/kernel', l1: 0.001, l2: 0 },
      { kernel: 'dense_2/kernel', l1: 0, l2: 0.01 },
      { kernel: 'dense_3/kernel', l1: 0.001, l2: 0.01 }
    ])
    regularized.forEach(({ kernel }, i) => expect(kernel).toBe(kernelOf(`dense_${i + 1}`)))
    model.dispose()
  })

  it('initializes reproducibly from spec.seed, with different weights for another seed', () => {
    const { model: a } = createModel(tf, SPEC)
    const { model: b } = createModel(tf, SPEC)
    const { model: c } = createModel(tf, { ...SPEC, seed: SPEC.seed + 1 })
    expect(kernelValues(b)).toEqual(kernelValues(a))
    expect(kernelValues(c)).not.toEqual(kernelValues(a))
    // Glorot uniform on 784x64: every weight within sqrt(6 / (784 + 64)).
    const limit = Math.sqrt(6 / (784 + 64))
    expect(Math.max(...kernelValues(a).map(Math.abs))).toBeLessThanOrEqual(limit)
    for (const m of [a, b, c]) m.dispose()
  })
})

describe('reseedDropout', () => {
  it('draws a new dropout mask per reseed, the same masks for the same generator seed', () => {
    const { model } = createModel(tf, SPEC)
    const dropout = model.layers[1]
    const x = tf.ones([4, 64])
    const masks = (seed: number) => {
      const rng = createRng(seed)
      return [0, 1].map(() => {
        reseedDropout(model, rng)
        return Array.from((dropout.apply(x, { training: true }) as tfjs.Tensor).dataSync())
      })
    }
    const [first, second] = masks(5)
    expect(second).not.toEqual(first)
    expect(masks(5)).toEqual([first, second])
    // Inverted dropout at rate 0.5: kept units are scaled to 2.
    expect(new Set(first)).toEqual(new Set([0, 2]))
    x.dispose()
    model.dispose()
  })
})
