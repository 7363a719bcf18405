/**
 * Grouped bars of accuracies as inline SVG, for report figures that need no script: a group per run
 * or variant (one or two label lines), a bar per series, an optional 95 % interval drawn over a bar.
 * The axis starts near the lowest value, as accuracies sit close together and an axis from 0 would
 * hide the differences the study is about.
 */
import { clampFraction, formatPercent } from '../../../shared/format'
import { escapeHtml as esc } from './htmlEscape'

export interface BarGroup {
  label: string[]
  /** One value per series (null: no bar); with an interval, it is drawn as an error bar. */
  bars: ({ value: number; color: string; interval?: readonly [number, number] | null } | null)[]
}

const W = 520
const H = 280
const PAD = { left: 56, right: 16, top: 14, bottom: 50 }

export function svgBarChart(groups: readonly BarGroup[], opts: { seriesNames: readonly string[]; ariaLabel: string; yLabel: string }): string {
  const bars = groups.flatMap((g) => g.bars.filter((b): b is NonNullable<typeof b> => b !== null && Number.isFinite(b.value)))
  if (bars.length === 0) return '<p class="muted">Nothing to draw.</p>'
  // Intervals of an accuracy are held to 0–100 %: a t interval of a mean near a bound can pass it.
  const ends = bars.flatMap((b) => (b.interval ? [clampFraction(b.interval[0]), clampFraction(b.interval[1])] : [b.value]))
  const low = Math.max(0, Math.floor((Math.min(...ends) - 0.02) * 20) / 20)
  const high = Math.min(1, Math.ceil((Math.max(...ends) + 0.01) * 20) / 20)
  const sy = (y: number): number => H - PAD.bottom - ((y - low) / (high - low || 1)) * (H - PAD.top - PAD.bottom)
  const slot = (W - PAD.left - PAD.right) / groups.length
  const perGroup = Math.max(1, opts.seriesNames.length)
  const barWidth = Math.min(36, (slot * 0.8) / perGroup)
  const shapes = groups
    .map((g, gi) => {
      const start = PAD.left + gi * slot + (slot - barWidth * perGroup) / 2
      const drawn = g.bars
        .map((b, si) => {
          if (b === null || !Number.isFinite(b.value)) return ''
          const x = start + si * barWidth
          const top = sy(Math.max(low, b.value))
          const title = `<title>${esc(`${g.label.join(' ')}: ${opts.seriesNames[si] ?? ''} ${formatPercent(b.value)}`.replace('  ', ' '))}</title>`
          const rect = `<rect x="${(x + 1).toFixed(1)}" y="${top.toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(H - PAD.bottom - top).toFixed(1)}" rx="2" style="fill: ${b.color}">${title}</rect>`
          if (!b.interval) return rect
          const [lo, hi] = [sy(clampFraction(b.interval[0])), sy(clampFraction(b.interval[1]))]
          const cx = x + barWidth / 2
          return `${rect}<path class="error-bar" d="M${cx.toFixed(1)} ${lo.toFixed(1)}V${hi.toFixed(1)}M${(cx - 6).toFixed(1)} ${lo.toFixed(1)}h12M${(cx - 6).toFixed(1)} ${hi.toFixed(1)}h12"/>`
        })
        .join('')
      const center = PAD.left + gi * slot + slot / 2
      const labels = g.label
        .map((line, k) => `<text x="${center.toFixed(1)}" y="${H - PAD.bottom + 16 + k * 14}" text-anchor="middle"${k > 0 ? ' class="sub"' : ''}>${esc(line)}</text>`)
        .join('')
      return drawn + labels
    })
    .join('')
  const steps = Math.round((high - low) / 0.05)
  const every = Math.max(1, Math.ceil(steps / 5))
  const ticks = Array.from({ length: Math.floor(steps / every) + 1 }, (_, k) => low + k * every * 0.05)
    .map((y) => `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}"/><text x="${PAD.left - 6}" y="${(sy(y) + 4).toFixed(1)}" text-anchor="end">${formatPercent(y, 0)}</text>`)
    .join('')
  const mid = (PAD.top + H - PAD.bottom) / 2
  return `<svg class="line-chart bar-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(opts.ariaLabel)}">
${ticks}<line class="axis" x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}"/>
${shapes}<text x="12" y="${mid}" text-anchor="middle" transform="rotate(-90 12 ${mid})">${esc(opts.yLabel)}</text>
</svg>`
}
