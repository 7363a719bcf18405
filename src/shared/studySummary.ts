/** The study summary: the `summary.json` format every report (CSV, table, HTML) is built from. */
import type { DatasetRef, EpochMetrics, Evaluation, RunRecord, TrainOutcome } from './results'
import type { ModelSpec } from './spec'
import type { Description, Interval } from './statistics'
import type { SweepResult } from './sweeps'

export interface StudyHistoryEntry {
  epoch: number
  loss: number
  accuracy: number
  val_loss?: number
  val_accuracy?: number
}

export interface StudyModelResult {
  name: string
  spec: ModelSpec
  trainAccuracy: number
  trainLoss: number
  /** Metrics of bestEpoch (the epoch whose weights are kept); null without a validation split. */
  valAccuracy: number | null
  valLoss: number | null
  testAccuracy: number
  testLoss: number
  bestEpoch: number
  epochsRun: number
  seconds: number
  msPerStep: number
  stoppedEarly: boolean
  cancelled: boolean
  history: StudyHistoryEntry[]
  evaluation: Evaluation
  runId?: string
}

/** What the results table's columns measure, under the table in the app and in the report. */
export const RESULTS_NOTE =
  'Train and test: the kept weights measured on the whole training and test sets after training; the ' +
  'training curves show instead the running average over each epoch, while the weights were still changing. ' +
  'Validation: the figures of the epoch whose weights were kept. Gap: train accuracy − test accuracy.'

/** StudySummary.preset of a report made from runs picked in the app rather than a preset study. */
export const COMPARED_RUNS = 'compared runs'

export interface StudySummary {
  createdAt: string
  /** The preset a headless study ran (e.g. "seed"), or COMPARED_RUNS for runs picked in the app. */
  preset: string
  seed: number
  /** `classNames`: one per class, index = label; absent in summaries written before datasets carried names. */
  dataset: { source: string; fingerprint: string; train: number; validation: number; test: number; classNames?: string[] }
  /** Compared runs trained on other data than `dataset` (a quick try beside a full run), by dataset. */
  otherDatasets?: { source: string; fingerprint: string; train: number; validation: number; test: number; models: string[] }[]
  backend: { name: string; reason: string }
  /** One entry per run; repeats of a variant share `spec.name` and differ in `spec.seed`. */
  models: StudyModelResult[]
  /** Runs per variant the study asked for (`--repeats`); absent before repeats existed. */
  repeats?: number
  /** Aggregates per variant (by `spec.name`), in order of first appearance; see withAggregates. */
  variants?: VariantAggregate[]
  /** Each variant against the baseline, paired by seed, Holm-adjusted over all of them. */
  comparisons?: Comparison[]
  /** Each sweep's points and the value chosen on validation accuracy (never on test). */
  sweeps?: SweepResult[]
}

/** A variant's finished (not cancelled) runs, each metric described over them. */
export interface VariantAggregate {
  name: string
  n: number
  runIds: string[]
  testAccuracy: Description
  /** Validation accuracy of the kept epoch; null when no run held out validation data. */
  valAccuracy: Description | null
  trainAccuracy: Description
  /** Train accuracy − test accuracy. */
  gap: Description
  testLoss: Description
  bestEpoch: Description
}

export type ComparedMetric = 'testAccuracy' | 'gap'

export interface Comparison {
  variant: string
  baseline: string
  metric: ComparedMetric
  /** Seeds both variants finished. */
  n: number
  /** Mean of variant − baseline over the paired seeds (a fraction; NaN when n = 0). */
  diffMean: number
  ci95: Interval | null
  /** Two-sided paired t-test; null when n < 2. */
  pValue: number | null
  /** Holm-adjusted over every comparison of the study that has a test. */
  pAdjusted: number | null
  verdict: string
}

