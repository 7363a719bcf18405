import { describe, expect, it } from 'vitest'
import { pairFiles } from '../../../../../src/main/core/datasets/pairFiles'
import type { ParsedFile } from '../../../../../src/main/core/datasets/readDatasetFile'
import { datasetErrorSync } from './helpers'

const images = (file: string, count: number): ParsedFile => ({ file, md5: `md5:${file}`, compressed: false, kind: 'images', count, images: new Uint8Array(count * 784) })
const labels = (file: string, count: number): ParsedFile => ({ file, md5: null, compressed: true, kind: 'labels', count, labels: new Uint8Array(count) })

describe('pairFiles', () => {
  it('pairs by count, then by name, using pairs settled by name to settle the rest', () => {
    const sets = pairFiles([images('imgs-a', 10), labels('labels-x', 10), images('train-images', 10), labels('train-labels', 10), images('big', 20), labels('lab', 20)])
    const byImages = new Map(sets.map((s) => [s.files[0], s.files[1]]))
    expect(byImages.get('train-images')).toBe('train-labels')
    expect(byImages.get('imgs-a')).toBe('labels-x')
    expect(byImages.get('big')).toBe('lab')
    const a = sets.find((s) => s.files[0] === 'imgs-a')
    expect(a?.md5s).toEqual(['md5:imgs-a', null])
    expect(a?.labelAt(2)).toEqual({ file: 'labels-x', place: 'byte offset 10 after decompression' })
  })

  it('uses the train/test hint when the names differ otherwise', () => {
    const sets = pairFiles([images('x-train-img', 10), images('x-test-img', 10), labels('y-test-lab', 10), labels('y-train-lab', 10)])
    expect(sets.map((s) => s.files)).toEqual(
      expect.arrayContaining([
        ['x-train-img', 'y-train-lab'],
        ['x-test-img', 'y-test-lab']
      ])
    )
  })

  it('keeps each CSV file as a set of its own', () => {
    const csv: ParsedFile = { file: 'a.csv', md5: null, compressed: false, kind: 'csv', set: { count: 1, images: new Uint8Array(784), labels: new Uint8Array(1) } }
    expect(pairFiles([csv]).map((s) => [s.kind, s.files])).toEqual([['csv', ['a.csv']]])
  })

  it('rejects labels left without images', () => {
    const err = datasetErrorSync(() => pairFiles([images('i', 3), labels('l', 3), labels('extra', 4)]))
    expect(err.message).toMatch(/^extra: byte offset 4: 4 labels, but no images file holds 4 images to go with them$/)
  })

  it('counts a single image or label in the singular', () => {
    expect(datasetErrorSync(() => pairFiles([images('i', 2), labels('l', 2), labels('one', 1)])).message).toBe(
      'one: byte offset 4: 1 label, but no images file holds 1 image to go with them'
    )
    expect(datasetErrorSync(() => pairFiles([images('one', 1), labels('l', 2)])).message).toBe(
      'one: byte offset 4: 1 image, but no labels file holds 1 label (labels files given: l (2 labels))'
    )
    expect(datasetErrorSync(() => pairFiles([images('one', 1), labels('l1', 1), labels('l2', 1)])).message).toBe(
      'one: byte offset 4: cannot tell which labels file goes with this image: l1, l2 all hold 1 label'
    )
  })
})
