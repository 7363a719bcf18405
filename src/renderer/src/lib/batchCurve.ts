/**
 * The running training loss and accuracy within each epoch, from the throttled batch progress, as
 * points on the epoch axis: batch b of n in epoch e sits at x = e - 1 + b/n, so an epoch's last point
 * (always reported) is the epoch's own training value at x = e.
 */
import type { BatchProgress } from '../../../shared/results'

export interface BatchPoint {
  x: number
  loss: number
  accuracy: number
}

/** Enough to draw an epoch's course; a long epoch's reports beyond this are skipped (its last one never). */
export const POINTS_PER_EPOCH = 50

/** The points with this report added; returns the same array when the report adds nothing drawable. */
export function withBatch(points: readonly BatchPoint[], p: BatchProgress): readonly BatchPoint[] {
  if (p.batches <= 0 || p.epoch <= 0) return points
  const x = p.epoch - 1 + Math.min(p.batch, p.batches) / p.batches
  const last = points.at(-1)
  const point = { x, loss: p.loss, accuracy: p.accuracy }
  // A run started again from its seed (a worker restarted it) draws its new course over the old one.
  if (last && x <= last.x) return [...points.filter((q) => q.x < x), point]
  const epochEnd = p.batch >= p.batches
  if (last && !epochEnd && x - last.x < 1 / POINTS_PER_EPOCH) return points
  return [...points, point]
}
