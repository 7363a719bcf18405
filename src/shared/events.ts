/** Events a host emits about runs and imports; the same values travel over IPC and WebSocket. */
import type { BackendChoice, BatchProgress, EpochMetrics, RunRecord } from './results'

export type RunEvent =
  | { type: 'run.queued'; runId: string; name: string; studyId?: string }
  | { type: 'run.started'; runId: string; backend: BackendChoice }
  | { type: 'run.progress'; runId: string; progress: BatchProgress }
  | { type: 'run.epoch'; runId: string; metrics: EpochMetrics }
  | { type: 'run.finished'; runId: string; record: RunRecord }
  | { type: 'run.failed'; runId: string; error: string }
  | { type: 'run.cancelled'; runId: string }

export interface ImportProgressEvent {
  type: 'dataset.progress'
  /** The id the importing window gave (absent when it gave none), so each window shows its own import. */
  importId?: string
  message: string
  done: number
  total: number
}
