/** Batch progress as the Train view shows it: a fraction of the whole run and a one-line summary. */
import type { BatchProgress } from '../../../shared/results'
import { formatDuration } from '../../../shared/format'

/** Share of the run's planned training steps done, 0..1. */
export function runFraction(p: BatchProgress): number {
  const total = p.epochs * p.batches
  if (total <= 0) return 0
  return Math.min(1, Math.max(0, ((p.epoch - 1) * p.batches + p.batch) / total))
}

/** "epoch 2/3 · batch 12/21 · 29 ms/step · ETA 14.2 s" */
export function progressLine(p: BatchProgress): string {
  return [
    `epoch ${p.epoch}/${p.epochs}`,
    `batch ${p.batch}/${p.batches}`,
    `${Math.round(p.msPerStep)} ms/step`,
    `ETA ${formatDuration(p.etaMs)}`
  ].join(' · ')
}
