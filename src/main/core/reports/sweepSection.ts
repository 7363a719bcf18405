/**
 * Sweeps in the reports: per sweep, the validation curve (mean train and validation accuracy against
 * the swept value, ±1 std bands, log axis for strengths) drawn as inline SVG so it needs no script,
 * and the table "each regularizer at its best strength" with its paired comparison to the baseline.
 */
import { SWEEP_PARAMS, bestStrengthRows, formatValue, type MetricSummary, type SweepResult } from '../../../shared/sweeps'
import type { Comparison } from '../../../shared/studySummary'
import { formatPercentInterval, formatPercentSpread } from '../../../shared/format'
import { escapeHtml as esc } from './htmlEscape'
import { svgLineChart } from './svgLineChart'

export function sweepSection(sweeps: readonly SweepResult[], comparisons: readonly Comparison[]): string {
  if (sweeps.length === 0) return ''
  const best = bestStrengthRows(sweeps)
  const rows = best
    .map((row) => {
      const versus = comparisons.find((c) => c.variant === row.winner && c.metric === 'testAccuracy')
      return `<tr><td>${esc(row.label)} (${esc(row.variant)})</td><td>${esc(formatValue(row.value))}</td><td>${row.n}</td>
<td>${spread(row.valAccuracy)}</td><td>${spread(row.testAccuracy)}</td><td>${interval(row.testAccuracy)}</td><td class="text">${versus ? esc(versus.verdict) : '—'}</td></tr>`
    })
    .join('\n')
  return `<section id="sweeps">
<h2>Each regularizer at its best strength</h2>
<p class="muted">Each sweep's value is chosen by mean validation accuracy (ties: the stronger regularization). The test set never picks anything; it only reports the chosen value's accuracy.</p>
<div class="table-wrap"><table id="best-strengths" class="wrap-head">
<thead><tr><th>Sweep</th><th>Best value</th><th>Runs</th><th>Val acc</th><th>Test acc</th><th>Test acc 95 % CI</th><th class="text">Against the baseline</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
<div class="charts">
${sweeps.map((s) => `<div><h3>${esc(SWEEP_PARAMS[s.param].label)} of ${esc(s.variant)}: validation curve</h3>${validationCurve(s)}</div>`).join('\n')}
</div>
<p class="muted">Solid: validation accuracy; dashed: training accuracy (the kept weights measured on the whole training set); bands ±1 standard deviation over the repeats; the ringed point is the chosen value.</p>
</section>`
}

/** The sweep's mean train and validation accuracy against its value, as an SVG figure. */
export function validationCurve(sweep: SweepResult): string {
  const points = sweep.points.filter((p): p is typeof p & { valAccuracy: MetricSummary } => p.valAccuracy !== null)
  if (points.length === 0) return '<p class="muted">No run of this sweep held out validation data.</p>'
  const log = SWEEP_PARAMS[sweep.param].scale === 'log' && points.every((p) => p.value > 0)
  const series = (metric: (p: (typeof points)[number]) => MetricSummary, name: string, className: string, dashed: boolean) => ({
    name,
    className,
    dashed,
    points: points.map((p) => ({ x: p.value, label: formatValue(p.value), mean: metric(p).mean, std: metric(p).std }))
  })
  const chosen = points.findIndex((p) => p.variant === sweep.best?.variant)
  return svgLineChart([series((p) => p.trainAccuracy, 'training accuracy', 'train', true), series((p) => p.valAccuracy, 'validation accuracy', 'val', false)], {
    xLabel: SWEEP_PARAMS[sweep.param].label,
    log,
    ring: chosen < 0 ? undefined : { series: 1, point: chosen },
    ariaLabel: `Train and validation accuracy against ${SWEEP_PARAMS[sweep.param].label}`
  })
}

/** Terminal lines: each sweep's points and the best-strength table; empty without sweeps. */
export function formatSweeps(sweeps: readonly SweepResult[], comparisons: readonly Comparison[]): string {
  if (sweeps.length === 0) return ''
  const lines: string[] = []
  for (const sweep of sweeps) {
    lines.push(`sweep ${sweep.variant}: ${SWEEP_PARAMS[sweep.param].label}`)
    for (const p of sweep.points) {
      const mark = p.variant === sweep.best?.variant ? '  <- best on validation' : ''
      lines.push(`  ${formatValue(p.value).padEnd(10)} val ${p.valAccuracy ? spread(p.valAccuracy) : '-'}  train ${spread(p.trainAccuracy)}  test ${spread(p.testAccuracy)}  n ${p.n}${mark}`)
    }
  }
  lines.push('each regularizer at its best strength (chosen on validation; test only reports):')
  for (const row of bestStrengthRows(sweeps)) {
    const versus = comparisons.find((c) => c.variant === row.winner && c.metric === 'testAccuracy')
    lines.push(`  ${row.winner}: test ${spread(row.testAccuracy)} (95 % CI ${interval(row.testAccuracy)})${versus ? `; ${versus.verdict}` : ''}`)
  }
  return lines.join('\n')
}

function spread(m: MetricSummary): string {
  return formatPercentSpread(m.mean, m.std)
}

function interval(m: MetricSummary): string {
  // formatPercentInterval holds it to 0–100 %: a t interval of a mean near 100 % can pass it; an accuracy cannot.
  return m.ci95 === null ? 'none' : formatPercentInterval(m.ci95)
}