/** Builds one model's summary entry; train/test numbers come from the final evaluation of the kept weights. */
export function toModelResult(name: string, spec: ModelSpec, outcome: TrainOutcome, runId?: string): StudyModelResult {
  const history = outcome.history.map(({ epoch, loss, accuracy, val_loss, val_accuracy }) => {
    const entry: StudyHistoryEntry = { epoch, loss, accuracy }
    if (val_loss !== undefined) entry.val_loss = val_loss
    if (val_accuracy !== undefined) entry.val_accuracy = val_accuracy
    return entry
  })
  const kept = outcome.history.find((h) => h.epoch === outcome.bestEpoch)
  const { evaluation } = outcome
  const result: StudyModelResult = {
    name,
    spec,
    trainAccuracy: evaluation.trainAccuracy,
    trainLoss: evaluation.trainLoss,
    valAccuracy: kept?.val_accuracy ?? null,
    valLoss: kept?.val_loss ?? null,
    testAccuracy: evaluation.testAccuracy,
    testLoss: evaluation.testLoss,
    bestEpoch: outcome.bestEpoch,
    epochsRun: outcome.epochsRun,
    seconds: outcome.seconds,
    msPerStep: outcome.msPerStep,
    stoppedEarly: outcome.stoppedEarly,
    cancelled: outcome.cancelled,
    history,
    evaluation
  }
  if (runId !== undefined) result.runId = runId
  return result
}

/** What a stored run holds (RunDetails of the API), in the shape the summary needs. */
export interface StoredRun {
  record: RunRecord
  history: EpochMetrics[]
  evaluation?: Evaluation
}

/**
 * A stored run as a summary entry; null while it has no evaluation (queued, running, failed).
 * A run that ran fewer epochs than planned without being cancelled was stopped early.
 */
export function modelResultOfRun({ record, history, evaluation }: StoredRun): StudyModelResult | null {
  if (!evaluation) return null
  const cancelled = record.status === 'cancelled'
  return toModelResult(
    record.name,
    record.spec,
    {
      history,
      bestEpoch: record.bestEpoch ?? history.length,
      epochsRun: record.epochsRun,
      stoppedEarly: !cancelled && record.epochsRun < record.spec.epochs,
      cancelled,
      msPerStep: record.msPerStep ?? 0,
      seconds: record.seconds ?? 0,
      evaluation
    },
    record.id
  )
}

/** What tells a run apart from the other runs of its variant. */
export interface VariantRun {
  name: string
  seed: number
  createdAt: string
}

/**
 * The runs' names, with runs of one variant told apart the same way in Compare, the sidebar and the
 * reports: by seed when their seeds differ ("l2 · seed 43"), numbered in the order they were made
 * when they share one ("l2 #1", "l2 · seed 42 #2"). A run alone in its variant keeps its name.
 */
export function runNames(runs: readonly VariantRun[]): string[] {
  const names = runs.map((r) => r.name)
  const byName = new Map<string, number[]>()
  runs.forEach((r, i) => byName.set(r.name, [...(byName.get(r.name) ?? []), i]))
  // A name never becomes one another run already has (a variant may be called "l2 #1").
  const taken = new Set(byName.keys())
  for (const [name, indices] of byName) {
    if (indices.length < 2) continue
    const bySeed = new Map<number, number[]>()
    for (const i of indices) bySeed.set(runs[i].seed, [...(bySeed.get(runs[i].seed) ?? []), i])
    for (const [seed, tries] of bySeed) {
      const base = bySeed.size > 1 ? `${name} · seed ${seed}` : name
      if (tries.length === 1 && !taken.has(base)) {
        names[tries[0]] = base
        taken.add(base)
        continue
      }
      let number = 1
      for (const i of tries.sort((a, b) => runs[a].createdAt.localeCompare(runs[b].createdAt) || a - b)) {
        while (taken.has(`${base} #${number}`)) number++
        names[i] = `${base} #${number}`
        taken.add(names[i])
      }
    }
  }
  return names
}

/**
 * The runs' results as summary entries, named by runNames; runs without an evaluation are left out.
 * The app and its reports name runs the same way with this.
 */
export function modelResultsOfRuns(runs: readonly StoredRun[]): StudyModelResult[] {
  const compared = runs.flatMap((run) => {
    const model = modelResultOfRun(run)
    return model ? [{ model, run: { name: model.name, seed: run.record.spec.seed, createdAt: run.record.createdAt } }] : []
  })
  const names = runNames(compared.map((c) => c.run))
  return compared.map(({ model }, i) => ({ ...model, name: names[i] }))
}

/** Named runs grouped by the data they trained on, in order of first appearance. */
export function groupByDataset(entries: readonly { name: string; dataset: DatasetRef }[]): { dataset: DatasetRef; models: string[] }[] {
  const groups = new Map<string, { dataset: DatasetRef; models: string[] }>()
  for (const { name, dataset } of entries) {
    const group = groups.get(dataset.fingerprint) ?? { dataset, models: [] }
    group.models.push(name)
    groups.set(dataset.fingerprint, group)
  }
  return [...groups.values()]
}
