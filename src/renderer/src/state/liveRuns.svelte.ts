/** Live state of runs from host events: status, backend, batch progress and the growing history. */
import { SvelteMap } from 'svelte/reactivity'
import type { RunEvent } from '../../../shared/events'
import { isActiveStatus, type BackendChoice, type BatchProgress, type EpochMetrics, type RunRecord, type RunStatus } from '../../../shared/results'
import { withBatch, type BatchPoint } from '../lib/batchCurve'

export interface LiveRun {
  status: RunStatus
  backend?: BackendChoice
  progress?: BatchProgress
  /** Replaced (not mutated) on each epoch so charts see a new array. */
  history: EpochMetrics[]
  /** The running training loss and accuracy seen in this page (lib/batchCurve); replaced, never mutated. */
  batches?: readonly BatchPoint[]
  error?: string
}

export class LiveRuns {
  readonly byId = new SvelteMap<string, LiveRun>()

  apply(event: RunEvent): void {
    const current = this.byId.get(event.runId) ?? { status: 'queued' as RunStatus, history: [] }
    switch (event.type) {
      case 'run.queued':
        this.byId.set(event.runId, { status: 'queued', history: [] })
        break
      case 'run.started':
        this.byId.set(event.runId, { ...current, status: 'running', backend: event.backend })
        break
      case 'run.progress':
        this.byId.set(event.runId, { ...current, status: 'running', progress: event.progress, batches: withBatch(current.batches ?? [], event.progress) })
        break
      case 'run.epoch':
        this.byId.set(event.runId, { ...current, history: [...current.history, event.metrics] })
        break
      case 'run.finished':
        this.byId.set(event.runId, { ...current, status: 'finished' })
        break
      case 'run.failed':
        this.byId.set(event.runId, { ...current, status: 'failed', error: event.error })
        break
      case 'run.cancelled':
        this.byId.set(event.runId, { ...current, status: 'cancelled' })
        break
    }
  }

  /**
   * Replaces what events said with the host's record after a lost connection. Epochs and an end
   * that arrived after the host read the record are kept on top of it.
   */
  resync(record: RunRecord, history: EpochMetrics[]): void {
    const current = this.byId.get(record.id)
    const last = history.at(-1)?.epoch ?? 0
    const later = (current?.history ?? []).filter((m) => m.epoch > last)
    const ended = !isActiveStatus(record.status) ? record.status : current && !isActiveStatus(current.status) ? current.status : record.status
    this.byId.set(record.id, {
      status: ended,
      backend: record.backend ?? current?.backend,
      progress: isActiveStatus(ended) ? current?.progress : undefined,
      history: [...history, ...later],
      batches: current?.batches,
      error: record.error ?? current?.error
    })
  }

  /** Seeds a run's history when it is opened after a reload, without losing epochs that arrived meanwhile. */
  seed(runId: string, status: RunStatus, history: EpochMetrics[]): void {
    const current = this.byId.get(runId)
    if (current && current.history.length >= history.length) return
    this.byId.set(runId, { ...(current ?? {}), status: current?.status ?? status, history })
  }
}
