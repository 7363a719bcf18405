import { describe, expect, it } from 'vitest'
import { aggregateVariants, compareVariants, hasRepeats, variantCurves, withAggregates } from '../../../src/shared/studyAggregates'
import { describe as describeValues } from '../../../src/shared/statistics'
import { model, summary } from '../main/core/reports/fixtures'
import { BASELINE_TEST, DROPOUT_TEST, repeatedSummary } from './repeatedStudy'

describe('aggregateVariants', () => {
  it('equals a recomputation from the models, grouped by spec.name in order of appearance', () => {
    const s = withAggregates(repeatedSummary())
    expect(s.variants?.map((v) => v.name)).toEqual(['baseline', 'dropout'])
    for (const v of s.variants ?? []) {
      const runs = s.models.filter((m) => m.spec.name === v.name)
      expect(v.n).toBe(3)
      expect(v.runIds).toEqual(runs.map((m) => m.runId))
      expect(v.testAccuracy).toEqual(describeValues(runs.map((m) => m.testAccuracy)))
      expect(v.trainAccuracy).toEqual(describeValues(runs.map((m) => m.trainAccuracy)))
      expect(v.gap).toEqual(describeValues(runs.map((m) => m.trainAccuracy - m.testAccuracy)))
      expect(v.valAccuracy).toEqual(describeValues(runs.map((m) => m.valAccuracy as number)))
      expect(v.testLoss).toEqual(describeValues(runs.map((m) => m.testLoss)))
      expect(v.bestEpoch).toEqual(describeValues(runs.map((m) => m.bestEpoch)))
    }
    expect(s.variants?.[0].testAccuracy.mean).toBeCloseTo(BASELINE_TEST.reduce((a, b) => a + b) / 3, 12)
  })

  it('leaves cancelled runs out', () => {
    const models = repeatedSummary().models
    models[0].cancelled = true
    expect(aggregateVariants(models).find((v) => v.name === 'baseline')?.n).toBe(2)
  })

  it('works with one run per variant: n = 1, no interval, no test', () => {
    const s = withAggregates(summary([model('baseline'), model('l2', { testAccuracy: 0.87 })]))
    expect(s.variants?.map((v) => [v.n, v.testAccuracy.ci95, v.testAccuracy.std])).toEqual([[1, null, 0], [1, null, 0]])
    expect(hasRepeats(s.variants)).toBe(false)
    expect(s.comparisons?.[0]).toMatchObject({ variant: 'l2', n: 1, ci95: null, pValue: null, pAdjusted: null })
    expect(s.comparisons?.[0].verdict).toContain('no interval and no test')
  })
})

describe('compareVariants', () => {
  it('gives the expected verdicts for 3 repeats × 2 variants (SciPy ttest_rel, Holm over 2)', () => {
    // scipy.stats.ttest_rel: test accuracy p = 0.005665767977511793, gap p = 0.004074682439471482;
    // Holm: 2 · 0.0040747 = 0.0081494 for both (the larger raw p is raised to keep the order).
    const [acc, gap] = compareVariants(repeatedSummary().models)
    expect(acc).toMatchObject({ variant: 'dropout', baseline: 'baseline', metric: 'testAccuracy', n: 3 })
    expect(acc.diffMean).toBeCloseTo(0.011666666666666678, 12)
    expect(acc.pValue).toBeCloseTo(0.005665767977511793, 7)
    expect(acc.pAdjusted).toBeCloseTo(0.008149364879, 7)
    expect(acc.ci95?.[0]).toBeCloseTo(0.007872083633069914, 7)
    expect(acc.ci95?.[1]).toBeCloseTo(0.01546124970026344, 7)
    expect(acc.verdict).toBe('dropout: +1.2 pts test accuracy vs baseline (95 % CI +0.8 to +1.5, adjusted p = 0.008, n = 3)')
    expect(gap.pValue).toBeCloseTo(0.004074682439471482, 7)
    expect(gap.verdict).toBe('dropout: \u22123.2 pts train–test gap vs baseline (95 % CI \u22124.0 to \u22122.3, adjusted p = 0.008, n = 3)')
  })

  it('pairs by seed, not by order, and takes a named baseline', () => {
    const models = repeatedSummary().models.reverse()
    const [acc] = compareVariants(models, 'dropout')
    expect(acc).toMatchObject({ variant: 'baseline', baseline: 'dropout', n: 3 })
    expect(acc.diffMean).toBeCloseTo(-0.011666666666666678, 12)
  })

  it('compares only seeds both variants finished', () => {
    const models = repeatedSummary().models.filter((m) => !(m.spec.name === 'dropout' && m.spec.seed === 1))
    const [acc] = compareVariants(models)
    expect(acc.n).toBe(2)
    expect(acc.diffMean).toBeCloseTo((DROPOUT_TEST[1] - BASELINE_TEST[1] + DROPOUT_TEST[2] - BASELINE_TEST[2]) / 2, 12)
  })

  it('is empty with a single variant', () => {
    expect(compareVariants(repeatedSummary().models.filter((m) => m.spec.name === 'baseline'))).toEqual([])
  })
})

describe('variantCurves', () => {
  it('averages each epoch over the runs that reached it', () => {
    const [baseline, dropout] = variantCurves(repeatedSummary().models)
    expect(baseline.points.map((p) => p.n)).toEqual([3, 3, 3, 3, 3])
    expect(dropout.points.map((p) => p.n)).toEqual([3, 3, 3, 2, 2])
    // history(): val_loss of run i at epoch 1 is 0.5 + i·0.01.
    expect(baseline.points[0].metrics.val_loss?.mean).toBeCloseTo(0.51, 12)
    expect(baseline.points[0].metrics.val_loss?.std).toBeCloseTo(0.01, 12)
  })
})

describe('withAggregates and other data', () => {
  it('leaves runs trained on other data out of the aggregates', () => {
    const s = repeatedSummary()
    s.otherDatasets = [{ source: 'x', fingerprint: 'f'.repeat(64), train: 1, validation: 0, test: 1, models: ['dropout #3'] }]
    const { variants, comparisons } = withAggregates(s)
    expect(variants?.map((v) => v.n)).toEqual([3, 2])
    expect(comparisons?.[0].n).toBe(2)
  })
})
