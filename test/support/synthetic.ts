import type { ImageSet } from '../../src/main/core/datasets/types'
import type { ModelSpec } from '../../src/shared/spec'
import { createRng } from '../../src/main/core/util/rng'

/**
 * A learnable 10-class set of 28x28 uint8 images: class c is a bright 6x6 block at its own place
 * on a 4x3 grid, shifted by up to a pixel, on sparse noise inside the central 20x20 area. The
 * 4-pixel border outside the blocks stays 0, as in Fashion-MNIST.
 */
export function syntheticSet(count: number, seed: number): ImageSet {
  const rng = createRng(seed)
  const images = new Uint8Array(count * 784)
  const labels = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    const label = i % 10
    labels[i] = label
    const image = images.subarray(i * 784, (i + 1) * 784)
    for (let r = 4; r < 24; r++) for (let c = 4; c < 24; c++) if (rng() < 0.1) image[r * 28 + c] = Math.floor(rng() * 100)
    const top = 4 + 7 * Math.floor(label / 4) + Math.floor(rng() * 3) - 1
    const left = 4 + 5 * (label % 4) + Math.floor(rng() * 3) - 1
    const level = 150 + Math.floor(rng() * 106)
    for (let r = top; r < top + 6; r++) for (let c = left; c < left + 6; c++) image[r * 28 + c] = level
  }
  return { count, images, labels }
}

export function smallSpec(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return {
    name: 'small',
    layers: [
      { type: 'dense', units: 32, activation: 'relu' },
      { type: 'dense', units: 10, activation: 'softmax' }
    ],
    optimizer: { name: 'rmsprop', learningRate: 0.001 },
    loss: 'sparseCategoricalCrossentropy',
    epochs: 3,
    batchSize: 32,
    validationSplit: 0.2,
    seed: 42,
    normalize: true,
    ...overrides
  }
}
