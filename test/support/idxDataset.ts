/**
 * Small synthetic IDX datasets on disk (gzipped; named train-/test-images.gz and -labels.gz, not as a
 * published dataset, so no MD5 warning), for K-class tests and screenshots.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { encodeIdxImages, encodeIdxLabels } from '../../src/main/core/datasets/writers'
import { syntheticSet } from './synthetic'

export interface IdxDatasetOptions {
  classes: number
  train?: number
  test?: number
  /** Written beside the data as classes.txt, one per line. */
  classNames?: readonly string[]
}

/** Writes train/t10k images + labels (.gz) into `dir`, and classes.txt when names are given; returns every path. */
export async function writeIdxDataset(dir: string, opts: IdxDatasetOptions): Promise<string[]> {
  const sets = { train: syntheticSet(opts.train ?? 40 * opts.classes, 1, opts.classes), test: syntheticSet(opts.test ?? 10 * opts.classes, 2, opts.classes) }
  const paths: string[] = []
  for (const [split, set] of Object.entries(sets)) {
    const images = join(dir, `${split}-images.gz`)
    const labels = join(dir, `${split}-labels.gz`)
    await writeFile(images, gzipSync(encodeIdxImages(set.images, set.count)))
    await writeFile(labels, gzipSync(encodeIdxLabels(set.labels)))
    paths.push(images, labels)
  }
  if (opts.classNames) {
    const names = join(dir, 'classes.txt')
    await writeFile(names, `${opts.classNames.join('\n')}\n`)
    paths.push(names)
  }
  return paths
}
