/** Runs one stored run through an executor, keeping the run store and the listeners in step. */
import type { RunEvent } from '../../../shared/events'
import type { BackendRequest, EpochMetrics, RunRecord } from '../../../shared/results'
import type { RunStore } from '../runs/runStore'
import type { ExecutorResult, RunExecutor } from './executor'

export interface ExecuteRunOptions {
  store: RunStore
  executor: RunExecutor
  record: RunRecord
  datasetFile: string
  splitSeed: number
  backend: BackendRequest
  /** Threads for the trainer's wasm matrix products; absent = every core. */
  threads?: number
  emit: (event: RunEvent) => void
  signal: AbortSignal
  /** A run an earlier host left training elsewhere, followed again, with the epochs already logged. */
  resumed?: { logged: EpochMetrics[] }
}

export async function executeRun(opts: ExecuteRunOptions): Promise<{ record: RunRecord; result: ExecutorResult }> {
  const { store, record, emit } = opts
  const runId = record.id
  // A resumed run keeps the start its first host recorded.
  await store.update(runId, { status: 'running', startedAt: (opts.resumed && record.startedAt) || new Date().toISOString() })

  const result = await opts.executor.execute(
    {
      runId,
      spec: record.spec,
      datasetFile: opts.datasetFile,
      splitSeed: opts.splitSeed,
      backend: opts.backend,
      threads: opts.threads,
      modelDir: store.modelDir(runId)
    },
    {
      onBackend: (backend) => {
        // Saved again with the outcome; a failed write here (disk full) must not become an unhandled rejection.
        store.update(runId, { backend }).catch(() => undefined)
        emit({ type: 'run.started', runId, backend })
      },
      onProgress: (progress) => emit({ type: 'run.progress', runId, progress }),
      onEpoch: async (metrics) => {
        await store.appendEpoch(runId, metrics)
        emit({ type: 'run.epoch', runId, metrics })
      }
    },
    opts.signal,
    opts.resumed
  )

  const endedAt = new Date().toISOString()
  const backend = result.backend
  const ranOn = result.ranOn ? { ranOn: result.ranOn } : {}
  let updated: RunRecord
  if (result.status === 'finished') {
    const { outcome } = result
    // The full list first: a run with eval.json then has it too (unless its trainer predates it).
    if (outcome.misclassified) await store.saveMisclassified(runId, outcome.misclassified)
    await store.saveEvaluation(runId, outcome.evaluation)
    updated = await store.update(runId, {
      status: 'finished',
      endedAt,
      backend,
      epochsRun: outcome.epochsRun,
      bestEpoch: outcome.bestEpoch,
      msPerStep: outcome.msPerStep,
      seconds: outcome.seconds,
      ...ranOn
    })
    emit({ type: 'run.finished', runId, record: updated })
  } else if (result.status === 'cancelled') {
    updated = await store.update(runId, { status: 'cancelled', endedAt, backend, epochsRun: result.history.length, ...ranOn })
    emit({ type: 'run.cancelled', runId })
  } else {
    updated = await store.update(runId, {
      status: 'failed',
      endedAt,
      backend,
      error: result.error,
      epochsRun: result.history.length,
      ...ranOn
    })
    emit({ type: 'run.failed', runId, error: result.error })
  }
  return { record: updated, result }
}
