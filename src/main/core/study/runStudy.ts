/**
 * The regularization study: one dataset, one frozen validation split, several variants trained in
 * trainer processes (one after another, or several at once), then a summary of what each
 * regularizer did.
 */
import { availableParallelism } from 'node:os'
import type { DatasetSummary } from '../../../shared/dataset'
import type { RunEvent } from '../../../shared/events'
import { getPreset } from '../../../shared/presets'
import type { ModelSpec } from '../../../shared/spec'
import { formatSpecIssues, validateSpec } from '../../../shared/specValidate'
import { UserError } from '../../../shared/errors'
import { fingerprintDataset } from '../datasets/fingerprint'
import { summarizeDataset } from '../datasets/summary'
import { toModelResult, type StudyModelResult, type StudySummary } from '../../../shared/studySummary'
import { reportSamplePixels } from '../reports/samplePixels'
import { RunStore } from '../runs/runStore'
import { executeRun } from '../training/executeRun'
import type { BackendRequest } from '../../../shared/results'
import type { SpawnTrainer } from '../training/trainerHost'
import { limitDataset, loadDataset, type DatasetRequest } from './loadDataset'
import { createQueuedRuns } from './createRuns'
import { prepareDatasetFile } from './preparedDataset'

export interface StudyOptions {
  preset: string
  /** Variant names to keep, in the preset's order; all when absent. */
  variants?: string[]
  dataset: DatasetRequest
  epochs?: number
  trainLimit?: number
  testLimit?: number
  valSplit?: number
  backend: BackendRequest
  /** Variants trained at once (default: defaultStudyConcurrency()). */
  concurrency?: number
  seed: number
  workspace: string
  cacheDir: string
  spawn: SpawnTrainer
  onDataset?: (summary: DatasetSummary) => void
  onDatasetProgress?: (message: string, done: number, total: number) => void
  onRunEvent?: (event: RunEvent, variant: string) => void
  signal?: AbortSignal
}

export interface StudyResult {
  summary: StudySummary
  /** The first 10 test images, for the report's sample predictions. */
  samplesPixels: number[][]
  failures: { name: string; error: string }[]
}

/**
 * Variants trained at once when not asked: two where there are two cores or more. On 2 cores, two
 * single-threaded trainers finished the seed study in 5.4 minutes where one trainer using both
 * cores for its matrix products took 7.1 (docs/performance.md): everything else in a step then
 * runs in parallel too. Not more by default, as each trainer holds its own copy of the data
 * (about 0.4 GB at its peak with the bundled set).
 */
export function defaultStudyConcurrency(): number {
  return Math.min(2, availableParallelism())
}

/** Threads each trainer gets when `lanes` trainers run at once: the cores, shared out. */
export function threadsPerTrainer(lanes: number): number {
  return Math.max(1, Math.floor(availableParallelism() / lanes))
}

/**
 * The order to start runs in: the given order on one lane; with several lanes, the longest
 * (most epochs) first, so a long early-stopping run does not start last and finish alone.
 */
function startOrder(specs: ModelSpec[], lanes: number): number[] {
  const order = specs.map((_, i) => i)
  return lanes > 1 ? order.sort((a, b) => specs[b].epochs - specs[a].epochs || a - b) : order
}

export function studySpecs(opts: Pick<StudyOptions, 'preset' | 'variants' | 'epochs' | 'valSplit' | 'seed'>): ModelSpec[] {
  let specs = getPreset(opts.preset)
  if (opts.variants && opts.variants.length > 0) {
    const known = specs.map((s) => s.name)
    const unknown = opts.variants.filter((v) => !known.includes(v))
    if (unknown.length > 0) {
      throw new UserError(
        'unknown_variant',
        `unknown variant ${unknown.join(', ')} in preset ${opts.preset}; known: ${known.join(', ')}`
      )
    }
    specs = specs.filter((s) => opts.variants!.includes(s.name))
  }
  return specs.map((spec) => {
    const candidate: ModelSpec = {
      ...spec,
      epochs: opts.epochs ?? spec.epochs,
      validationSplit: opts.valSplit ?? spec.validationSplit,
      seed: opts.seed
    }
    const checked = validateSpec(candidate)
    if (!checked.ok) throw new UserError('invalid_spec', `variant ${spec.name}: ${formatSpecIssues(checked.issues)}`)
    return checked.spec
  })
}

