/**
 * How long a study will take, before it starts, as a range. The speed is the step time of the
 * newest runs this host trained on the same backend with the same threads per trainer (per example
 * and weight, which carries over between network and batch sizes to within tens of percent), or a
 * stated assumption when there are none. The time counts every training step, the validation pass
 * of each epoch and the final evaluation, spread over the trainers that truly run at once.
 */
import type { QueueStatus } from './api'
import type { RunRecord } from './results'
import type { ModelSpec } from './spec'
import { countParameters } from './specValidate'

const SEED_STEP = 128 * 669_706
/**
 * With no runs to go by: wasm, the seed network, 128 examples per step, on a 2-core machine: 11 ms
 * with 2 threads, 16 with 1 (docs/performance.md), up to three times that when other work shares the cores.
 */
export const ASSUMED_MS_PER_STEP = { oneThread: 16, twoThreads: 11, busyFactor: 3 } as const
/**
 * With no runs to go by, a run's time beside its steps and passes: process start, backend set-up,
 * data hand-over, warm-up and saving (measured here: 2–7 s per run on 2 busy cores).
 */
export const ASSUMED_OVERHEAD_MS = { low: 2_000, high: 7_000 } as const
/** A forward pass costs about a third of a training step per example (2 of 6 flops per weight). */
export const FORWARD_SHARE = 1 / 3
/** The newest runs that tell the speed: the machine's load drifts, so older ones say little. */
const RECENT_RUNS = 10

export interface Range {
  low: number
  high: number
}

export interface TrainingSpeed {
  /** Milliseconds per training example and weight, fastest and slowest plausible. */
  msPerExampleWeight: Range
  /** A run's time beside its steps and forward passes, measured as its wall time less those. */
  overheadMs: Range
  /** 'measured': from `from` finished runs here on `backend` (threads each); 'default': the assumption. */
  basis: 'measured' | 'default'
  from: number
  backend?: string
  threads?: number
}

/** Where the study's runs train: trainer processes here, or the workers of a queue. */
export type Trainers =
  | { kind: 'local'; lanes: number; cores: number }
  /** workers: those the queue sees now, null when unknown; each trains one run at a time (the worker's default). */
  | { kind: 'queue'; lanes: number; workers: number | null; waiting?: number; active?: number }

/** Where runs train, from the host's lanes and cores and its queue status (`host.queue`; null: not read, so here). */
export function trainersOf(host: { lanes: number; cores: number }, queue: QueueStatus | null): Trainers {
  if (queue?.mode !== 'queue') return { kind: 'local', lanes: host.lanes, cores: host.cores }
  return { kind: 'queue', lanes: host.lanes, workers: queue.workers.length > 0 ? queue.workers.length : null, waiting: queue.waiting, active: queue.active }
}

/** Threads each trainer gets, as the run queue shares the cores out (runQueue threadsPerTrainer); unknown on workers. */
export function trainerThreads(trainers: Trainers, runs: number): number | undefined {
  if (trainers.kind === 'queue') return undefined
  return Math.max(1, Math.floor(trainers.cores / Math.max(1, Math.min(trainers.lanes, runs))))
}

/**
 * The speed of the newest finished runs on `backend` (the newest run's backend when not given, as
 * 'auto' picks the same one again here), preferring those with `threads` per trainer; runs on other
 * thread counts count as if time scaled with threads. The range is their middle half, widened, more when
 * one run is all there is. A run's overhead (process start, set-up, saving) is measured from the
 * same runs: their wall time less their steps and passes at their own step time.
 */
export function measuredSpeed(records: readonly RunRecord[], opts: { backend?: string; threads?: number } = {}): TrainingSpeed {
  const done = records
    .filter((r) => r.status === 'finished' && r.msPerStep && r.backend)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  const backend = opts.backend ?? done[0]?.backend?.name
  const onBackend = done.filter((r) => r.backend?.name === backend)
  const sameThreads = onBackend.filter((r) => opts.threads === undefined || r.backend?.threads === opts.threads)
  const chosen = (sameThreads.length > 0 ? sameThreads : onBackend).slice(0, RECENT_RUNS)
  if (chosen.length === 0) return assumedSpeed(opts.threads)
  const ownSpeed = (r: RunRecord): number => (r.msPerStep as number) / (r.spec.batchSize * countParameters(r.spec).total)
  const speeds = chosen.map((r) => ownSpeed(r) * (opts.threads === undefined ? 1 : (r.backend?.threads ?? opts.threads) / opts.threads))
  const overheads = chosen.flatMap((r) => {
    const wall = runWallMs(r)
    if (wall === null) return []
    const size = { trainImages: r.dataset.train + r.dataset.validation, testImages: r.dataset.test }
    return [Math.max(0, wall - runMs(r.spec, size, ownSpeed(r), r.epochsRun))]
  })
  return {
    msPerExampleWeight: middle(speeds, chosen.length),
    overheadMs: overheads.length > 0 ? middle(overheads, overheads.length) : { ...ASSUMED_OVERHEAD_MS },
    basis: 'measured',
    from: chosen.length,
    backend,
    threads: sameThreads.length > 0 ? opts.threads : undefined
  }
}

