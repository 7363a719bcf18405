import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importFiles } from '../../../../../src/main/core/datasets/importFiles'
import { encodeCsv, encodeIdxImages, encodeIdxLabels } from '../../../../../src/main/core/datasets/writers'
import { summarizeDataset } from '../../../../../src/main/core/datasets/summary'
import { writeIdxDataset } from '../../../../support/idxDataset'
import { syntheticSet } from '../../../../support/synthetic'
import { datasetError } from './helpers'

let root: string
let n = 0
/** A fresh folder per case, as the IDX names repeat. */
async function folder(): Promise<string> {
  const dir = join(root, `case-${n++}`)
  await import('node:fs/promises').then((fs) => fs.mkdir(dir))
  return dir
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'regstudio-classes-'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

/** Writes an IDX pair of a split with the given labels (images from the synthetic set). */
async function idxSplit(dir: string, split: 'train' | 'test', labels: number[]): Promise<string[]> {
  const set = syntheticSet(labels.length, split === 'train' ? 1 : 2, 47)
  const images = join(dir, `${split}-images.gz`)
  const labelsFile = join(dir, `${split}-labels.gz`)
  await writeFile(images, gzipSync(encodeIdxImages(set.images, set.count)))
  await writeFile(labelsFile, gzipSync(encodeIdxLabels(Uint8Array.from(labels))))
  return [images, labelsFile]
}

const cycle = (k: number, count: number) => Array.from({ length: count }, (_, i) => i % k)

describe('classes from the data', () => {
  it('takes K from the labels: a 12-class set imports with 12 classes named 0..11', async () => {
    const ds = await importFiles(await writeIdxDataset(await folder(), { classes: 12 }))
    expect(ds.classNames).toEqual(Array.from({ length: 12 }, (_, k) => String(k)))
    const summary = summarizeDataset(ds)
    expect(summary.train.perClass).toHaveLength(12)
    expect(summary.test.perClass).toHaveLength(12)
    expect(summary.classNames).toHaveLength(12)
    expect(ds.warnings).toEqual([])
  })

  it('names the classes from a classes.txt dropped with the files, and a 47-class set from classes.json', async () => {
    const names = ['apple', 'bee', 'cat', 'dog', 'egg', 'fig', 'goat', 'hat', 'ink', 'jam', 'kite', 'lamp']
    expect((await importFiles(await writeIdxDataset(await folder(), { classes: 12, classNames: names }))).classNames).toEqual(names)
    const dir = await folder()
    const paths = await writeIdxDataset(dir, { classes: 47 })
    const letters = Array.from({ length: 47 }, (_, k) => `class-${k}`)
    await writeFile(join(dir, 'classes.json'), JSON.stringify(letters))
    const ds = await importFiles([...paths, join(dir, 'classes.json')])
    expect(ds.classNames).toEqual(letters)
    expect(summarizeDataset(ds).train.perClass).toHaveLength(47)
  })

  it('refuses a name list whose length is not K, naming the file', async () => {
    const dir = await folder()
    const paths = await writeIdxDataset(dir, { classes: 12, classNames: ['a', 'b', 'c'] })
    const err = await datasetError(importFiles(paths))
    expect(err.message).toBe(`${join(dir, 'classes.txt')}: 3 class names given, but the dataset has 12 classes (labels 0..11)`)
  })

  it('refuses a classes.json that is not an array of strings, and two name files', async () => {
    const dir = await folder()
    const paths = await writeIdxDataset(dir, { classes: 3, train: 60, test: 30 })
    await writeFile(join(dir, 'classes.json'), '{"0": "a"}')
    expect((await datasetError(importFiles([...paths, join(dir, 'classes.json')]))).message).toBe(
      `${join(dir, 'classes.json')}: must hold a JSON array of class names, e.g. ["cat", "dog"]`
    )
    await writeFile(join(dir, 'classes.txt'), 'a\nb\nc\n')
    expect((await datasetError(importFiles([...paths, join(dir, 'classes.txt'), join(dir, 'classes.json')]))).message).toMatch(
      /classes\.json: a second class-names file \(the first is classes\.txt\): give one$/
    )
  })

  it('refuses classes that never occur in the train set, naming them and the train labels file', async () => {
    const dir = await folder()
    const train = await idxSplit(dir, 'train', [...cycle(10, 200), 12, 12, 12])
    const test = await idxSplit(dir, 'test', cycle(10, 50))
    const err = await datasetError(importFiles([...train, ...test]))
    expect(err.message).toBe(`${train[1]}: labels 10 and 11 never occur in the train set: classes must be 0..12, each with training examples`)
  })

  it('refuses a set whose labels start at 1 (as EMNIST letters): class 0 has no training examples', async () => {
    const dir = await folder()
    const train = await idxSplit(dir, 'train', cycle(26, 260).map((l) => l + 1))
    const test = await idxSplit(dir, 'test', cycle(26, 52).map((l) => l + 1))
    const err = await datasetError(importFiles([...train, ...test]))
    expect(err.message).toBe(`${train[1]}: label 0 never occurs in the train set: classes must be 0..26, each with training examples`)
  })

  it('refuses a test label outside the train classes, with its byte offset', async () => {
    const dir = await folder()
    const train = await idxSplit(dir, 'train', cycle(10, 200))
    const test = await idxSplit(dir, 'test', [...cycle(10, 20), 11])
    const err = await datasetError(importFiles([...train, ...test]))
    expect(err.message).toBe(`${test[1]}: byte offset 28 after decompression: test label 11 is outside the train set's classes 0..9`)
  })

  it('refuses a CSV test label outside the train classes by its data row, and a one-class set', async () => {
    const dir = await folder()
    const trainSet = syntheticSet(40, 1, 4)
    const testSet = { ...syntheticSet(8, 2, 4), labels: Uint8Array.from([0, 1, 2, 3, 0, 1, 2, 7]) }
    await writeFile(join(dir, 'train.csv'), encodeCsv(trainSet))
    await writeFile(join(dir, 'test.csv'), encodeCsv(testSet))
    expect((await datasetError(importFiles([join(dir, 'train.csv'), join(dir, 'test.csv')]))).message).toBe(
      `${join(dir, 'test.csv')}: data row 8, column 1: test label 7 is outside the train set's classes 0..3`
    )
    const one = { ...trainSet, labels: new Uint8Array(40) }
    await writeFile(join(dir, 'train1.csv'), encodeCsv(one))
    await writeFile(join(dir, 'test1.csv'), encodeCsv({ ...testSet, labels: new Uint8Array(8) }))
    expect((await datasetError(importFiles([join(dir, 'train1.csv'), join(dir, 'test1.csv')]))).message).toBe(
      `${join(dir, 'train1.csv')}: every training label is 0: a dataset needs at least 2 classes`
    )
  })

  it('warns about classes with fewer than 10 training images, and still imports', async () => {
    const dir = await folder()
    const train = await idxSplit(dir, 'train', [...cycle(3, 60), 3, 3, 3, 3])
    const test = await idxSplit(dir, 'test', cycle(4, 20))
    const ds = await importFiles([...train, ...test])
    expect(ds.classNames).toHaveLength(4)
    expect(ds.warnings).toEqual(['1 class with fewer than 10 training images: 3 (4); their accuracy says little'])
  })
})
