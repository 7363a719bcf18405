/**
 * The headless regularization study (`regstudio study`, the study benchmark): loads the data,
 * submits the variants to a Studio as one study (the same queue the app and `serve` use), waits for
 * its runs and summarises them.
 */
import { availableParallelism } from 'node:os'
import type { DatasetSummary } from '../../../shared/dataset'
import { UserError } from '../../../shared/errors'
import type { RunEvent } from '../../../shared/events'
import { getPreset, getSweepPreset, SWEEP_PRESETS, withOutputUnits } from '../../../shared/presets'
import type { BackendRequest } from '../../../shared/results'
import type { ModelSpec } from '../../../shared/spec'
import { formatSpecIssues, validateSpec } from '../../../shared/specValidate'
import { parseSweep, studyVariants, type SweepSpec } from '../../../shared/sweeps'
import { modelResultOfRun, type StudySummary } from '../../../shared/studySummary'
import { planEstimate, trainersOf, type StudyEstimate, type Trainers } from '../../../shared/timeEstimate'
import { analyseSummary } from '../../../shared/studyAnalysis'
import { limitDataset, loadDataset, type DatasetRequest } from '../datasets/loadDataset'
import { summarizeDataset } from '../datasets/summary'
import { reportSamplePixels } from '../reports/samplePixels'
import type { Studio } from './studio'

