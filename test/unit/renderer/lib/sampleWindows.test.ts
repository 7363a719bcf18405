import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { planSampleWindows } from '../../../../src/renderer/src/lib/sampleWindows'

describe('planSampleWindows', () => {
  it('merges close indices and keeps far ones apart', () => {
    expect(planSampleWindows([0, 1, 2, 9, 3, 500, 2])).toEqual([
      { offset: 0, limit: 10 },
      { offset: 500, limit: 1 }
    ])
    expect(planSampleWindows([])).toEqual([])
  })

  it('covers every index exactly, within the size limit, with no gap wider than allowed', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 10_000 }), { maxLength: 80 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 50 }), (indices, maxGap, maxLimit) => {
        const windows = planSampleWindows(indices, maxGap, maxLimit)
        for (const i of indices) expect(windows.filter((w) => i >= w.offset && i < w.offset + w.limit)).toHaveLength(1)
        for (const w of windows) {
          expect(w.limit).toBeLessThanOrEqual(maxLimit)
          expect(indices).toContain(w.offset)
          expect(indices).toContain(w.offset + w.limit - 1)
        }
      })
    )
  })
})
