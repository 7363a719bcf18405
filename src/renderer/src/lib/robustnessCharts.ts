/**
 * Robustness probe rows shaped for Compare: one chart per perturbation, accuracy against strength,
 * a line per variant (the mean of its runs) with a ±1 std band when the variant has repeats.
 */
import type { ChartData, ChartOptions } from 'chart.js'
import { runColors } from '../../../shared/chartStyle'
import { PERTURBATION_NAMES, type PerturbationName, type RobustnessRow } from '../../../shared/robustness'
import { mean, sampleStd } from '../../../shared/statistics/describe'
import { percentTick } from './chartOptions'

/** Each chart's title and x axis, in the words of shared/robustness.ts. */
export const PERTURBATION_AXES: Record<PerturbationName, { title: string; axis: string }> = {
  noise: { title: 'Gaussian pixel noise', axis: 'noise σ (pixels 0..1)' },
  shift: { title: 'Shift', axis: 'pixels moved' },
  occlusion: { title: 'Occlusion by a black square', axis: 'square side (pixels)' },
  contrast: { title: 'Contrast loss', axis: 'share of contrast lost' }
}

export interface RobustnessPoint {
  x: number
  y: number
  /** Runs averaged at this point. */
  n: number
}

export interface RobustnessChart {
  perturbation: PerturbationName
  title: string
  data: ChartData<'line', RobustnessPoint[]>
}

/** The variants in the order their first row comes, each with its rows. */
function byVariant(rows: readonly RobustnessRow[]): Map<string, RobustnessRow[]> {
  const groups = new Map<string, RobustnessRow[]>()
  for (const row of rows) groups.set(row.variant, [...(groups.get(row.variant) ?? []), row])
  return groups
}

/** Mean and std over runs of each strength of one variant's rows of one perturbation. */
function curve(rows: readonly RobustnessRow[]): { x: number; mean: number; std: number; n: number }[] {
  const strengths = [...new Set(rows.map((r) => r.strength))].sort((a, b) => a - b)
  return strengths.map((x) => {
    const values = rows.filter((r) => r.strength === x).map((r) => r.accuracy)
    return { x, mean: mean(values), std: sampleStd(values), n: values.length }
  })
}

/** One chart per perturbation present in the rows, in PERTURBATION_NAMES order. */
export function robustnessCharts(rows: readonly RobustnessRow[]): RobustnessChart[] {
  const groups = byVariant(rows)
  const colors = runColors([...groups.keys()])
  return PERTURBATION_NAMES.filter((p) => rows.some((r) => r.perturbation === p)).map((perturbation) => {
    const datasets: ChartData<'line', RobustnessPoint[]>['datasets'] = []
    ;[...groups.entries()].forEach(([variant, variantRows], i) => {
      const points = curve(variantRows.filter((r) => r.perturbation === perturbation))
      if (points.length === 0) return
      const color = colors[i]
      datasets.push({ label: variant, data: points.map((p) => ({ x: p.x, y: p.mean, n: p.n })), borderColor: color, backgroundColor: color, pointRadius: 3, fill: false, clip: false })
      if (points.some((p) => p.n > 1)) {
        // Bands have no label: the legend, the tooltip and the screen-reader text skip them.
        datasets.push(
          { label: '', data: points.map((p) => ({ x: p.x, y: p.mean + p.std, n: p.n })), borderColor: 'transparent', pointRadius: 0, pointHoverRadius: 0, fill: false },
          { label: '', data: points.map((p) => ({ x: p.x, y: p.mean - p.std, n: p.n })), borderColor: 'transparent', backgroundColor: `${color}33`, pointRadius: 0, pointHoverRadius: 0, fill: '-1' }
        )
      }
    })
    return { perturbation, title: PERTURBATION_AXES[perturbation].title, data: { datasets } }
  })
}

export function robustnessChartOptions(perturbation: PerturbationName): ChartOptions<'line'> {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    plugins: { legend: { labels: { boxWidth: 14, boxHeight: 2, filter: (item) => item.text !== '' } } },
    scales: {
      x: { type: 'linear', title: { display: true, text: PERTURBATION_AXES[perturbation].axis } },
      y: { type: 'linear', max: 1, title: { display: true, text: 'test accuracy' }, ticks: { callback: percentTick } }
    }
  }
}

/** Whether some variant has two or more runs, so the charts draw bands. */
export function hasRepeats(rows: readonly RobustnessRow[]): boolean {
  return [...byVariant(rows).values()].some((r) => new Set(r.map((x) => x.runId)).size > 1)
}
