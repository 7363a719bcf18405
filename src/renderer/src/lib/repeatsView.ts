/**
 * The Compare view's picture of repeated seeds, built from the compared runs with the same shared
 * functions as summary.json and the HTML report, so the app and the report agree number for number:
 * per-variant aggregates, comparisons with the baseline (the first variant, as in the report), mean
 * curves with ±1 std bands and test-accuracy bars with their 95 % intervals.
 */
import type { ChartData, ChartDataset } from 'chart.js'
import type { RunRecord, RunStatus } from '../../../shared/results'
import { runColors, TRAINING_DASH } from '../../../shared/chartStyle'
import { clampFraction, formatPercentInterval, formatPercentSpread, MISSING, plural } from '../../../shared/format'
import { signedPoints, type Description, type Interval } from '../../../shared/statistics'
import { aggregateVariants, compareVariants, hasRepeats, variantCurves, type VariantCurve } from '../../../shared/studyAggregates'
import type { Comparison, StudyModelResult, VariantAggregate } from '../../../shared/studySummary'
import type { Point } from './chartData'

/** A run of a variant that ended without a result: left out of its aggregates, but counted. */
const LOST: readonly RunStatus[] = ['cancelled', 'failed', 'interrupted']

export interface VariantRow {
  aggregate: VariantAggregate
  color: string
  /** "5 runs", or "4 of 5 repeats" when some of the study's repeats of it ended without a result. */
  runs: string
  /** Which repeats were lost and how, e.g. "1 cancelled, 1 failed"; empty when none. */
  lost: string
}

export interface RepeatsView {
  rows: VariantRow[]
  comparisons: Comparison[]
  curves: VariantCurve[]
}

/**
 * The aggregates of the compared finished runs, or null when no variant has two runs: then the view
 * shows runs alone. `studyRuns`: every stored run, to tell the compared runs' data and count their
 * studies' lost repeats. As in the report, only runs on the first run's data are pooled: a quick try
 * beside a full run is another experiment.
 */
export function repeatsView(compared: readonly StudyModelResult[], studyRuns: readonly RunRecord[]): RepeatsView | null {
  const dataOf = new Map(studyRuns.map((r) => [r.id, r.dataset.fingerprint]))
  const data = dataOf.get(compared[0]?.runId ?? '')
  const models = compared.filter((m) => dataOf.get(m.runId ?? '') === data)
  const variants = aggregateVariants(models)
  if (!hasRepeats(variants)) return null
  const comparedIds = new Set(models.map((m) => m.runId))
  const studies = new Set(studyRuns.filter((r) => comparedIds.has(r.id) && r.studyId).map((r) => r.studyId))
  const lostRuns = studyRuns.filter((r) => r.studyId !== undefined && studies.has(r.studyId) && LOST.includes(r.status))
  const colors = runColors(variants.map((v) => v.name))
  return {
    rows: variants.map((aggregate, i) => {
      const lost = lostRuns.filter((r) => r.spec.name === aggregate.name)
      const counts = LOST.map((status) => ({ status, count: lost.filter((r) => r.status === status).length })).filter((c) => c.count > 0)
      return {
        aggregate,
        color: colors[i],
        runs: lost.length > 0 ? `${aggregate.n} of ${aggregate.n + lost.length} repeats` : plural(aggregate.n, 'run'),
        lost: counts.map((c) => `${c.count} ${c.status}`).join(', ')
      }
    }),
    comparisons: compareVariants(models),
    curves: variantCurves(models)
  }
}

/** "88.3% ± 0.5" (mean ± std, the std in points), as the report's table reads. */
export function meanStd(d: Description | null): string {
  return d === null ? MISSING : formatPercentSpread(d.mean, d.std)
}

/** "87.6% to 89.0%" (held to 0–100 %), or a dash for a single run. */
export function percentInterval(ci: Interval | null): string {
  return formatPercentInterval(ci)
}

/** A difference of fractions in signed percentage points; a dash when no pair was there to take it. */
export function pointsDiff(v: number): string {
  return Number.isFinite(v) ? signedPoints(v) : MISSING
}

/** "−1.2 to +0.8" points, or a dash. */
export function pointsInterval(ci: Interval | null): string {
  return ci === null ? MISSING : `${signedPoints(ci[0])} to ${signedPoints(ci[1])}`
}

