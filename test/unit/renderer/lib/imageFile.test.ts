import { describe, expect, it } from 'vitest'
import { checkImageFile, MAX_IMAGE_BYTES } from '../../../../src/renderer/src/lib/imageFile'

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)))
const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
const le32 = (n: number): number[] => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255]
const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const chunk = (type: string, length: number): (number[] | string)[] => [u32(length), type, new Array(length + 4).fill(0)]

/** A GIF with `frames` image blocks, no colour tables, each with one empty data sub-block. */
function gif(frames: number): Uint8Array {
  const frame = [0x21, 0xf9, 4, 0, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 1, 0, 0]
  return bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0], ...Array.from({ length: frames }, () => frame), [0x3b])
}

describe('checkImageFile', () => {
  it('accepts still PNG, JPEG, GIF and WebP images', () => {
    expect(checkImageFile('a.png', 100, bytes(PNG_SIG, ...chunk('IHDR', 13), ...chunk('IDAT', 4)))).toEqual({ ok: true, kind: 'PNG' })
    expect(checkImageFile('a.jpg', 100, bytes([0xff, 0xd8, 0xff, 0xe0]))).toEqual({ ok: true, kind: 'JPEG' })
    expect(checkImageFile('a.gif', 100, gif(1))).toEqual({ ok: true, kind: 'GIF' })
    expect(checkImageFile('a.webp', 100, bytes('RIFF', le32(20), 'WEBP', 'VP8 ', le32(4), [0, 0, 0, 0]))).toEqual({ ok: true, kind: 'WebP' })
  })

  it('refuses animated images in one line naming the file', () => {
    expect(checkImageFile('a.png', 100, bytes(PNG_SIG, ...chunk('IHDR', 13), ...chunk('acTL', 8), ...chunk('IDAT', 4)))).toEqual({
      ok: false,
      problem: 'a.png is an animated PNG (APNG); drop a still image'
    })
    expect(checkImageFile('b.gif', 100, gif(2))).toEqual({ ok: false, problem: 'b.gif is an animated GIF; drop a still image' })
    const vp8x = bytes('RIFF', le32(30), 'WEBP', 'VP8X', le32(10), [0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    expect(checkImageFile('c.webp', 100, vp8x)).toEqual({ ok: false, problem: 'c.webp is an animated WebP; drop a still image' })
  })

  it('refuses what is not an image, and a file over 20 MB by its size alone', () => {
    expect(checkImageFile('notes.txt', 5, bytes('hello'))).toEqual({ ok: false, problem: 'notes.txt is not a PNG, JPEG, GIF or WebP image' })
    expect(checkImageFile('big.png', MAX_IMAGE_BYTES + 1, new Uint8Array())).toEqual({ ok: false, problem: 'big.png is 20.0 MB; images up to 20 MB can be tried' })
  })
})
