import { describe, expect, it } from 'vitest'
import { formatValue, parseValues, roundValue } from '../../../../src/shared/sweeps'

describe('sweep values', () => {
  it('reads a comma list as written, in order', () => {
    expect(parseValues('1e-5, 1e-4,1e-3', 'l2')).toEqual([1e-5, 1e-4, 1e-3])
    expect(parseValues('0.5,.1', 'rate')).toEqual([0.5, 0.1])
  })

  it('spaces strengths evenly in log, exact after rounding to 12 significant digits', () => {
    expect(parseValues('1e-6..1e-2 x5', 'l2')).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 1e-2])
    expect(parseValues('1e-6..1e-2x5', 'l1')).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 1e-2])
    expect(parseValues('1e-4..1e-2 x3', 'l1')).toEqual([1e-4, 1e-3, 1e-2])
  })

  it('spaces rates linearly', () => {
    expect(parseValues('0.1..0.5 x5', 'rate')).toEqual([0.1, 0.2, 0.3, 0.4, 0.5])
    expect(parseValues('0..0.6 x4', 'rate')).toEqual([0, 0.2, 0.4, 0.6])
  })

  it('spaces patience and epochs linearly, rounded to whole numbers without duplicates', () => {
    expect(parseValues('1..3 x5', 'patience')).toEqual([1, 2, 3])
    expect(parseValues('5..20 x4', 'epochs')).toEqual([5, 10, 15, 20])
    expect(parseValues('2..10 x3', 'epochs')).toEqual([2, 6, 10])
  })

  it('rounds computed values so that float noise never reaches a name', () => {
    expect(0.1 + 0.2).not.toBe(0.3)
    expect(roundValue(0.1 + 0.2)).toBe(0.3)
    expect(roundValue(10 ** -5)).toBe(1e-5)
  })

  it("formats values with JavaScript's shortest round-trip form", () => {
    expect(formatValue(1e-4)).toBe('0.0001')
    expect(formatValue(1e-5)).toBe('0.00001')
    expect(formatValue(1e-7)).toBe('1e-7')
    expect(formatValue(3e-4)).toBe('0.0003')
    expect(formatValue(0.3)).toBe('0.3')
    expect(formatValue(5)).toBe('5')
    expect(formatValue(0)).toBe('0')
  })
})
