/**
 * Shapes run histories and evaluations into Chart.js data. Pure: the same input gives new plain
 * objects (never Svelte proxies), which the chart wrapper copies into its live chart.
 */
import { shortClassNames } from '../../../shared/classNames'
import type { ChartData, ChartDataset } from 'chart.js'
import { formatPoints } from '../../../shared/format'
import type { StudyHistoryEntry, StudyModelResult } from '../../../shared/studySummary'
import { runColors, SPLIT_COLORS, TRAINING_DASH } from '../../../shared/chartStyle'
import type { BatchPoint } from './batchCurve'


const LOSS_COLOR = '#ef4444'
const ACCURACY_COLOR = '#3b82f6'

export interface Point {
  x: number
  y: number
}

export type LineData = ChartData<'line', Point[]>
export type BarData = ChartData<'bar', (number | null)[]>
type MetricKey = 'loss' | 'accuracy' | 'val_loss' | 'val_accuracy'

/** One metric per epoch as points; epochs without a finite value are left out. */
export function metricPoints(history: readonly StudyHistoryEntry[], key: MetricKey): Point[] {
  const points: Point[] = []
  for (const h of history) {
    const y = h[key]
    if (typeof y === 'number' && Number.isFinite(y)) points.push({ x: h.epoch, y })
  }
  return points
}

function line(label: string, data: Point[], color: string, extra: Partial<ChartDataset<'line', Point[]>> = {}): ChartDataset<'line', Point[]> {
  return {
    label,
    data,
    borderColor: color,
    backgroundColor: color,
    borderWidth: 2,
    pointRadius: data.length > 30 ? 0 : 2,
    tension: 0,
    ...extra
  }
}

/**
 * A training metric as the live chart draws it: the running value within each epoch where batch
 * progress was seen, the epoch's value alone for epochs without it (logged before the page opened).
 */
export function trainingPoints(history: readonly StudyHistoryEntry[], batches: readonly BatchPoint[], key: 'loss' | 'accuracy'): Point[] {
  const seen = new Set(batches.map((b) => Math.ceil(b.x)))
  const points = metricPoints(history, key).filter((p) => !seen.has(p.x))
  for (const b of batches) if (Number.isFinite(b[key])) points.push({ x: b.x, y: b[key] })
  return points.sort((a, b) => a.x - b.x)
}

/**
 * The live chart of one run: loss on the left axis ("loss"), accuracy on the right ("accuracy");
 * validation series appear only when the run holds out validation data. Training curves follow the
 * batches; a few points (one epoch's validation) are drawn as markers so they never vanish, and no
 * series is cut at the plot's edge.
 */
export function runCurves(history: readonly StudyHistoryEntry[], batches: readonly BatchPoint[] = []): LineData {
  const marked = (data: Point[]): Partial<ChartDataset<'line', Point[]>> => ({ clip: 6, pointRadius: data.length > 30 ? 0 : 3 })
  const trainLoss = trainingPoints(history, batches, 'loss')
  const trainAccuracy = trainingPoints(history, batches, 'accuracy')
  const valLoss = metricPoints(history, 'val_loss')
  const valAccuracy = metricPoints(history, 'val_accuracy')
  // A running curve is a line; its very first report alone is a marker until the next one comes.
  const trainExtra = batches.length > 0 ? { clip: 6, pointRadius: trainLoss.length === 1 ? 3 : 0 } : marked(trainLoss)
  const datasets = [
    line('train loss', trainLoss, LOSS_COLOR, { yAxisID: 'loss', borderDash: TRAINING_DASH, ...trainExtra }),
    line('val loss', valLoss, LOSS_COLOR, { yAxisID: 'loss', ...marked(valLoss) }),
    line('train accuracy', trainAccuracy, ACCURACY_COLOR, { yAxisID: 'accuracy', borderDash: TRAINING_DASH, ...trainExtra }),
    line('val accuracy', valAccuracy, ACCURACY_COLOR, { yAxisID: 'accuracy', ...marked(valAccuracy) })
  ]
  const hasValidation = history.some((h) => typeof h.val_loss === 'number')
  return { datasets: hasValidation ? datasets : datasets.filter((d) => !d.label?.startsWith('val')) }
}

/** The right end of what a chart draws (0 when empty): an ended run's axis stops there. */
export function lastX(data: LineData): number {
  let x = 0
  for (const d of data.datasets) for (const p of d.data) x = Math.max(x, p.x)
  return x
}

