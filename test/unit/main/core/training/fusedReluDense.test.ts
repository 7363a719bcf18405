import type * as tfjs from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { selectBackend } from '../../../../../src/main/core/training/backend'
import { RELU_BIAS_GRAD } from '../../../../../src/main/core/fastKernels/reluBiasGradOp'
import { DENSE_RELU, fusedReluDense, type DenseArgs } from '../../../../../src/main/core/training/fusedReluDense'
import { createModel, type RegularizedKernel } from '../../../../../src/main/core/training/model'
import { trainModel } from '../../../../../src/main/core/training/train'
import { createRng } from '../../../../../src/main/core/util/rng'
import { smallSpec, syntheticSet } from '../../../../support/synthetic'

function randomMatrix(tf: typeof tfjs, rows: number, cols: number, seed: number): tfjs.Tensor2D {
  const rng = createRng(seed)
  return tf.tensor2d(Float32Array.from({ length: rows * cols }, () => rng() * 2 - 1), [rows, cols])
}

/** The largest difference relative to the largest magnitude of `expected`. */
function relativeError(got: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0
  let scale = 0
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(got[i] - expected[i]))
    scale = Math.max(scale, Math.abs(expected[i]))
  }
  return worst / scale
}

const args = (tf: typeof tfjs, seed: number): DenseArgs => ({
  name: 'dense_1',
  inputShape: [37],
  units: 22,
  activation: 'relu',
  kernelInitializer: tf.initializers.glorotUniform({ seed }),
  biasInitializer: 'zeros',
  kernelRegularizer: tf.regularizers.l1l2({ l1: 0.001, l2: 0.01 })
})

/** A batch, the layer's output and the gradients of a weighted sum of it for input, kernel and bias. */
function forwardBackward(tf: typeof tfjs, layer: tfjs.layers.Layer, x: tfjs.Tensor2D, weights: tfjs.Tensor2D) {
  const variables = layer.trainableWeights.map((w) => w.read() as tfjs.Variable)
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tfjs.Tensor, weights)) as tfjs.Scalar, variables)
  const dx = tf.grad((input: tfjs.Tensor) => tf.sum(tf.mul(layer.apply(input, { training: true }) as tfjs.Tensor, weights)))(x)
  const y = layer.apply(x) as tfjs.Tensor
  const result = {
    y: y.dataSync(),
    dx: dx.dataSync(),
    dKernel: grads[variables[0].name].dataSync(),
    dBias: grads[variables[1].name].dataSync()
  }
  tf.dispose([value, y, dx, ...Object.values(grads)])
  return result
}

describe.each(['wasm', 'cpu'] as const)('fusedReluDense on %s', (backend) => {
  it('computes what tf.layers.dense computes, forward and backward, bit for bit, and leaks no tensor', async () => {
    const { tf } = await selectBackend(backend)
    const fused = tf.sequential({ layers: [fusedReluDense(tf, args(tf, 5))] })
    const plain = tf.sequential({ layers: [tf.layers.dense(args(tf, 5))] })
    // A bias with both signs, so units are cut off at different places.
    const bias = randomMatrix(tf, 1, 22, 3).reshape([22])
    fused.layers[0].setWeights([fused.layers[0].getWeights()[0], bias])
    plain.layers[0].setWeights([plain.layers[0].getWeights()[0], bias])
    // 130 rows: the products split over threads; 22 columns: vectors and a remainder.
    const x = randomMatrix(tf, 130, 37, 1)
    const weights = randomMatrix(tf, 130, 22, 2)
    const before = tf.memory().numTensors
    const got = forwardBackward(tf, fused.layers[0], x, weights)
    expect(tf.memory().numTensors).toBe(before)
    const expected = forwardBackward(tf, plain.layers[0], x, weights)
    expect(got.y.filter((v) => v === 0).length, 'some units cut off').toBeGreaterThan(500)
    expect(Array.from(got.y)).toEqual(Array.from(expected.y))
    for (const key of ['dx', 'dKernel', 'dBias'] as const) {
      expect(Array.from(got[key]), key).toEqual(Array.from(expected[key]))
    }
    // One fused product forward; backward the ReLU's and the bias's gradients in one kernel, and
    // of the two products only the weights' one, as the input needs no gradient.
    const variables = fused.layers[0].trainableWeights.map((w) => w.read() as tfjs.Variable)
    const profile = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(fused.apply(x, { training: true }) as tfjs.Tensor, weights)) as tfjs.Scalar, variables)
      tf.dispose([value, ...Object.values(grads)])
    })
    const count = (name: string) => profile.kernels.filter((k) => k.name === name).length
    expect([DENSE_RELU, RELU_BIAS_GRAD, 'BatchMatMul'].map(count)).toEqual([1, 1, 1])
    for (const separate of ['_FusedMatMul', 'Relu', 'Step', 'Add']) expect(count(separate), separate).toBe(0)
    tf.dispose([x, weights, bias])
    fused.dispose()
    plain.dispose()
  })

  it('has Dense\'s weights, names and config, and saves as a Dense that loads with equal predictions', async () => {
    const { tf } = await selectBackend(backend)
    const model = tf.sequential({ layers: [fusedReluDense(tf, args(tf, 9)), tf.layers.dense({ units: 3, name: 'dense_2', activation: 'softmax' })] })
    const reference = tf.sequential({ layers: [tf.layers.dense(args(tf, 9))] })
    expect(model.layers[0].getClassName()).toBe('Dense')
    expect(model.layers[0].getConfig()).toEqual(reference.layers[0].getConfig())
    expect(model.layers[0].weights.map((w) => [w.originalName, w.shape])).toEqual([['dense_1/kernel', [37, 22]], ['dense_1/bias', [22]]])
    expect(Array.from(model.layers[0].getWeights()[0].dataSync())).toEqual(Array.from(reference.layers[0].getWeights()[0].dataSync()))

    let saved: tfjs.io.ModelArtifacts | undefined
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
      })
    )
    const topology = saved?.modelTopology as { config: { layers: { class_name: string }[] } }
    expect(topology.config.layers.map((l) => l.class_name)).toEqual(['Dense', 'Dense'])
    expect(saved?.weightSpecs?.map((s) => s.name)).toEqual(['dense_1/kernel', 'dense_1/bias', 'dense_2/kernel', 'dense_2/bias'])
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved as tfjs.io.ModelArtifacts))
    expect(loaded.layers[0].constructor).not.toBe(model.layers[0].constructor)
    const x = randomMatrix(tf, 16, 37, 4)
    const [a, b] = [model, loaded].map((m) => m.predict(x) as tfjs.Tensor)
    expect(relativeError(b.dataSync(), a.dataSync())).toBeLessThanOrEqual(1e-6)
    tf.dispose([x, a, b])
    for (const m of [model, reference, loaded]) m.dispose()
  })
})

