import { describe, expect, it } from 'vitest'
import { toDatasetImage } from '../../../../src/renderer/src/lib/datasetImage'

/** A w×h RGBA image of one colour with a rectangle of another. */
function picture(w: number, h: number, bg: number, fg: number, rect: { x: number; y: number; w: number; h: number }): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(w * h * 4)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inside = x >= rect.x && x < rect.x + rect.w && y >= rect.y && y < rect.y + rect.h
      rgba.set([inside ? fg : bg, inside ? fg : bg, inside ? fg : bg, 255], (y * w + x) * 4)
    }
  }
  return rgba
}

function bounds(image: Uint8Array): { x0: number; x1: number; y0: number; y1: number } {
  let x0 = 28
  let x1 = -1
  let y0 = 28
  let y1 = -1
  image.forEach((v, i) => {
    if (v < 128) return
    x0 = Math.min(x0, i % 28)
    x1 = Math.max(x1, i % 28)
    y0 = Math.min(y0, Math.floor(i / 28))
    y1 = Math.max(y1, Math.floor(i / 28))
  })
  return { x0, x1, y0, y1 }
}

describe('toDatasetImage', () => {
  it('inverts a dark object on white paper, crops it and fits its longest side to 28, centred (Fashion-MNIST)', () => {
    // A 40×80 dark bar off-centre in a 200×200 white picture.
    const image = toDatasetImage(picture(200, 200, 255, 0, { x: 10, y: 30, w: 40, h: 80 }), 200, 200, 'fashion')
    expect(image).toHaveLength(784)
    expect(bounds(image)).toEqual({ x0: 7, x1: 20, y0: 0, y1: 27 })
    expect(image[0]).toBe(0)
  })

  it('fits the longest side to 20 and puts the centre of mass at the centre (MNIST)', () => {
    const image = toDatasetImage(picture(100, 100, 0, 255, { x: 60, y: 0, w: 20, h: 50 }), 100, 100, 'mnist')
    expect(bounds(image)).toEqual({ x0: 10, x1: 17, y0: 4, y1: 23 })
  })

  it('keeps a light object on black, grey paper becoming black and the object white', () => {
    const image = toDatasetImage(picture(50, 50, 40, 240, { x: 20, y: 15, w: 10, h: 20 }), 50, 50, 'fashion')
    expect(Math.min(...image.filter((_, i) => i % 28 === 14))).toBe(255)
    expect(image[0]).toBe(0)
  })

  it('gives a black image for a blank picture', () => {
    expect(toDatasetImage(picture(30, 30, 255, 255, { x: 0, y: 0, w: 0, h: 0 }), 30, 30, 'mnist').every((v) => v === 0)).toBe(true)
  })
})
