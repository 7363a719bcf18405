import { createHash } from 'node:crypto'
import { appendFileSync, truncateSync, unlinkSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DETECT_BYTES } from '../../../../../src/main/core/datasets/detect'
import { readContent, type ReadProgress } from '../../../../../src/main/core/datasets/readContent'
import { readDatasetFile } from '../../../../../src/main/core/datasets/readDatasetFile'
import { encodeIdxImages } from '../../../../../src/main/core/datasets/writers'
import { datasetError, makeSet, tempDir } from './helpers'

let tmp: Awaited<ReturnType<typeof tempDir>>
beforeAll(async () => {
  tmp = await tempDir()
})
afterAll(() => tmp.cleanup())

/** Collects the content it is given, to check what readContent delivers. */
function collector() {
  const parts: Uint8Array[] = []
  let head: Uint8Array | null = null
  return {
    open: (h: Uint8Array) => {
      head = h
      return { write: (c: Uint8Array) => void parts.push(Buffer.from(c)), end: () => Buffer.concat(parts) }
    },
    head: () => head
  }
}

describe('readContent', () => {
  it('delivers raw and gzipped content alike, reports progress in file bytes and hashes the stored file', async () => {
    const content = encodeIdxImages(makeSet(2000, 5).images, 2000) // about 1.5 MiB: more than one chunk
    for (const [name, stored] of [
      ['raw', content],
      ['packed.gz', gzipSync(content)]
    ] as const) {
      const file = await tmp.file(name, stored)
      const progress: ReadProgress[] = []
      const c = collector()
      const { result, digest } = await readContent(
        file,
        { maxContentBytes: 1 << 30, hashAlgorithm: 'md5', onProgress: (p) => progress.push(p) },
        c.open
      )
      expect(Buffer.compare(result, content)).toBe(0)
      expect(Array.from(c.head()!.subarray(0, 4))).toEqual([0, 0, 8, 3])
      expect(c.head()!.length).toBeGreaterThanOrEqual(DETECT_BYTES)
      expect(digest).toBe(createHash('md5').update(stored).digest('hex'))
      expect(progress.at(-1)).toEqual({ file, bytesRead: stored.length, totalBytes: stored.length })
      const reads = progress.map((p) => p.bytesRead)
      expect(reads).toEqual([...reads].sort((a, b) => a - b))
    }
  })

  it('skips hashing when not asked', async () => {
    const file = await tmp.file('nohash', 'x')
    const { digest } = await readContent(file, { maxContentBytes: 10, hashAlgorithm: null }, collector().open)
    expect(digest).toBeNull()
  })

  it('rejects a missing file', async () => {
    const file = join(tmp.dir, 'absent.gz')
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toBe(`${file}: no such file`)
  })

  it('rejects a directory', async () => {
    const dir = join(tmp.dir, 'a-folder.gz')
    await mkdir(dir)
    const err = await datasetError(readDatasetFile(dir))
    expect(err.message).toBe(`${dir}: is a directory, not a data file`)
  })

  it('rejects an empty file', async () => {
    const file = await tmp.file('empty.csv', '')
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toBe(`${file}: byte offset 0: empty file`)
  })

  it('rejects a raw file over the size limit without reading it', async () => {
    const file = await tmp.file('big.csv', 'x'.repeat(5000))
    const err = await datasetError(readDatasetFile(file, { maxDecompressedBytes: 4096 }))
    expect(err.message).toBe(`${file}: byte offset 4096: file size exceeds the limit of 4 KiB`)
  })

  describe('a file changed while it is read', () => {
    // About 6 MiB: several chunks, so the change lands after the first one and before the end.
    const content = encodeIdxImages(makeSet(8000, 9).images, 8000)

    /** Reads `name` while `change` runs once, at the first progress report. */
    async function readChanging(name: string, change: (file: string) => void) {
      const file = await tmp.file(name, content)
      let changed = false
      const read = readDatasetFile(file, {
        onProgress: () => {
          if (changed) return
          changed = true
          change(file)
        }
      })
      return { file, read }
    }

    it('rejects a file truncated mid-read with a message saying it changed', async () => {
      const { file, read } = await readChanging('truncated-mid-read', (f) => truncateSync(f, 1000))
      const err = await datasetError(read)
      expect(err.message).toMatch(new RegExp(`^${file}: changed while it was being read \\(\\d+ of ${content.length} bytes read\\): import it again once nothing writes to it$`))
    })

    it('rejects a file that grows mid-read before the extra bytes reach the parser', async () => {
      const { file, read } = await readChanging('growing-mid-read', (f) => appendFileSync(f, Buffer.alloc(3 * 1024 * 1024)))
      const err = await datasetError(read)
      expect(err.message).toBe(`${file}: changed while it was being read (more than ${content.length} bytes read): import it again once nothing writes to it`)
    })

    it.skipIf(process.platform === 'win32')('reads a file deleted mid-read whole, from the handle it opened', async () => {
      const { file, read } = await readChanging('deleted-mid-read', (f) => unlinkSync(f))
      const parsed = await read
      expect(parsed.kind === 'images' && Buffer.compare(parsed.images, content.subarray(16))).toBe(0)
      await expect(datasetError(readDatasetFile(file))).resolves.toMatchObject({ message: `${file}: no such file` })
    })
  })
})
