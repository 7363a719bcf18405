import { describe, expect, it } from 'vitest'
import type { RunRecord } from '../../../../src/shared/results'
import { PRESETS } from '../../../../src/shared/presets'
import { aggregateVariants, compareVariants } from '../../../../src/shared/studyAggregates'
import { modelResultsOfRuns } from '../../../../src/shared/studySummary'
import {
  meanCurves,
  meanStd,
  percentInterval,
  pointsInterval,
  pValue,
  repeatsView,
  variantBars,
  variantBarsFloor
} from '../../../../src/renderer/src/lib/repeatsView'
import { details } from './runFixtures'

/** A study of baseline and dropout, `repeats` seeds each, as the host stores it: names kept, seeds S+i. */
function study(repeats: number, accuracy: (variant: number, seed: number) => number) {
  return ['baseline', 'dropout'].flatMap((name, v) =>
    Array.from({ length: repeats }, (_, i) => {
      const spec = { ...structuredClone(PRESETS.seed[v]), name, seed: 42 + i }
      return details(`${name}-${i}`, { name, spec, studyId: 's1', createdAt: `2026-01-01T00:00:0${v}.${i}00Z` }, accuracy(v, i))
    })
  )
}

const accuracies = [
  [0.88, 0.89, 0.9],
  [0.9, 0.9, 0.93]
]

describe('repeatsView', () => {
  const runs = study(3, (v, i) => accuracies[v][i])
  const models = modelResultsOfRuns(runs)
  const records: RunRecord[] = runs.map((r) => r.record)

  it('is null without a variant of two runs, so the view stays as it was', () => {
    const single = study(1, (v) => accuracies[v][0])
    expect(repeatsView(modelResultsOfRuns(single), single.map((r) => r.record))).toBeNull()
  })

  it('gives the same aggregates and comparisons as summary.json, against the first variant', () => {
    const view = repeatsView(models, records)
    expect(view?.rows.map((r) => r.aggregate)).toEqual(aggregateVariants(models))
    expect(view?.comparisons).toEqual(compareVariants(models))
    expect(view?.comparisons.map((c) => c.baseline)).toEqual(['baseline', 'baseline'])
    expect(view?.rows.map((r) => r.runs)).toEqual(['3 runs', '3 runs'])
    expect(view?.curves.map((c) => c.points[0].n)).toEqual([3, 3])
  })

  it('counts the study’s cancelled and failed repeats: "2 of 4 repeats"', () => {
    const lost = [
      details('dropout-3', { name: 'dropout', spec: { ...records[3].spec, seed: 45 }, studyId: 's1', status: 'cancelled' }).record,
      details('dropout-4', { name: 'dropout', spec: { ...records[3].spec, seed: 46 }, studyId: 's1', status: 'failed' }).record,
      // Another study's failures are not this one's.
      details('other', { name: 'baseline', studyId: 's2', status: 'failed' }).record
    ]
    const view = repeatsView(models, [...records, ...lost])
    expect(view?.rows.map((r) => r.runs)).toEqual(['3 runs', '3 of 5 repeats'])
    expect(view?.rows[1].lost).toBe('1 cancelled, 1 failed')
  })

  it('pools only runs on the first run’s data', () => {
    const moved = records.map((r, i) => (i === 0 ? r : { ...r, dataset: { ...r.dataset, fingerprint: 'e'.repeat(64) } }))
    expect(repeatsView(models, moved)).toBeNull()
  })

  it('draws bars with their intervals and a floor under the lowest interval', () => {
    const view = repeatsView(models, records)
    if (!view) throw new Error('expected repeats')
    const bars = variantBars(view.rows)
    expect(bars.labels).toEqual([
      ['baseline', 'n = 3'],
      ['dropout', 'n = 3']
    ])
    expect(bars.datasets[0].data[0]).toBeCloseTo(0.89, 10)
    expect(bars.datasets[0].intervals).toEqual(view.rows.map((r) => r.aggregate.testAccuracy.ci95))
    const floor = variantBarsFloor(view.rows)
    expect(floor).toBeLessThan(Math.min(...view.rows.map((r) => r.aggregate.testAccuracy.ci95?.[0] ?? 1)))
    expect(floor * 20).toBeCloseTo(Math.round(floor * 20), 10)
  })

  it('draws each mean curve between its ±1 std band edges, training dashed only when asked', () => {
    const view = repeatsView(models, records)
    if (!view) throw new Error('expected repeats')
    const colors = view.rows.map((r) => r.color)
    const plain = meanCurves(view.curves, colors, 'accuracy', false)
    expect(plain.datasets.map((d) => d.label)).toEqual([
      'baseline +1 std',
      'baseline −1 std',
      'baseline',
      'dropout +1 std',
      'dropout −1 std',
      'dropout'
    ])
    const [upper, lower, mean] = plain.datasets
    expect(upper.fill).toBe('+1')
    expect(upper.bandEdge && lower.bandEdge).toBe(true)
    expect(mean.bandEdge).toBeUndefined()
    expect(mean.runs?.[0]).toBe(3)
    // Every run has the same history here: no spread, the band closes on the mean.
    expect(upper.data[0].y).toBeCloseTo(mean.data[0].y, 10)
    expect(meanCurves(view.curves, colors, 'loss', true).datasets.map((d) => d.label)).toContain('dropout (train)')
  })
})

describe('cells', () => {
  it('write means, spreads, intervals and p-values as the report does, in the app’s percentages', () => {
    expect(meanStd({ mean: 0.8831, std: 0.0052, min: 0.88, max: 0.89, ci95: null })).toBe('88.3% ± 0.5')
    expect(meanStd(null)).toBe('—')
    expect(percentInterval([0.876, 0.89])).toBe('87.6% to 89.0%')
    expect(percentInterval(null)).toBe('—')
    expect(pointsInterval([-0.012, 0.008])).toBe('−1.2 to +0.8')
    expect(pValue(0.0004)).toBe('< 0.001')
    expect(pValue(0.0312)).toBe('0.031')
    expect(pValue(null)).toBe('—')
  })
})
