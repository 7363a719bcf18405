/** What training produces: per-epoch history, progress, evaluation. Shared by trainer, store, reports and UI. */
import type { ModelSpec } from './spec'

export interface EpochMetrics {
  /** 1-based epoch number. */
  epoch: number
  loss: number
  accuracy: number
  /** Absent when the spec holds out no validation data. */
  val_loss?: number
  val_accuracy?: number
  /** Wall time of this epoch in milliseconds (training + validation). */
  ms: number
}

export interface BatchProgress {
  epoch: number
  epochs: number
  batch: number
  batches: number
  /** Running mean loss / accuracy over the epoch so far. */
  loss: number
  accuracy: number
  /** Mean milliseconds per training step measured so far in this run. */
  msPerStep: number
  /** Estimated milliseconds until the run's last epoch ends. */
  etaMs: number
}

/** What a user may ask for: automatic (best available) or one backend forced. */
export const BACKEND_REQUESTS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const
export type BackendRequest = (typeof BACKEND_REQUESTS)[number]

export interface BackendChoice {
  /** 'tensorflow' (tfjs-node-gpu or tfjs-node), 'wasm' or 'cpu'. */
  name: 'tensorflow' | 'wasm' | 'cpu'
  /** The package behind it, e.g. '@tensorflow/tfjs-node-gpu' or '@tensorflow/tfjs-backend-wasm'. */
  package: string
  /** Why this one, e.g. "auto: tfjs-node-gpu: not installed; tfjs-node: not installed; wasm: ok". */
  reason: string
  threads: number
}

export interface WeightStats {
  /** Layer name, e.g. "dense_1". */
  layer: string
  /** Kernel shape, e.g. [784, 512]. */
  shape: number[]
  count: number
  l1: number
  l2: number
  mean: number
  std: number
  /** Share of kernel weights with |w| < 1e-3. */
  nearZero: number
  histogram: { min: number; max: number; counts: number[] }
}

export interface SamplePrediction {
  /** Index into the test set. */
  index: number
  label: number
  predicted: number
  /** Class probabilities, length 10. */
  probabilities: number[]
}

export interface Evaluation {
  trainLoss: number
  trainAccuracy: number
  testLoss: number
  testAccuracy: number
  /** confusion[true][predicted] on the test set. */
  confusion: number[][]
  perClassAccuracy: number[]
  /** The first 10 test images. */
  samples: SamplePrediction[]
  /** Up to 50 misclassified test images (index, label, predicted, probabilities). */
  misclassified: SamplePrediction[]
  weights: WeightStats[]
}

export interface TrainOutcome {
  /** Completed epochs only; an epoch cancelled before its last batch is not recorded. */
  history: EpochMetrics[]
  /**
   * 1-based epoch whose weights the model holds at the end: the restored best epoch when early
   * stopping restores best weights (also at the natural end of the run and on cancel), else the
   * last completed epoch (0 when cancelled during the first epoch).
   */
  bestEpoch: number
  epochsRun: number
  stoppedEarly: boolean
  cancelled: boolean
  /** Mean wall time of one training step (forward, backward, update) over the run. */
  msPerStep: number
  seconds: number
  evaluation: Evaluation
}

export type RunStatus = 'queued' | 'running' | 'finished' | 'failed' | 'cancelled' | 'interrupted'

/** Queued or running: the run has not ended. */
export function isActiveStatus(status: RunStatus): boolean {
  return status === 'queued' || status === 'running'
}

export interface DatasetRef {
  source: string
  fingerprint: string
  train: number
  validation: number
  test: number
}

/** Where a run was trained, when not by a trainer process of its host (a `regstudio worker`). */
export interface RanOn {
  /** The worker's host name and process id. */
  host: string
  pid: number
  backend: BackendChoice['name']
  threads: number
  /** Times the run was started; more than 1 when a worker died and another started it again from its seed. */
  attempts: number
}

/** The contents of a run's run.json. */
export interface RunRecord {
  id: string
  name: string
  studyId?: string
  spec: ModelSpec
  dataset: DatasetRef
  backend?: BackendChoice
  /** Seed of the validation hold-out (a study's seed, shared by its repeats); absent in older runs, which used spec.seed. */
  splitSeed?: number
  /** The backend the run was started with ('auto' or one forced), so a re-run asks the same; absent in older runs. */
  backendRequest?: BackendRequest
  status: RunStatus
  error?: string
  createdAt: string
  startedAt?: string
  endedAt?: string
  epochsRun: number
  bestEpoch?: number
  msPerStep?: number
  seconds?: number
  ranOn?: RanOn
}
