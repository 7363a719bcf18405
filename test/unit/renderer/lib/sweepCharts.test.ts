import { describe, expect, it } from 'vitest'
import type { StudyModelResult } from '../../../../src/shared/studySummary'
import {
  analyseSweeps,
  CHOSEN_LABEL,
  logAxis,
  sweepTitle,
  validationCurveData,
  validationCurveOptions
} from '../../../../src/renderer/src/lib/sweepCharts'
import { model, spec } from '../../main/core/reports/fixtures'

/** Baseline and an L2 sweep of three strengths, two repeats each; 1e-4 is best on validation, 1e-3 on test. */
function sweepModels(): StudyModelResult[] {
  const val: Record<string, number> = { baseline: 0.85, 'l2[l2=0.00001]': 0.86, 'l2[l2=0.0001]': 0.88, 'l2[l2=0.001]': 0.84 }
  const test: Record<string, number> = { baseline: 0.84, 'l2[l2=0.00001]': 0.85, 'l2[l2=0.0001]': 0.86, 'l2[l2=0.001]': 0.9 }
  return [1, 2].flatMap((seed) =>
    Object.keys(val).map((name) =>
      model(`${name} #${seed}`, {
        spec: spec(name, { seed }),
        runId: `${name}-${seed}`,
        valAccuracy: val[name] + seed * 0.002,
        testAccuracy: test[name] + seed * 0.001,
        trainAccuracy: 0.95 - (name.includes('0.001') ? 0.05 : 0) + seed * 0.003
      })
    )
  )
}

describe('analyseSweeps', () => {
  it('finds the sweep in the variant names and picks its value on validation, never on test', () => {
    const { sweeps, best } = analyseSweeps(sweepModels())
    expect(sweeps).toHaveLength(1)
    expect(sweeps[0]).toMatchObject({ variant: 'l2', param: 'l2', values: [0.00001, 0.0001, 0.001] })
    expect(sweeps[0].best).toEqual({ value: 0.0001, variant: 'l2[l2=0.0001]', by: 'valAccuracy' })
    expect(best).toHaveLength(1)
    expect(best[0]).toMatchObject({ label: 'L2 strength', value: 0.0001, n: 2 })
    expect(best[0].verdict).toEqual(expect.stringContaining('baseline'))
  })

  it('finds nothing in plain variant names', () => {
    const plain = sweepModels().filter((m) => m.spec.name === 'baseline')
    expect(analyseSweeps(plain)).toEqual({ sweeps: [], best: [] })
  })
})

describe('validation curve', () => {
  const [sweep] = analyseSweeps(sweepModels()).sweeps

  it('draws mean validation and train accuracy with ±1 std bands and rings the chosen value', () => {
    const data = validationCurveData(sweep)
    expect(data.datasets.map((d) => d.label)).toEqual(['validation accuracy', '', '', 'train accuracy', '', '', CHOSEN_LABEL])
    const [val, upper, lower] = data.datasets
    expect(val.data.map((p) => p.x)).toEqual([0.00001, 0.0001, 0.001])
    expect(val.data[1].y).toBeCloseTo(0.883, 6)
    expect(val.data.every((p) => p.n === 2)).toBe(true)
    expect(upper.data[1].y).toBeGreaterThan(val.data[1].y)
    expect(lower.data[1].y).toBeLessThan(val.data[1].y)
    expect(lower.fill).toBe('-1')
    expect(data.datasets[6].data).toEqual([{ x: 0.0001, y: val.data[1].y, n: 2 }])
  })

  it('puts strengths on a log axis and says so', () => {
    expect(logAxis(sweep)).toBe(true)
    const options = validationCurveOptions(sweep)
    expect(options.scales?.x).toMatchObject({ type: 'logarithmic', title: { text: 'L2 strength (log scale)' } })
    // Room beyond the ends, so the ring of an end value is not cut.
    expect(options.scales?.x?.min).toBeLessThan(0.00001)
    expect(options.scales?.x?.max).toBeGreaterThan(0.001)
    expect(logAxis({ ...sweep, param: 'rate' })).toBe(false)
    expect(sweepTitle(sweep)).toBe('L2 strength of l2: validation curve')
  })

  it('tells the runs behind each point in the tooltip and leaves the bands out of it', () => {
    const tooltip = validationCurveOptions(sweep).plugins?.tooltip
    const item = { dataset: { label: 'validation accuracy' }, raw: { x: 0.0001, y: 0.883, n: 2 }, parsed: { x: 0.0001, y: 0.883 } }
    expect((tooltip?.callbacks?.label as (i: unknown) => string)(item)).toBe('validation accuracy: 88.3% (mean of 2 runs)')
    expect((tooltip?.filter as (i: unknown) => boolean)({ dataset: { label: '' } })).toBe(false)
  })
})
