import { describe, expect, it } from 'vitest'
import { imageRng, perturbImage, perturbedBatch, PROBE_PLAN, type Perturbation } from '../../../../../src/main/core/robustness/perturbations'
import { syntheticSet } from '../../../../support/synthetic'

const flat = (value: number): Float32Array => new Float32Array(784).fill(value)

function perturb(src: Float32Array, p: Perturbation, seed = 3, index = 0): Float32Array {
  const dst = new Float32Array(784)
  perturbImage(src, dst, p, imageRng(seed, p.perturbation, index))
  return dst
}

/** Row and column of each pixel above 0.5. */
function bright(image: Float32Array): [number, number][] {
  const found: [number, number][] = []
  image.forEach((v, i) => {
    if (v > 0.5) found.push([Math.floor(i / 28), i % 28])
  })
  return found
}

describe('perturbations', () => {
  it('give the same images for the same seed and others for another seed', () => {
    const set = syntheticSet(20, 4)
    for (const p of PROBE_PLAN) {
      expect(perturbedBatch(set, 0, 20, p, 7), `${p.perturbation} ${p.strength}`).toEqual(perturbedBatch(set, 0, 20, p, 7))
    }
    const noise = { perturbation: 'noise', strength: 0.1 } as const
    expect(perturbedBatch(set, 0, 20, noise, 7)).not.toEqual(perturbedBatch(set, 0, 20, noise, 8))
  })

  it('perturb an image the same way whatever the batch it comes in', () => {
    const set = syntheticSet(12, 5)
    for (const p of PROBE_PLAN) {
      expect(perturbedBatch(set, 4, 12, p, 7)).toEqual(perturbedBatch(set, 0, 12, p, 7).subarray(4 * 784))
    }
  })

  it('leave the clean set as pixel / 255', () => {
    const set = syntheticSet(3, 6)
    expect(perturbedBatch(set, 0, 3, null, 7)).toEqual(Float32Array.from(set.images, (v) => v / 255))
  })

  it('noise: adds Gaussian noise of the given σ, the same pattern scaled, clipped to 0..1', () => {
    const gray = flat(0.5)
    const weak = perturb(gray, { perturbation: 'noise', strength: 0.1 })
    const strong = perturb(gray, { perturbation: 'noise', strength: 0.2 })
    const deviations = Array.from(weak, (v) => v - 0.5)
    const mean = deviations.reduce((a, b) => a + b, 0) / 784
    const sd = Math.sqrt(deviations.reduce((a, b) => a + (b - mean) ** 2, 0) / 783)
    expect(Math.abs(mean)).toBeLessThan(0.02)
    expect(sd).toBeGreaterThan(0.09)
    expect(sd).toBeLessThan(0.11)
    // Where the stronger noise is not clipped, it is the weaker one doubled.
    weak.forEach((v, i) => {
      if (strong[i] > 0 && strong[i] < 1) expect(strong[i] - 0.5).toBeCloseTo(2 * (v - 0.5), 5)
    })
    const black = perturb(flat(0), { perturbation: 'noise', strength: 0.3 })
    expect(Math.min(...black)).toBe(0)
    expect(Math.max(...perturb(flat(1), { perturbation: 'noise', strength: 0.3 }))).toBe(1)
  })

  it('shift: moves the image by the given pixels up, down, left or right, the same way at every strength, filling with 0', () => {
    const directions = new Set<string>()
    for (let index = 0; index < 40; index++) {
      const dot = flat(0)
      dot[14 * 28 + 14] = 1
      const moves = [1, 2, 3].map((s) => {
        const [[r, c]] = bright(perturb(dot, { perturbation: 'shift', strength: s }, 3, index))
        expect(Math.abs(r - 14) + Math.abs(c - 14)).toBe(s)
        expect(r === 14 || c === 14).toBe(true)
        return [Math.sign(r - 14), Math.sign(c - 14)].join(',')
      })
      expect(new Set(moves).size).toBe(1)
      directions.add(moves[0])
    }
    expect(directions).toEqual(new Set(['-1,0', '1,0', '0,-1', '0,1']))
    // What moves out is gone; what moves in is black.
    const shifted = perturb(flat(1), { perturbation: 'shift', strength: 3 })
    expect(shifted.reduce((a, b) => a + b, 0)).toBe(784 - 3 * 28)
  })

  it('occlusion: blacks out one square of the given side inside the image', () => {
    for (const side of [4, 8, 12]) {
      for (let index = 0; index < 20; index++) {
        const out = perturb(flat(1), { perturbation: 'occlusion', strength: side }, 3, index)
        const dark = [...out.keys()].filter((i) => out[i] === 0).map((i) => [Math.floor(i / 28), i % 28])
        expect(dark).toHaveLength(side * side)
        const rows = dark.map(([r]) => r)
        const cols = dark.map(([, c]) => c)
        expect(Math.max(...rows) - Math.min(...rows)).toBe(side - 1)
        expect(Math.max(...cols) - Math.min(...cols)).toBe(side - 1)
      }
    }
  })

  it('contrast: moves pixels the given share of the way to the image mean, which stays', () => {
    const src = Float32Array.from({ length: 784 }, (_, i) => (i % 2 === 0 ? 0.9 : 0.1))
    const out = perturb(src, { perturbation: 'contrast', strength: 0.75 })
    expect(out.reduce((a, b) => a + b, 0) / 784).toBeCloseTo(0.5, 5)
    expect(out[0]).toBeCloseTo(0.5 + 0.25 * 0.4, 6)
    expect(out[1]).toBeCloseTo(0.5 - 0.25 * 0.4, 6)
  })
})
