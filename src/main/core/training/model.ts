import type * as tfjs from '@tensorflow/tfjs'
import type { ModelSpec } from '../../../shared/spec'
import { createRng } from '../util/rng'
import { fusedReluDense, type DenseArgs } from './fusedReluDense'
import { seededDropout } from './seededDropout'

type Tf = typeof tfjs

export const INPUT_SIZE = 784

/** A 31-bit integer seed, the form tfjs initializers and dropout accept. */
function nextSeed(rng: () => number): number {
  return Math.floor(rng() * 0x7fffffff)
}

/** A dense layer's kernel and the strengths of its L1/L2 regularizer, for the trainer's penalty. */
export interface RegularizedKernel {
  kernel: tfjs.LayerVariable
  l1: number
  l2: number
}

/** The network, and the kernels whose regularizer penalties the training loss adds, in layer order. */
export interface BuiltModel {
  model: tfjs.Sequential
  regularized: RegularizedKernel[]
}

/**
 * Build the spec's dense network (input 784). Every random choice is seeded from spec.seed, so
 * the same spec gives the same initial weights. Layers are named dense_1, dropout_1, ... in order
 * so names match across variants and runs.
 */
export function createModel(tf: Tf, spec: ModelSpec): BuiltModel {
  const rng = createRng(spec.seed)
  const model = tf.sequential()
  const regularized: RegularizedKernel[] = []
  let dense = 0
  let dropout = 0
  for (const layer of spec.layers) {
    const first = model.layers.length === 0 ? { inputShape: [INPUT_SIZE] } : {}
    if (layer.type === 'dense') {
      dense += 1
      const l1 = layer.l1 ?? 0
      const l2 = layer.l2 ?? 0
      const penalized = l1 !== 0 || l2 !== 0
      const args: DenseArgs = {
        ...first,
        name: `dense_${dense}`,
        units: layer.units,
        activation: layer.activation,
        kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed(rng) }),
        biasInitializer: 'zeros',
        // Same penalty as Keras: l1 * sum(|w|) + l2 * sum(w^2), on the kernel only. The trainer
        // computes it from `regularized`; the regularizer on the layer keeps it in the saved model.
        kernelRegularizer: penalized ? tf.regularizers.l1l2({ l1, l2 }) : undefined
      }
      // ReLU layers (the hidden ones) train on a fused product and backward pass; both save as 'Dense'.
      const added = layer.activation === 'relu' ? fusedReluDense(tf, args) : tf.layers.dense(args)
      model.add(added)
      if (penalized) {
        // Sequential.add has built the layer (its input shape is known), so its kernel exists.
        const kernel = added.trainableWeights.find((w) => w.originalName.endsWith('/kernel'))
        if (!kernel) throw new Error(`${added.name} has no kernel to regularize`)
        regularized.push({ kernel, l1, l2 })
      }
    } else {
      dropout += 1
      model.add(seededDropout(tf, { ...first, name: `dropout_${dropout}`, rate: layer.rate, seed: nextSeed(rng) }))
    }
  }
  return { model, regularized }
}

/**
 * Give every dropout layer a fresh seed. tfjs rebuilds its generator from the layer's seed on each
 * call, so a seed that never changes would drop the same units in every batch; the trainer calls
 * this before each step with its own seeded generator, which keeps runs reproducible.
 */
export function reseedDropout(model: tfjs.LayersModel, rng: () => number): void {
  for (const layer of model.layers) {
    if (layer.getClassName() === 'Dropout') (layer as unknown as { seed: number }).seed = nextSeed(rng)
  }
}