function assumedSpeed(threads: number | undefined): TrainingSpeed {
  const ms = threads === 1 ? ASSUMED_MS_PER_STEP.oneThread : ASSUMED_MS_PER_STEP.twoThreads
  return {
    msPerExampleWeight: { low: ms / SEED_STEP, high: (ms * ASSUMED_MS_PER_STEP.busyFactor) / SEED_STEP },
    overheadMs: { ...ASSUMED_OVERHEAD_MS },
    basis: 'default',
    from: 0,
    threads
  }
}

/**
 * A run's time from start to end. A queue's run starts when it is queued, so its wait for a worker
 * would count as overhead: for those the trainer's own time tells.
 */
function runWallMs(r: RunRecord): number | null {
  if (r.ranOn) return r.seconds === undefined ? null : r.seconds * 1000
  return r.startedAt && r.endedAt ? Date.parse(r.endedAt) - Date.parse(r.startedAt) : null
}

/** The middle half of the values, widened by 10 % (20 % for a lone value) as the load drifts from run to run. */
function middle(values: number[], count: number): Range {
  const sorted = [...values].sort((a, b) => a - b)
  const spread = count === 1 ? 0.2 : 0.1
  return { low: quantile(sorted, 0.25) * (1 - spread), high: quantile(sorted, 0.75) * (1 + spread) }
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q
  const below = Math.floor(at)
  const above = Math.min(sorted.length - 1, below + 1)
  return sorted[below] + (sorted[above] - sorted[below]) * (at - below)
}

export interface StudySize {
  specs: readonly ModelSpec[]
  repeats: number
  /** Training examples, before the validation hold-out. */
  trainImages: number
  /** Test examples of the final evaluation. */
  testImages: number
}

export interface StudyEstimate {
  runs: number
  onQueue: boolean
  /** Trainers at work at once; null on a queue with no worker known. */
  parallel: number | null
  /** Wall time of the whole study; null when it depends on workers not known. */
  ms: Range | null
  /** One run's time, shortest to longest of the study's variants (on a trainer of its own). */
  perRunMs: Range
  /** Whether early stopping may end runs before their last epoch (then `ms.low` counts its earliest stop). */
  earlyStopping: boolean
  /** Jobs of others already on the queue, which the study's runs wait behind. */
  queued: number
  speed: TrainingSpeed
}

/** One run's time at a speed, from its epochs: training steps, validation each epoch, then the final evaluation. */
export function runMs(spec: ModelSpec, size: Pick<StudySize, 'trainImages' | 'testImages'>, msPerExampleWeight: number, epochs = spec.epochs): number {
  const validation = Math.round(size.trainImages * spec.validationSplit)
  const train = size.trainImages - validation
  const steps = Math.ceil(train / spec.batchSize) * epochs
  const forwardExamples = epochs * validation + train + size.testImages
  const perExample = countParameters(spec).total * msPerExampleWeight
  return steps * spec.batchSize * perExample + forwardExamples * perExample * FORWARD_SHARE
}

/** The earliest epoch early stopping can end a run at: the first, then `patience` without improvement. */
function earliestEpochs(spec: ModelSpec): number {
  return spec.earlyStopping ? Math.min(spec.epochs, spec.earlyStopping.patience + 1) : spec.epochs
}

/** Wall time of runs started in order on `lanes` trainers, each taking the next free one. */
function makespan(durations: readonly number[], lanes: number): number {
  const free = new Array<number>(Math.max(1, lanes)).fill(0)
  for (const d of durations) {
    const i = free.indexOf(Math.min(...free))
    free[i] += d
  }
  return Math.max(...free)
}

export function estimateStudy(size: StudySize, speed: TrainingSpeed, trainers: Trainers): StudyEstimate {
  const runs = size.specs.length * size.repeats
  const workers = trainers.kind === 'queue' ? trainers.workers : runs
  const parallel = workers === null || workers === 0 ? null : Math.max(1, Math.min(trainers.lanes, workers, runs))
  const low = size.specs.map((s) => runMs(s, size, speed.msPerExampleWeight.low, earliestEpochs(s)) + speed.overheadMs.low)
  const high = size.specs.map((s) => runMs(s, size, speed.msPerExampleWeight.high) + speed.overheadMs.high)
  // The run queue starts the longest runs first when trainers run side by side.
  const inOrder = (perSpec: number[]): number[] => {
    const one = parallel !== null && parallel > 1 ? [...perSpec].sort((a, b) => b - a) : perSpec
    return Array.from({ length: size.repeats }, () => one).flat()
  }
  const queued = trainers.kind === 'queue' ? (trainers.waiting ?? 0) + (trainers.active ?? 0) : 0
  return {
    runs,
    onQueue: trainers.kind === 'queue',
    parallel,
    ms: parallel === null ? null : { low: makespan(inOrder(low), parallel), high: makespan(inOrder(high), parallel) },
    perRunMs: { low: low.length > 0 ? Math.min(...low) : 0, high: Math.max(0, ...high) },
    earlyStopping: size.specs.some((s) => earliestEpochs(s) < s.epochs),
    queued,
    speed
  }
}

/** The estimate as every caller makes it: the speed for the threads each trainer will get, then the time. */
export function planEstimate(size: StudySize, records: readonly RunRecord[], trainers: Trainers, backend?: string): StudyEstimate {
  const threads = trainerThreads(trainers, size.specs.length * size.repeats)
  return estimateStudy(size, measuredSpeed(records, { backend, threads }), trainers)
}
