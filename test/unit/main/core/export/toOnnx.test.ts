import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DenseWeights } from '../../../../../src/main/core/export/readTrainedModel'
import { toOnnx } from '../../../../../src/main/core/export/toOnnx'
import { createRng } from '../../../../../src/main/core/util/rng'
import type { Activation } from '../../../../../src/shared/spec'
import { runOnnx } from '../../../../support/onnx'

/** ONNX Runtime and TF.js sum in other orders; float32 rounding keeps them within this of each other. */
const TOLERANCE = 1e-5

beforeAll(async () => {
  await tf.setBackend('cpu')
})

/** A TF.js network with these layers and seeded weights, and the same layers as toOnnx takes them. */
function network(layers: { units: number; activation: Activation; useBias: boolean }[]): { model: tf.Sequential; dense: DenseWeights[] } {
  const rng = createRng(5)
  const model = tf.sequential()
  const dense: DenseWeights[] = []
  let inputs = 784
  layers.forEach((l, i) => {
    const layer = tf.layers.dense({ ...(i === 0 ? { inputShape: [784] } : {}), units: l.units, activation: l.activation, useBias: l.useBias, name: `dense_${i + 1}` })
    model.add(layer)
    // Small weights keep every activation away from saturation, where differences would hide.
    const kernel = Float32Array.from({ length: inputs * l.units }, () => (rng() - 0.5) * 0.2)
    const bias = l.useBias ? Float32Array.from({ length: l.units }, () => (rng() - 0.5) * 0.2) : null
    layer.setWeights(bias ? [tf.tensor2d(kernel, [inputs, l.units]), tf.tensor1d(bias)] : [tf.tensor2d(kernel, [inputs, l.units])])
    dense.push({ name: `dense_${i + 1}`, inputs, units: l.units, activation: l.activation, kernel, bias })
    inputs = l.units
  })
  return { model, dense }
}

function images(count: number): Float32Array {
  const rng = createRng(9)
  return Float32Array.from({ length: count * 784 }, () => rng())
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length)
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]))
  return worst
}

describe('toOnnx', () => {
  it('gives what TF.js gives for every activation, with and without bias', async () => {
    const { model, dense } = network([
      { units: 24, activation: 'relu', useBias: true },
      { units: 20, activation: 'sigmoid', useBias: true },
      { units: 18, activation: 'tanh', useBias: false },
      { units: 16, activation: 'elu', useBias: true },
      { units: 14, activation: 'selu', useBias: true },
      { units: 12, activation: 'linear', useBias: true },
      { units: 10, activation: 'softmax', useBias: true }
    ])
    const x = images(16)
    const expected = (model.predict(tf.tensor2d(x, [16, 784])) as tf.Tensor).dataSync() as Float32Array
    const onnx = await runOnnx(toOnnx(dense, { normalize: true, metadata: {}, docString: '' }), x, 784)
    expect(onnx.dims).toEqual([16, 10])
    expect(maxAbsDifference(onnx.data, expected)).toBeLessThan(TOLERANCE)
  })

  it('takes 0..1 pixels also from a network trained on 0..255, scaling them inside', async () => {
    const { model, dense } = network([
      { units: 16, activation: 'relu', useBias: true },
      { units: 10, activation: 'softmax', useBias: true }
    ])
    const x = images(8)
    const expected = (model.predict(tf.tensor2d(x.map((v) => v * 255), [8, 784])) as tf.Tensor).dataSync() as Float32Array
    const onnx = await runOnnx(toOnnx(dense, { normalize: false, metadata: {}, docString: '' }), x, 784)
    expect(maxAbsDifference(onnx.data, expected)).toBeLessThan(TOLERANCE)
  })
})
