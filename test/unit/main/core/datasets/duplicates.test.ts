import { describe, expect, it } from 'vitest'
import { PIXELS } from '../../../../../src/shared/dataset'
import { findDuplicatedRows } from '../../../../../src/main/core/datasets/duplicates'
import { createRng } from '../../../../../src/main/core/util/rng'

/** Rows 0..5 random; row 6 copies row 1, row 7 copies row 1, row 8 is row 3 with one pixel changed. */
function setWithCopies(offset: number): { count: number; images: Uint8Array; labels: Uint8Array } {
  const count = 9
  const rng = createRng(5)
  const backing = new Uint8Array(offset + count * PIXELS)
  const images = backing.subarray(offset)
  for (let p = 0; p < 6 * PIXELS; p++) images[p] = Math.floor(rng() * 256)
  images.copyWithin(6 * PIXELS, 1 * PIXELS, 2 * PIXELS)
  images.copyWithin(7 * PIXELS, 1 * PIXELS, 2 * PIXELS)
  images.copyWithin(8 * PIXELS, 3 * PIXELS, 4 * PIXELS)
  images[8 * PIXELS + 400] ^= 0x80
  return { count, images, labels: new Uint8Array(count) }
}

describe('findDuplicatedRows', () => {
  it('flags every copy of a byte-identical image and nothing else', () => {
    expect(Array.from(findDuplicatedRows(setWithCopies(0)))).toEqual([0, 1, 0, 0, 0, 0, 1, 1, 0])
  })

  it('works on a view that is not 4-byte aligned', () => {
    expect(Array.from(findDuplicatedRows(setWithCopies(3)))).toEqual([0, 1, 0, 0, 0, 0, 1, 1, 0])
  })

  it('flags blank images that repeat', () => {
    const set = { count: 3, images: new Uint8Array(3 * PIXELS), labels: new Uint8Array(3) }
    set.images[2 * PIXELS] = 1
    expect(Array.from(findDuplicatedRows(set))).toEqual([1, 1, 0])
  })
})
