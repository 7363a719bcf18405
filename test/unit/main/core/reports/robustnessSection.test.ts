import { describe, expect, it } from 'vitest'
import { robustnessSection } from '../../../../../src/main/core/reports/robustnessSection'
import { row } from './robustnessRows'

describe('robustness in the report', () => {
  const rows = [
    ...[0, 0.1, 0.3].flatMap((s, i) => [row('baseline', 'b1', 'noise', s, 0.9 - 0.2 * i), row('baseline', 'b2', 'noise', s, 0.88 - 0.2 * i)]),
    ...[0, 0.1, 0.3].map((s, i) => row('dropout', 'd1', 'noise', s, 0.89 - 0.05 * i)),
    ...[0, 2].map((s, i) => row('baseline', 'b1', 'shift', s, 0.9 - 0.3 * i))
  ]

  it('draws one chart per perturbation with a line per variant that has rows for it', () => {
    const html = robustnessSection(rows)
    expect(html.match(/<svg class="line-chart"/g)).toHaveLength(2)
    expect(html).toContain('Gaussian pixel noise')
    expect(html).toContain('Shift')
    const noise = html.slice(html.indexOf('Gaussian pixel noise'), html.indexOf('<h3>Shift'))
    expect(noise.match(/<polyline class="line/g)).toHaveLength(2)
    const shift = html.slice(html.indexOf('<h3>Shift'))
    expect(shift.match(/<polyline class="line/g)).toHaveLength(1)
    // The mean of the two baseline runs at the clean strength: 89.0 % sits among the y ticks' range.
    expect(html).toMatch(/>0\.3<\/text>/)
  })

  it('adds nothing without rows', () => {
    expect(robustnessSection([])).toBe('')
  })
})
