/** The study summary: the `summary.json` format every report (CSV, table, HTML) is built from. */
import type { EpochMetrics, Evaluation, RunRecord, TrainOutcome } from './results'
import type { ModelSpec } from './spec'

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

/** StudySummary.preset of a report made from runs picked in the app rather than a preset study. */
export const COMPARED_RUNS = 'compared runs'

export interface StudySummary {
  createdAt: string
  /** The preset a headless study ran (e.g. "seed"), or COMPARED_RUNS for runs picked in the app. */
  preset: string
  seed: number
  dataset: { source: string; fingerprint: string; train: number; validation: number; test: number }
  /** Compared runs trained on other data than `dataset` (a quick try beside a full run), by dataset. */
  otherDatasets?: { source: string; fingerprint: string; train: number; validation: number; test: number; models: string[] }[]
  backend: { name: string; reason: string }
  models: StudyModelResult[]
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
