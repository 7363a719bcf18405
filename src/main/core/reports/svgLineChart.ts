/**
 * A small line chart as inline SVG, for report figures that need no script: each series a mean line
 * with a ±1 std band, an optional ringed point, value ticks on the x axis (log or linear) and
 * percentages on the y axis. Colours and dashes come from the series' CSS classes or colour.
 */
import { escapeHtml as esc } from './htmlEscape'

export interface ChartPoint {
  x: number
  mean: number
  std: number
  /** Shown under the axis; the x value when absent. */
  label?: string
}

export interface ChartSeries {
  name: string
  points: ChartPoint[]
  /** CSS class on the line and band (e.g. a split); or a colour. */
  className?: string
  color?: string
  dashed?: boolean
}

export interface LineChartOptions {
  xLabel: string
  log?: boolean
  /** A point to ring: the series and the index of its point. */
  ring?: { series: number; point: number }
  ariaLabel: string
}

const W = 520
const H = 260
const PAD = { left: 52, right: 16, top: 14, bottom: 40 }

export function svgLineChart(series: readonly ChartSeries[], opts: LineChartOptions): string {
  const all = series.flatMap((s) => s.points)
  const xOf = (p: ChartPoint): number => (opts.log ? Math.log10(p.x) : p.x)
  const [x0, x1] = padRange(Math.min(...all.map(xOf)), Math.max(...all.map(xOf)))
  const [y0, y1] = padRange(Math.min(...all.map((p) => p.mean - p.std)), Math.max(...all.map((p) => p.mean + p.std)))
  const sx = (p: ChartPoint): number => PAD.left + ((xOf(p) - x0) / (x1 - x0)) * (W - PAD.left - PAD.right)
  const sy = (y: number): number => H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom)
  const xy = (x: number, y: number): string => `${x.toFixed(1)},${y.toFixed(1)}`
  const lines = series
    .map((s) => {
      const paint = s.color ? ` style="fill: ${s.color}; stroke: ${s.color}"` : ''
      const cls = s.className ?? ''
      const band = [...s.points.map((p) => xy(sx(p), sy(p.mean + p.std))), ...[...s.points].reverse().map((p) => xy(sx(p), sy(p.mean - p.std)))]
      return (
        `<polygon class="band ${cls}"${paint} points="${band.join(' ')}"><title>${esc(s.name)}</title></polygon>` +
        `<polyline class="line ${cls}${s.dashed ? ' dashed' : ''}"${paint} points="${s.points.map((p) => xy(sx(p), sy(p.mean))).join(' ')}"><title>${esc(s.name)}</title></polyline>`
      )
    })
    .join('')
  const ringed = opts.ring && series[opts.ring.series]?.points[opts.ring.point]
  const ring = ringed ? `<circle class="chosen" cx="${sx(ringed).toFixed(1)}" cy="${sy(ringed.mean).toFixed(1)}" r="6"/>` : ''
  const ticks = new Map(all.map((p) => [p.x, p]))
  const xTicks = [...ticks.values()]
    .map((p) => `<text x="${sx(p).toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${esc(p.label ?? String(p.x))}</text>`)
    .join('')
  const yTicks = [y0, (y0 + y1) / 2, y1]
    .map((y) => `<text x="${PAD.left - 6}" y="${(sy(y) + 4).toFixed(1)}" text-anchor="end">${(y * 100).toFixed(1)}%</text>`)
    .join('')
  const xLabel = `${opts.xLabel}${opts.log ? ' (log scale)' : ''}`
  return `<svg class="line-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(opts.ariaLabel)}">
<line class="axis" x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}"/><line class="axis" x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}"/>
${lines}${ring}
${xTicks}${yTicks}<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 6}" text-anchor="middle">${esc(xLabel)}</text>
</svg>`
}

function padRange(lo: number, hi: number): [number, number] {
  const pad = hi > lo ? (hi - lo) * 0.08 : Math.max(Math.abs(lo) * 0.05, 0.01)
  return [lo - pad, hi + pad]
}
