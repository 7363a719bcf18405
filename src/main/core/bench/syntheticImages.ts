/** Random uint8 images with cycling labels: what the benchmarks train on when timing, not learning, matters. */
import { PIXELS } from '../../../shared/dataset'
import type { ImageSet } from '../datasets/types'
import { createRng } from '../util/rng'

export function syntheticImages(count: number, seed: number): ImageSet {
  const rng = createRng(seed)
  const images = new Uint8Array(count * PIXELS)
  for (let i = 0; i < images.length; i++) images[i] = (rng() * 256) | 0
  const labels = new Uint8Array(count)
  for (let i = 0; i < count; i++) labels[i] = i % 10
  return { count, images, labels }
}
