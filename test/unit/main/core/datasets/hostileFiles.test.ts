/**
 * Files a user may drop by mistake or that were made to hurt: each gets one clear DatasetError in
 * bounded time and memory. The same cases at full size (default limits, gigabytes) are in
 * test/stress/hostileFiles.stress.test.ts.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PIXELS } from '../../../../../src/shared/dataset'
import { importFiles } from '../../../../../src/main/core/datasets/importFiles'
import { readDatasetFile, type ReadOptions } from '../../../../../src/main/core/datasets/readDatasetFile'
import { encodeCsv, encodeIdxLabels } from '../../../../../src/main/core/datasets/writers'
import { createRng } from '../../../../../src/main/core/util/rng'
import { datasetError, idxImagesHeader, makeSet, tempDir } from './helpers'

let tmp: Awaited<ReturnType<typeof tempDir>>
beforeAll(async () => {
  tmp = await tempDir()
})
afterAll(() => tmp.cleanup())

const MiB = 1024 * 1024

/** The zeros row of a CSV: label 0 and 784 zero pixels. */
const ZERO_ROW = `0${',0'.repeat(PIXELS)}\n`

/** A gzip bomb: `head` then `members` gzip members of about 16 MiB of whole `filler`s (gunzip reads concatenated members). */
function bomb(head: Buffer, filler: Buffer, members: number): Buffer {
  const block = Buffer.alloc(Math.floor((16 * MiB) / filler.length) * filler.length)
  for (let at = 0; at < block.length; at += filler.length) filler.copy(block, at)
  const member = gzipSync(block, { level: 9 })
  return Buffer.concat([gzipSync(head), ...Array<Buffer>(members).fill(member)])
}

/**
 * Reads a file and returns its DatasetError, the time it took and the peak of Node's array-buffer
 * memory sampled at every chunk (what the parser holds), minus what was held before.
 */
async function refuse(file: string, opts: ReadOptions = {}) {
  const before = process.memoryUsage().arrayBuffers
  let peak = before
  const started = performance.now()
  const err = await datasetError(
    readDatasetFile(file, {
      ...opts,
      onProgress: () => {
        peak = Math.max(peak, process.memoryUsage().arrayBuffers)
      }
    })
  )
  return { err, ms: performance.now() - started, heldBytes: peak - before }
}