export interface StudyOptions {
  preset: string
  /** Variant names to keep, in the preset's order; all when absent (none beside sweeps). */
  variants?: string[]
  /** Sweeps as the CLI writes them (`VARIANT:PARAM=VALUES`), beside the preset's own. */
  sweeps?: string[]
  dataset: DatasetRequest
  /** The user's class names for the data (`--classes FILE`). */
  classNamesFile?: string
  epochs?: number
  trainLimit?: number
  testLimit?: number
  valSplit?: number
  backend: BackendRequest
  seed: number
  /** Runs per variant, with seeds seed, seed+1, ... (default 1). */
  repeats?: number
  cacheDir: string
  onDataset?: (summary: DatasetSummary) => void
  /** The study's size and its wall time as a range, told before the first run starts. */
  onPlan?: (plan: StudyEstimate) => void
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

/** What a preset brings beside its variants: a sweep preset's sweeps, repeats and size. */
export interface PresetDefaults {
  /** The plain preset whose variants are trained and swept. */
  base: string
  variants?: string[]
  sweeps: SweepSpec[]
  repeats?: number
  trainLimit?: number
  epochs?: number
}

export function presetDefaults(preset: string): PresetDefaults {
  if (!Object.hasOwn(SWEEP_PRESETS, preset)) {
    getPreset(preset)
    return { base: preset, sweeps: [] }
  }
  const { from, variants, sweeps, repeats, trainLimit, epochs } = getSweepPreset(preset)
  return { base: from, variants, sweeps, repeats, trainLimit, epochs }
}

/**
 * The study's variants: the preset's (or those picked), then each sweep's, with the study-wide
 * epochs, validation share and seed. Epochs apply before sweeps expand, so an epochs sweep keeps
 * its own values.
 */
export function studySpecs(opts: Pick<StudyOptions, 'preset' | 'variants' | 'sweeps' | 'epochs' | 'valSplit' | 'seed'>): ModelSpec[] {
  const defaults = presetDefaults(opts.preset)
  const base = getPreset(defaults.base).map((spec) => ({
    ...spec,
    epochs: opts.epochs ?? spec.epochs,
    validationSplit: opts.valSplit ?? spec.validationSplit,
    seed: opts.seed
  }))
  const known = base.map((s) => s.name)
  const unknown = (opts.variants ?? []).filter((v) => !known.includes(v))
  if (unknown.length > 0) {
    throw new UserError('unknown_variant', `unknown variant ${unknown.join(', ')} in preset ${opts.preset}; known: ${known.join(', ')}`)
  }
  const sweeps = [...defaults.sweeps, ...(opts.sweeps ?? []).map((text) => parseSweep(text, base))]
  const variants = opts.variants && opts.variants.length > 0 ? opts.variants : defaults.variants
  return studyVariants(base, { variants, sweeps }).map((spec) => {
    const checked = validateSpec(spec)
    if (!checked.ok) throw new UserError('invalid_spec', `variant ${spec.name}: ${formatSpecIssues(checked.issues)}`)
    return checked.spec
  })
}

/** Runs the study on a Studio that holds the workspace (init() done); the caller disposes of it. */
export async function runStudy(studio: Studio, opts: StudyOptions): Promise<StudyResult> {
  // The summary is dated when the study started, not when its last run ended.
  const createdAt = new Date().toISOString()
  const loaded = await loadDataset(opts.dataset, {
    cacheDir: opts.cacheDir,
    seed: opts.seed,
    classNamesFile: opts.classNamesFile,
    onProgress: opts.onDatasetProgress
  })
  // The preset's output layer gets one unit per class of this dataset.
  const specs = studySpecs(opts).map((spec) => withOutputUnits(spec, loaded.classNames.length))
  const info = await studio.datasets.add(loaded)
  // The same slice the Studio trains on, for the summary's description and the report's samples.
  const dataset = limitDataset(loaded, opts.trainLimit, opts.testLimit, opts.seed)
  opts.onDataset?.(dataset === loaded ? info.summary : summarizeDataset(dataset))

  const repeats = opts.repeats ?? 1
  const records = (await studio.store.list()).flatMap((s) => (s.damaged ? [] : [s.record]))
  if (opts.onPlan) {
    const size = { specs, repeats, trainImages: dataset.train.count, testImages: dataset.test.count }
    opts.onPlan(planEstimate(size, records, await studyTrainers(studio), opts.backend === 'auto' ? undefined : opts.backend))
  }

  const names = new Map<string, string>()
  const unsubscribe = studio.onEvent((event) => {
    if (!('runId' in event)) return
    if (event.type === 'run.queued') names.set(event.runId, event.name)
    const name = names.get(event.runId)
    if (name !== undefined) opts.onRunEvent?.(event, name)
  })
  try {
    const started = await studio.handle('runs.startStudy', {
      datasetId: info.id,
      specs,
      seed: opts.seed,
      repeats: opts.repeats,
      backend: opts.backend,
      trainLimit: opts.trainLimit,
      testLimit: opts.testLimit
    })
    if (!started.ok) throw new UserError(started.error.code, started.error.message, started.error.details)
    const runIds = started.result.runs.map((r) => r.id)
    // Repeats of a variant are told apart by their seed in progress lines.
    if (repeats > 1) for (const r of started.result.runs) names.set(r.id, `${r.name} (seed ${r.spec.seed})`)
    const cancel = (): void => void studio.cancelRuns(runIds)
    if (opts.signal?.aborted) cancel()
    opts.signal?.addEventListener('abort', cancel, { once: true })
    await studio.settled(runIds)
    opts.signal?.removeEventListener('abort', cancel)

    // A run whose files a full disk damaged is one failure of the study, not the end of it.
    const read = await Promise.all(runIds.map((id) => studio.store.get(id).catch((err: unknown) => unreadable(id, err))))
    const stored = read.flatMap((r) => ('unreadable' in r ? [] : [r]))
    // Reported in the preset's order (repeat by repeat), whatever order the runs finished in.
    const models = stored.flatMap((run) => {
      const model = modelResultOfRun(run)
      return model ? [model] : []
    })
    const failures = read.flatMap((r) =>
      'unreadable' in r ? [r.unreadable] : r.record.status === 'failed' ? [{ name: r.record.name, error: r.record.error ?? 'failed' }] : []
    )
    const used = [...stored].reverse().find(({ record }) => record.backend)?.record.backend
    const first = stored[0]?.record
    const summary: StudySummary = {
      createdAt,
      preset: opts.preset,
      seed: opts.seed,
      dataset: {
        source: dataset.source.description,
        fingerprint: first?.dataset.fingerprint ?? info.summary.fingerprint,
        train: first ? first.dataset.train : dataset.train.count,
        validation: first ? first.dataset.validation : 0,
        test: dataset.test.count,
        classNames: [...info.summary.classNames]
      },
      backend: used ? { name: used.name, reason: used.reason } : { name: opts.backend, reason: 'not started' },
      models
    }
    return { summary: analyseSummary(summary, { repeats }), samplesPixels: reportSamplePixels(dataset), failures }
  } finally {
    unsubscribe()
  }
}

/** Who trains the study: this machine's lanes and cores, or the workers the queue sees now (none: not known). */
async function studyTrainers(studio: Studio): Promise<Trainers> {
  const answer = await studio.handle('host.queue', {})
  return trainersOf({ lanes: studio.lanes, cores: availableParallelism() }, answer.ok ? answer.result : null)
}

/** A run that cannot be read back, named by its id, with the store's one-line reason. */
function unreadable(id: string, err: unknown): { unreadable: { name: string; error: string } } {
  if (!(err instanceof UserError)) throw err
  return { unreadable: { name: id, error: err.message } }
}
