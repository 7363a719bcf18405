/**
 * The image perturbations of the robustness probes, on 0..1 pixels. Each image draws its random
 * choices from its own generator, seeded by the probe seed, the perturbation and the image's index,
 * so a probe gives the same images whatever the batching, every run of a study sees the same
 * perturbed test set, and a stronger setting perturbs an image the same way, only more (the same
 * noise pattern scaled, the same shift direction, the same patch position).
 */
import { IMAGE_SIDE, PIXELS } from '../../../shared/dataset'
import type { PerturbationName } from '../../../shared/robustness'
import type { ImageSet } from '../datasets/types'
import { createRng } from '../util/rng'

export interface Perturbation {
  perturbation: PerturbationName
  strength: number
}

/** The strengths each probe measures (strength 0, the clean set, comes on top). */
export const PROBE_PLAN: readonly Perturbation[] = [
  ...[0.05, 0.1, 0.2, 0.3].map((strength) => ({ perturbation: 'noise' as const, strength })),
  ...[1, 2, 3].map((strength) => ({ perturbation: 'shift' as const, strength })),
  ...[4, 8, 12].map((strength) => ({ perturbation: 'occlusion' as const, strength })),
  ...[0.25, 0.5, 0.75].map((strength) => ({ perturbation: 'contrast' as const, strength }))
]

export const PERTURBATIONS: readonly PerturbationName[] = ['noise', 'shift', 'occlusion', 'contrast']

/** Up, down, left, right: a shift moves the whole image by `strength` pixels one of these ways. */
const DIRECTIONS: readonly [number, number][] = [[-1, 0], [1, 0], [0, -1], [0, 1]]

/** The generator of one image under one perturbation: independent of the strength and of the other images. */
export function imageRng(seed: number, perturbation: PerturbationName, index: number): () => number {
  const kind = PERTURBATIONS.indexOf(perturbation) + 1
  return createRng(Math.imul(seed ^ Math.imul(kind, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35))
}

/** A standard normal draw (Box-Muller; 1 - u keeps the logarithm finite). */
function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())
}

/** Writes the perturbed copy of the 0..1 image `src` into `dst` (both 784 long). */
export function perturbImage(src: Float32Array, dst: Float32Array, p: Perturbation, rng: () => number): void {
  switch (p.perturbation) {
    case 'noise':
      // Clipped, as a real image cannot leave the range the model was trained on.
      for (let i = 0; i < PIXELS; i++) dst[i] = Math.min(1, Math.max(0, src[i] + p.strength * gaussian(rng)))
      return
    case 'shift': {
      const [dy, dx] = DIRECTIONS[Math.floor(rng() * DIRECTIONS.length)].map((d) => d * p.strength)
      dst.fill(0)
      for (let r = 0; r < IMAGE_SIDE; r++) {
        const from = r - dy
        if (from < 0 || from >= IMAGE_SIDE) continue
        for (let c = 0; c < IMAGE_SIDE; c++) {
          const fromC = c - dx
          if (fromC >= 0 && fromC < IMAGE_SIDE) dst[r * IMAGE_SIDE + c] = src[from * IMAGE_SIDE + fromC]
        }
      }
      return
    }
    case 'occlusion': {
      // The square lies wholly inside the image; the same draws place larger squares proportionally.
      const side = Math.min(p.strength, IMAGE_SIDE)
      const top = Math.floor(rng() * (IMAGE_SIDE - side + 1))
      const left = Math.floor(rng() * (IMAGE_SIDE - side + 1))
      dst.set(src)
      for (let r = top; r < top + side; r++) dst.fill(0, r * IMAGE_SIDE + left, r * IMAGE_SIDE + left + side)
      return
    }
    case 'contrast': {
      let mean = 0
      for (let i = 0; i < PIXELS; i++) mean += src[i]
      mean /= PIXELS
      const keep = 1 - p.strength
      for (let i = 0; i < PIXELS; i++) dst[i] = mean + keep * (src[i] - mean)
      return
    }
  }
}

/** Images start..end of `set` as 0..1 model inputs, perturbed by `p` (or clean when p is null). */
export function perturbedBatch(set: ImageSet, start: number, end: number, p: Perturbation | null, seed: number): Float32Array {
  const out = new Float32Array((end - start) * PIXELS)
  const clean = new Float32Array(PIXELS)
  for (let index = start; index < end; index++) {
    const from = index * PIXELS
    for (let i = 0; i < PIXELS; i++) clean[i] = set.images[from + i] / 255
    const dst = out.subarray((index - start) * PIXELS, (index - start + 1) * PIXELS)
    if (p) perturbImage(clean, dst, p, imageRng(seed, p.perturbation, index))
    else dst.set(clean)
  }
  return out
}
