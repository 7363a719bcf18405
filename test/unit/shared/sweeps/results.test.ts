import { describe, expect, it } from 'vitest'
import { bestStrengthRows, sweepResults, type MetricSummary, type SweepSpec, type VariantAggregateLike } from '../../../../src/shared/sweeps'

function metric(mean: number): MetricSummary {
  return { mean, std: 0.01, min: mean - 0.01, max: mean + 0.01, ci95: [mean - 0.02, mean + 0.02] }
}

function agg(name: string, val: number, n = 3, test = val - 0.01): VariantAggregateLike {
  return { name, n, valAccuracy: metric(val), trainAccuracy: metric(val + 0.05), testAccuracy: metric(test) }
}

const l2: SweepSpec = { variant: 'l2', param: 'l2', values: [1e-5, 1e-4, 1e-3] }

describe('sweepResults', () => {
  it('lists the points in value order and picks the highest mean validation accuracy', () => {
    const [result] = sweepResults([l2], [agg('l2[l2=0.00001]', 0.88), agg('l2[l2=0.0001]', 0.9, 3, 0.85), agg('l2[l2=0.001]', 0.87)])
    expect(result).toEqual({
      variant: 'l2',
      param: 'l2',
      values: [1e-5, 1e-4, 1e-3],
      points: [
        { value: 1e-5, variant: 'l2[l2=0.00001]', n: 3, valAccuracy: metric(0.88), trainAccuracy: metric(0.93), testAccuracy: metric(0.87) },
        { value: 1e-4, variant: 'l2[l2=0.0001]', n: 3, valAccuracy: metric(0.9), trainAccuracy: metric(0.9 + 0.05), testAccuracy: metric(0.85) },
        { value: 1e-3, variant: 'l2[l2=0.001]', n: 3, valAccuracy: metric(0.87), trainAccuracy: metric(0.87 + 0.05), testAccuracy: metric(0.86) }
      ],
      best: { value: 1e-4, variant: 'l2[l2=0.0001]', by: 'valAccuracy' }
    })
  })

  it('never lets the test accuracy pick', () => {
    const [result] = sweepResults([l2], [agg('l2[l2=0.00001]', 0.9, 3, 0.8), agg('l2[l2=0.0001]', 0.89, 3, 0.95)])
    expect(result.best?.value).toBe(1e-5)
  })

  it('breaks ties towards the larger strength or rate', () => {
    const [result] = sweepResults([l2], [agg('l2[l2=0.00001]', 0.9), agg('l2[l2=0.0001]', 0.9), agg('l2[l2=0.001]', 0.85)])
    expect(result.best?.value).toBe(1e-4)
    const rate: SweepSpec = { variant: 'dropout', param: 'rate', values: [0.5, 0.2] }
    const [r] = sweepResults([rate], [agg('dropout[rate=0.5]', 0.88), agg('dropout[rate=0.2]', 0.88)])
    expect(r.best?.value).toBe(0.5)
  })

  it('treats means that differ only by float rounding as a tie', () => {
    const [result] = sweepResults([l2], [agg('l2[l2=0.00001]', 0.1 + 0.2), agg('l2[l2=0.0001]', 0.3)])
    expect(result.best?.value).toBe(1e-4)
  })

  it('breaks ties towards the smaller patience or fewer epochs', () => {
    const patience: SweepSpec = { variant: 'earlystopping', param: 'patience', values: [1, 3, 5] }
    const [p] = sweepResults([patience], [agg('earlystopping[patience=1]', 0.8), agg('earlystopping[patience=3]', 0.9), agg('earlystopping[patience=5]', 0.9)])
    expect(p.best?.value).toBe(3)
    const epochs: SweepSpec = { variant: 'baseline', param: 'epochs', values: [10, 5] }
    const [e] = sweepResults([epochs], [agg('baseline[epochs=10]', 0.9), agg('baseline[epochs=5]', 0.9)])
    expect(e.best).toEqual({ value: 5, variant: 'baseline[epochs=5]', by: 'valAccuracy' })
  })

  it('skips points without finished runs, and has no best when none has', () => {
    const [result] = sweepResults([l2], [agg('l2[l2=0.00001]', 0.95, 0), agg('l2[l2=0.001]', 0.8)])
    expect(result.values).toEqual([1e-5, 1e-4, 1e-3])
    expect(result.points.map((p) => p.value)).toEqual([1e-3])
    expect(result.best?.value).toBe(1e-3)
    expect(sweepResults([l2], [])[0]).toMatchObject({ points: [], best: null })
  })
})

describe('bestStrengthRows', () => {
  it('gives each sweep winner with its validation and test accuracy, for the comparison against the baseline', () => {
    const l1: SweepSpec = { variant: 'l1', param: 'l1', values: [1e-6, 1e-5] }
    const results = sweepResults(
      [l2, l1],
      [agg('l2[l2=0.0001]', 0.9, 3, 0.88), agg('l2[l2=0.001]', 0.89), agg('l1[l1=0.000001]', 0.86), agg('l1[l1=0.00001]', 0.87, 2, 0.86)]
    )
    expect(bestStrengthRows(results)).toEqual([
      { variant: 'l2', param: 'l2', label: 'L2 strength', value: 1e-4, winner: 'l2[l2=0.0001]', n: 3, valAccuracy: metric(0.9), testAccuracy: metric(0.88) },
      { variant: 'l1', param: 'l1', label: 'L1 strength', value: 1e-5, winner: 'l1[l1=0.00001]', n: 2, valAccuracy: metric(0.87), testAccuracy: metric(0.86) }
    ])
  })

  it('leaves out sweeps without a winner', () => {
    expect(bestStrengthRows(sweepResults([l2], []))).toEqual([])
  })
})
