import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readDatasetFile } from '../../../../../src/main/core/datasets/readDatasetFile'
import { encodeIdxImages, encodeIdxLabels } from '../../../../../src/main/core/datasets/writers'
import { datasetError, makeSet, tempDir } from './helpers'

let tmp: Awaited<ReturnType<typeof tempDir>>
beforeAll(async () => {
  tmp = await tempDir()
})
afterAll(() => tmp.cleanup())

function header(magic: number, ...dims: number[]): Buffer {
  const b = Buffer.alloc(4 + 4 * dims.length)
  b.writeUInt32BE(magic, 0)
  dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i))
  return b
}

describe('IDX images and labels', () => {
  const set = makeSet(25, 7)

  it.each([
    ['raw', (b: Buffer) => b],
    ['gzip', (b: Buffer) => gzipSync(b)]
  ])('round-trips %s files written by the encoders', async (_name, wrap) => {
    const images = await readDatasetFile(await tmp.file(`rt-images-${_name}`, wrap(encodeIdxImages(set.images, set.count))))
    const labels = await readDatasetFile(await tmp.file(`rt-labels-${_name}`, wrap(encodeIdxLabels(set.labels))))
    expect(images.kind).toBe('images')
    expect(labels.kind).toBe('labels')
    if (images.kind !== 'images' || labels.kind !== 'labels') return
    expect(images.count).toBe(25)
    expect(images.images).toEqual(set.images)
    expect(images.images.byteOffset).toBe(0)
    expect(images.images.buffer.byteLength).toBe(25 * 784)
    expect(labels.count).toBe(25)
    expect(labels.labels).toEqual(set.labels)
  })

  it('rejects a wrong magic number at byte offset 0', async () => {
    const bad = Buffer.from(encodeIdxImages(set.images, set.count))
    bad[2] = 0x0d
    const file = await tmp.file('float-images.idx', bad)
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toBe(
      `${file}: byte offset 0: wrong magic number 0x00000d03 (expected 0x00000803 for images or 0x00000801 for labels, unsigned bytes)`
    )
  })

  it('rejects images that are not 28x28', async () => {
    const file = await tmp.file('cifar-ish', Buffer.concat([header(0x803, 2, 32, 32), Buffer.alloc(2 * 32 * 32)]))
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toBe(`${file}: byte offset 8: images are 32x32 pixels; only 28x28 is supported`)
  })

  it('rejects a raw header that claims more images than the file holds, before allocating', async () => {
    // 0xffffffff images would need 3.3 TB: the claim must be refused by size, not by running out of memory.
    const file = await tmp.file('liar-images', Buffer.concat([header(0x803, 0xffffffff, 28, 28), Buffer.alloc(784 * 3)]))
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toBe(
      `${file}: byte offset 4: header claims 4294967295 images (${0xffffffff * 784} bytes of data) but the file holds only 2352 bytes after the header`
    )
  })

  it('rejects a gzipped header that claims more than the file holds', async () => {
    const file = await tmp.file('short-images.gz', gzipSync(Buffer.concat([header(0x803, 10, 28, 28), Buffer.alloc(784 * 9)])))
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toBe(
      `${file}: byte offset 4 after decompression: header claims 10 images (7840 bytes of data) but the file holds only 7056 bytes after the header`
    )
  })

  it('rejects a gzipped header whose claim exceeds the decompression limit before reading on', async () => {
    const file = await tmp.file('huge-claim.gz', gzipSync(Buffer.concat([header(0x803, 0xffffffff, 28, 28), Buffer.alloc(784)])))
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toMatch(new RegExp(`^${file}: byte offset 4 after decompression: header claims 4294967295 images .* more than the decompressed size limit of 512 MiB$`))
  })

  it.each([
    ['raw', (b: Buffer) => b, 'byte offset 7856'],
    ['gzip', (b: Buffer) => gzipSync(b), 'byte offset 7856 after decompression']
  ])('rejects %s data beyond what the header declares', async (name, wrap, location) => {
    const file = await tmp.file(`long-images-${name}`, wrap(Buffer.concat([header(0x803, 10, 28, 28), Buffer.alloc(784 * 10 + 5)])))
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toContain(`${file}: ${location}: `)
    expect(err.message).toMatch(/more data than the 10 images|5 bytes after the 10 images/)
  })

  it('rejects a label outside 0..99 with its byte offset', async () => {
    const labels = Uint8Array.from([0, 1, 2, 3, 100, 5])
    const file = await tmp.file('bad-labels.gz', gzipSync(encodeIdxLabels(labels)))
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toBe(`${file}: byte offset 12 after decompression: label 100 outside 0..99 (at most 100 classes)`)
  })

  it('rejects a file that ends inside the header', async () => {
    const file = await tmp.file('stub-images', header(0x803, 1, 28))
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toBe(`${file}: byte offset 12: file ends inside the 16-byte IDX images header`)
  })

  it('rejects a file that ends inside the magic number', async () => {
    const file = await tmp.file('stub-magic', Buffer.from([0, 0, 8]))
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toBe(`${file}: byte offset 3: file ends inside the 4-byte IDX magic number`)
  })

  it('rejects a header declaring no items', async () => {
    const file = await tmp.file('zero-labels', header(0x801, 0))
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toBe(`${file}: byte offset 4: header declares 0 labels`)
  })
})
