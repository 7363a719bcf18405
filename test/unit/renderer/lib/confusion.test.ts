import { describe, expect, it } from 'vitest'
import { confusionDifference, differenceTone, matrixMax, shadePercent } from '../../../../src/renderer/src/lib/confusion'

describe('confusion helpers', () => {
  it('subtracts the baseline cell by cell', () => {
    expect(confusionDifference([[5, 1], [2, 7]], [[4, 2], [2, 9]])).toEqual([[1, -1], [0, -2]])
  })

  it('finds the largest absolute value, optionally off the diagonal, never below 1', () => {
    expect(matrixMax([[90, 3], [-7, 80]])).toBe(90)
    expect(matrixMax([[90, 3], [-7, 80]], true)).toBe(7)
    expect(matrixMax([[0, 0], [0, 0]], true)).toBe(1)
  })

  it('shades in proportion to the maximum, capped', () => {
    expect(shadePercent(0, 10)).toBe(0)
    expect(shadePercent(10, 10)).toBe(55)
    expect(shadePercent(-5, 10)).toBe(28)
    expect(shadePercent(50, 10)).toBe(55)
  })

  it('calls more hits on the diagonal and fewer confusions off it better', () => {
    expect(differenceTone(3, true)).toBe('better')
    expect(differenceTone(-3, true)).toBe('worse')
    expect(differenceTone(-3, false)).toBe('better')
    expect(differenceTone(3, false)).toBe('worse')
    expect(differenceTone(0, false)).toBe('same')
  })
})
