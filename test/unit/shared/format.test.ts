import { describe, expect, it } from 'vitest'
import {
  formatBytes,
  formatSizeLimit,
  formatCoefficient,
  formatDuration,
  formatFixed,
  formatPercent,
  formatPercentInterval,
  formatPercentSpread,
  formatPoints,
  formatThousands,
  MISSING,
  plural
} from '../../../src/shared/format'

describe('format', () => {
  it('groups thousands and rounds', () => {
    expect(formatThousands(669706)).toBe('669,706')
    expect(formatThousands(0)).toBe('0')
    expect(formatThousands(1234.6)).toBe('1,235')
  })

  it('formats fixed decimals and percentages', () => {
    expect(formatFixed(0.45678)).toBe('0.457')
    expect(formatFixed(2, 1)).toBe('2.0')
    expect(formatPercent(0.8834)).toBe('88.3%')
    expect(formatPercent(1, 0)).toBe('100%')
  })

  it('never writes a negative zero', () => {
    expect(formatPercent(-0.00001)).toBe('0.0%')
    expect(formatFixed(-0.00001, 3)).toBe('0.000')
    expect(formatPoints(-0.0001)).toBe('0.0')
    expect(formatPoints(-0.003)).toBe('\u22120.3')
    expect(formatPoints(0.059)).toBe('5.9')
  })

  it('writes spreads in points and holds accuracy intervals to 0–100 %', () => {
    expect(formatPercentSpread(0.8412, 0.0071)).toBe('84.1% ± 0.7')
    expect(formatPercentInterval([0.983, 1.0124])).toBe('98.3% to 100.0%')
    expect(formatPercentInterval([-0.01, 0.02])).toBe('0.0% to 2.0%')
    expect(formatPercentInterval(null)).toBe(MISSING)
  })

  it('writes coefficients the way code does', () => {
    expect(formatCoefficient(0.0001)).toBe('1e-4')
    expect(formatCoefficient(0.00025)).toBe('2.5e-4')
    expect(formatCoefficient(0.3)).toBe('0.3')
    expect(formatCoefficient(0.001)).toBe('0.001')
    expect(formatCoefficient(0)).toBe('0')
    expect(formatCoefficient(0.1 + 0.2)).toBe('0.3')
  })

  it('uses decimal byte units', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1500)).toBe('1.5 kB')
    expect(formatBytes(47_040_016)).toBe('47.0 MB')
    expect(formatBytes(3.2e9)).toBe('3.2 GB')
  })

  it('picks a duration unit by size', () => {
    expect(formatDuration(850.4)).toBe('850 ms')
    expect(formatDuration(12_345)).toBe('12.3 s')
    expect(formatDuration(245_000)).toBe('4 min 05 s')
    expect(formatDuration(3_720_000)).toBe('1 h 02 min')
  })

  it('shows a dash for values that are not numbers', () => {
    for (const f of [formatThousands, formatFixed, formatPercent, formatCoefficient, formatBytes, formatDuration]) {
      expect(f(Number.NaN)).toBe(MISSING)
      expect(f(null)).toBe(MISSING)
      expect(f(undefined)).toBe(MISSING)
    }
    expect(formatDuration(-1)).toBe(MISSING)
  })

  it('pluralizes with a count', () => {
    expect(plural(1, 'image')).toBe('1 image')
    expect(plural(60000, 'image')).toBe('60,000 images')
    expect(plural(2, 'class', 'classes')).toBe('2 classes')
  })

  it('formats a size limit exactly, in the largest binary unit that divides it', () => {
    expect(formatSizeLimit(512 * 2 ** 20)).toBe('512 MiB')
    expect(formatSizeLimit(2 ** 30)).toBe('1 GiB')
    expect(formatSizeLimit(65536)).toBe('64 KiB')
    expect(formatSizeLimit(20000)).toBe('20000 bytes')
    expect(formatSizeLimit(1536 * 2 ** 20)).toBe('1536 MiB')
  })
})
