import type * as tfjs from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../../../../../src/main/core/training/backend'
import { dropoutMask, seededDropout } from '../../../../../src/main/core/training/seededDropout'
import { createRng } from '../../../../../src/main/core/util/rng'

let tf: typeof tfjs
beforeAll(async () => {
  tf = (await selectBackend('cpu')).tf
})

describe('dropoutMask', () => {
  it('keeps each unit with probability 1 - rate, scaled by 1 / (1 - rate)', () => {
    for (const rate of [0.2, 0.5, 0.9]) {
      const mask = dropoutMask(100_000, rate, 7)
      const scale = Math.fround(1 / (1 - rate))
      expect(new Set(mask)).toEqual(new Set([0, scale]))
      const kept = mask.filter((v) => v !== 0).length / mask.length
      // Binomial standard deviation at 100,000 units is at most 0.0016.
      expect(Math.abs(kept - (1 - rate)), `rate ${rate}`).toBeLessThan(0.008)
    }
  })

  it('depends on the seed alone, with no runs of repeated decisions', () => {
    expect(dropoutMask(1000, 0.5, 3)).toEqual(dropoutMask(1000, 0.5, 3))
    expect(dropoutMask(1000, 0.5, 4)).not.toEqual(dropoutMask(1000, 0.5, 3))
    const mask = dropoutMask(100_000, 0.5, 11)
    let changes = 0
    for (let i = 1; i < mask.length; i++) if (mask[i] !== mask[i - 1]) changes++
    // Independent coin flips change value about every other unit.
    expect(changes / mask.length).toBeGreaterThan(0.48)
    expect(changes / mask.length).toBeLessThan(0.52)
  })

  it('draws the decisions from the project generator (mulberry32 in util/rng), one number per unit', () => {
    for (const [rate, seed] of [[0.3, 42], [0.5, 7], [0.05, 123456789]]) {
      const rng = createRng(seed)
      const threshold = Math.round((1 - rate) * 2 ** 24)
      const expected = Array.from({ length: 2000 }, () => Math.floor(rng() * 2 ** 24) < threshold)
      expect(Array.from(dropoutMask(2000, rate, seed), (v) => v !== 0)).toEqual(expected)
    }
  })

  it('keeps every unit at rate 0 and none at rate 1', () => {
    expect(new Set(dropoutMask(1000, 0, 1))).toEqual(new Set([1]))
    expect(new Set(dropoutMask(1000, 1, 1))).toEqual(new Set([0]))
  })
})

describe('seededDropout', () => {
  it('masks in training, passes through in inference, and sends the gradient through the same mask', () => {
    const layer = seededDropout(tf, { name: 'dropout_1', rate: 0.5, seed: 9, inputShape: [64] })
    const x = tf.randomNormal([8, 64], 0, 1, 'float32', 1)
    const mask = dropoutMask(8 * 64, 0.5, 9)
    const trained = (layer.apply(x, { training: true }) as tfjs.Tensor).dataSync()
    const input = x.dataSync()
    expect(Array.from(trained)).toEqual(Array.from(input, (v, i) => Math.fround(v * mask[i])))
    expect(Array.from((layer.apply(x) as tfjs.Tensor).dataSync())).toEqual(Array.from(input))
    const grad = tf.grad((v: tfjs.Tensor) => tf.sum(layer.apply(v, { training: true }) as tfjs.Tensor))(x)
    expect(Array.from(grad.dataSync())).toEqual(Array.from(mask))
    tf.dispose([x, grad])
  })

  it('saves as a plain Dropout layer that any TF.js loads', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 3, name: 'dense_1' }),
        seededDropout(tf, { name: 'dropout_1', rate: 0.25, seed: 5 }),
        tf.layers.dense({ units: 2, name: 'dense_2' })
      ]
    })
    let saved: tfjs.io.ModelArtifacts | undefined
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
      })
    )
    const topology = JSON.stringify(saved?.modelTopology)
    expect(topology).toContain('"class_name":"Dropout"')
    expect(topology).toContain('"rate":0.25')
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved as tfjs.io.ModelArtifacts))
    expect(loaded.layers.map((l) => l.getClassName())).toEqual(['Dense', 'Dropout', 'Dense'])
    const x = tf.ones([1, 4])
    expect(Array.from((loaded.predict(x) as tfjs.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tfjs.Tensor).dataSync()))
    tf.dispose([x])
    model.dispose()
    loaded.dispose()
  })
})
