/**
 * A small line chart as inline SVG, for report figures that need no script (the report runs none, so
 * it reads the same opened, previewed in the app, printed or turned into a PDF): each series a line,
 * with a ±1 std band when it has spread, optional marked and ringed points, and y values as
 * percentages, plain numbers or on a log axis. Colours and dashes come from CSS classes or a colour.
 */
import { formatPercent } from '../../../shared/format'
import { escapeHtml as esc } from './htmlEscape'

export interface ChartPoint {
  x: number
  mean: number
  std: number
  /** Shown under the axis; the x value when absent. */
  label?: string
  /** Drawn as a larger dot (e.g. the epoch whose weights were kept). */
  marked?: boolean
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
  /** 'values' (default): a tick under every point's x; 'auto': a few round ticks, for epochs or a continuous x. */
  xTicks?: 'values' | 'auto'
  /** How y reads: accuracies as percentages (default), other numbers plain, or counts on a log axis. */
  y?: 'percent' | 'number' | 'log'
  yLabel?: string
  /** A point to ring: the series and the index of its point. */
  ring?: { series: number; point: number }
  ariaLabel: string
}

const W = 520
const H = 260
const PAD = { left: 56, right: 16, top: 14, bottom: 40 }

export function svgLineChart(series: readonly ChartSeries[], opts: LineChartOptions): string {
  const all = series.flatMap((s) => s.points)
  if (all.length === 0) return '<p class="muted">Nothing to draw.</p>'
  const logY = opts.y === 'log'
  const xOf = (p: ChartPoint): number => (opts.log ? Math.log10(p.x) : p.x)
  const yOf = (y: number): number => (logY ? Math.log10(Math.max(y, 1)) : y)
  const [x0, x1] = padRange(Math.min(...all.map(xOf)), Math.max(...all.map(xOf)))
  const [y0, y1] = logY
    ? [0, Math.ceil(Math.max(...all.map((p) => yOf(p.mean)))) || 1]
    : padRange(Math.min(...all.map((p) => p.mean - p.std)), Math.max(...all.map((p) => p.mean + p.std)))
  const px = (x: number): number => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right)
  const sx = (p: ChartPoint): number => px(xOf(p))
  const sy = (y: number): number => H - PAD.bottom - ((yOf(y) - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom)
  const xy = (x: number, y: number): string => `${x.toFixed(1)},${y.toFixed(1)}`
  const lines = series
    .map((s) => {
      const paint = s.color ? ` style="fill: ${s.color}; stroke: ${s.color}"` : ''
      const cls = s.className ?? ''
      const title = `<title>${esc(s.name)}</title>`
      const spread = s.points.some((p) => p.std > 0)
      const band = [...s.points.map((p) => xy(sx(p), sy(p.mean + p.std))), ...[...s.points].reverse().map((p) => xy(sx(p), sy(p.mean - p.std)))]
      const marks = s.points
        .filter((p) => p.marked)
        .map((p) => `<circle class="mark ${cls}"${paint} cx="${sx(p).toFixed(1)}" cy="${sy(p.mean).toFixed(1)}" r="4">${title}</circle>`)
        .join('')
      // A single point is a dot: a polyline of one point draws nothing.
      const dot = s.points.length === 1 && !s.points[0].marked ? `<circle class="mark ${cls}"${paint} cx="${sx(s.points[0]).toFixed(1)}" cy="${sy(s.points[0].mean).toFixed(1)}" r="2.5">${title}</circle>` : ''
      return (
        (spread ? `<polygon class="band ${cls}"${paint} points="${band.join(' ')}">${title}</polygon>` : '') +
        `<polyline class="line ${cls}${s.dashed ? ' dashed' : ''}"${paint} points="${s.points.map((p) => xy(sx(p), sy(p.mean))).join(' ')}">${title}</polyline>` +
        marks +
        dot
      )
    })
    .join('')
  const ringed = opts.ring && series[opts.ring.series]?.points[opts.ring.point]
  const ring = ringed ? `<circle class="chosen" cx="${sx(ringed).toFixed(1)}" cy="${sy(ringed.mean).toFixed(1)}" r="6"/>` : ''
  const xTicks = (opts.xTicks === 'auto' && !opts.log ? autoXTicks(all, x0, x1) : valueXTicks(all))
    .map((t) => `<text x="${px(opts.log ? Math.log10(t.x) : t.x).toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${esc(t.label)}</text>`)
    .join('')
  const yTicks = yTickValues(opts.y ?? 'percent', y0, y1)
    .map((t) => `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${sy(t.y).toFixed(1)}" y2="${sy(t.y).toFixed(1)}"/><text x="${PAD.left - 6}" y="${(sy(t.y) + 4).toFixed(1)}" text-anchor="end">${esc(t.label)}</text>`)
    .join('')
  const xLabel = `${opts.xLabel}${opts.log ? ' (log scale)' : ''}`
  const yLabel = opts.yLabel
    ? `<text x="12" y="${(PAD.top + H - PAD.bottom) / 2}" text-anchor="middle" transform="rotate(-90 12 ${(PAD.top + H - PAD.bottom) / 2})">${esc(opts.yLabel)}</text>`
    : ''
  return `<svg class="line-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(opts.ariaLabel)}">
${yTicks}<line class="axis" x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}"/><line class="axis" x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}"/>
${lines}${ring}
${xTicks}<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 6}" text-anchor="middle">${esc(xLabel)}</text>${yLabel}
</svg>`
}

function padRange(lo: number, hi: number): [number, number] {
  const pad = hi > lo ? (hi - lo) * 0.08 : Math.max(Math.abs(lo) * 0.05, 0.01)
  return [lo - pad, hi + pad]
}

function valueXTicks(points: readonly ChartPoint[]): { x: number; label: string }[] {
  return [...new Map(points.map((p) => [p.x, { x: p.x, label: p.label ?? String(p.x) }])).values()]
}

/** About six round ticks inside the drawn range; whole numbers when every x is one (epochs). */
function autoXTicks(points: readonly ChartPoint[], x0: number, x1: number): { x: number; label: string }[] {
  const integers = points.every((p) => Number.isInteger(p.x))
  const step = Math.max(niceStep((x1 - x0) / 6), integers ? 1 : 0)
  const ticks: { x: number; label: string }[] = []
  for (let x = Math.ceil(x0 / step) * step; x <= x1 + step * 1e-9; x += step) {
    const value = Number(x.toPrecision(12))
    if (integers && value < Math.min(...points.map((p) => p.x))) continue
    ticks.push({ x: value, label: String(value) })
  }
  return ticks
}

function yTickValues(kind: 'percent' | 'number' | 'log', y0: number, y1: number): { y: number; label: string }[] {
  if (kind === 'log') {
    return Array.from({ length: y1 + 1 }, (_, k) => ({ y: 10 ** k, label: (10 ** k).toLocaleString('en-US') }))
  }
  const step = niceStep((y1 - y0) / 4)
  const ticks: { y: number; label: string }[] = []
  for (let y = Math.ceil(y0 / step) * step; y <= y1 + step * 1e-9; y += step) {
    const value = Number(y.toPrecision(12))
    ticks.push({ y: value, label: kind === 'percent' ? formatPercent(value, step * 100 < 1 ? 1 : 0) : String(value) })
  }
  return ticks
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  if (!(raw > 0)) return 1
  const power = 10 ** Math.floor(Math.log10(raw))
  const unit = raw / power
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power
}