export function pValue(p: number | null): string {
  if (p === null) return MISSING
  return p < 0.001 ? '< 0.001' : p.toFixed(3)
}

/** A bar dataset that carries each bar's 95 % interval, for the error-bar plugin to draw. */
export type IntervalBarDataset = ChartDataset<'bar', number[]> & { intervals: (Interval | null)[] }

/** Mean test accuracy per variant, labelled with its run count; the intervals ride along. */
export function variantBars(rows: readonly VariantRow[]): ChartData<'bar', number[], string[]> & { datasets: IntervalBarDataset[] } {
  const colors = rows.map((r) => r.color)
  return {
    labels: rows.map((r) => [r.aggregate.name, `n = ${r.aggregate.n}`]),
    datasets: [
      {
        label: 'test accuracy (mean)',
        data: rows.map((r) => r.aggregate.testAccuracy.mean),
        intervals: rows.map((r) => clampedInterval(r.aggregate.testAccuracy.ci95)),
        backgroundColor: colors,
        borderColor: colors,
        borderRadius: 3
      }
    ]
  }
}

/** An accuracy's interval drawn within 0–100 %: a t interval of a mean near a bound can pass it. */
function clampedInterval(ci: Interval | null): Interval | null {
  return ci === null ? null : [clampFraction(ci[0]), clampFraction(ci[1])]
}

/** The bars' axis floor: under the lowest interval end (or single value), rounded down to 5 points. */
export function variantBarsFloor(rows: readonly VariantRow[]): number {
  const lows = rows.map((r) => clampedInterval(r.aggregate.testAccuracy.ci95)?.[0] ?? r.aggregate.testAccuracy.min).filter(Number.isFinite)
  if (lows.length === 0) return 0
  return Math.max(0, Math.floor((Math.min(...lows) - 0.02) * 20) / 20)
}

/** A band edge: drawn as fill only, and kept out of the legend and tooltips. */
export type BandLineDataset = ChartDataset<'line', Point[]> & { bandEdge?: true; runs?: number[] }

/** Colours with transparency for the ±1 std bands (as the report draws them). */
function translucent(hex: string): string {
  return /^#[0-9a-f]{6}$/i.test(hex) ? `${hex}33` : hex
}

/**
 * Mean curves with ±1 std bands per variant: validation solid, training dashed (when asked for, or
 * when a variant has no validation). Each band is an upper edge filled down to the lower edge after it.
 */
export function meanCurves(curves: readonly VariantCurve[], colors: readonly string[], metric: 'loss' | 'accuracy', withTraining: boolean): ChartData<'line', Point[]> & { datasets: BandLineDataset[] } {
  const valKey = metric === 'loss' ? 'val_loss' : 'val_accuracy'
  const datasets: BandLineDataset[] = []
  curves.forEach((curve, i) => {
    const color = colors[i]
    const hasValidation = curve.points.some((p) => p.metrics[valKey] !== null)
    const parts: { key: typeof metric | typeof valKey; suffix: string; dash: number[] }[] = []
    if (hasValidation) parts.push({ key: valKey, suffix: '', dash: [] })
    if (withTraining || !hasValidation) parts.push({ key: metric, suffix: ' (train)', dash: TRAINING_DASH })
    for (const part of parts) {
      const rows = curve.points.flatMap((p) => {
        const m = p.metrics[part.key]
        return m ? [{ epoch: p.epoch, ...m }] : []
      })
      const at = (sign: number): Point[] => rows.map((r) => ({ x: r.epoch, y: r.mean + sign * r.std }))
      const band = translucent(color)
      const edge = { borderWidth: 0, pointRadius: 0, tension: 0, backgroundColor: band, borderColor: band, bandEdge: true as const }
      datasets.push({ label: `${curve.name}${part.suffix} +1 std`, data: at(1), fill: '+1', ...edge })
      datasets.push({ label: `${curve.name}${part.suffix} −1 std`, data: at(-1), fill: false, ...edge })
      datasets.push({
        label: `${curve.name}${part.suffix}`,
        data: at(0),
        borderColor: color,
        backgroundColor: color,
        borderWidth: part.dash.length > 0 ? 1.5 : 2,
        borderDash: part.dash,
        pointRadius: rows.length > 30 ? 0 : 2,
        tension: 0,
        fill: false,
        runs: rows.map((r) => r.n)
      })
    }
  })
  return { datasets }
}
