/**
 * Robustness probes of finished runs: test accuracy under each perturbation of PROBE_PLAN, measured
 * in a child process and cached in each run's robustness.json.
 */
import { access } from 'node:fs/promises'
import { UserError } from '../../../shared/errors'
import type { BackendRequest, RunRecord } from '../../../shared/results'
import type { RobustnessRow } from '../../../shared/robustness'
import { preparedDatasetPath } from '../datasets/preparedDataset'
import { readTrainedModel } from '../export/readTrainedModel'
import { RunStore } from '../runs/runStore'
import { PROBE_PLAN } from './perturbations'
import type { ProbeAccuracy } from './probeJob'
import { readCachedProbe, writeCachedProbe, type ProbeKey } from './robustnessCache'
import { forkProbeProcess, type RunProbeJob } from './robustnessProcess'

/** One seed for every run, so all variants are measured on the very same perturbed images. */
export const PROBE_SEED = 1

export interface ProbeOptions {
  /** The prepared dataset file (datasets/cache.ts format) to probe; default: the one each run trained on, in the workspace. */
  datasetFile?: string
  seed?: number
  /** Default auto, as training. */
  backend?: BackendRequest
  /** Threads for the wasm backend; default every core. */
  threads?: number
  /** Default: a Node child process (forkProbeProcess). */
  runJob?: RunProbeJob
  /** Only what robustness.json already holds: runs without a valid cache (or unfinished) are left out, nothing is measured. */
  cachedOnly?: boolean
  /** Test passes measured so far, of all those this call measures (cached runs count for none). */
  onProgress?: (done: number, total: number) => void
  /** Stops the measuring process; the call then rejects with a 'cancelled' UserError and nothing more is cached. */
  signal?: AbortSignal
}

/**
 * One row per run, perturbation and strength (strength 0: the clean test set), in the order of
 * `runIds`. Cached results are reused; the others are measured, one child process per dataset.
 * Throws a UserError naming the run when one is not finished, its model is damaged or its data is gone.
 */
export async function probeRobustness(workspace: string, runIds: readonly string[], options: ProbeOptions = {}): Promise<RobustnessRow[]> {
  const store = new RunStore(workspace)
  const seed = options.seed ?? PROBE_SEED
  const keyOf = (record: RunRecord): ProbeKey => ({ seed, plan: PROBE_PLAN, datasetFingerprint: record.dataset.fingerprint })
  const records: RunRecord[] = []
  const results = new Map<string, ProbeAccuracy[]>()
  const pending = new Map<string, RunRecord[]>()
  for (const id of new Set(runIds)) {
    if (options.cachedOnly) {
      const { record } = await store.get(id)
      const cached = record.status === 'finished' ? await readCachedProbe(store.runDir(id), keyOf(record)) : undefined
      if (cached) {
        records.push(record)
        results.set(id, cached)
      }
      continue
    }
    // The model is read and checked here, so a damaged one is one line naming the run, not a child's crash.
    const { record } = await readTrainedModel(workspace, id)
    records.push(record)
    const cached = await readCachedProbe(store.runDir(id), keyOf(record))
    if (cached) {
      results.set(id, cached)
      continue
    }
    const datasetFile = options.datasetFile ?? preparedDatasetPath(workspace, record.dataset.fingerprint)
    pending.set(datasetFile, [...(pending.get(datasetFile) ?? []), record])
  }

  // One process per dataset: TF.js and the data load once for all the runs trained on it.
  const perRun = 1 + PROBE_PLAN.length
  const total = [...pending.values()].reduce((n, runs) => n + runs.length * perRun, 0)
  let before = 0
  for (const [datasetFile, runs] of pending) {
    await access(datasetFile).catch(() => {
      throw new UserError('not_found', `run ${runs[0].id}: its test data ${datasetFile} is not there (the dataset was removed from the workspace)`, { id: runs[0].id })
    })
    const answer = await (options.runJob ?? forkProbeProcess)({
      datasetFile,
      seed,
      plan: PROBE_PLAN,
      backend: options.backend ?? 'auto',
      threads: options.threads,
      runs: runs.map((r) => ({ runId: r.id, modelDir: store.modelDir(r.id), normalize: r.spec.normalize }))
    }, { signal: options.signal, onProgress: (done) => options.onProgress?.(before + done, total) }).catch((err: unknown) => {
      if (err instanceof UserError && err.code === 'cancelled') throw err
      throw new UserError('probe_failed', `robustness probe of run ${runs.map((r) => r.id).join(', ')} failed: ${err instanceof Error ? err.message : String(err)}`)
    })
    for (const record of runs) {
      if (answer.fingerprint !== record.dataset.fingerprint) {
        throw new UserError(
          'wrong_dataset',
          `run ${record.id} was trained on dataset ${record.dataset.fingerprint.slice(0, 12)}, but ${datasetFile} holds ${answer.fingerprint.slice(0, 12)}`,
          { id: record.id }
        )
      }
      const accuracies = answer.runs.find((r) => r.runId === record.id)?.accuracies
      if (!accuracies) throw new Error(`the robustness process gave no result for run ${record.id}`)
      await writeCachedProbe(store.runDir(record.id), keyOf(record), answer.testImages, accuracies)
      results.set(record.id, accuracies)
    }
    before += runs.length * perRun
  }

  return records.flatMap((record) =>
    (results.get(record.id) ?? []).map(({ perturbation, strength, accuracy }) => ({ variant: record.name, runId: record.id, perturbation, strength, accuracy }))
  )
}
