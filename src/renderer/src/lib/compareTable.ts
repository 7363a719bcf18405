/** The comparison table of the Compare and Report views: one row per run, formatted cells. */
import { gapPoints, markedBest } from '../../../shared/observations'
import type { RunRecord } from '../../../shared/results'
import type { StudyModelResult } from '../../../shared/studySummary'
import { runColors } from '../../../shared/chartStyle'
import { formatDuration, formatFixed, formatPercent, formatPoints, MISSING } from '../../../shared/format'

export interface CompareRow {
  runId: string
  name: string
  color: string
  trainAccuracy: number
  valAccuracy: number | null
  testAccuracy: number
  trainLoss: number
  valLoss: number | null
  testLoss: number
  /** Train minus test accuracy, in percentage points. */
  gap: number
  bestEpoch: number
  epochsRun: number
  plannedEpochs: number
  seconds: number
  backend: string
  /** A run with the highest test accuracy, when it beats another run. */
  best: boolean
}

export interface CompareColumn {
  title: string
  numeric: boolean
  cell(row: CompareRow): string
}

export const COMPARE_COLUMNS: CompareColumn[] = [
  { title: 'Run', numeric: false, cell: (r) => r.name },
  { title: 'Train acc', numeric: true, cell: (r) => formatPercent(r.trainAccuracy) },
  { title: 'Val acc', numeric: true, cell: (r) => formatPercent(r.valAccuracy) },
  { title: 'Test acc', numeric: true, cell: (r) => formatPercent(r.testAccuracy) },
  { title: 'Gap', numeric: true, cell: (r) => (Number.isFinite(r.gap) ? `${formatPoints(r.gap / 100)} pts` : MISSING) },
  { title: 'Train loss', numeric: true, cell: (r) => formatFixed(r.trainLoss, 4) },
  { title: 'Val loss', numeric: true, cell: (r) => formatFixed(r.valLoss, 4) },
  { title: 'Test loss', numeric: true, cell: (r) => formatFixed(r.testLoss, 4) },
  { title: 'Best epoch', numeric: true, cell: (r) => String(r.bestEpoch) },
  { title: 'Epochs', numeric: true, cell: (r) => (r.epochsRun === r.plannedEpochs ? String(r.epochsRun) : `${r.epochsRun} of ${r.plannedEpochs}`) },
  { title: 'Time', numeric: true, cell: (r) => (r.seconds > 0 ? formatDuration(r.seconds * 1000) : MISSING) },
  { title: 'Backend', numeric: false, cell: (r) => r.backend }
]

/** Rows in the order of the models; colours follow the same order as every chart. */
export function compareRows(models: readonly StudyModelResult[], records: ReadonlyMap<string, RunRecord>): CompareRow[] {
  const best = new Set(markedBest({ models }))
  const colors = runColors(models.map((m) => m.name))
  return models.map((m, i) => {
    const record = m.runId === undefined ? undefined : records.get(m.runId)
    return {
      runId: m.runId ?? m.name,
      name: m.name,
      color: colors[i],
      trainAccuracy: m.trainAccuracy,
      valAccuracy: m.valAccuracy,
      testAccuracy: m.testAccuracy,
      trainLoss: m.trainLoss,
      valLoss: m.valLoss,
      testLoss: m.testLoss,
      gap: gapPoints(m),
      bestEpoch: m.bestEpoch,
      epochsRun: m.epochsRun,
      plannedEpochs: m.spec.epochs,
      seconds: m.seconds,
      backend: record?.backend?.name ?? MISSING,
      best: best.has(m)
    }
  })
}