export async function runStudy(opts: StudyOptions): Promise<StudyResult> {
  // The summary is dated when the study started, not when its last run ended.
  const createdAt = new Date().toISOString()
  const specs = studySpecs(opts)
  const loaded = await loadDataset(opts.dataset, {
    cacheDir: opts.cacheDir,
    seed: opts.seed,
    onProgress: opts.onDatasetProgress
  })
  const dataset = limitDataset(loaded, opts.trainLimit, opts.testLimit, opts.seed)
  const datasetSummary = summarizeDataset(dataset)
  opts.onDataset?.(datasetSummary)
  const fingerprint = fingerprintDataset(dataset)
  const datasetFile = await prepareDatasetFile(opts.workspace, dataset, fingerprint)

  const store = new RunStore(opts.workspace)
  await store.init()
  const studyId = `study-${new Date().toISOString().replace(/[:.]/g, '-')}`

  const records = await createQueuedRuns(store, specs, { dataset, source: dataset.source.description, fingerprint, splitSeed: opts.seed, backendRequest: opts.backend }, studyId)
  for (const record of records) opts.onRunEvent?.({ type: 'run.queued', runId: record.id, name: record.name, studyId }, record.name)

  const lanes = Math.max(1, Math.min(records.length, Math.floor(opts.concurrency ?? defaultStudyConcurrency())))
  const threads = threadsPerTrainer(lanes)
  const results: ({ model: StudyModelResult } | { failure: { name: string; error: string } } | null)[] = records.map(() => null)
  let backend = { name: opts.backend as string, reason: 'not started' }
  const queue = startOrder(specs, lanes)

  async function runRecord(index: number): Promise<void> {
    const record = records[index]
    if (opts.signal?.aborted) {
      await store.update(record.id, { status: 'cancelled', endedAt: new Date().toISOString() })
      opts.onRunEvent?.({ type: 'run.cancelled', runId: record.id }, record.name)
      return
    }
    const { result } = await executeRun({
      store,
      spawn: opts.spawn,
      record,
      datasetFile,
      splitSeed: opts.seed,
      backend: opts.backend,
      threads,
      emit: (event) => opts.onRunEvent?.(event, record.name),
      signal: opts.signal
    })
    if (result.backend) backend = { name: result.backend.name, reason: result.backend.reason }
    if (result.status === 'finished') results[index] = { model: toModelResult(record.name, record.spec, result.outcome, record.id) }
    else if (result.status === 'failed') results[index] = { failure: { name: record.name, error: result.error } }
  }

  async function lane(): Promise<void> {
    for (let index = queue.shift(); index !== undefined; index = queue.shift()) await runRecord(index)
  }
  await Promise.all(Array.from({ length: lanes }, lane))
  // Reported in the preset's order, whatever order the runs finished in.
  const models = results.flatMap((r) => (r && 'model' in r ? [r.model] : []))
  const failures = results.flatMap((r) => (r && 'failure' in r ? [r.failure] : []))

  const first = records[0]
  const summary: StudySummary = {
    createdAt,
    preset: opts.preset,
    seed: opts.seed,
    dataset: {
      source: dataset.source.description,
      fingerprint,
      train: first ? first.dataset.train : dataset.train.count,
      validation: first ? first.dataset.validation : 0,
      test: dataset.test.count
    },
    backend,
    models
  }
  const samplesPixels = reportSamplePixels(dataset)
  return { summary, samplesPixels, failures }
}
