/**
 * The sweeps of compared runs, shaped for the Compare and Report views: each sweep's validation
 * curve as Chart.js data and options, and the rows of "Each regularizer at its best strength" with
 * the paired verdict against the baseline. The words follow the HTML report (sweepSection.ts).
 */
import type { ChartData, ChartOptions, TooltipItem } from 'chart.js'
import { SPLIT_COLORS, TRAINING_DASH } from '../../../shared/chartStyle'
import { formatPercent, formatPercentInterval, formatPercentSpread } from '../../../shared/format'
import { baselineOf } from '../../../shared/observations'
import { aggregateVariants, compareVariants } from '../../../shared/studyAggregates'
import type { StudyModelResult } from '../../../shared/studySummary'
import {
  bestStrengthRows,
  formatValue,
  inferSweeps,
  sweepResults,
  SWEEP_PARAMS,
  type BestStrengthRow,
  type MetricSummary,
  type SweepResult
} from '../../../shared/sweeps'
import { percentTick } from './chartOptions'

export const SWEEP_NOTE =
  "Each sweep's value is chosen by mean validation accuracy (ties: the stronger regularization). The test set never picks anything; it only reports the chosen value's accuracy."

export const CURVE_NOTE =
  'Solid: validation accuracy; dashed: training accuracy (the kept weights measured on the whole training set); bands ±1 standard deviation over the repeats; the ringed point is the chosen value.'

export interface BestStrengthLine extends BestStrengthRow {
  /** The paired comparison of the winner's test accuracy with the baseline, in words; null without one. */
  verdict: string | null
}

export interface SweepAnalysis {
  sweeps: SweepResult[]
  best: BestStrengthLine[]
}

/** The sweeps found in the finished runs' variant names (`VARIANT[PARAM=VALUE]`); none when no name is swept. */
export function analyseSweeps(models: readonly StudyModelResult[]): SweepAnalysis {
  const done = models.filter((m) => !m.cancelled)
  const specNames = [...new Set(done.map((m) => m.spec.name))]
  const found = inferSweeps(specNames)
  if (found.length === 0) return { sweeps: [], best: [] }
  const sweeps = sweepResults(found, aggregateVariants(done))
  const comparisons = compareVariants(done, baselineOf({ models: done })?.spec.name)
  const best = bestStrengthRows(sweeps).map((row) => ({
    ...row,
    verdict: comparisons.find((c) => c.variant === row.winner && c.metric === 'testAccuracy')?.verdict ?? null
  }))
  return { sweeps, best }
}

/** A point of the curve; `n` is the runs averaged there, for the tooltip. */
export interface CurvePoint {
  x: number
  y: number
  n: number
}

type Series = 'validation' | 'train'
const SERIES: { key: Series; label: string; color: string; metric: (p: SweepResult['points'][number]) => MetricSummary | null }[] = [
  { key: 'validation', label: 'validation accuracy', color: SPLIT_COLORS.validation, metric: (p) => p.valAccuracy },
  { key: 'train', label: 'train accuracy', color: SPLIT_COLORS.train, metric: (p) => p.trainAccuracy }
]

/** The ring's series; the note under the chart explains the ring, so the legend leaves it out. */
export const CHOSEN_LABEL = 'chosen on validation'

/** Whether the sweep's axis is logarithmic: strengths, when every value is above 0 (log 0 has no place). */
export function logAxis(sweep: SweepResult): boolean {
  return SWEEP_PARAMS[sweep.param].scale === 'log' && sweep.points.every((p) => p.value > 0)
}

/**
 * Mean validation and train accuracy against the value, each with a ±1 std band (an upper edge and
 * a lower edge filled to it), and the chosen point ringed. Points without validation data are left
 * out, as in the report.
 */
