import { describe, expect, it } from 'vitest'
import { decodePixels, grayToRgba, pixelRows } from '../../../../src/renderer/src/lib/images'

describe('images', () => {
  it('decodes the 784 bytes of an image from base64', () => {
    const bytes = Uint8Array.from({ length: 784 }, (_, i) => (i * 7) % 256)
    const decoded = decodePixels(Buffer.from(bytes).toString('base64'))
    expect(Array.from(decoded)).toEqual(Array.from(bytes))
  })

  it('refuses a payload of the wrong size', () => {
    expect(() => decodePixels(Buffer.from([1, 2, 3]).toString('base64'))).toThrow(/784 bytes, got 3/)
  })

  it('turns gray values into opaque RGBA, rounding fractional means', () => {
    expect(Array.from(grayToRgba([0, 127.6, 255]))).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255])
  })

  it('splits an image into rows like a (28, 28) array', () => {
    const pixels = Array.from({ length: 784 }, (_, i) => i % 256)
    const rows = pixelRows(pixels)
    expect(rows).toHaveLength(28)
    expect(rows.every((r) => r.length === 28)).toBe(true)
    expect(rows[1][0]).toBe(28)
    expect(rows[27][27]).toBe(783 % 256)
  })
})
