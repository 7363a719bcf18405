import { describe, expect, it } from 'vitest'
import { gatherBatch } from '../../../../../src/main/core/training/batches'

function set() {
  const images = new Uint8Array(3 * 784)
  images.fill(255, 0, 784)
  images.fill(51, 784, 2 * 784)
  images[2 * 784 + 5] = 102
  return { count: 3, images, labels: Uint8Array.from([7, 1, 4]) }
}

describe('gatherBatch', () => {
  it('takes rows in the given order and divides by 255 when normalizing', () => {
    const { x, y } = gatherBatch(set(), Int32Array.from([2, 0, 1]), 0, 2, true)
    expect(x).toHaveLength(2 * 784)
    expect(Array.from(y)).toEqual([4, 7])
    expect(x[5]).toBeCloseTo(0.4, 6)
    expect(x[0]).toBe(0)
    expect(x[784]).toBe(1)
  })

  it('keeps raw pixel values without normalization and reads in index order without an order', () => {
    const { x, y } = gatherBatch(set(), null, 1, 3, false)
    expect(Array.from(y)).toEqual([1, 4])
    expect(x[0]).toBe(51)
    expect(x[784 + 5]).toBe(102)
  })
})
