import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importFiles, loadImageSet } from '../../../../../src/main/core/datasets/importFiles'
import type { ImageSet } from '../../../../../src/main/core/datasets/types'
import { encodeCsv, encodeIdxImages, encodeIdxLabels } from '../../../../../src/main/core/datasets/writers'
import { datasetError, makeSet, tempDir } from './helpers'

let tmp: Awaited<ReturnType<typeof tempDir>>
beforeAll(async () => {
  tmp = await tempDir()
})
afterAll(() => tmp.cleanup())

const big = makeSet(30, 1, 0)
const small = makeSet(10, 2, 5)

async function idxPair(imagesName: string, labelsName: string, set: ImageSet, gz = true): Promise<[string, string]> {
  const wrap = (b: Buffer) => (gz ? gzipSync(b) : b)
  return [await tmp.file(imagesName, wrap(encodeIdxImages(set.images, set.count))), await tmp.file(labelsName, wrap(encodeIdxLabels(set.labels)))]
}

function expectSet(actual: ImageSet, expected: ImageSet): void {
  expect(actual.count).toBe(expected.count)
  expect(Buffer.compare(actual.images, expected.images)).toBe(0)
  expect(Buffer.compare(actual.labels, expected.labels)).toBe(0)
}

/** Every ordering of four items. */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items]
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]))
}

