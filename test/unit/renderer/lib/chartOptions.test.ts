import { describe, expect, it } from 'vitest'
import { accuracyFloor, percentTick, runCurveOptions } from '../../../../src/renderer/src/lib/chartOptions'

describe('accuracyFloor', () => {
  it('starts bars 5 points under the lowest value, on a 10% step, never below 0', () => {
    expect(accuracyFloor([0.91, 0.88, null])).toBe(0.8)
    expect(accuracyFloor([0.03])).toBe(0)
    expect(accuracyFloor([])).toBe(0)
  })
})

describe('runCurveOptions', () => {
  it('has the loss and accuracy axes the run curves refer to', () => {
    const scales = runCurveOptions(10).scales ?? {}
    expect(Object.keys(scales).sort()).toEqual(['accuracy', 'loss', 'x'])
    expect(scales.x).toMatchObject({ min: 1, suggestedMax: 10 })
  })
})

describe('percentTick', () => {
  const ticks = (...values: number[]) => values.map((value) => ({ value }))
  it('gives as many decimals as the spacing of the ticks needs', () => {
    expect(percentTick(0.8, 0, ticks(0.7, 0.8, 0.9))).toBe('80%')
    expect(percentTick(0.802, 1, ticks(0.8, 0.802, 0.804))).toBe('80.2%')
    expect(percentTick(0.8005, 1, ticks(0.8, 0.8005))).toBe('80.05%')
    expect(percentTick(0.85, 0, ticks(0.85))).toBe('85%')
  })
})
