/**
 * Chart.js for the views: registers only the pieces the charts use (smaller bundle, no eval, so it
 * runs under the page's CSP) and follows the light/dark colour scheme through the CSS variables.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LogarithmicScale,
  LineElement,
  PointElement,
  Title,
  Tooltip,
  type Plugin
} from 'chart.js'

interface Theme {
  text: string
  /** Body text: error bars must stand out from the muted axes. */
  strong: string
  grid: string
  panel: string
}

let registered = false
const themeListeners = new Set<() => void>()
let theme: Theme = { text: '#64748b', strong: '#0f172a', grid: '#e2e8f0', panel: '#ffffff' }

function readTheme(): Theme {
  const style = getComputedStyle(document.documentElement)
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback
  return { text: read('--muted', theme.text), strong: read('--text', theme.strong), grid: read('--border', theme.grid), panel: read('--panel', theme.panel) }
}

function applyTheme(): void {
  theme = readTheme()
  Chart.defaults.color = theme.text
  Chart.defaults.borderColor = theme.grid
}

/** Registers the Chart.js components once and keeps chart colours in step with the colour scheme. */
export function setupCharts(): void {
  if (registered) return
  registered = true
  // Filler draws the ±1 std bands of mean curves and sweeps; the log scale the sweeps' strengths.
  Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, LogarithmicScale, CategoryScale, Filler, Legend, Title, Tooltip)
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily || Chart.defaults.font.family
  applyTheme()
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    applyTheme()
    for (const listener of themeListeners) listener()
  })
}

/**
 * Calls `listener` after a light/dark switch, once Chart.defaults hold the new colours; returns the
 * unsubscribe. An existing chart must be given its options again then (see ChartCanvas): Chart.js
 * copies the scale defaults of the moment (grid, tick, border and title colours) into a chart's
 * `options.scales` when it first reads them, and `update()` keeps that copy (chartjs/Chart.js#11910).
 */
export function onChartTheme(listener: () => void): () => void {
  themeListeners.add(listener)
  return () => themeListeners.delete(listener)
}

/** Paints the panel colour under the chart, so an exported PNG is readable in any image viewer. */
export const panelBackground: Plugin = {
  id: 'studioPanelBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart
    ctx.save()
    ctx.globalCompositeOperation = 'destination-over'
    ctx.fillStyle = theme.panel
    ctx.fillRect(0, 0, width, height)
    ctx.restore()
  }
}

/**
 * Chart.js has no error bars: this draws each bar's interval (the dataset's `intervals`, as
 * lib/repeatsView makes them) over the first bar dataset, in the body text colour.
 */
export const errorBars: Plugin<'bar'> = {
  id: 'studioErrorBars',
  afterDatasetsDraw(chart) {
    const dataset = chart.data.datasets[0] as { intervals?: ([number, number] | null)[] } | undefined
    const y = chart.scales.y
    const bars = chart.getDatasetMeta(0).data
    if (!dataset?.intervals || !y) return
    const { ctx, chartArea } = chart
    ctx.save()
    // An interval of a few noisy runs can reach past 0 % or 100 %: cut it at the plot's edge.
    ctx.beginPath()
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top)
    ctx.clip()
    ctx.strokeStyle = theme.strong
    ctx.lineWidth = 1.5
    dataset.intervals.forEach((ci, i) => {
      const bar = bars[i]
      if (!ci || !bar) return
      const lo = y.getPixelForValue(ci[0])
      const hi = y.getPixelForValue(ci[1])
      const w = 6
      ctx.beginPath()
      ctx.moveTo(bar.x, lo)
      ctx.lineTo(bar.x, hi)
      ctx.moveTo(bar.x - w, lo)
      ctx.lineTo(bar.x + w, lo)
      ctx.moveTo(bar.x - w, hi)
      ctx.lineTo(bar.x + w, hi)
      ctx.stroke()
    })
    ctx.restore()
  }
}

/**
 * A dashed vertical line at the epoch a run's chart marks (options.plugins.studioKeptEpoch, set by
 * runCurveOptions), labelled at the top of the plot, in the body text colour.
 */
export const keptEpochMarker: Plugin<'line'> = {
  id: 'studioKeptEpoch',
  afterDatasetsDraw(chart) {
    const mark = chart.options.plugins?.studioKeptEpoch
    const x = chart.scales.x
    // Chart.js hands plugin options back deeply partial.
    if (!mark?.epoch || !mark.label || !x) return
    const label = mark.label
    const px = x.getPixelForValue(mark.epoch)
    const { ctx, chartArea } = chart
    if (px < chartArea.left - 1 || px > chartArea.right + 1) return
    ctx.save()
    ctx.strokeStyle = theme.strong
    ctx.fillStyle = theme.strong
    ctx.lineWidth = 1
    ctx.setLineDash([3, 3])
    ctx.beginPath()
    ctx.moveTo(px, chartArea.top)
    ctx.lineTo(px, chartArea.bottom)
    ctx.stroke()
    ctx.setLineDash([])
    ctx.font = `11px ${Chart.defaults.font.family ?? 'sans-serif'}`
    ctx.textBaseline = 'top'
    // Beside the line, on the side with room: a mark near the right edge labels to its left.
    const width = ctx.measureText(label).width
    const right = px + 4 + width <= chartArea.right
    const left = right ? px + 3 : px - 5 - width
    // On the panel colour, so curves passing under the label do not garble it.
    ctx.fillStyle = theme.panel
    ctx.fillRect(left, chartArea.top + 1, width + 2, 13)
    ctx.fillStyle = theme.strong
    ctx.textAlign = 'left'
    ctx.fillText(label, left + 1, chartArea.top + 2)
    ctx.restore()
  }
}
