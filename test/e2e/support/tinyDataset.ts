/** A tiny learnable dataset as Kaggle-style CSV files: each class lights a band of rows of its own. */
import { PIXELS } from '../../../src/shared/dataset'
import { encodeCsv } from '../../../src/main/core/datasets/writers'
import { getPreset } from '../../../src/shared/presets'
import type { ModelSpec } from '../../../src/shared/spec'

export function tinyCsv(perClass: number, salt = 0): Buffer {
  const count = perClass * 10
  const images = new Uint8Array(count * PIXELS)
  const labels = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    const label = i % 10
    labels[i] = label
    for (let p = 0; p < PIXELS; p++) {
      const band = Math.floor(p / 28 / 2.8) === label
      images[i * PIXELS + p] = band ? 200 + ((i + p + salt) % 56) : (i * 7 + p * 3 + salt) % 40
    }
  }
  return encodeCsv({ count, images, labels })
}

/** The seed preset's baseline, shrunk to one small hidden layer and one epoch. */
export function quickSpec(): ModelSpec {
  const base = getPreset('seed')[0]
  return {
    ...base,
    name: 'quick',
    layers: [{ type: 'dense', units: 8, activation: 'relu' }, base.layers[base.layers.length - 1]],
    epochs: 1,
    batchSize: 16
  }
}
