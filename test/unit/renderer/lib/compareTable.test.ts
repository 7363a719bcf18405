import { describe, expect, it } from 'vitest'
import { modelResultOfRun } from '../../../../src/shared/studySummary'
import { COMPARE_COLUMNS, compareRows } from '../../../../src/renderer/src/lib/compareTable'
import { details } from './runFixtures'

describe('compareRows', () => {
  const runs = [
    details('a', { name: 'baseline', backend: { name: 'wasm', package: 'x', reason: 'auto', threads: 1 } }, 0.8),
    details('b', { name: 'dropout', epochsRun: 2, bestEpoch: 2 }, 0.86)
  ]
  const models = runs.map((r) => modelResultOfRun(r)!)
  const rows = compareRows(models, new Map(runs.map((r) => [r.record.id, r.record])))

  it('marks the run with the highest test accuracy and computes the gap in points', () => {
    expect(rows.map((r) => r.best)).toEqual([false, true])
    expect(rows[0].gap).toBeCloseTo(10, 10)
    expect(rows[0].backend).toBe('wasm')
    expect(rows[1].backend).toBe('—')
  })

  it('marks every run on an exact tie for the highest test accuracy', () => {
    const tied = [...runs, details('c', { name: 'earlystopping' }, 0.86)]
    const tiedRows = compareRows(tied.map((r) => modelResultOfRun(r)!), new Map())
    expect(tiedRows.map((r) => r.best)).toEqual([false, true, true])
  })

  it('formats every column of a row', () => {
    const cells = COMPARE_COLUMNS.map((c) => c.cell(rows[1]))
    expect(cells).toEqual(['dropout', '90.0%', expect.stringMatching(/%$/), '86.0%', '4.0 pts', '0.2000', expect.any(String), '0.4000', '2', '2 of 10', '12.0 s', '—'])
  })
})
