/**
 * Hostile files at full size, with the default limits: gzip bombs inflating to 4 GiB and a real
 * 2 GB CSV. Each read runs in a fresh process so its time and peak memory (maxRSS) are its own;
 * the numbers are printed for docs/reliability.md. The same logic with small limits is in
 * test/unit/main/core/datasets/hostileFiles.test.ts.
 */
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PIXELS } from '../../src/shared/dataset'
import { encodeCsv } from '../../src/main/core/datasets/writers'
import { createRng } from '../../src/main/core/util/rng'
import { idxImagesHeader } from '../unit/main/core/datasets/helpers'
import { readInChild } from './support/readInChild'

const MiB = 2 ** 20
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-stress-files-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** `head` gzipped, then gzip members of about 16 MiB of whole `filler`s, repeated until `inflated` bytes. */
async function writeBomb(name: string, head: Buffer, filler: Buffer, inflated: number): Promise<string> {
  const block = Buffer.alloc(Math.floor((16 * MiB) / filler.length) * filler.length)
  for (let at = 0; at < block.length; at += filler.length) filler.copy(block, at)
  const member = gzipSync(block, { level: 9 })
  const file = join(dir, name)
  await writeFile(file, Buffer.concat([gzipSync(head), ...Array<Buffer>(Math.ceil(inflated / block.length)).fill(member)]))
  return file
}

function report(name: string, r: { ok: boolean; message: string; ms: number; maxRssMiB: number }, extra = ''): void {
  console.log(`${name}: ${r.ok ? 'read' : 'refused'} in ${r.ms.toFixed(0)} ms, peak RSS ${r.maxRssMiB.toFixed(0)} MiB${extra} — ${r.message}`)
}

const ZERO_ROW = Buffer.from(`0${',0'.repeat(PIXELS)}\n`)

describe('hostile files at full size, default limits', () => {
  it('stops a CSV gzip bomb (4 GiB inflated) at the 512 MiB limit', async () => {
    const file = await writeBomb('rows.csv.gz', ZERO_ROW, ZERO_ROW, 4 * 2 ** 30)
    const r = await readInChild([file])
    report('CSV gzip bomb', r, `, ${((await stat(file)).size / MiB).toFixed(1)} MiB on disk`)
    expect(r.ok).toBe(false)
    expect(r.message).toBe(`DatasetError: ${file}: byte offset 536870912 after decompression: decompressed size exceeds the limit of 512 MiB`)
    expect(r.ms).toBeLessThan(30_000)
    expect(r.maxRssMiB).toBeLessThan(1536)
  })

  it('stops an IDX gzip bomb whose header claims 680,000 images (just under the limit) at that count', async () => {
    const file = await writeBomb('images.gz', idxImagesHeader(680_000), Buffer.alloc(1), 4 * 2 ** 30)
    const r = await readInChild([file])
    report('IDX gzip bomb', r)
    expect(r.ok).toBe(false)
    expect(r.message).toBe(`DatasetError: ${file}: byte offset ${16 + 680_000 * PIXELS} after decompression: more data than the 680000 images the header declares`)
    expect(r.ms).toBeLessThan(30_000)
    expect(r.maxRssMiB).toBeLessThan(1536)
  })

  it('refuses a gzip bomb of zeros at its first bytes', async () => {
    const file = await writeBomb('zeros.gz', Buffer.alloc(0), Buffer.alloc(1), 4 * 2 ** 30)
    const r = await readInChild([file])
    report('zeros gzip bomb', r)
    expect(r.message).toContain('wrong magic number 0x00000000')
    expect(r.ms).toBeLessThan(1000)
  })

  describe('a real 2 GB CSV', () => {
    let file: string

    beforeAll(async () => {
      // About 700 random rows, repeated to 2 GB: real-looking pixels, written in 2 seconds or so.
      const rng = createRng(5)
      const count = 700
      const images = new Uint8Array(count * PIXELS).map(() => Math.floor(rng() * 256))
      const labels = new Uint8Array(count).map((_, i) => i % 10)
      const rows = encodeCsv({ count, images, labels }, { header: false })
      file = join(dir, 'fashion-mnist_train.csv')
      const out = createWriteStream(file)
      out.write(encodeCsv({ count: 0, images: new Uint8Array(0), labels: new Uint8Array(0) }))
      for (let written = 0; written < 2e9; written += rows.length) {
        if (!out.write(rows)) await once(out, 'drain')
      }
      out.end()
      await once(out, 'close')
    })

    it('is refused by its size before a byte is parsed', async () => {
      const r = await readInChild([file])
      report('2 GB CSV, default limit', r)
      expect(r.message).toBe(`DatasetError: ${file}: byte offset 536870912: file size exceeds the limit of 512 MiB`)
      expect(r.ms).toBeLessThan(500)
      expect(r.maxRssMiB).toBeLessThan(256)
    })

    it('parses in one pass when the limit is raised, its memory the decoded images', async () => {
      const size = (await stat(file)).size
      const r = await readInChild([file], 3 * 2 ** 30)
      report('2 GB CSV, 3 GiB limit', r, `, ${(size / 1e6 / (r.ms / 1000)).toFixed(0)} MB/s`)
      expect(r.ok).toBe(true)
      const rows = Number(/csv: (\d+)/.exec(r.message)?.[1])
      expect(rows).toBeGreaterThan(700_000)
      // The images (784 bytes a row) plus the growth of the row arrays: well under the file's size.
      expect(r.maxRssMiB).toBeLessThan((rows * PIXELS * 2.2) / MiB + 256)
    })
  })
})
