import { describe, expect, it } from 'vitest'
import { formatSweeps, sweepSection, validationCurve } from '../../../../../src/main/core/reports/sweepSection'
import type { Comparison } from '../../../../../src/shared/studySummary'
import { sweepResults, type MetricSummary, type VariantAggregateLike } from '../../../../../src/shared/sweeps'

const metric = (mean: number): MetricSummary => ({ mean, std: 0.01, min: mean - 0.01, max: mean + 0.01, ci95: [mean - 0.02, mean + 0.02] })
const agg = (name: string, val: number, test: number): VariantAggregateLike => ({
  name,
  n: 3,
  valAccuracy: metric(val),
  trainAccuracy: metric(val + 0.04),
  testAccuracy: metric(test)
})
const sweeps = sweepResults(
  [{ variant: 'l2', param: 'l2', values: [1e-5, 1e-4, 1e-3] }],
  [agg('l2[l2=0.00001]', 0.88, 0.9), agg('l2[l2=0.0001]', 0.9, 0.87), agg('l2[l2=0.001]', 0.85, 0.84)]
)
const versus: Comparison = {
  variant: 'l2[l2=0.0001]',
  baseline: 'baseline',
  metric: 'testAccuracy',
  n: 3,
  diffMean: 0.004,
  ci95: [-0.01, 0.018],
  pValue: 0.4,
  pAdjusted: 0.8,
  verdict: 'l2[l2=0.0001] vs baseline: no difference detectable with n = 3'
} as Comparison

describe('sweep reports', () => {
  it('lists each sweep at the value chosen on validation, with its comparison to the baseline', () => {
    const html = sweepSection(sweeps, [versus])
    expect(html).toContain('Each regularizer at its best strength')
    expect(html).toMatch(/<td>L2[^<]*\(l2\)<\/td><td>0\.0001<\/td><td>3<\/td>/)
    expect(html).toContain('no difference detectable with n = 3')
    expect(html).toContain('The test set never picks anything')
    expect(sweepSection([], [])).toBe('')
  })

  it('draws the validation curve on a log axis with both splits, their bands and the chosen value ringed', () => {
    const svg = validationCurve(sweeps[0])
    expect(svg).toContain('(log scale)')
    expect(svg.match(/<polyline class="line (train|val)/g)).toHaveLength(2)
    expect(svg.match(/<polygon class="band/g)).toHaveLength(2)
    expect(svg.match(/<circle class="chosen"/g)).toHaveLength(1)
    for (const tick of ['0.00001', '0.0001', '0.001']) expect(svg).toContain(`>${tick}</text>`)
    // Evenly spaced in log: the middle value sits halfway between the ends.
    const xs = [...svg.matchAll(/<text x="([\d.]+)" y="\d+" text-anchor="middle">0\.0/g)].map((m) => Number(m[1]))
    expect(xs[1] - xs[0]).toBeCloseTo(xs[2] - xs[1], 0)
  })

  it('marks the best value in the terminal and writes no lines without sweeps', () => {
    const text = formatSweeps(sweeps, [versus])
    expect(text.split('\n').filter((l) => l.includes('<- best on validation'))).toEqual([expect.stringContaining('0.0001 ')])
    expect(text).toContain('l2[l2=0.0001]: test 87.0% ± 1.0')
    expect(formatSweeps([], [])).toBe('')
  })
})
