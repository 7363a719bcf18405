/**
 * The cost of a run besides its training steps (issue 20: under 1 s per run), on the bundled data:
 * (1) each phase the trainer goes through, timed with the trainer's own functions in a bench
 * process (overheadBenchWorker.ts), and (2) whole runs through the real trainer processes of a
 * trainer pool (trainerPool.ts), as a study trains them: the first in a fresh process, the others
 * in the kept one. Wall time minus the epochs' time is the overhead a study pays per run.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getPreset } from '../../../shared/presets'
import type { EpochMetrics } from '../../../shared/results'
import { loadBundled } from '../datasets/bundled'
import { writeDatasetFile } from '../datasets/cache'
import { spawnNodeTrainer } from '../training/trainerHost'
import { TrainerPool } from '../training/trainerPool'
import { round, runBenchProcess } from './benchProcess'

export interface OverheadPhases {
  /** Fork to the bench process's code running, its modules loaded (Node, tsx, the trainer's modules but TF.js). */
  processStartMs: number
  /** TF.js, the wasm backend, its threads and the kernels (selectBackend). */
  backendMs: number
  /** Reading the prepared dataset file, the validation hold-out, the train/validation copies. */
  datasetMs: number
  modelMs: number
  /** evaluateModel on the full train and test sets. */
  evaluationMs: number
  /** model.save to a folder. */
  saveMs: number
  /** The same phases in CPU time of the process (all its threads): less moved by other load than wall time. */
  cpuMs: Record<string, number>
}

export interface OverheadResult {
  phases: OverheadPhases
  /** In order; `reused` when the run went to a process kept from an earlier run. */
  runs: { wallMs: number; epochsMs: number; overheadMs: number; startToBackendMs: number; afterLastEpochMs: number; reused: boolean }[]
  /** The first run's overhead: a fresh process. */
  firstOverheadMs: number
  /** Median overhead of runs 2..N, in the kept process; null with one run. */
  medianReusedOverheadMs: number | null
  /** The kept process's resident memory after each run, MB: flat when nothing leaks between runs. */
  rssAfterRunsMB: number[]
  targetMs: number
}

export interface OverheadRequest {
  datasetFile: string
  modelDir: string
  forkedAt: number
}

const TARGET_MS = 1000

export async function benchRunOverhead(opts: { cacheDir: string; runs: number; onLine?: (line: string) => void }): Promise<OverheadResult> {
  const dir = await mkdtemp(join(tmpdir(), 'regstudio-bench-overhead-'))
  try {
    const datasetFile = join(dir, 'bundled.rsds')
    await writeDatasetFile(datasetFile, await loadBundled({ cacheDir: opts.cacheDir }))
    const phases = await runBenchProcess<OverheadRequest, OverheadPhases>('overheadBenchWorker.ts', { datasetFile, modelDir: join(dir, 'phases-model'), forkedAt: Date.now() })
    opts.onLine?.(`phases: ${JSON.stringify(phases)}`)
    // One epoch of the seed baseline: the overhead does not depend on the epochs.
    const spec = { ...getPreset('seed')[0], epochs: 1 }
    const runs: OverheadResult['runs'] = []
    const pool = new TrainerPool(spawnNodeTrainer, { size: 1 })
    try {
      for (let run = 0; run < opts.runs; run++) {
        const epochs: { at: number; metrics: EpochMetrics }[] = []
        let backendAt = 0
        const reusedBefore = pool.counts.reused
        const started = Date.now()
        const result = await pool.run(
          { runId: `overhead-${run}`, spec, datasetFile, splitSeed: spec.seed, backend: 'wasm', modelDir: join(dir, `model-${run}`) },
          { onBackend: () => void (backendAt = Date.now()), onEpoch: (metrics) => void epochs.push({ at: Date.now(), metrics }) }
        )
        if (result.status !== 'finished') throw new Error(`the overhead run ${result.status}${result.status === 'failed' ? `: ${result.error}` : ''}`)
        const ended = Date.now()
        const epochsMs = epochs.reduce((sum, e) => sum + e.metrics.ms, 0)
        const timing = {
          wallMs: ended - started,
          epochsMs: Math.round(epochsMs),
          overheadMs: Math.round(ended - started - epochsMs),
          startToBackendMs: backendAt - started,
          afterLastEpochMs: ended - (epochs.at(-1)?.at ?? ended),
          reused: pool.counts.reused > reusedBefore
        }
        opts.onLine?.(`run ${run + 1}: ${JSON.stringify(timing)}`)
        runs.push(timing)
      }
    } finally {
      await pool.close()
    }
    const reused = runs.slice(1).map((r) => r.overheadMs).sort((a, b) => a - b)
    return {
      phases,
      runs,
      firstOverheadMs: runs[0]?.overheadMs ?? 0,
      medianReusedOverheadMs: reused.length > 0 ? round(reused[reused.length >> 1], 0) : null,
      rssAfterRunsMB: pool.rssAfterRuns.map((bytes) => round(bytes / 1e6, 0)),
      targetMs: TARGET_MS
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
