import { describe, expect, it } from 'vitest'
import { hasRepeats, robustnessCharts } from '../../../../src/renderer/src/lib/robustnessCharts'
import type { RobustnessRow } from '../../../../src/shared/robustness'

const row = (variant: string, runId: string, perturbation: RobustnessRow['perturbation'], strength: number, accuracy: number): RobustnessRow => ({
  variant,
  runId,
  perturbation,
  strength,
  accuracy
})

describe('robustnessCharts', () => {
  it('draws one chart per perturbation with a line per variant, points sorted by strength', () => {
    const rows = [row('baseline', 'a', 'noise', 0.1, 0.8), row('baseline', 'a', 'noise', 0, 0.9), row('l2', 'b', 'noise', 0, 0.88), row('l2', 'b', 'shift', 1, 0.5)]
    const charts = robustnessCharts(rows)
    expect(charts.map((c) => c.perturbation)).toEqual(['noise', 'shift'])
    expect(charts[0].data.datasets.map((d) => d.label)).toEqual(['baseline', 'l2'])
    expect(charts[0].data.datasets[0].data).toEqual([{ x: 0, y: 0.9, n: 1 }, { x: 0.1, y: 0.8, n: 1 }])
    expect(hasRepeats(rows)).toBe(false)
  })

  it('draws the mean of repeats with a ±1 std band', () => {
    const rows = [row('l2', 'a', 'noise', 0, 0.8), row('l2', 'b', 'noise', 0, 0.9)]
    const [chart] = robustnessCharts(rows)
    const [line, upper, lower] = chart.data.datasets
    expect(line.data[0].y).toBeCloseTo(0.85, 10)
    expect(line.data[0].n).toBe(2)
    expect(upper.label).toBe('')
    expect(upper.data[0].y - lower.data[0].y).toBeCloseTo(2 * Math.SQRT1_2 * 0.1, 10)
    expect(lower.fill).toBe('-1')
    expect(hasRepeats(rows)).toBe(true)
  })
})