/** The studio's model saved and loaded again: TF.js's own Dense layers with the same initial weights. */
async function asPlainDense(tf: typeof tfjs, model: tfjs.LayersModel): Promise<tfjs.LayersModel> {
  let saved: tfjs.io.ModelArtifacts | undefined
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
    })
  )
  return tf.loadLayersModel(tf.io.fromMemory(saved as tfjs.io.ModelArtifacts))
}

describe.each(['wasm', 'cpu'] as const)('training with fused ReLU layers on %s', (backend) => {
  const spec = smallSpec({
    epochs: 1,
    layers: [
      { type: 'dense', units: 48, activation: 'relu', l1: 1e-4 },
      { type: 'dense', units: 21, activation: 'relu', l2: 1e-3 },
      { type: 'dense', units: 10, activation: 'softmax' }
    ]
  })
  const [train, validation] = [syntheticSet(320, 1), syntheticSet(64, 2)]

  it('ends a seeded epoch with the weights TF.js\'s Dense layers reach, the same on every run', async () => {
    const { tf } = await selectBackend(backend)
    const trained = async (model: tfjs.LayersModel, regularized: readonly RegularizedKernel[]) => {
      await trainModel({ tf, model, regularized, spec, train, validation })
      return model.getWeights().map((w) => w.dataSync())
    }
    const built = createModel(tf, spec)
    const plain = await asPlainDense(tf, built.model)
    // The penalized kernels of the loaded model, as createModel lists them.
    const plainRegularized = built.regularized.map(({ kernel, l1, l2 }) => ({
      kernel: plain.getLayer(kernel.originalName.split('/')[0]).weights[0],
      l1,
      l2
    }))
    const fused = await trained(built.model, built.regularized)
    const reference = await trained(plain, plainRegularized)
    const again = createModel(tf, spec)
    const repeated = await trained(again.model, again.regularized)
    expect(fused).toHaveLength(6)
    // The same kernels in the same order: not only within 1e-5 but bit for bit.
    fused.forEach((w, i) => {
      expect(Array.from(w), `weight ${i}`).toEqual(Array.from(reference[i]))
      expect(Array.from(repeated[i]), `weight ${i}, repeated`).toEqual(Array.from(w))
    })
    for (const m of [built.model, plain, again.model]) m.dispose()
  })
})

describe('fusedReluDense', () => {
  it('is only for ReLU layers with a bias', async () => {
    const { tf } = await selectBackend('cpu')
    expect(() => fusedReluDense(tf, { name: 'dense_3', units: 4, activation: 'tanh' })).toThrow(/dense_3: the fused layer is for ReLU with a bias/)
    expect(() => fusedReluDense(tf, { name: 'dense_3', units: 4, activation: 'relu', useBias: false })).toThrow(/ReLU with a bias/)
  })
})
