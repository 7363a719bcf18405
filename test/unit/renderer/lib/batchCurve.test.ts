import { describe, expect, it } from 'vitest'
import { POINTS_PER_EPOCH, withBatch, type BatchPoint } from '../../../../src/renderer/src/lib/batchCurve'
import type { BatchProgress } from '../../../../src/shared/results'

function report(epoch: number, batch: number, batches = 10, loss = 1 / (epoch + batch)): BatchProgress {
  return { epoch, epochs: 3, batch, batches, loss, accuracy: 0.5, msPerStep: 10, etaMs: 100 }
}

describe('withBatch', () => {
  it('places batch b of n in epoch e at e - 1 + b/n, so an epoch ends on its own epoch number', () => {
    let points: readonly BatchPoint[] = []
    for (const [e, b] of [[1, 3], [1, 10], [2, 5]]) points = withBatch(points, report(e, b))
    expect(points.map((p) => p.x)).toEqual([0.3, 1, 1.5])
    expect(points[1]).toEqual({ x: 1, loss: 1 / 11, accuracy: 0.5 })
  })

  it('keeps a long epoch to about POINTS_PER_EPOCH points, never dropping its last report', () => {
    const batches = 1000
    let points: readonly BatchPoint[] = []
    for (let b = 1; b <= batches; b++) points = withBatch(points, report(1, b, batches))
    expect(points.length).toBeLessThanOrEqual(POINTS_PER_EPOCH + 1)
    expect(points.length).toBeGreaterThanOrEqual(POINTS_PER_EPOCH / 2)
    expect(points.at(-1)?.x).toBe(1)
  })

  it('returns the same array when a report adds nothing, and draws a restarted run over the old course', () => {
    const points = withBatch(withBatch([], report(1, 5, 1000)), report(1, 6, 1000))
    expect(points).toHaveLength(1)
    const later = withBatch(withBatch(withBatch([], report(1, 10)), report(2, 5)), report(2, 10))
    const restarted = withBatch(later, report(1, 5))
    expect(restarted.map((p) => p.x)).toEqual([0.5])
  })
})
