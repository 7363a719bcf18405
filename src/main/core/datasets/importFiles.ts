import { basename, resolve } from 'node:path'
import { plural } from '../../../shared/format'
import { assignSplits, describeSet } from './assignSplits'
import { DatasetError, throwIfCancelled } from './errors'
import { pairFiles, type LoadedSet } from './pairFiles'
import { statDataFile } from './readContent'
import { readDatasetFile, type ParsedFile, type ReadOptions } from './readDatasetFile'
import type { Dataset, ImageSet } from './types'

export type ImportOptions = ReadOptions

/**
 * Imports a train and a test set from files recognised by content (IDX images/labels, gzip or raw,
 * and CSV). Every file is validated before anything is returned: one bad file fails the import.
 */
export async function importFiles(paths: string[], opts: ImportOptions = {}): Promise<Dataset> {
  const { train, test } = assignSplits(await loadSets(paths, opts))
  const names = (s: LoadedSet) => s.files.map((f) => basename(f)).join(' + ')
  const format = train.kind !== test.kind ? '' : train.kind === 'idx' ? 'IDX files ' : 'CSV files '
  const description = `${format}${names(train)} (train, ${plural(train.set.count, 'image')}) and ${names(test)} (test, ${plural(test.set.count, 'image')})`
  return {
    // A mixed import (IDX pair + CSV) is labelled by its train set's format; the description names both.
    source: { kind: train.kind, description, files: [...train.files, ...test.files].map((f) => resolve(f)) },
    train: train.set,
    test: test.set,
    warnings: [...train.warnings, ...test.warnings]
  }
}

/** One split from one CSV file or one IDX images + labels pair (e.g. `study --train FILE [FILE]`). */
export async function loadImageSet(
  paths: string[],
  opts: ImportOptions = {}
): Promise<{ set: ImageSet; warnings: string[] }> {
  const sets = await loadSets(paths, opts)
  if (sets.length !== 1) {
    throw new DatasetError(
      `expected one set (a CSV file or an IDX images + labels pair), found ${sets.length}: ${sets.map((s) => `[${describeSet(s)}]`).join(', ')}`
    )
  }
  return { set: sets[0].set, warnings: sets[0].warnings }
}

async function loadSets(paths: string[], opts: ImportOptions): Promise<LoadedSet[]> {
  if (paths.length === 0) throw new DatasetError('no dataset files given')
  const seen = new Set<string>()
  for (const p of paths) {
    if (seen.has(resolve(p))) throw DatasetError.at(p, null, 'given more than once')
    seen.add(resolve(p))
  }
  // Cheap checks on every file first, so a missing last file does not wait for a long parse.
  for (const p of paths) await statDataFile(p)
  const parsed: ParsedFile[] = []
  for (const p of paths) parsed.push(await readDatasetFile(p, opts))
  throwIfCancelled(opts.signal)
  return pairFiles(parsed)
}
