/**
 * What training produces: per-epoch history, progress, evaluation, and a run's record. Shared by
 * trainer, store, reports and UI. The schemas check these where they arrive from outside a process
 * (trainer messages, run.json, metrics.jsonl, eval.json); the types are inferred from them.
 */
import * as z from 'zod/mini'
import { modelSpecSchema } from './spec'

/**
 * A measured number. Loss and accuracy are NaN when training diverges, and JSON (files, and
 * child_process messages) carries NaN as null, so null reads back as NaN.
 */
const measured = z.pipe(z.union([z.number(), z.nan(), z.null()]), z.transform((v) => v ?? NaN))
const count = z.int().check(z.minimum(0))
const numbers = z.array(measured)

export const epochMetricsSchema = z.object({
  /** 1-based epoch number. */
  epoch: z.int().check(z.minimum(1)),
  loss: measured,
  accuracy: measured,
  /** Absent when the spec holds out no validation data. */
  val_loss: z.optional(measured),
  val_accuracy: z.optional(measured),
  /** Wall time of this epoch in milliseconds (training + validation). */
  ms: z.number()
})
export type EpochMetrics = z.output<typeof epochMetricsSchema>

export const batchProgressSchema = z.object({
  epoch: count,
  epochs: count,
  batch: count,
  batches: count,
  /** Running mean loss / accuracy over the epoch so far. */
  loss: measured,
  accuracy: measured,
  /** Mean milliseconds per training step measured so far in this run. */
  msPerStep: measured,
  /** Estimated milliseconds until the run's last epoch ends. */
  etaMs: measured
})
export type BatchProgress = z.output<typeof batchProgressSchema>

/** What a user may ask for: automatic (best available) or one backend forced. */
export const BACKEND_REQUESTS = ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const
export type BackendRequest = (typeof BACKEND_REQUESTS)[number]

/** The GPU a WebGPU run trained on, as the browser's adapter describes it (fields may be empty). */
export const gpuAdapterSchema = z.object({
  vendor: z.string(),
  architecture: z.string(),
  description: z.string(),
  /** A software adapter (e.g. SwiftShader): refused in the product, allowed only by tests and the bench. */
  fallback: z.boolean()
})
export type GpuAdapter = z.output<typeof gpuAdapterSchema>

export const backendChoiceSchema = z.object({
  /** 'tensorflow' (tfjs-node-gpu or tfjs-node), 'webgpu' (the desktop app's trainer window), 'wasm' or 'cpu'. */
  name: z.enum(['tensorflow', 'webgpu', 'wasm', 'cpu']),
  /** The package behind it, e.g. '@tensorflow/tfjs-node-gpu' or '@tensorflow/tfjs-backend-wasm'. */
  package: z.string(),
  /** Why this one, e.g. "auto: tfjs-node-gpu: not installed; tfjs-node: not installed; wasm: ok". */
  reason: z.string(),
  threads: count,
  /** webgpu only: the adapter trained on. */
  adapter: z.optional(gpuAdapterSchema)
})
export type BackendChoice = z.output<typeof backendChoiceSchema>

const weightStatsSchema = z.object({
  /** Layer name, e.g. "dense_1". */
  layer: z.string(),
  /** Kernel shape, e.g. [784, 512]. */
  shape: z.array(count),
  count,
  l1: measured,
  l2: measured,
  mean: measured,
  std: measured,
  /** Share of kernel weights with |w| < 1e-3. */
  nearZero: measured,
  histogram: z.object({ min: measured, max: measured, counts: z.array(count) })
})
export type WeightStats = z.output<typeof weightStatsSchema>

export const samplePredictionSchema = z.object({
  /** Index into the test set. */
  index: count,
  label: count,
  predicted: count,
  /** Class probabilities, one per class. */
  probabilities: numbers
})
export type SamplePrediction = z.output<typeof samplePredictionSchema>

export const evaluationSchema = z.object({
  trainLoss: measured,
  trainAccuracy: measured,
  testLoss: measured,
  testAccuracy: measured,
  /** confusion[true][predicted] on the test set. */
  confusion: z.array(z.array(count)),
  perClassAccuracy: numbers,
  /** The first 10 test images. */
  samples: z.array(samplePredictionSchema),
  /** The first 50 misclassified test images (index, label, predicted, probabilities); all are in misclassified.json. */
  misclassified: z.array(samplePredictionSchema),
  weights: z.array(weightStatsSchema)
})
export type Evaluation = z.output<typeof evaluationSchema>

export const trainOutcomeSchema = z.object({
  /** Completed epochs only; an epoch cancelled before its last batch is not recorded. */
  history: z.array(epochMetricsSchema),
  /**
   * 1-based epoch whose weights the model holds at the end: the restored best epoch when early
   * stopping restores best weights (also at the natural end of the run and on cancel), else the
   * last completed epoch (0 when cancelled during the first epoch).
   */
  bestEpoch: count,
  epochsRun: count,
  stoppedEarly: z.boolean(),
  cancelled: z.boolean(),
  /** Mean wall time of one training step (forward, backward, update) over the run. */
  msPerStep: measured,
  seconds: measured,
  evaluation: evaluationSchema,
  /**
   * Every misclassified test image, in test-set order, for the gallery (kept apart from eval.json,
   * which every run listing reads). Absent from trainers older than it.
   */
  misclassified: z.optional(z.array(samplePredictionSchema))
})
export type TrainOutcome = z.output<typeof trainOutcomeSchema>

export const RUN_STATUSES = ['queued', 'running', 'finished', 'failed', 'cancelled', 'interrupted'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

/** Queued or running: the run has not ended. */
export function isActiveStatus(status: RunStatus): boolean {
  return status === 'queued' || status === 'running'
}

const datasetRefSchema = z.object({
  source: z.string(),
  fingerprint: z.string(),
  train: count,
  validation: count,
  test: count,
  /** One name per class, index = label; absent in runs made before datasets carried names (see runClassNames). */
  classNames: z.optional(z.array(z.string()))
})
export type DatasetRef = z.output<typeof datasetRefSchema>

/** Where a run was trained, when not by a trainer process of its host (a `regstudio worker`). */
const ranOnSchema = z.object({
  /** The worker's host name and process id. */
  host: z.string(),
  pid: count,
  backend: backendChoiceSchema.shape.name,
  threads: count,
  /** Times the run was started; more than 1 when a worker died and another started it again from its seed. */
  attempts: count
})
export type RanOn = z.output<typeof ranOnSchema>

/** The contents of a run's run.json. */
export const runRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  studyId: z.optional(z.string()),
  spec: modelSpecSchema,
  dataset: datasetRefSchema,
  backend: z.optional(backendChoiceSchema),
  /** Seed of the validation hold-out (a study's seed, shared by its repeats); absent in older runs, which used spec.seed. */
  splitSeed: z.optional(z.number()),
  /** The backend the run was started with ('auto' or one forced), so a re-run asks the same; absent in older runs. */
  backendRequest: z.optional(z.enum(BACKEND_REQUESTS)),
  status: z.enum(RUN_STATUSES),
  error: z.optional(z.string()),
  createdAt: z.string(),
  startedAt: z.optional(z.string()),
  endedAt: z.optional(z.string()),
  epochsRun: count,
  bestEpoch: z.optional(count),
  msPerStep: z.optional(measured),
  seconds: z.optional(measured),
  ranOn: z.optional(ranOnSchema)
})
export type RunRecord = z.output<typeof runRecordSchema>
