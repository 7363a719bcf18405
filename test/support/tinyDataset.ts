/** A small learnable dataset written as a prepared dataset file, for tests that start trainer processes. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { writeDatasetFile } from '../../src/main/core/datasets/cache'
import type { Dataset } from '../../src/main/core/datasets/types'
import { numberedClassNames } from '../../src/shared/classNames'
import { syntheticSet } from './synthetic'

export function tinyDataset(train = 400, test = 100): Dataset {
  return {
    source: { kind: 'csv', description: 'synthetic test data', files: [] },
    train: syntheticSet(train, 1),
    test: syntheticSet(test, 2),
    classNames: numberedClassNames(10),
    warnings: []
  }
}

export async function writeTinyDataset(path: string, train = 400, test = 100): Promise<Dataset> {
  const dataset = tinyDataset(train, test)
  await writeDatasetFile(path, dataset)
  return dataset
}

/** A temporary folder with a tiny dataset file in it, made before the test file's tests and removed after. */
export function tinyDatasetFolder(prefix: string): { dir: string; datasetFile: string } {
  const folder = { dir: '', datasetFile: '' }
  beforeAll(async () => {
    folder.dir = await mkdtemp(join(tmpdir(), prefix))
    folder.datasetFile = join(folder.dir, 'tiny.rsds')
    await writeTinyDataset(folder.datasetFile)
  })
  afterAll(() => rm(folder.dir, { recursive: true, force: true }))
  return folder
}
