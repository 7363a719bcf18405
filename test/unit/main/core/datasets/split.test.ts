import { describe, expect, it } from 'vitest'
import { PIXELS } from '../../../../../src/shared/dataset'
import { UserError } from '../../../../../src/shared/errors'
import { allocateProportionally, gatherImageSet, stratifiedHoldout } from '../../../../../src/main/core/datasets/split'

/** Labels with the given number of examples per class, interleaved so classes are not contiguous. */
function labelsWithSizes(sizes: number[]): Uint8Array {
  const labels: number[] = []
  for (let round = 0; labels.length < sizes.reduce((a, b) => a + b, 0); round++) {
    sizes.forEach((size, label) => {
      if (round < size) labels.push(label)
    })
  }
  return Uint8Array.from(labels)
}

function perClass(labels: Uint8Array, indices: Uint32Array): number[] {
  const counts = new Array<number>(10).fill(0)
  for (const i of indices) counts[labels[i]]++
  return counts
}

describe('allocateProportionally', () => {
  it('sums exactly to the total and follows the class sizes', () => {
    expect(allocateProportionally([7000, 7000, 7000], 3000)).toEqual([1000, 1000, 1000])
    expect(allocateProportionally([1, 1, 1], 2)).toEqual([1, 1, 0])
    expect(allocateProportionally([10, 20, 30, 40], 7)).toEqual([1, 1, 2, 3])
    expect(allocateProportionally([0, 5], 3)).toEqual([0, 3])
    expect(allocateProportionally([0, 0], 0)).toEqual([0, 0])
  })
})

describe('stratifiedHoldout', () => {
  const sizes = [50, 30, 20, 10, 1, 0, 7, 13, 40, 29]
  const labels = labelsWithSizes(sizes)

  it('holds out an exact total, proportional per class, and partitions the indices in ascending order', () => {
    const { keep, holdout } = stratifiedHoldout(labels, 0.2, 1)
    expect(holdout.length).toBe(Math.round(0.2 * labels.length))
    expect(keep.length + holdout.length).toBe(labels.length)
    expect(perClass(labels, holdout)).toEqual(allocateProportionally(sizes, holdout.length))
    expect(perClass(labels, holdout)[0]).toBe(10)
    const all = [...keep, ...holdout].sort((a, b) => a - b)
    expect(all).toEqual(Array.from({ length: labels.length }, (_, i) => i))
    for (const part of [keep, holdout]) {
      for (let k = 1; k < part.length; k++) expect(part[k]).toBeGreaterThan(part[k - 1])
    }
  })

  it('takes a whole number of at least 1 as a count', () => {
    const { keep, holdout } = stratifiedHoldout(labels, 40, 3)
    expect(holdout.length).toBe(40)
    expect(keep.length).toBe(labels.length - 40)
    expect(perClass(labels, holdout)).toEqual(allocateProportionally(sizes, 40))
  })

  it('is deterministic for a seed and differs across seeds', () => {
    const a = stratifiedHoldout(labels, 0.25, 42)
    const b = stratifiedHoldout(labels, 0.25, 42)
    const c = stratifiedHoldout(labels, 0.25, 43)
    expect(a.holdout).toEqual(b.holdout)
    expect(a.keep).toEqual(b.keep)
    expect(c.holdout).not.toEqual(a.holdout)
    expect(perClass(labels, c.holdout)).toEqual(perClass(labels, a.holdout))
  })

  it('holds out nothing for 0', () => {
    const { keep, holdout } = stratifiedHoldout(labels, 0, 1)
    expect(holdout.length).toBe(0)
    expect(keep.length).toBe(labels.length)
  })

  it('rejects invalid hold-outs with a UserError', () => {
    for (const bad of [-0.1, Number.NaN, Infinity, 2.5, labels.length + 1]) {
      expect(() => stratifiedHoldout(labels, bad, 1)).toThrow(UserError)
    }
    expect(() => stratifiedHoldout(labels, 2.5, 1)).toThrow(/whole number/)
  })
})

describe('gatherImageSet', () => {
  it('copies the chosen rows and labels in the order given', () => {
    const count = 5
    const images = new Uint8Array(count * PIXELS)
    for (let i = 0; i < count; i++) images.fill(10 + i, i * PIXELS, (i + 1) * PIXELS)
    const set = { count, images, labels: Uint8Array.from([0, 1, 2, 3, 4]) }
    const picked = gatherImageSet(set, Uint32Array.from([4, 0, 2]))
    expect(picked.count).toBe(3)
    expect(Array.from(picked.labels)).toEqual([4, 0, 2])
    expect(picked.images.length).toBe(3 * PIXELS)
    expect(picked.images[0]).toBe(14)
    expect(picked.images[PIXELS - 1]).toBe(14)
    expect(picked.images[PIXELS]).toBe(10)
    expect(picked.images[3 * PIXELS - 1]).toBe(12)
    picked.images[0] = 0
    expect(images[4 * PIXELS]).toBe(14)
  })

  it('rejects an index outside the set', () => {
    const set = { count: 1, images: new Uint8Array(PIXELS), labels: new Uint8Array(1) }
    expect(() => gatherImageSet(set, Uint32Array.from([1]))).toThrow(RangeError)
  })
})
