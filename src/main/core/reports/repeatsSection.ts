/**
 * The report's part for studies with repeats: per-variant aggregates (mean ± std, 95 % interval),
 * the verdicts, and the canvases the script fills with error bars and mean curves with ±1 std bands.
 */
import { signedPoints, type Description } from '../../../shared/statistics'
import type { Comparison, VariantAggregate } from '../../../shared/studySummary'
import { escapeHtml as esc } from './htmlEscape'

export function repeatsSection(variants: VariantAggregate[], comparisons: Comparison[], colors: string[]): string {
  const rows = variants
    .map(
      (v, i) => `<tr><td><span class="chip" style="background: ${colors[i]}"></span>${esc(v.name)}</td><td>${v.n}</td>
<td>${spread(v.trainAccuracy)}</td><td>${v.valAccuracy === null ? '—' : spread(v.valAccuracy)}</td><td>${spread(v.testAccuracy)}</td>
<td>${interval(v.testAccuracy)}</td><td>${spread(v.gap)}</td><td>${spread(v.testLoss)}</td><td>${spread(v.bestEpoch, 1)}</td></tr>`
    )
    .join('\n')
  const verdicts = comparisons
    .map(
      (c) => `<tr><td>${esc(c.variant)}</td><td>${c.metric === 'gap' ? 'gap' : 'test accuracy'}</td><td>${c.n}</td>
<td>${points(c.diffMean)}</td><td>${c.ci95 === null ? '—' : `${points(c.ci95[0])} to ${points(c.ci95[1])}`}</td>
<td>${p(c.pValue)}</td><td>${p(c.pAdjusted)}</td><td class="text">${esc(c.verdict)}</td></tr>`
    )
    .join('\n')
  const figure = (id: string, title: string): string =>
    `<div><h3>${title}</h3><div class="chart"><canvas id="${id}" role="img" aria-label="${title}"></canvas></div></div>`
  return `<section id="repeats">
<h2>Variants over repeated seeds</h2>
<div class="table-wrap"><table id="variant-aggregates" class="wrap-head">
<thead><tr><th>Variant</th><th>Runs</th><th>Train acc</th><th>Val acc</th><th>Test acc</th><th>Test acc 95 % CI</th><th title="train accuracy minus test accuracy">Gap</th><th>Test loss</th><th>Best epoch</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
<p class="muted">Mean ± sample standard deviation over each variant's finished runs; the interval is Student t for the mean (none for a single run).</p>
${comparisons.length === 0 ? '' : `<h3>Against ${esc(comparisons[0].baseline)}</h3>
<div class="table-wrap"><table id="verdicts" class="wrap-head">
<thead><tr><th>Variant</th><th>Measure</th><th>Pairs</th><th>Difference (pts)</th><th>95 % CI (pts)</th><th>p</th><th>p (Holm)</th><th class="text">Verdict</th></tr></thead>
<tbody>
${verdicts}
</tbody>
</table></div>
<p class="muted">Paired by seed: repeat i of every variant shares its seed. Two-sided paired t-test; p-values Holm-adjusted over all the comparisons shown.</p>`}
<div class="charts">
${figure('chart-variant-bars', 'Test accuracy: mean with 95 % interval')}
${figure('chart-mean-accuracy', 'Mean accuracy per epoch (±1 std)')}
${figure('chart-mean-loss', 'Mean loss per epoch (±1 std)')}
</div>
<p class="muted">Solid: validation; dashed: training; the band is ±1 standard deviation over the runs that reached the epoch (runs stopped early contribute up to their last epoch).</p>
</section>`
}

function spread(d: Description, digits = 4): string {
  return Number.isFinite(d.mean) ? `${d.mean.toFixed(digits)} ± ${d.std.toFixed(digits)}` : '—'
}

function interval(d: Description): string {
  return d.ci95 === null ? '—' : `${d.ci95[0].toFixed(4)} to ${d.ci95[1].toFixed(4)}`
}

/** A difference of fractions in signed percentage points, as the verdicts write it. */
function points(v: number): string {
  return Number.isFinite(v) ? signedPoints(v) : '—'
}

function p(v: number | null): string {
  if (v === null) return '—'
  return v < 0.001 ? '< 0.001' : v.toFixed(3)
}
