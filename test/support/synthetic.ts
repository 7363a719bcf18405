import type { ImageSet } from '../../src/main/core/datasets/types'
import type { ModelSpec } from '../../src/shared/spec'
import { createRng } from '../../src/main/core/util/rng'

/**
 * A learnable set of 28x28 uint8 images (10 classes unless asked; labels cycle 0..K-1): class c is
 * a bright 6x6 block at its own place, shifted by up to a pixel, on sparse noise inside the central
 * 20x20 area; up to 12 classes on a 4x3 grid, more on a 8-wide grid of 2-pixel steps with the block's
 * brightness telling rows of the same column apart. The 4-pixel border stays 0, as in Fashion-MNIST.
 */
export function syntheticSet(count: number, seed: number, classes = 10): ImageSet {
  const rng = createRng(seed)
  const images = new Uint8Array(count * 784)
  const labels = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    const label = i % classes
    labels[i] = label
    const image = images.subarray(i * 784, (i + 1) * 784)
    for (let r = 4; r < 24; r++) for (let c = 4; c < 24; c++) if (rng() < 0.1) image[r * 28 + c] = Math.floor(rng() * 100)
    const fine = classes > 12
    const top = (fine ? 4 + 2 * (Math.floor(label / 8) % 8) : 4 + 7 * Math.floor(label / 4)) + Math.floor(rng() * 3) - 1
    const left = (fine ? 4 + 2 * (label % 8) : 4 + 5 * (label % 4)) + Math.floor(rng() * 3) - 1
    const level = fine ? 120 + 20 * Math.floor(label / 8) + Math.floor(rng() * 16) : 150 + Math.floor(rng() * 106)
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
