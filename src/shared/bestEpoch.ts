/**
 * Early stopping's notion of "better", shared by the trainer (which keeps the best epoch's weights)
 * and the live chart (which marks that epoch while the run goes on), so both pick the same epoch.
 */
import type { EpochMetrics } from './results'
import type { EarlyStoppingSpec } from './spec'

type Rule = Pick<EarlyStoppingSpec, 'monitor' | 'minDelta'>

/** Keras' rule: lower for losses, higher for accuracies, by more than minDelta; a NaN never improves. */
export function improves(rule: Rule, value: number, best: number): boolean {
  if (Number.isNaN(value)) return false
  if (Number.isNaN(best)) return true
  return rule.monitor.endsWith('loss') ? value < best - rule.minDelta : value > best + rule.minDelta
}

/** The 1-based epoch with the best monitored value so far by that rule, or 0 when none has one. */
export function bestEpochSoFar(history: readonly EpochMetrics[], rule: Rule): number {
  let best = Number.NaN
  let epoch = 0
  for (const m of history) {
    const value = m[rule.monitor]
    if (value !== undefined && improves(rule, value, best)) {
      best = value
      epoch = m.epoch
    }
  }
  return epoch
}
