/** What a host asks the robustness process and what it answers (robustnessWorker.ts). */
import type { BackendRequest } from '../../../shared/results'
import type { Perturbation } from './perturbations'

export interface ProbeJob {
  /** A dataset file in the cache format (datasets/cache.ts); its test set is probed. */
  datasetFile: string
  seed: number
  plan: readonly Perturbation[]
  backend: BackendRequest
  /** Threads for the wasm backend; absent = every core. */
  threads?: number
  runs: { runId: string; modelDir: string; normalize: boolean }[]
}

export interface ProbeAccuracy extends Perturbation {
  accuracy: number
}

export interface ProbeAnswer {
  /** The fingerprint of the dataset file, so the host can check it is the data the runs trained on. */
  fingerprint: string
  testImages: number
  /** Per run in job order: per perturbation, the clean accuracy as strength 0, then each of its plan steps by strength. */
  runs: { runId: string; accuracies: ProbeAccuracy[] }[]
}
