import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeDatasetFile } from '../../../../../src/main/core/datasets/cache'
import { PROBE_PLAN } from '../../../../../src/main/core/robustness/perturbations'
import type { RunProbeJob } from '../../../../../src/main/core/robustness/robustnessProcess'
import { probeRobustness, type ProbeOptions } from '../../../../../src/main/core/robustness/probeRobustness'
import type { RobustnessRow } from '../../../../../src/shared/robustness'
import { syntheticSet } from '../../../../support/synthetic'
import { trainedWorkspace, type TrainedWorkspace } from '../../../../support/trainedWorkspace'
import { numberedClassNames } from '../../../../../src/shared/classNames'

let dir: string
let trained: TrainedWorkspace
let rows: RobustnessRow[]
/** The small test machine's cores are shared: one thread, the wasm backend the runs trained on. */
const options: ProbeOptions = { backend: 'wasm', threads: 1 }
const refuseToRun: RunProbeJob = () => Promise.reject(new Error('a cached probe must not start a process'))

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-robustness-'))
  trained = await trainedWorkspace(dir, ['baseline', 'dropout'])
  rows = await probeRobustness(trained.workspace, [trained.runs.baseline.id, trained.runs.dropout.id], options)
}, 300_000)

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const runDir = (id: string): string => join(trained.workspace, 'runs', id)

describe('probeRobustness', () => {
  it('gives each run every perturbation at strength 0 (clean) and at each planned strength, in order', () => {
    const perRun = 4 + PROBE_PLAN.length
    expect(rows).toHaveLength(2 * perRun)
    expect(rows.slice(0, perRun).every((r) => r.variant === 'baseline' && r.runId === trained.runs.baseline.id)).toBe(true)
    expect(rows.slice(perRun).every((r) => r.variant === 'dropout' && r.runId === trained.runs.dropout.id)).toBe(true)
    expect(rows.slice(0, perRun).map((r) => `${r.perturbation} ${r.strength}`)).toEqual([
      'noise 0', 'noise 0.05', 'noise 0.1', 'noise 0.2', 'noise 0.3',
      'shift 0', 'shift 1', 'shift 2', 'shift 3',
      'occlusion 0', 'occlusion 4', 'occlusion 8', 'occlusion 12',
      'contrast 0', 'contrast 0.25', 'contrast 0.5', 'contrast 0.75'
    ])
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['accuracy', 'perturbation', 'runId', 'strength', 'variant'])
  })

  it('measures the clean accuracy the run\'s evaluation recorded, and no better under the strongest noise', async () => {
    for (const run of [trained.runs.baseline, trained.runs.dropout]) {
      const evaluation = JSON.parse(await readFile(join(runDir(run.id), 'eval.json'), 'utf8'))
      const ofRun = rows.filter((r) => r.runId === run.id)
      const clean = ofRun.find((r) => r.perturbation === 'noise' && r.strength === 0)!.accuracy
      expect(clean).toBeCloseTo(evaluation.testAccuracy, 10)
      expect(ofRun.find((r) => r.perturbation === 'noise' && r.strength === 0.3)!.accuracy).toBeLessThanOrEqual(clean)
    }
  })

  it('reuses robustness.json without starting a process, and measures the same numbers again without it', async () => {
    const ids = [trained.runs.baseline.id, trained.runs.dropout.id]
    const cacheFile = join(runDir(ids[0]), 'robustness.json')
    const written = (await stat(cacheFile)).mtimeMs
    expect(await probeRobustness(trained.workspace, ids, { ...options, runJob: refuseToRun })).toEqual(rows)
    expect((await stat(cacheFile)).mtimeMs).toBe(written)

    await rm(cacheFile)
    await writeFile(join(runDir(ids[1]), 'robustness.json'), '{ "version": 1, "truncated')
    expect(await probeRobustness(trained.workspace, ids, options)).toEqual(rows)
    expect(JSON.parse(await readFile(cacheFile, 'utf8'))).toMatchObject({ seed: 1, datasetFingerprint: trained.runs.baseline.dataset.fingerprint })
  })

  it('probes again for another seed', async () => {
    let started = 0
    const counting: RunProbeJob = () => {
      started += 1
      return Promise.reject(new Error('stop here'))
    }
    await expect(probeRobustness(trained.workspace, [trained.runs.baseline.id], { ...options, seed: 2, runJob: counting })).rejects.toThrow(
      `robustness probe of run ${trained.runs.baseline.id} failed: stop here`
    )
    expect(started).toBe(1)
  })

  it('refuses a run that is not finished and data that is not the run\'s, naming the run', async () => {
    const run = trained.runs.dropout
    const file = join(runDir(run.id), 'run.json')
    const record = await readFile(file, 'utf8')
    await writeFile(file, JSON.stringify({ ...JSON.parse(record), status: 'cancelled' }))
    try {
      await expect(probeRobustness(trained.workspace, [run.id], options)).rejects.toThrow(`run ${run.id} is cancelled, not finished: only a finished run has a trained model`)
    } finally {
      await writeFile(file, record)
    }

    const other = join(dir, 'other.rsds')
    await writeDatasetFile(other, { source: { kind: 'csv', description: 'other', files: [] }, train: syntheticSet(20, 8), test: syntheticSet(10, 9), classNames: numberedClassNames(10), warnings: [] })
    await expect(probeRobustness(trained.workspace, [run.id], { ...options, seed: 3, datasetFile: other })).rejects.toThrow(
      new RegExp(`^run ${run.id} was trained on dataset ${run.dataset.fingerprint.slice(0, 12)}, but ${other} holds [0-9a-f]{12}$`)
    )
  })
})
