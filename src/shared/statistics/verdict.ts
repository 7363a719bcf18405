/** A comparison's result in words that claim only what its numbers support. */
import type { Interval } from './describe'
import { formatP, signedPoints } from './points'
import { repeatsNeeded } from './repeatsNeeded'

export const ALPHA = 0.05
/** The difference the "repeats needed" estimate is for: one percentage point. */
export const DETECTABLE_DIFFERENCE = 0.01

export interface VerdictInput {
  variant: string
  baseline: string
  /** What is compared, as the sentence says it: "test accuracy", "train–test gap". */
  measure: string
  n: number
  diffMean: number
  diffStd: number
  ci95: Interval | null
  /** Holm-adjusted p-value; null when there is no test (n < 2). */
  pAdjusted: number | null
}

export function verdict({ variant, baseline, measure, n, diffMean, diffStd, ci95, pAdjusted }: VerdictInput): string {
  if (n === 0) return `${variant} vs ${baseline}: no repeat shares a seed with ${baseline}, so nothing to compare`
  if (n < 2 || ci95 === null || pAdjusted === null) {
    return (
      `${variant} vs ${baseline}: ${signedPoints(diffMean)} pts ${measure} in a single paired run (n = 1); ` +
      'one run gives no interval and no test, so this says nothing about a real difference'
    )
  }
  const interval = `${signedPoints(ci95[0])} to ${signedPoints(ci95[1])}`
  if (diffStd === 0) {
    // No spread: the interval has no width and the test degenerates (see pairedTTest).
    return diffMean === 0
      ? `${variant} vs ${baseline}: identical ${measure} in all ${n} paired repeats`
      : `${variant}: ${signedPoints(diffMean)} pts ${measure} vs ${baseline} in every one of ${n} paired repeats (no spread, so no interval width)`
  }
  if (pAdjusted < ALPHA) {
    return `${variant}: ${signedPoints(diffMean)} pts ${measure} vs ${baseline} (95 % CI ${interval}, adjusted p ${formatP(pAdjusted)}, n = ${n})`
  }
  const needed = repeatsNeeded(DETECTABLE_DIFFERENCE, diffStd, ALPHA)
  const head = `${variant} vs ${baseline}: no difference in ${measure} detectable with n = ${n} (${signedPoints(diffMean)} pts, CI ${interval}, adjusted p ${formatP(pAdjusted)})`
  if (needed === null) return `${head}; even 1000 repeats would hardly detect a 1-point difference at this spread`
  if (needed <= n) return `${head}; ${n} repeats would likely (80 %) have detected a 1-point difference, so any effect is probably smaller`
  return `${head}; about ${needed} repeats would detect a 1-point difference`
}
