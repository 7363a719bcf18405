/**
 * Robustness in the HTML report: per perturbation, test accuracy against its strength, a line per
 * variant (the mean over its runs, with a ±1 std band when it has repeats), drawn as inline SVG.
 */
import { runColors } from '../../../shared/chartStyle'
import type { PerturbationName, RobustnessRow } from '../../../shared/robustness'
import { describe } from '../../../shared/statistics'
import { escapeHtml as esc } from './htmlEscape'
import { svgLineChart, type ChartSeries } from './svgLineChart'

const TITLES: Record<PerturbationName, { title: string; x: string }> = {
  noise: { title: 'Gaussian pixel noise', x: 'noise σ (0..1 pixel scale)' },
  shift: { title: 'Shift', x: 'pixels shifted' },
  occlusion: { title: 'Occlusion', x: 'side of the black square (pixels)' },
  contrast: { title: 'Contrast loss', x: 'share of contrast lost' }
}

export function robustnessSection(rows: readonly RobustnessRow[]): string {
  if (rows.length === 0) return ''
  const variants = [...new Set(rows.map((r) => r.variant))]
  const colors = runColors(variants)
  const perturbations = [...new Set(rows.map((r) => r.perturbation))]
  const figures = perturbations.map((perturbation) => {
    const series: ChartSeries[] = variants.flatMap((variant, i) => {
      const own = rows.filter((r) => r.variant === variant && r.perturbation === perturbation)
      const strengths = [...new Set(own.map((r) => r.strength))].sort((a, b) => a - b)
      if (strengths.length === 0) return []
      const points = strengths.map((x) => {
        const d = describe(own.filter((r) => r.strength === x).map((r) => r.accuracy))
        return { x, mean: d.mean, std: d.std }
      })
      return [{ name: variant, color: colors[i], points }]
    })
    const { title, x } = TITLES[perturbation]
    return `<div><h3>${esc(title)}</h3>${svgLineChart(series, { xLabel: x, ariaLabel: `Test accuracy against ${x}, a line per variant` })}</div>`
  })
  const legend = variants.map((v, i) => `<span><span class="chip" style="background: ${colors[i]}"></span>${esc(v)}</span>`).join(' ')
  return `<section id="robustness">
<h2>Robustness: test accuracy under perturbations</h2>
<p class="muted">${legend}</p>
<div class="charts">
${figures.join('\n')}
</div>
<p class="muted">Each test image perturbed with its own seeded draw, the same for every variant; strength 0 is the clean test set. Lines are the mean over a variant's runs, bands ±1 standard deviation when it has repeats.</p>
</section>`
}
