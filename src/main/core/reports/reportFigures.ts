/**
 * The report's figures as inline SVG, drawn with the app's conventions (run colours, split colours,
 * training dashed, validation solid, the kept epoch marked): curves per run, the accuracy bars, the
 * first hidden layer's weight distribution and, with repeats, the variants' bars with their 95 %
 * intervals and their mean curves with ±1 std bands.
 */
import { SPLIT_COLORS } from '../../../shared/chartStyle'
import { formatPoints } from '../../../shared/format'
import type { StudyModelResult, VariantAggregate } from '../../../shared/studySummary'
import type { VariantCurve } from '../../../shared/studyAggregates'
import { escapeHtml as esc } from './htmlEscape'
import { svgBarChart } from './svgBarChart'
import { svgLineChart, type ChartSeries } from './svgLineChart'

type Metric = 'loss' | 'accuracy'
const VAL_KEY = { loss: 'val_loss', accuracy: 'val_accuracy' } as const

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v)
}

/** Per run, the training curve (dashed) and the validation curve (solid), the kept epoch marked on the latter (or the former without validation). */
export function runCurves(models: readonly StudyModelResult[], colors: readonly string[], metric: Metric): string {
  const series: ChartSeries[] = models.flatMap((m, i) => {
    const line = (key: Metric | (typeof VAL_KEY)[Metric]) =>
      m.history.flatMap((h) => (isNum(h[key]) ? [{ x: h.epoch, mean: h[key], std: 0 }] : []))
    const val = line(VAL_KEY[metric])
    const train = line(metric)
    const marked = val.length > 0 ? val : train
    for (const p of marked) if (p.x === m.bestEpoch) Object.assign(p, { marked: true })
    return [
      { name: `${m.name} train`, points: train, color: colors[i], dashed: true },
      ...(val.length > 0 ? [{ name: `${m.name} validation`, points: val, color: colors[i] }] : [])
    ].filter((s) => s.points.length > 0)
  })
  return svgLineChart(series, { xLabel: 'epoch', xTicks: 'auto', y: metric === 'accuracy' ? 'percent' : 'number', yLabel: metric, ariaLabel: `${metric} per epoch, a line per run and split` })
}

/** Final train, validation and test accuracy per run, each run labelled with its gap. */
export function accuracyBars(models: readonly StudyModelResult[]): string {
  const splits = [
    { name: 'train', color: SPLIT_COLORS.train, value: (m: StudyModelResult) => m.trainAccuracy },
    { name: 'validation', color: SPLIT_COLORS.validation, value: (m: StudyModelResult) => m.valAccuracy },
    { name: 'test', color: SPLIT_COLORS.test, value: (m: StudyModelResult) => m.testAccuracy }
  ]
  const groups = models.map((m) => ({
    label: [m.name, `gap ${formatPoints(m.trainAccuracy - m.testAccuracy)} pts`],
    bars: splits.map((s) => {
      const value = s.value(m)
      return isNum(value) ? { value, color: s.color } : null
    })
  }))
  return svgBarChart(groups, { seriesNames: splits.map((s) => s.name), yLabel: 'accuracy', ariaLabel: 'Train, validation and test accuracy per run' }) + splitLegend()
}

/** The first weight layer's histogram per run, counts on a log axis. */
export function weightDistribution(models: readonly StudyModelResult[], colors: readonly string[]): string {
  const series: ChartSeries[] = models.flatMap((m, i) => {
    const w = m.evaluation.weights[0]
    if (!w) return []
    const h = w.histogram
    const step = (h.max - h.min) / h.counts.length
    const points = h.counts.flatMap((c, k) => (c > 0 ? [{ x: h.min + (k + 0.5) * step, mean: c, std: 0 }] : []))
    return points.length > 0 ? [{ name: m.name, points, color: colors[i] }] : []
  })
  return svgLineChart(series, { xLabel: 'weight value', xTicks: 'auto', y: 'log', yLabel: 'weights (log scale)', ariaLabel: 'Weight distribution of the first hidden layer, a line per run' })
}

/** Mean test accuracy per variant with its 95 % interval (held to 0–100 %). */
export function variantBars(variants: readonly VariantAggregate[], colors: readonly string[]): string {
  const groups = variants.map((v, i) => ({
    label: [v.name, `n = ${v.n}`],
    bars: [{ value: v.testAccuracy.mean, color: colors[i], interval: v.testAccuracy.ci95 }]
  }))
  return svgBarChart(groups, { seriesNames: ['test accuracy (mean)'], yLabel: 'test accuracy', ariaLabel: 'Mean test accuracy per variant with its 95 % interval' })
}

/** Mean curves per variant with ±1 std bands: validation solid, training dashed. */
export function meanCurves(curves: readonly VariantCurve[], colors: readonly string[], metric: Metric): string {
  const series: ChartSeries[] = curves.flatMap((curve, i) =>
    ([[metric, ' train', true], [VAL_KEY[metric], ' validation', false]] as const).flatMap(([key, suffix, dashed]) => {
      const points = curve.points.flatMap((p) => {
        const m = p.metrics[key]
        return m ? [{ x: p.epoch, mean: m.mean, std: m.std }] : []
      })
      return points.length > 0 ? [{ name: `${curve.name}${suffix} (mean of the runs)`, points, color: colors[i], dashed }] : []
    })
  )
  return svgLineChart(series, { xLabel: 'epoch', xTicks: 'auto', y: metric === 'accuracy' ? 'percent' : 'number', yLabel: metric, ariaLabel: `Mean ${metric} per epoch with ±1 std bands, per variant` })
}

/** Chips naming each run's colour, under a figure drawn in those colours. */
export function runLegend(names: readonly string[], colors: readonly string[]): string {
  return `<p class="legend">${names.map((n, i) => `<span><span class="chip" style="background: ${colors[i]}"></span>${esc(n)}</span>`).join(' ')}</p>`
}

function splitLegend(): string {
  return runLegend(['train', 'validation', 'test'], [SPLIT_COLORS.train, SPLIT_COLORS.validation, SPLIT_COLORS.test])
}
