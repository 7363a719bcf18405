import { describe, expect, it } from 'vitest'
import { formatTable } from '../../../../../src/main/core/reports/table'
import { model, summary } from './fixtures'
import { withAggregates } from '../../../../../src/shared/studyAggregates'
import { BASELINE_TEST, repeatedSummary } from '../../../shared/repeatedStudy'

describe('formatTable', () => {
  it('lines up one row per model under the header', () => {
    const text = formatTable(
      summary([
        model('baseline', { trainAccuracy: 0.97123, testAccuracy: 0.8912, valAccuracy: 0.9, bestEpoch: 9, epochsRun: 10, seconds: 101.24 }),
        model('a-much-longer-name', { valAccuracy: null, bestEpoch: 3, epochsRun: 5, seconds: 7 })
      ])
    )
    const lines = text.trimEnd().split('\n')
    expect(lines).toEqual([
      'model               train acc  val acc  test acc  gap (pts)  best epoch  epochs  seconds',
      '------------------  ---------  -------  --------  ---------  ----------  ------  -------',
      'baseline                97.1%    90.0%     89.1%        8.0           9      10    101.2',
      'a-much-longer-name      95.0%        -     88.0%        7.0           3       5      7.0'
    ])
  })

  it('replaces control characters in names so they cannot garble the terminal', () => {
    const text = formatTable(summary([model('evil\u001b[31m\nname')]))
    expect(text).not.toContain('\u001b')
    expect(text.trimEnd().split('\n')).toHaveLength(3)
    expect(text).toContain('evil?[31m?name')
  })
})

describe('formatTable with repeats', () => {
  it('shows mean ± std per variant and the verdicts', () => {
    const s = withAggregates(repeatedSummary())
    const lines = formatTable(s).trimEnd().split('\n')
    expect(lines[0]).toMatch(/^variant\s+runs\s+train acc\s+val acc\s+test acc\s+test acc 95 % CI\s+gap \(pts\)\s+best epoch$/)
    const mean = (xs: number[]): string => ((xs.reduce((a, b) => a + b) / xs.length) * 100).toFixed(1)
    expect(lines[2]).toContain(`${mean(BASELINE_TEST)}% ± ${(s.variants![0].testAccuracy.std * 100).toFixed(1)}`)
    const ci = s.variants![0].testAccuracy.ci95!
    expect(lines[2]).toContain(`${(ci[0] * 100).toFixed(1)}% to ${(ci[1] * 100).toFixed(1)}%`)
    expect(lines[3]).toMatch(/^dropout\s+3\s/)
    expect(lines[3]).toContain('4.3 ± 1.2')
    expect(lines.slice(-2)).toEqual(s.comparisons!.map((c) => c.verdict))
  })

  it('computes the aggregates when the summary has none', () => {
    expect(formatTable(repeatedSummary())).toContain('dropout: +1.2 pts test accuracy vs baseline')
  })
})
