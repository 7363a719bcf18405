/** How many paired repeats a two-sided paired t-test needs to detect a given difference. */
import { noncentralTCdf, tQuantile } from './tDistribution'

/** Beyond this the answer is "more than we would ever run"; the caller says so. */
export const REPEATS_SEARCH_LIMIT = 1000

/**
 * Exact power of the two-sided paired t-test with n pairs: the noncentral t with n − 1 degrees of
 * freedom and noncentrality δ√n / sd, beyond ±t(1 − α/2, n − 1).
 */
export function pairedTPower(n: number, delta: number, sdDiff: number, alpha = 0.05): number {
  if (n < 2) return 0
  const df = n - 1
  const crit = tQuantile(1 - alpha / 2, df)
  const ncp = (Math.abs(delta) * Math.sqrt(n)) / sdDiff
  return 1 - noncentralTCdf(crit, df, ncp) + noncentralTCdf(-crit, df, ncp)
}

/**
 * The smallest n (≥ 2) whose power reaches `power`, by walking n upward; null when even REPEATS_SEARCH_LIMIT
 * would not. With no spread (sd 0) any difference shows at once, so 2.
 */
export function repeatsNeeded(delta: number, sdDiff: number, alpha = 0.05, power = 0.8): number | null {
  if (sdDiff === 0) return 2
  for (let n = 2; n <= REPEATS_SEARCH_LIMIT; n++) if (pairedTPower(n, delta, sdDiff, alpha) >= power) return n
  return null
}
