import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isGzip } from '../../../../../src/main/core/datasets/gunzip'
import { readDatasetFile } from '../../../../../src/main/core/datasets/readDatasetFile'
import { encodeCsv, encodeIdxImages } from '../../../../../src/main/core/datasets/writers'
import { datasetError, makeSet, tempDir } from './helpers'

let tmp: Awaited<ReturnType<typeof tempDir>>
beforeAll(async () => {
  tmp = await tempDir()
})
afterAll(() => tmp.cleanup())

describe('gzip handling', () => {
  const gz = gzipSync(encodeIdxImages(makeSet(40, 3).images, 40))

  it('recognises gzip by its magic bytes only', () => {
    expect(isGzip(Uint8Array.from([0x1f, 0x8b, 8]))).toBe(true)
    expect(isGzip(Uint8Array.from([0x1f, 0x8c, 8]))).toBe(false)
    expect(isGzip(Uint8Array.from([0x1f]))).toBe(false)
  })

  it('reads gzip content whatever the file is called', async () => {
    const parsed = await readDatasetFile(await tmp.file('images.raw', gz))
    expect(parsed.kind).toBe('images')
  })

  it('rejects a truncated gzip file', async () => {
    const file = await tmp.file('truncated.gz', gz.subarray(0, Math.floor(gz.length / 2)))
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toMatch(new RegExp(`^${file}: gzip data: truncated or corrupt gzip \\(.+\\)$`))
  })

  it('rejects a corrupt gzip file', async () => {
    const bad = Buffer.from(gz)
    for (let i = 100; i < 140; i++) bad[i] ^= 0xff
    const file = await tmp.file('corrupt.gz', bad)
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toMatch(new RegExp(`^${file}: gzip data: truncated or corrupt gzip \\(.+\\)$`))
  })

  it('rejects a file whose gzip checksum does not match', async () => {
    const bad = Buffer.from(gz)
    bad[bad.length - 5] ^= 0xff
    const file = await tmp.file('bad-crc.gz', bad)
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toContain(`${file}: gzip data: truncated or corrupt gzip`)
  })

  it('stops inflating at the decompressed size limit', async () => {
    // About 5 MiB of CSV text that gzip shrinks to a few kilobytes.
    const set = { count: 2000, images: new Uint8Array(2000 * 784), labels: new Uint8Array(2000) }
    const csv = encodeCsv(set)
    const packed = gzipSync(csv)
    expect(packed.length).toBeLessThan(64 * 1024)
    const file = await tmp.file('bomb.csv.gz', packed)
    const err = await datasetError(readDatasetFile(file, { maxDecompressedBytes: 1024 * 1024 }))
    expect(err.message).toBe(`${file}: byte offset 1048576 after decompression: decompressed size exceeds the limit of 1 MiB`)
    const whole = await readDatasetFile(file, { maxDecompressedBytes: csv.length })
    expect(whole.kind === 'csv' && whole.set.count).toBe(2000)
  })

  it('rejects gzip that decompresses to nothing', async () => {
    const file = await tmp.file('nothing.gz', gzipSync(Buffer.alloc(0)))
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toBe(`${file}: byte offset 0 after decompression: empty file`)
  })
})
