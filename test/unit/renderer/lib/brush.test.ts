import { describe, expect, it } from 'vitest'
import { BRUSH_SIZES, renderDrawing } from '../../../../src/renderer/src/lib/brush'

describe('renderDrawing', () => {
  it('paints a white stroke with soft edges on black, like the dataset', () => {
    const image = renderDrawing(null, [{ points: [{ x: 5, y: 14 }, { x: 23, y: 14 }], radius: BRUSH_SIZES[0].radius }])
    const row = (r: number): number[] => Array.from(image.slice(r * 28, r * 28 + 28))
    // The middle row is white along the stroke, black beyond its ends.
    expect(row(13).slice(6, 22).every((v) => v === 255)).toBe(true)
    expect(row(13)[0]).toBe(0)
    // Soft edge: rows beside the stroke are grey, neither black nor white; far rows stay black.
    const edge = row(11)[14]
    expect(edge).toBeGreaterThan(0)
    expect(edge).toBeLessThan(255)
    expect(row(5).every((v) => v === 0)).toBe(true)
  })

  it('paints strokes over a dropped image, keeping the brighter value', () => {
    const base = new Uint8Array(784).fill(100)
    const image = renderDrawing(base, [{ points: [{ x: 14, y: 14 }], radius: 2 }])
    expect(image[0]).toBe(100)
    expect(image[13 * 28 + 13]).toBe(255)
  })
})