export function validationCurveData(sweep: SweepResult): ChartData<'line', CurvePoint[]> {
  const points = sweep.points.filter((p) => p.valAccuracy !== null)
  const datasets: ChartData<'line', CurvePoint[]>['datasets'] = []
  for (const s of SERIES) {
    const at = (shift: number): CurvePoint[] =>
      points.map((p) => {
        const m = s.metric(p) as MetricSummary
        return { x: p.value, y: m.mean + shift * m.std, n: p.n }
      })
    const dash = s.key === 'train' ? TRAINING_DASH : []
    datasets.push(
      // Not clipped: points at 100 % sit on the chart's top edge.
      { label: s.label, data: at(0), borderColor: s.color, backgroundColor: s.color, borderDash: dash, pointRadius: 3, fill: false, clip: false },
      // Bands have no label: the legend, the tooltip and the chart's screen-reader text then skip them.
      { label: '', data: at(1), borderColor: 'transparent', pointRadius: 0, pointHoverRadius: 0, fill: false },
      { label: '', data: at(-1), borderColor: 'transparent', backgroundColor: `${s.color}33`, pointRadius: 0, pointHoverRadius: 0, fill: '-1' }
    )
  }
  const chosen = points.find((p) => p.variant === sweep.best?.variant)
  if (chosen?.valAccuracy) {
    datasets.push({
      label: CHOSEN_LABEL,
      data: [{ x: chosen.value, y: chosen.valAccuracy.mean, n: chosen.n }],
      borderColor: SPLIT_COLORS.validation,
      backgroundColor: 'transparent',
      pointRadius: 8,
      pointHoverRadius: 9,
      pointBorderWidth: 2,
      showLine: false,
      clip: false
    })
  }
  return { datasets }
}

/** Room beyond the first and last value so their points (and the ring) are not cut at the edge. */
function xRange(values: readonly number[], log: boolean): { min: number; max: number } | Record<string, never> {
  if (values.length === 0) return {}
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  if (log) return { min: lo / 1.6, max: hi * 1.6 }
  const pad = hi > lo ? (hi - lo) * 0.06 : Math.max(Math.abs(lo) * 0.1, 1)
  return { min: lo - pad, max: hi + pad }
}

export function validationCurveOptions(sweep: SweepResult): ChartOptions<'line'> {
  const info = SWEEP_PARAMS[sweep.param]
  const log = logAxis(sweep)
  const values = sweep.points.map((p) => p.value)
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    // Room above 100 % for the ring of a value that reached it.
    layout: { padding: { top: 10 } },
    scales: {
      x: {
        type: log ? 'logarithmic' : 'linear',
        ...xRange(values, log),
        title: { display: true, text: `${info.label}${log ? ' (log scale)' : ''}` },
        // Ticks at the swept values only: log axes otherwise label 2, 3, 4 ... × each power of ten.
        afterBuildTicks: (axis) => {
          axis.ticks = values.map((value) => ({ value }))
        },
        ticks: { callback: (value) => formatValue(Number(value)) }
      },
      // A band's upper edge may pass 100 %; accuracy cannot.
      y: { type: 'linear', max: 1, title: { display: true, text: 'accuracy' }, ticks: { callback: percentTick } }
    },
    plugins: {
      legend: { labels: { boxWidth: 14, boxHeight: 2, filter: (item) => item.text !== '' && item.text !== CHOSEN_LABEL } },
      tooltip: {
        filter: (item: TooltipItem<'line'>) => Boolean(item.dataset.label),
        callbacks: {
          title: (items: TooltipItem<'line'>[]) => (items[0] ? `${info.label} ${formatValue(items[0].parsed.x ?? 0)}` : ''),
          label: (item: TooltipItem<'line'>) => {
            const point = item.raw as CurvePoint
            return `${item.dataset.label}: ${formatPercent(point.y)} (mean of ${point.n} run${point.n === 1 ? '' : 's'})`
          }
        }
      }
    }
  }
}

/** "85.1% ± 0.4" over the repeats, as the report writes it. */
export function spread(m: MetricSummary): string {
  return formatPercentSpread(m.mean, m.std)
}

export function interval(m: MetricSummary): string {
  return m.ci95 === null ? 'none (one run)' : formatPercentInterval(m.ci95)
}

export function sweepTitle(sweep: Pick<SweepResult, 'param' | 'variant'>): string {
  return `${SWEEP_PARAMS[sweep.param].label} of ${sweep.variant}: validation curve`
}
