/**
 * The report's part for studies with repeats: per-variant aggregates (accuracies as percentages, mean
 * ± std in points, the 95 % interval held to 0–100 %), the verdicts, and the figures (error bars, mean
 * curves with ±1 std bands) drawn by reportFigures.
 */
import { formatFixed, formatPercentInterval, formatPercentSpread, formatPoints } from '../../../shared/format'
import { signedPoints, type Description } from '../../../shared/statistics'
import type { Comparison, VariantAggregate } from '../../../shared/studySummary'
import { escapeHtml as esc } from './htmlEscape'

/** `figures`: the SVG of the variants' bars and of their mean accuracy and loss curves. */
export function repeatsSection(
  variants: VariantAggregate[],
  comparisons: Comparison[],
  colors: string[],
  figures: { bars: string; accuracy: string; loss: string }
): string {
  const rows = variants
    .map(
      (v, i) => `<tr><td><span class="chip" style="background: ${colors[i]}"></span>${esc(v.name)}</td><td>${v.n}</td>
<td>${spread(v.trainAccuracy)}</td><td>${v.valAccuracy === null ? '—' : spread(v.valAccuracy)}</td><td>${spread(v.testAccuracy)}</td>
<td>${formatPercentInterval(v.testAccuracy.ci95)}</td><td>${formatPoints(v.gap.mean)} ± ${formatPoints(v.gap.std)}</td><td>${plain(v.testLoss, 4)}</td><td>${plain(v.bestEpoch, 1)}</td></tr>`
    )
    .join('\n')
  const verdicts = comparisons
    .map(
      (c) => `<tr><td>${esc(c.variant)}</td><td>${c.metric === 'gap' ? 'gap' : 'test accuracy'}</td><td>${c.n}</td>
<td>${points(c.diffMean)}</td><td>${c.ci95 === null ? '—' : `${points(c.ci95[0])} to ${points(c.ci95[1])}`}</td>
<td>${p(c.pValue)}</td><td>${p(c.pAdjusted)}</td><td class="text">${esc(c.verdict)}</td></tr>`
    )
    .join('\n')
  const figure = (id: string, title: string, svg: string): string => `<figure id="${id}"><h3>${title}</h3>${svg}</figure>`
  return `<section id="repeats">
<h2>Variants over repeated seeds</h2>
<div class="table-wrap"><table id="variant-aggregates" class="wrap-head">
<thead><tr><th>Variant</th><th>Runs</th><th>Train acc</th><th>Val acc</th><th>Test acc</th><th>Test acc 95 % CI</th><th title="train accuracy minus test accuracy, in percentage points">Gap (pts)</th><th>Test loss</th><th>Best epoch</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
<p class="muted">Mean ± sample standard deviation (in points) over each variant's finished runs; the interval is Student t for the mean (none for a single run), cut at 0 % and 100 % where it would pass them.</p>
${comparisons.length === 0 ? '' : `<h3>Against ${esc(comparisons[0].baseline)}</h3>
<div class="table-wrap"><table id="verdicts" class="wrap-head">
<thead><tr><th>Variant</th><th>Measure</th><th>Pairs</th><th>Difference (pts)</th><th>95 % CI (pts)</th><th>p</th><th>p (Holm)</th><th class="text">Verdict</th></tr></thead>
<tbody>
${verdicts}
</tbody>
</table></div>
<p class="muted">Paired by seed: repeat i of every variant shares its seed. Two-sided paired t-test; p-values Holm-adjusted over all the comparisons shown.</p>`}
<div class="charts">
${figure('chart-variant-bars', 'Test accuracy: mean with 95 % interval', figures.bars)}
${figure('chart-mean-accuracy', 'Mean accuracy per epoch (±1 std)', figures.accuracy)}
${figure('chart-mean-loss', 'Mean loss per epoch (±1 std)', figures.loss)}
</div>
<p class="muted">Solid: validation; dashed: training; the band is ±1 standard deviation over the runs that reached the epoch (runs stopped early contribute up to their last epoch).</p>
</section>`
}

/** An accuracy's mean ± std: "84.1% ± 0.7". */
function spread(d: Description): string {
  return formatPercentSpread(d.mean, d.std)
}

/** A measure that is not an accuracy (loss, epochs): mean ± std as plain numbers. */
function plain(d: Description, digits: number): string {
  return Number.isFinite(d.mean) ? `${formatFixed(d.mean, digits)} ± ${formatFixed(d.std, digits)}` : '—'
}

/** A difference of fractions in signed percentage points, as the verdicts write it. */
function points(v: number): string {
  return Number.isFinite(v) ? signedPoints(v) : '—'
}

function p(v: number | null): string {
  if (v === null) return '—'
  return v < 0.001 ? '< 0.001' : v.toFixed(3)
}
