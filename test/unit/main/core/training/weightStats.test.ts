import { describe, expect, it } from 'vitest'
import { HISTOGRAM_BINS, kernelStats } from '../../../../../src/main/core/training/weightStats'

describe('kernelStats', () => {
  it('computes norms, moments, near-zero share and a 40-bin histogram', () => {
    const values = Float32Array.from([-2, -1, 0, 0.0005, 1, 2, -0.0009, 4])
    const stats = kernelStats('dense_1', [4, 2], values)
    const mean = (-2 - 1 + 0 + 0.0005 + 1 + 2 - 0.0009 + 4) / 8
    const variance = Array.from(values).reduce((s, w) => s + (w - mean) ** 2, 0) / 8
    expect(stats.layer).toBe('dense_1')
    expect(stats.shape).toEqual([4, 2])
    expect(stats.count).toBe(8)
    expect(stats.l1).toBeCloseTo(10.0014, 5)
    expect(stats.l2).toBeCloseTo(Math.sqrt(4 + 1 + 1 + 4 + 16), 5)
    expect(stats.mean).toBeCloseTo(mean, 6)
    expect(stats.std).toBeCloseTo(Math.sqrt(variance), 5)
    expect(stats.nearZero).toBe(3 / 8)
    expect(stats.histogram.min).toBe(-2)
    expect(stats.histogram.max).toBe(4)
    expect(stats.histogram.counts).toHaveLength(HISTOGRAM_BINS)
    expect(stats.histogram.counts.reduce((a, b) => a + b, 0)).toBe(8)
    // Bin width 6/40 = 0.15: -2 in bin 0, 4 (the maximum) in the last bin, 0 in bin floor(2/0.15) = 13.
    expect(stats.histogram.counts[0]).toBe(1)
    expect(stats.histogram.counts[39]).toBe(1)
    expect(stats.histogram.counts[13]).toBe(3)
  })

  it('handles a constant kernel without dividing by zero', () => {
    const stats = kernelStats('dense_2', [3], Float32Array.from([0.5, 0.5, 0.5]))
    expect(stats.std).toBe(0)
    expect(stats.histogram.counts[0]).toBe(3)
    expect(stats.histogram.counts.reduce((a, b) => a + b, 0)).toBe(3)
  })
})
