import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { detectContent } from '../../../../../src/main/core/datasets/detect'
import { readDatasetFile } from '../../../../../src/main/core/datasets/readDatasetFile'
import { encodeCsv, encodeIdxImages, encodeIdxLabels } from '../../../../../src/main/core/datasets/writers'
import { datasetError, datasetErrorSync, makeSet, tempDir } from './helpers'

let tmp: Awaited<ReturnType<typeof tempDir>>
beforeAll(async () => {
  tmp = await tempDir()
})
afterAll(() => tmp.cleanup())

const bytes = (...b: number[]) => Uint8Array.from(b)

describe('content detection', () => {
  it('tells IDX images, IDX labels and CSV apart from the first bytes', () => {
    expect(detectContent(bytes(0, 0, 8, 3, 0), 'f', false)).toBe('idx-images')
    expect(detectContent(bytes(0, 0, 8, 1), 'f', false)).toBe('idx-labels')
    expect(detectContent(Buffer.from('label,pixel1'), 'f', false)).toBe('csv')
    expect(detectContent(Buffer.from('7,0,0'), 'f', false)).toBe('csv')
    expect(detectContent(Buffer.from('\ufeff"label"'), 'f', false)).toBe('csv')
  })

  it('names the leading bytes of content it does not recognise', () => {
    const err = datasetErrorSync(() => detectContent(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d), 'photo.png', false))
    expect(err.message).toMatch(/^photo\.png: byte offset 0: unrecognised content \(starts with 89 50 4e 47\): expected gzip/)
  })

  it('goes by content, not by file name', async () => {
    const set = makeSet(3, 4)
    const labelsNamedCsv = await readDatasetFile(await tmp.file('train.csv', encodeIdxLabels(set.labels)))
    expect(labelsNamedCsv.kind).toBe('labels')
    const csvNamedIdx = await readDatasetFile(await tmp.file('t10k-images-idx3-ubyte', encodeCsv(set)))
    expect(csvNamedIdx.kind).toBe('csv')
    const gzNamedRaw = await readDatasetFile(await tmp.file('images.bin', gzipSync(encodeIdxImages(set.images, 3))))
    expect(gzNamedRaw.kind).toBe('images')
  })

  it('rejects an unknown format inside gzip with a decompressed offset', async () => {
    const file = await tmp.file('weird.gz', gzipSync(Buffer.from('\x01\x02\x03\x04')))
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toMatch(new RegExp(`^${file}: byte offset 0 after decompression: unrecognised content \\(starts with 01 02 03 04\\)`))
  })
})
