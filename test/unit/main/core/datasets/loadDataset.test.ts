import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { limitDataset, loadDataset } from '../../../../../src/main/core/datasets/loadDataset'
import { encodeIdxImages, encodeIdxLabels } from '../../../../../src/main/core/datasets/writers'
import { numberedClassNames } from '../../../../../src/shared/classNames'
import { syntheticSet } from '../../../../support/synthetic'
import { tinyDataset } from '../../../../support/tinyDataset'
import { datasetError, tempDir } from './helpers'

describe('limitDataset', () => {
  const whole = tinyDataset(400, 100)

  it('cuts seeded stratified subsets and says so in the description', () => {
    const quick = limitDataset(whole, 100, 50, 7)
    expect([quick.train.count, quick.test.count]).toEqual([100, 50])
    expect(quick.source.description).toBe('synthetic test data; a seeded stratified subset of 100 train images and 50 test images (seed 7)')
    const perClass = Array.from({ length: 10 }, (_, c) => quick.train.labels.filter((l) => l === c).length)
    expect(perClass).toEqual(Array(10).fill(10))
    expect(limitDataset(whole, 100, 50, 7)).toEqual(quick)
    expect(limitDataset(whole, 100, 50, 8).train.images).not.toEqual(quick.train.images)
  })

  it('leaves the whole dataset, and its description, when no limit cuts anything', () => {
    expect(limitDataset(whole, undefined, undefined, 7)).toBe(whole)
    expect(limitDataset(whole, 1000, 100, 7)).toBe(whole)
  })
})

describe('loadDataset of a folder', () => {
  const NAMES = ['apple', 'bee', 'cat', 'dog', 'egg', 'fig', 'goat', 'hat', 'ink', 'jam', 'kite', 'lamp']
  let tmp: Awaited<ReturnType<typeof tempDir>>
  beforeEach(async () => {
    tmp = await tempDir()
    // A 12-class set under the names MNIST publishes its files as.
    for (const [prefix, set] of [['train', syntheticSet(240, 1, 12)], ['t10k', syntheticSet(60, 2, 12)]] as const) {
      await tmp.file(`${prefix}-images-idx3-ubyte.gz`, gzipSync(encodeIdxImages(set.images, set.count)))
      await tmp.file(`${prefix}-labels-idx1-ubyte.gz`, gzipSync(encodeIdxLabels(set.labels)))
    }
  })
  afterEach(() => tmp.cleanup())
  const load = (classNamesFile?: string) => loadDataset({ kind: 'dir', dir: tmp.dir }, { cacheDir: tmp.dir, seed: 1, classNamesFile })

  it('takes the class names from a classes.txt or classes.json in the folder', async () => {
    expect((await load()).classNames).toEqual(numberedClassNames(12))
    await tmp.file('classes.txt', `${NAMES.join('\n')}\n`)
    expect((await load()).classNames).toEqual(NAMES)
  })

  it('takes --classes over the folder\'s file', async () => {
    await tmp.file('classes.txt', 'too\nfew\n')
    const given = await tmp.file('given.json', JSON.stringify(NAMES.map((n) => n.toUpperCase())))
    expect((await load(given)).classNames).toEqual(NAMES.map((n) => n.toUpperCase()))
  })

  it('refuses the folder\'s names file as a dropped one is refused: one line naming it', async () => {
    const txt = await tmp.file('classes.txt', 'too\nfew\n')
    expect((await datasetError(load())).message).toBe(`${txt}: 2 class names given, but the dataset has 12 classes (labels 0..11)`)
    await tmp.file('classes.json', JSON.stringify(NAMES))
    expect((await datasetError(load())).message).toBe(`${txt}: a second class-names file (the first is classes.json): give one`)
  })
})
