import { describe, expect, it } from 'vitest'
import { encodeCsv, encodeIdxImages, encodeIdxLabels } from '../../../../../src/main/core/datasets/writers'

describe('writers', () => {
  const images = new Uint8Array(2 * 784).map((_, i) => [0, 7, 42, 255][i % 4])
  const labels = Uint8Array.from([9, 0])

  it('writes the IDX images header then the pixels', () => {
    const out = encodeIdxImages(images, 2)
    expect(Array.from(out.subarray(0, 16))).toEqual([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28])
    expect(Buffer.compare(out.subarray(16), images)).toBe(0)
    expect(() => encodeIdxImages(images, 3)).toThrow(RangeError)
  })

  it('writes the IDX labels header then the labels', () => {
    expect(Array.from(encodeIdxLabels(labels))).toEqual([0, 0, 8, 1, 0, 0, 0, 2, 9, 0])
  })

  it('writes Kaggle-style CSV with a header by default', () => {
    const lines = encodeCsv({ count: 2, images, labels }).toString('latin1').split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[0].split(',')).toHaveLength(785)
    expect(lines[0].startsWith('label,pixel1,pixel2,')).toBe(true)
    expect(lines[0].endsWith(',pixel784')).toBe(true)
    expect(lines[1].startsWith('9,0,7,42,255,0,')).toBe(true)
    expect(lines[1].split(',')).toHaveLength(785)
    expect(lines[2].startsWith('0,0,7,42,255,')).toBe(true)
    expect(lines[3]).toBe('')
  })

  it('writes CRLF and no header when asked', () => {
    const csv = encodeCsv({ count: 2, images, labels }, { header: false, crlf: true }).toString('latin1')
    expect(csv.startsWith('9,0,7,42,255,')).toBe(true)
    expect(csv.split('\r\n')).toHaveLength(3)
    expect(csv.endsWith('255\r\n')).toBe(true)
  })
})