describe('hostile dataset files', () => {
  it.each(['train.csv', 'train-images-idx3-ubyte', 'train-images-idx3-ubyte.gz', 'fashion-mnist_test.csv.gz', 'data.bin'])(
    'rejects random bytes named %s with one line naming the file, quickly',
    async (name) => {
      for (let seed = 1; seed <= 25; seed++) {
        const rng = createRng(seed)
        const bytes = Buffer.alloc(256 + Math.floor(rng() * 8192))
        for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rng() * 256)
        const file = await tmp.file(`${seed}-${name}`, bytes)
        const { err, ms } = await refuse(file)
        expect(err.message.startsWith(`${file}: `), err.message).toBe(true)
        expect(err.message).not.toContain('\n')
        expect(ms).toBeLessThan(3000)
      }
    }
  )

  it('rejects a gzip bomb of zeros at its first bytes, however far it would inflate', async () => {
    const file = await tmp.file('zeros.gz', bomb(Buffer.alloc(0), Buffer.alloc(1), 64)) // 1 GiB inflated, 1 MB stored
    const { err, ms, heldBytes } = await refuse(file)
    expect(err.message).toBe(
      `${file}: byte offset 0 after decompression: wrong magic number 0x00000000 (expected 0x00000803 for images or 0x00000801 for labels, unsigned bytes)`
    )
    expect(ms).toBeLessThan(2000)
    expect(heldBytes).toBeLessThan(16 * MiB)
  })

  it('stops a CSV gzip bomb at the decompression limit, holding no more than the limit', async () => {
    const file = await tmp.file('rows.csv.gz', bomb(Buffer.from(ZERO_ROW), Buffer.from(ZERO_ROW), 16)) // 256 MiB of rows
    const { err, ms, heldBytes } = await refuse(file, { maxDecompressedBytes: 8 * MiB })
    expect(err.message).toBe(`${file}: byte offset 8388608 after decompression: decompressed size exceeds the limit of 8 MiB`)
    expect(ms).toBeLessThan(3000)
    expect(heldBytes).toBeLessThan(32 * MiB)
  })

  it('stops an IDX gzip bomb whose header claims a plausible count at the end of that count', async () => {
    // 5,000 images declared (3.9 MB), then 256 MiB of zeros.
    const file = await tmp.file('images.gz', bomb(idxImagesHeader(5000), Buffer.alloc(1), 16))
    const { err, ms, heldBytes } = await refuse(file, { maxDecompressedBytes: 8 * MiB })
    expect(err.message).toBe(`${file}: byte offset 3920016 after decompression: more data than the 5000 images the header declares`)
    expect(ms).toBeLessThan(3000)
    expect(heldBytes).toBeLessThan(32 * MiB)
  })

  it.each([
    ['raw images', () => Buffer.concat([idxImagesHeader(2_000_000_000), Buffer.alloc(784)]), 'byte offset 4: header claims 2000000000 images (1568000000000 bytes of data) but the file holds only 784 bytes after the header'],
    ['gzipped images', () => gzipSync(Buffer.concat([idxImagesHeader(2_000_000_000), Buffer.alloc(784)])), 'byte offset 4 after decompression: header claims 2000000000 images (1568000000016 bytes), more than the decompressed size limit of 512 MiB'],
    ['raw labels', () => { const b = encodeIdxLabels(new Uint8Array(10)); b.writeUInt32BE(2_000_000_000, 4); return b }, 'byte offset 4: header claims 2000000000 labels (2000000000 bytes of data) but the file holds only 10 bytes after the header'],
    ['gzipped labels', () => { const b = encodeIdxLabels(new Uint8Array(10)); b.writeUInt32BE(2_000_000_000, 4); return gzipSync(b) }, 'byte offset 4 after decompression: header claims 2000000000 labels (2000000008 bytes), more than the decompressed size limit of 512 MiB']
  ])('rejects %s whose header claims 2 billion items before allocating anything', async (name, make, problem) => {
    const file = await tmp.file(`two-billion-${name.replace(' ', '-')}`, make())
    const { err, ms, heldBytes } = await refuse(file)
    expect(err.message).toBe(`${file}: ${problem}`)
    expect(ms).toBeLessThan(2000)
    expect(heldBytes).toBeLessThan(4 * MiB)
  })

  it('refuses a CSV over the size limit by its size, before reading a byte (the 2 GB case, with a 1 MiB limit)', async () => {
    const csv = encodeCsv(makeSet(1000, 3)) // about 2.9 MB
    const file = await tmp.file('big.csv', csv)
    const reads: number[] = []
    const err = await datasetError(readDatasetFile(file, { maxDecompressedBytes: MiB, onProgress: (p) => reads.push(p.bytesRead) }))
    expect(err.message).toBe(`${file}: byte offset 1048576: file size exceeds the limit of 1 MiB`)
    expect(reads).toEqual([])
    const packed = await tmp.file('big.csv.gz', gzipSync(csv))
    const inflated = await datasetError(readDatasetFile(packed, { maxDecompressedBytes: MiB }))
    expect(inflated.message).toBe(`${packed}: byte offset 1048576 after decompression: decompressed size exceeds the limit of 1 MiB`)
  })

  it('says a PNG renamed .gz is a PNG image', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 7)])
    const file = await tmp.file('train-images-idx3-ubyte.gz', png)
    const { err } = await refuse(file)
    expect(err.message).toBe(
      `${file}: byte offset 0: this is a PNG image, not a dataset file: the studio reads IDX (.gz or raw) or CSV (label,pixel1..pixel784) files`
    )
  })

  it('refuses a folder given instead of a file, before reading the other files', async () => {
    const folder = join(tmp.dir, 'fashion-mnist')
    await mkdir(folder)
    const good = await tmp.file('fashion-mnist_train.csv', encodeCsv(makeSet(20, 1)))
    const err = await datasetError(importFiles([good, folder]))
    expect(err.message).toBe(`${folder}: is a directory, not a data file`)
  })
})