export interface CurveSeries {
  name: string
  history: readonly StudyHistoryEntry[]
}

/**
 * Validation curves of several runs overlaid (one colour per run), optionally with their training
 * curves dashed. A run without validation data shows its training curve instead of nothing.
 */
export function overlaidCurves(series: readonly CurveSeries[], metric: 'loss' | 'accuracy', withTraining: boolean): LineData {
  const valKey: MetricKey = metric === 'loss' ? 'val_loss' : 'val_accuracy'
  const datasets: ChartDataset<'line', Point[]>[] = []
  const colors = runColors(series.map((s) => s.name))
  series.forEach((s, i) => {
    const color = colors[i]
    const validation = metricPoints(s.history, valKey)
    if (validation.length > 0) datasets.push(line(s.name, validation, color))
    if (withTraining || validation.length === 0) {
      datasets.push(line(`${s.name} (train)`, metricPoints(s.history, metric), color, { borderDash: TRAINING_DASH, borderWidth: 1.5 }))
    }
  })
  return { datasets }
}

/** Final train / validation / test accuracy per run, each run labelled with its generalization gap. */
export function accuracyBars(models: readonly StudyModelResult[]): ChartData<'bar', (number | null)[], string[]> {
  const bar = (label: string, data: (number | null)[], color: string): ChartDataset<'bar', (number | null)[]> => ({
    label,
    data,
    backgroundColor: color,
    borderColor: color
  })
  return {
    labels: models.map((m) => [m.name, `gap ${formatPoints(m.trainAccuracy - m.testAccuracy)} pts`]),
    datasets: [
      bar('train', models.map((m) => m.trainAccuracy), SPLIT_COLORS.train),
      bar('validation', models.map((m) => m.valAccuracy), SPLIT_COLORS.validation),
      bar('test', models.map((m) => m.testAccuracy), SPLIT_COLORS.test)
    ]
  }
}

/** Test accuracy of each class (named by the dataset's short names), one bar colour per run. */
export function perClassBars(models: readonly StudyModelResult[], classNames: readonly string[]): BarData {
  const colors = runColors(models.map((m) => m.name))
  return {
    labels: shortClassNames(classNames),
    datasets: models.map((m, i) => ({
      label: m.name,
      data: [...m.evaluation.perClassAccuracy],
      backgroundColor: colors[i],
      borderColor: colors[i]
    }))
  }
}

export interface NearZeroShare {
  name: string
  color: string
  /** Share of this layer's kernel weights with |w| < 1e-3. */
  share: number
}

export interface WeightLayerChart {
  title: string
  data: LineData
  nearZero: NearZeroShare[]
}

/**
 * Per weight layer (matched by position: first, second, … Dense layer), the kernel histograms of
 * every run overlaid as shares of that layer's weights, so runs with different ranges line up.
 */
export function weightHistograms(models: readonly StudyModelResult[]): WeightLayerChart[] {
  const layers = Math.max(0, ...models.map((m) => m.evaluation.weights.length))
  const colors = runColors(models.map((m) => m.name))
  const charts: WeightLayerChart[] = []
  for (let li = 0; li < layers; li++) {
    const datasets: ChartDataset<'line', Point[]>[] = []
    const nearZero: NearZeroShare[] = []
    const shapes = new Set<string>()
    models.forEach((m, i) => {
      const w = m.evaluation.weights[li]
      if (!w) return
      shapes.add(w.shape.join(' × '))
      const color = colors[i]
      datasets.push(line(m.name, histogramPoints(w.histogram), color, { pointRadius: 0, borderWidth: 1.5 }))
      nearZero.push({ name: m.name, color, share: w.nearZero })
    })
    const last = li === layers - 1 && layers > 1
    charts.push({
      // A shape in the title only when every run's layer has it (variants may differ in width).
      title: `Layer ${li + 1}${last ? ' (output)' : ''}${shapes.size === 1 ? `: ${[...shapes][0]}` : ''}`,
      data: { datasets },
      nearZero
    })
  }
  return charts
}

/** Bin centres and the share of weights in each bin. */
export function histogramPoints(h: { min: number; max: number; counts: readonly number[] }): Point[] {
  const total = h.counts.reduce((s, c) => s + c, 0)
  const width = h.counts.length > 0 ? (h.max - h.min) / h.counts.length : 0
  return h.counts.map((c, k) => ({ x: h.min + (k + 0.5) * width, y: total > 0 ? c / total : 0 }))
}
