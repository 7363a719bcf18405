/** Messages between a trainer host and its trainer process (child_process or Electron utilityProcess). */
import type { ModelSpec } from '../../../shared/spec'
import type { BackendChoice, BackendRequest, BatchProgress, EpochMetrics, TrainOutcome } from '../../../shared/results'

export interface TrainJob {
  runId: string
  spec: ModelSpec
  /** A dataset file in the cache format (datasets/cache.ts), prepared by the host. */
  datasetFile: string
  /** Seed of the validation hold-out, shared by every variant of a study. */
  splitSeed: number
  backend: BackendRequest
  /** Threads for the wasm backend's matrix products; absent = every core (backend.ts). */
  threads?: number
  /** Where to save the trained model in TF.js format; absent = not saved. */
  modelDir?: string
}

export type HostMessage = { type: 'start'; job: TrainJob } | { type: 'cancel' }

export type WorkerMessage =
  | { type: 'backend'; choice: BackendChoice }
  | { type: 'progress'; progress: BatchProgress }
  | { type: 'epoch'; metrics: EpochMetrics }
  | { type: 'finished'; outcome: TrainOutcome }
  | { type: 'cancelled'; history: EpochMetrics[] }
  | { type: 'failed'; error: string }
