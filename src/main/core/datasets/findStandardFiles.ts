import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { isClassNamesFile } from './classNamesFile'
import { DatasetError } from './errors'

/** The names MNIST, Fashion-MNIST, KMNIST and others publish their IDX files under, each gzipped or unpacked. */
const IDX_NAMES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']
/** Kaggle's Fashion-MNIST CSV pair, plain or gzipped. */
const CSV_NAMES = ['fashion-mnist_train.csv', 'fashion-mnist_test.csv']

/**
 * A dataset's files in a folder under the standard names (for `--data DIR`): the four IDX files of
 * any dataset published the MNIST way, or else the Kaggle CSV pair. The gzipped form wins when both
 * are present.
 */
export async function findStandardFiles(dir: string): Promise<string[]> {
  const info = await stat(dir).catch(() => null)
  if (info === null) throw DatasetError.at(dir, null, 'no such folder')
  if (!info.isDirectory()) throw DatasetError.at(dir, null, 'is not a folder')
  const idx = await lookUp(dir, IDX_NAMES)
  if (idx.missing.length === 0) return idx.found
  const csv = await lookUp(dir, CSV_NAMES)
  if (csv.missing.length === 0) return csv.found
  const partial = [...idx.found, ...csv.found]
  const missing = idx.found.length > 0 ? idx.missing : csv.found.length > 0 ? csv.missing : []
  throw DatasetError.at(
    dir,
    null,
    `no complete set of dataset files under the standard names: looked for IDX files ${IDX_NAMES.map((n) => `${n}[.gz]`).join(', ')}, ` +
      `or ${CSV_NAMES.map((n) => `${n}[.gz]`).join(' + ')}` +
      (partial.length > 0 ? `; found ${partial.join(', ')} but not ${missing.map((n) => `${n}[.gz]`).join(', ')}` : '')
  )
}

/** The class-names files in the folder (classes.txt, classes.json), as a drop of the folder's files would bring them. */
export async function findClassNamesFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  return entries.filter((e) => e.isFile() && isClassNamesFile(e.name)).map((e) => join(dir, e.name)).sort()
}

async function lookUp(dir: string, names: string[]): Promise<{ found: string[]; missing: string[] }> {
  const found: string[] = []
  const missing: string[] = []
  for (const name of names) {
    const file = await firstFile([join(dir, `${name}.gz`), join(dir, name)])
    if (file === null) missing.push(name)
    else found.push(file)
  }
  return { found, missing }
}

async function firstFile(candidates: string[]): Promise<string | null> {
  for (const file of candidates) {
    const info = await stat(file).catch(() => null)
    if (info?.isFile()) return file
  }
  return null
}
