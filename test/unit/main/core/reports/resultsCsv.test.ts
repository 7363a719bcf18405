import { describe, expect, it } from 'vitest'
import { toResultsCsv } from '../../../../../src/main/core/reports/resultsCsv'
import { withAggregates } from '../../../../../src/shared/studyAggregates'
import { repeatedSummary } from '../../../shared/repeatedStudy'

describe('toResultsCsv', () => {
  const s = withAggregates(repeatedSummary())
  const lines = toResultsCsv(s).split('\r\n')
  const header = lines[0].split(',')
  const cell = (line: string, column: string): string => line.split(',')[header.indexOf(column)]

  it('has one row per run with its variant, seed and final metrics', () => {
    const runs = lines.filter((l) => l.startsWith('run,'))
    expect(runs).toHaveLength(6)
    expect(cell(runs[1], 'variant')).toBe('dropout')
    expect(cell(runs[1], 'seed')).toBe('1')
    expect(cell(runs[1], 'run')).toBe('dropout-1')
    expect(Number(cell(runs[1], 'test_accuracy'))).toBe(0.892)
    expect(Number(cell(runs[1], 'gap'))).toBeCloseTo(0.93 - 0.892, 12)
  })

  it('has one row per variant with mean, std and interval', () => {
    const variants = lines.filter((l) => l.startsWith('variant,'))
    expect(variants.map((l) => cell(l, 'variant'))).toEqual(['baseline', 'dropout'])
    const v = s.variants![1]
    expect(cell(variants[1], 'n')).toBe('3')
    expect(Number(cell(variants[1], 'test_accuracy_mean'))).toBe(v.testAccuracy.mean)
    expect(Number(cell(variants[1], 'test_accuracy_std'))).toBe(v.testAccuracy.std)
    expect(Number(cell(variants[1], 'test_accuracy_ci95_low'))).toBe(v.testAccuracy.ci95![0])
    expect(Number(cell(variants[1], 'test_accuracy_ci95_high'))).toBe(v.testAccuracy.ci95![1])
    expect(cell(variants[1], 'test_accuracy')).toBe('')
  })

  it('leaves the interval empty for a single run', () => {
    const one = repeatedSummary()
    one.models = one.models.slice(0, 2)
    const variant = toResultsCsv(one).split('\r\n').filter((l) => l.startsWith('variant,'))[0]
    expect(cell(variant, 'test_accuracy_std')).toBe('0')
    expect(cell(variant, 'test_accuracy_ci95_low')).toBe('')
  })
})
