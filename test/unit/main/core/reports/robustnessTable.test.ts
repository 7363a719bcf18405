import { describe, expect, it } from 'vitest'
import { formatRobustnessTable } from '../../../../../src/main/core/reports/table'
import { row } from './robustnessRows'

describe('formatRobustnessTable', () => {
  it('puts a line per perturbation and strength and a column per variant, averaging repeats', () => {
    const rows = [
      row('baseline', 'a', 'noise', 0, 0.9),
      row('baseline', 'a', 'noise', 0.3, 0.5),
      row('dropout', 'b', 'noise', 0, 0.8),
      row('dropout', 'b', 'noise', 0.3, 0.6),
      row('dropout', 'c', 'noise', 0, 0.9),
      row('dropout', 'c', 'noise', 0.3, 0.7)
    ]
    expect(formatRobustnessTable(rows)).toBe(
      [
        'perturbation  strength  baseline  dropout (mean of 2)',
        '------------  --------  --------  -------------------',
        'noise                0     90.0%                85.0%',
        'noise              0.3     50.0%                65.0%',
        ''
      ].join('\n')
    )
  })
})
