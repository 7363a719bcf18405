import { basename, resolve } from 'node:path'
import { numberedClassNames } from '../../../shared/classNames'
import type { DatasetSource } from '../../../shared/dataset'
import { plural } from '../../../shared/format'
import { assignSplits, describeSet } from './assignSplits'
import { isClassNamesFile, readClassNamesFile } from './classNamesFile'
import { checkClasses } from './datasetClasses'
import { DatasetError, throwIfCancelled } from './errors'
import { recognise } from './official'
import { pairFiles, type LoadedSet } from './pairFiles'
import { statDataFile } from './readContent'
import { readDatasetFile, type ParsedFile, type ReadOptions } from './readDatasetFile'
import type { Dataset } from './types'

export interface ImportOptions extends ReadOptions {
  /** A class-names file given apart from the data (`--classes FILE`); one among the paths also counts. */
  classNamesFile?: string
}

/**
 * Imports a train and a test set from files recognised by content (IDX images/labels, gzip or raw,
 * and CSV), plus an optional classes.txt / classes.json among them. Every file is validated before
 * anything is returned: one bad file fails the import.
 */
export async function importFiles(paths: string[], opts: ImportOptions = {}): Promise<Dataset> {
  const { data, namesFile } = separateNamesFile(paths, opts.classNamesFile)
  const { train, test } = assignSplits(await loadSets(data, opts))
  const names = (s: LoadedSet) => s.files.map((f) => basename(f)).join(' + ')
  const format = train.kind !== test.kind ? '' : train.kind === 'idx' ? 'IDX files ' : 'CSV files '
  const description = `${format}${names(train)} (train, ${plural(train.set.count, 'image')}) and ${names(test)} (test, ${plural(test.set.count, 'image')})`
  // A mixed import (IDX pair + CSV) is labelled by its train set's format; the description names both.
  const source: DatasetSource = { kind: train.kind, description, files: [...train.files, ...test.files].map((f) => resolve(f)) }
  return completeDataset(source, train, test, namesFile)
}

/** One split from one CSV file or one IDX images + labels pair (e.g. `study --train FILE [FILE]`). */
export async function loadImageSet(paths: string[], opts: ReadOptions = {}): Promise<LoadedSet> {
  const sets = await loadSets(paths, opts)
  if (sets.length !== 1) {
    throw new DatasetError(
      `expected one set (a CSV file or an IDX images + labels pair), found ${sets.length}: ${sets.map((s) => `[${describeSet(s)}]`).join(', ')}`
    )
  }
  return sets[0]
}

/**
 * The dataset from its two sets: classes checked (K from the labels), recognised by MD5 when its
 * files are a published dataset's, named by the user's file, else the recognised dataset, else 0..K-1.
 */
export async function completeDataset(source: DatasetSource, train: LoadedSet, test: LoadedSet, namesFile?: string): Promise<Dataset> {
  const classes = checkClasses(train, test)
  const files = [train, test].flatMap((s) => s.files.map((file, i) => ({ file, md5: s.md5s[i] })))
  const recognition = recognise(files)
  const known = recognition.dataset?.classNames.length === classes.count ? recognition.dataset : null
  const classNames =
    namesFile !== undefined ? await readClassNamesFile(namesFile, classes.count) : known ? [...known.classNames] : numberedClassNames(classes.count)
  return {
    source,
    train: train.set,
    test: test.set,
    classNames,
    ...(known ? { recognisedAs: known.name } : {}),
    warnings: [...(recognition.warning === null ? [] : [recognition.warning]), ...classes.warnings],
    ...(recognition.details.length > 0 ? { warningDetails: recognition.details } : {})
  }
}

/** The data files and at most one class-names file among the paths (or given apart). */
function separateNamesFile(paths: string[], given: string | undefined): { data: string[]; namesFile: string | undefined } {
  const names = paths.filter(isClassNamesFile)
  const all = given === undefined ? names : [given, ...names]
  if (all.length > 1) throw DatasetError.at(all[1], null, `a second class-names file (the first is ${basename(all[0])}): give one`)
  return { data: paths.filter((p) => !isClassNamesFile(p)), namesFile: all[0] }
}

async function loadSets(paths: string[], opts: ReadOptions): Promise<LoadedSet[]> {
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
