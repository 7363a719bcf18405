/** Turns what the user asked for (bundled, files, a folder, train/test files) into one in-memory dataset. */
import { UserError } from '../../../shared/errors'
import { plural } from '../../../shared/format'
import { loadBundled } from '../datasets/bundled'
import { findClassNamesFiles, findStandardFiles } from '../datasets/findStandardFiles'
import { readClassNamesFile } from '../datasets/classNamesFile'
import { completeDataset, importFiles, loadImageSet } from '../datasets/importFiles'
import { gatherImageSet, stratifiedHoldout } from '../datasets/split'
import type { Dataset, ImageSet } from '../datasets/types'

export type DatasetRequest =
  | { kind: 'bundled' }
  | { kind: 'files'; paths: string[] }
  | { kind: 'dir'; dir: string }
  | { kind: 'splits'; train: string[]; test: string[] }

export interface LoadDatasetOptions {
  cacheDir: string
  seed: number
  /** The user's class names (`--classes FILE`): classes.txt or classes.json; wins over one in a `dir` request's folder. */
  classNamesFile?: string
  onProgress?: (message: string, done: number, total: number) => void
}

export async function loadDataset(request: DatasetRequest, opts: LoadDatasetOptions): Promise<Dataset> {
  switch (request.kind) {
    case 'bundled': {
      const bundled = await loadBundled({ cacheDir: opts.cacheDir, seed: opts.seed, onProgress: opts.onProgress })
      if (opts.classNamesFile === undefined) return bundled
      return { ...bundled, classNames: await readClassNamesFile(opts.classNamesFile, bundled.classNames.length) }
    }
    case 'files':
      return importFiles(request.paths, { classNamesFile: opts.classNamesFile })
    case 'dir': {
      const data = await findStandardFiles(request.dir)
      const names = opts.classNamesFile === undefined ? await findClassNamesFiles(request.dir) : []
      return importFiles([...data, ...names], { classNamesFile: opts.classNamesFile })
    }
    case 'splits': {
      const [train, test] = await Promise.all([loadImageSet(request.train), loadImageSet(request.test)])
      const files = [...request.train, ...request.test]
      const source = {
        kind: files.some((f) => /\.csv(\.gz)?$/i.test(f)) ? ('csv' as const) : ('idx' as const),
        description: `train: ${request.train.join(', ')}; test: ${request.test.join(', ')}`,
        files
      }
      return completeDataset(source, train, test, opts.classNamesFile)
    }
  }
}

/** A seeded, stratified subset of at most `limit` examples (the whole set when limit is absent or larger). */
export function limitImageSet(set: ImageSet, limit: number | undefined, seed: number): ImageSet {
  if (limit === undefined || limit >= set.count) return set
  if (!Number.isInteger(limit) || limit < 10) {
    throw new UserError('invalid_limit', `limit ${limit}: must be a whole number of at least 10`)
  }
  const { holdout } = stratifiedHoldout(set.labels, limit / set.count, seed)
  return gatherImageSet(set, holdout)
}

/**
 * The dataset cut to seeded, stratified subsets (a quick try, --train-limit/--test-limit), its
 * description saying so: runs, tables and reports must not pass a subset off as the whole data.
 */
export function limitDataset(dataset: Dataset, trainLimit: number | undefined, testLimit: number | undefined, seed: number): Dataset {
  const train = limitImageSet(dataset.train, trainLimit, seed)
  const test = limitImageSet(dataset.test, testLimit, seed)
  if (train === dataset.train && test === dataset.test) return dataset
  const subset = `a seeded stratified subset of ${plural(train.count, 'train image')} and ${plural(test.count, 'test image')} (seed ${seed})`
  return { ...dataset, source: { ...dataset.source, description: `${dataset.source.description}; ${subset}` }, train, test }
}
