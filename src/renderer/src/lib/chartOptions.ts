/** Chart.js options of the views' charts: no animation (live updates stay cheap), sized by their box. */
import type { ChartOptions, ChartType, TooltipItem } from 'chart.js'
import { formatFixed, formatPercent } from '../../../shared/format'

/** A tick as a percentage with the decimals its spacing needs: ticks 0.2 points apart are not all "80%". */
export function percentTick(value: string | number, _index: number, ticks: readonly { value: number }[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1].value - ticks[0].value) * 100 : 1
  const digits = step > 0 ? Math.min(3, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9))) : 0
  return formatPercent(Number(value), digits)
}

const base = {
  animation: false,
  responsive: true,
  maintainAspectRatio: false,
  interaction: { mode: 'nearest', axis: 'x', intersect: false },
  plugins: { legend: { labels: { boxWidth: 14, boxHeight: 2 } } }
} as const

/** Epoch curves with x = epoch; `percent` shows the y axis as percentages (accuracy). */
export function curveOptions(yTitle: string, percent: boolean): ChartOptions<'line'> {
  return {
    ...base,
    parsing: false,
    normalized: true,
    scales: {
      x: { type: 'linear', title: { display: true, text: 'epoch' }, ticks: { precision: 0 } },
      y: { type: 'linear', title: { display: true, text: yTitle }, ticks: percent ? { callback: percentTick } : {} }
    }
  }
}

/** The epoch a run's chart marks: the one whose weights the run keeps, or the best so far while it trains. */
export interface KeptEpochMark {
  epoch: number
  /** Drawn beside the line, e.g. "kept: epoch 4". */
  label: string
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    /** Read by the keptEpochMarker plugin (chartSetup). */
    studioKeptEpoch?: KeptEpochMark | null
  }
}

export interface RunAxis {
  /** The epochs the run plans: the axis of a running run spans them, so its curve grows into it. */
  planned: number
  /** Where an ended run's curves stop (lib/chartData lastX): its axis ends there, however few epochs ran. */
  endedAt?: number
  kept?: KeptEpochMark | null
}

/**
 * One run's live chart: loss on the left axis, accuracy on the right; x from 0 (the first batches
 * of epoch 1) to the planned epochs, or to where an ended run stopped.
 */
export function runCurveOptions(axis: RunAxis): ChartOptions<'line'> {
  const x =
    axis.endedAt === undefined
      ? { min: 0, suggestedMax: Math.max(1, axis.planned) }
      : { min: 0, max: Math.max(1, Math.ceil(axis.endedAt - 1e-9)) }
  return {
    ...base,
    parsing: false,
    normalized: true,
    scales: {
      x: { type: 'linear', title: { display: true, text: 'epoch' }, ticks: { precision: 0 }, ...x },
      loss: { type: 'linear', position: 'left', title: { display: true, text: 'loss' }, grace: '5%' },
      accuracy: {
        type: 'linear',
        position: 'right',
        title: { display: true, text: 'accuracy' },
        ticks: { callback: percentTick },
        grid: { drawOnChartArea: false }
      }
    },
    plugins: { ...base.plugins, studioKeptEpoch: axis.kept ?? null }
  }
}

/** Bars of fractions 0..1 (accuracies), shown as percentages; `min` zooms in on the interesting range. */
export function accuracyBarOptions(min: number): ChartOptions<'bar'> {
  return {
    ...base,
    interaction: { mode: 'index', intersect: false },
    scales: {
      x: { type: 'category' },
      y: { type: 'linear', min, max: 1, title: { display: true, text: 'accuracy' }, ticks: { callback: percentTick } }
    },
    plugins: {
      ...base.plugins,
      tooltip: { callbacks: { label: (item: TooltipItem<'bar'>) => `${item.dataset.label}: ${formatPercent(item.parsed.y)}` } }
    }
  }
}

/** Mean curves with ±1 std bands (lib/repeatsView): band edges stay out of the legend and tooltips, which say how many runs each mean is of. */
export function meanCurveOptions(yTitle: string, percent: boolean): ChartOptions<'line'> {
  const options = curveOptions(yTitle, percent)
  type Band = { bandEdge?: true; runs?: number[] }
  return {
    ...options,
    plugins: {
      legend: { labels: { ...base.plugins.legend.labels, filter: (item, data) => !(data.datasets[item.datasetIndex ?? 0] as Band).bandEdge } },
      tooltip: {
        filter: (item) => !(item.dataset as Band).bandEdge,
        callbacks: {
          label: (item: TooltipItem<'line'>) => `${item.dataset.label}: ${percent ? formatPercent(item.parsed.y) : formatFixed(item.parsed.y)}`,
          afterLabel: (item: TooltipItem<'line'>) => {
            const runs = (item.dataset as Band).runs?.[item.dataIndex]
            return runs ? `mean of ${runs} runs` : ''
          }
        }
      }
    }
  }
}

/** Mean test accuracy per variant with its interval drawn over it (errorBars in chartSetup). */
export function variantBarOptions(min: number): ChartOptions<'bar'> {
  const options = accuracyBarOptions(min)
  return {
    ...options,
    scales: { ...options.scales, y: { ...options.scales?.y, title: { display: true, text: 'test accuracy' } } },
    plugins: {
      ...options.plugins,
      legend: { display: false },
      tooltip: { callbacks: { label: (item: TooltipItem<'bar'>) => `mean test accuracy: ${formatPercent(item.parsed.y)}` } }
    }
  }
}

/** Overlaid weight histograms: x = weight value, y = share of the layer's weights. */
export function histogramOptions(): ChartOptions<'line'> {
  return {
    ...base,
    parsing: false,
    normalized: true,
    scales: {
      x: { type: 'linear', title: { display: true, text: 'weight' } },
      y: { type: 'linear', min: 0, title: { display: true, text: 'share of weights' }, ticks: { callback: percentTick } }
    }
  }
}

/** A lower bound for accuracy bars: 5 points under the lowest value, rounded down to 10%, at least 0. */
export function accuracyFloor(values: readonly (number | null)[]): number {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  if (finite.length === 0) return 0
  return Math.max(0, Math.floor((Math.min(...finite) - 0.05) * 10) / 10)
}