describe('importFiles', () => {
  it('pairs four IDX files and finds train and test in any argument order', async () => {
    const train = await idxPair('train-images.gz', 'train-labels.gz', small)
    const test = await idxPair('test-images.gz', 'test-labels.gz', big)
    for (const order of permutations([...train, ...test])) {
      const ds = await importFiles(order)
      // The names win over the sizes: the smaller set is called train.
      expectSet(ds.train, small)
      expectSet(ds.test, big)
      expect(ds.source.kind).toBe('idx')
      expect(ds.source.files).toEqual([...train, ...test].map((f) => resolve(f)))
      // Ten images of ten classes: too few to say much, and the import says so.
      expect(ds.warnings).toEqual([expect.stringMatching(/^10 classes with fewer than 10 training images: 0 \(1\), /)])
    }
  })

  it('describes where the data came from', async () => {
    const ds = await importFiles([...(await idxPair('t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', small, false)), ...(await idxPair('train-images-idx3-ubyte', 'train-labels-idx1-ubyte', big, false))])
    expect(ds.source.description).toBe(
      'IDX files train-images-idx3-ubyte + train-labels-idx1-ubyte (train, 30 images) and t10k-images-idx3-ubyte + t10k-labels-idx1-ubyte (test, 10 images)'
    )
  })

  it('pairs images with labels by count and takes the larger set as train when names say nothing', async () => {
    const [bi, bl] = await idxPair('p', 'q', big)
    const [si, sl] = await idxPair('r', 's', small)
    for (const order of [[sl, bi, si, bl], [bl, sl, bi, si], [si, sl, bl, bi]]) {
      const ds = await importFiles(order)
      expectSet(ds.train, big)
      expectSet(ds.test, small)
    }
  })

  it('pairs equal-sized sets by their names', async () => {
    const a = makeSet(10, 8, 1)
    const b = makeSet(10, 9, 4)
    const train = await idxPair('fm-train-images-idx3-ubyte.gz', 'fm-train-labels-idx1-ubyte.gz', a)
    const test = await idxPair('fm-t10k-images-idx3-ubyte.gz', 'fm-t10k-labels-idx1-ubyte.gz', b)
    const ds = await importFiles([test[1], train[0], test[0], train[1]])
    expectSet(ds.train, a)
    expectSet(ds.test, b)
  })

  it('imports two CSV files, and a name hint on one of them decides both', async () => {
    const test = await tmp.file('fashion-mnist_test.csv', encodeCsv(big))
    const other = await tmp.file('mine.csv', encodeCsv(small, { header: false, crlf: true }))
    const ds = await importFiles([test, other])
    expect(ds.source.kind).toBe('csv')
    expectSet(ds.train, small)
    expectSet(ds.test, big)
    expect(ds.source.description).toBe('CSV files mine.csv (train, 10 images) and fashion-mnist_test.csv (test, 30 images)')
  })

  it('mixes an IDX pair with a CSV file', async () => {
    const train = await idxPair('mixed-train-images', 'mixed-train-labels', big, false)
    const test = await tmp.file('mixed-test.csv.gz', gzipSync(encodeCsv(small)))
    const ds = await importFiles([test, ...train])
    expectSet(ds.train, big)
    expectSet(ds.test, small)
    expect(ds.source.description).toContain('mixed-test.csv.gz (test, 10 images)')
  })

  it('says which split is missing and what it found', async () => {
    const train = await idxPair('only-train-images.gz', 'only-train-labels.gz', big)
    const err = await datasetError(importFiles(train))
    expect(err.message).toContain(`the test set is missing: only a train set was found [${train[0]} + ${train[1]}, 30 images]`)
    const lone = await tmp.file('lone.csv', encodeCsv(small))
    const err2 = await datasetError(importFiles([lone]))
    expect(err2.message).toContain(`only one set was found [${lone}, 10 images] and its name does not say which split it is`)
  })

  it('refuses to guess between two same-sized sets with uninformative names', async () => {
    const a = await tmp.file('a.csv', encodeCsv(small))
    const b = await tmp.file('b.csv', encodeCsv(makeSet(10, 3)))
    const err = await datasetError(importFiles([a, b]))
    expect(err.message).toMatch(/^cannot tell train from test: /)
  })

  it('refuses more than two sets', async () => {
    const files = [await tmp.file('x1.csv', encodeCsv(small)), await tmp.file('x2.csv', encodeCsv(big)), await tmp.file('x3.csv', encodeCsv(small))]
    const err = await datasetError(importFiles(files))
    expect(err.message).toMatch(/^found 3 sets .*expected two: one train and one test$/)
  })

  it('rejects images and labels whose counts differ', async () => {
    const images = await tmp.file('cm-train-images.gz', gzipSync(encodeIdxImages(big.images, 30)))
    const labels = await tmp.file('cm-train-labels.gz', gzipSync(encodeIdxLabels(big.labels.subarray(0, 29))))
    const test = await tmp.file('cm-test.csv', encodeCsv(small))
    const err = await datasetError(importFiles([images, labels, test]))
    expect(err.message).toBe(`${images}: byte offset 4: 30 images, but no labels file holds 30 labels (labels files given: ${labels} (29 labels))`)
  })

  it('rejects a labels file with no images', async () => {
    const labels = await tmp.file('stray-labels', encodeIdxLabels(small.labels))
    const a = await tmp.file('train-ok.csv', encodeCsv(big))
    const b = await tmp.file('test-ok.csv', encodeCsv(small))
    const err = await datasetError(importFiles([a, labels, b]))
    expect(err.message).toBe(`${labels}: byte offset 4: 10 labels, but no images file holds 10 images to go with them`)
  })

  it('rejects pairs it cannot tell apart', async () => {
    const [i1, l1] = await idxPair('one-img', 'one-lab', small)
    const [i2, l2] = await idxPair('two-img', 'two-lab', makeSet(10, 5))
    const err = await datasetError(importFiles([i1, i2, l1, l2]))
    expect(err.message).toMatch(/cannot tell which labels file goes with these 10 images/)
  })

  it('returns nothing when one file of four is bad', async () => {
    const train = await idxPair('bad-train-images.gz', 'bad-train-labels.gz', big)
    const badLabels = Buffer.from(encodeIdxLabels(small.labels))
    badLabels[8 + 7] = 142
    const testImages = await tmp.file('bad-test-images.gz', gzipSync(encodeIdxImages(small.images, 10)))
    const testLabels = await tmp.file('bad-test-labels', badLabels)
    const err = await datasetError(importFiles([...train, testImages, testLabels]))
    expect(err.message).toBe(`${testLabels}: byte offset 15: label 142 outside 0..99 (at most 100 classes)`)
  })

  it('checks that every file exists before parsing any', async () => {
    const train = await tmp.file('exists-train.csv', encodeCsv(big))
    const progress: string[] = []
    const missing = join(tmp.dir, 'missing-test.csv')
    const err = await datasetError(importFiles([train, missing], { onProgress: (p) => progress.push(p.file) }))
    expect(err.message).toBe(`${missing}: no such file`)
    expect(progress).toEqual([])
  })

  it('rejects the same file given twice, and no files at all', async () => {
    const f = await tmp.file('twice.csv', encodeCsv(big))
    expect((await datasetError(importFiles([f, join(tmp.dir, '.', 'twice.csv')]))).message).toContain('given more than once')
    expect((await datasetError(importFiles([]))).message).toBe('no dataset files given')
  })

  it('reports progress for every file up to its size', async () => {
    const train = await idxPair('prog-train-images.gz', 'prog-train-labels.gz', big)
    const test = await tmp.file('prog-test.csv', encodeCsv(small))
    const last = new Map<string, { bytesRead: number; totalBytes: number }>()
    await importFiles([...train, test], { onProgress: (p) => last.set(p.file, p) })
    expect([...last.keys()].sort()).toEqual([...train, test].sort())
    for (const p of last.values()) expect(p.bytesRead).toBe(p.totalBytes)
  })

  it('gives one MD5 warning for the set of files named as official ones, naming them by their own names in the details', async () => {
    const [images, labels] = await idxPair('train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', big)
    const test = await tmp.file('renamed-test.csv', encodeCsv(small))
    const ds = await importFiles([images, labels, test])
    expect(ds.warnings[0]).toBe('2 files differ from the published Fashion-MNIST, MNIST or KMNIST files: they are not the official data (imported anyway)')
    expect(ds.warningDetails?.map((d) => d.split(':')[0])).toEqual(['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'])
    expect(ds.recognisedAs).toBeUndefined()
    expect(ds.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
  })

  it('applies the decompressed size limit it is given', async () => {
    const train = await tmp.file('cap-train.csv.gz', gzipSync(encodeCsv(big)))
    const test = await tmp.file('cap-test.csv', encodeCsv(small))
    const err = await datasetError(importFiles([train, test], { maxDecompressedBytes: 20000 }))
    expect(err.message).toBe(`${train}: byte offset 20000 after decompression: decompressed size exceeds the limit of 20000 bytes`)
  })
})

describe('loadImageSet', () => {
  it('loads one split from a CSV file or an IDX pair', async () => {
    const csv = await tmp.file('one.csv', encodeCsv(small))
    expectSet((await loadImageSet([csv])).set, small)
    const pair = await idxPair('one-images', 'one-labels', big)
    const loaded = await loadImageSet([pair[1], pair[0]])
    expectSet(loaded.set, big)
    expect(loaded.md5s).toEqual([null, null])
  })

  it('rejects more than one set', async () => {
    const a = await tmp.file('set-a.csv', encodeCsv(small))
    const b = await tmp.file('set-b.csv', encodeCsv(big))
    const err = await datasetError(loadImageSet([a, b]))
    expect(err.message).toMatch(/^expected one set \(a CSV file or an IDX images \+ labels pair\), found 2: /)
  })

  it('rejects images without labels', async () => {
    const images = await tmp.file('orphan-images', encodeIdxImages(small.images, 10))
    const err = await datasetError(loadImageSet([images]))
    expect(err.message).toBe(`${images}: byte offset 4: 10 images, but no labels file holds 10 labels (no IDX labels file was given)`)
  })
})

describe('cancelling an import', () => {
  it('stops reading at the next chunk once the signal is aborted, and before starting when it already is', async () => {
    const set = makeSet(1500, 4)
    const train = await tmp.file('big-train.csv', encodeCsv(set))
    const test = await tmp.file('big-test.csv', encodeCsv(makeSet(20, 5)))
    const controller = new AbortController()
    let chunks = 0
    const cancelled = await importFiles([train, test], {
      signal: controller.signal,
      onProgress: () => {
        chunks++
        controller.abort()
      }
    }).catch((e: unknown) => e)
    expect(cancelled).toMatchObject({ code: 'cancelled', message: 'the import was cancelled' })
    // The file is several chunks long; reading stopped after the first.
    expect(chunks).toBe(1)

    const before = await importFiles([train, test], { signal: AbortSignal.abort() }).catch((e: unknown) => e)
    expect(before).toMatchObject({ code: 'cancelled' })
    expect((await importFiles([train, test])).train.count).toBe(1500)
  })
})
